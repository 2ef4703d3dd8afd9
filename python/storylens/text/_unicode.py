"""Hands the running Python's Unicode database to the Rust core, once per process.

scikit-learn tokenises with Python's ``re``; to give identical tokens the core must use the
same ``\\w``, ``\\s``, ``\\d``, ``str.lower`` and NFKD as this interpreter, not Rust's own
(different) Unicode version. A few C-speed passes over the assigned code points (~0.1 s) build
them; unassigned and private-use code points have none of these properties in any version.
"""

from __future__ import annotations

import sys
import threading
import unicodedata

import numpy as np

from storylens import _core

_lock = threading.Lock()
_installed = False


def _all_code_points() -> str:
    """Every code point except surrogates (which UTF-8 cannot carry), in order."""
    points = np.arange(sys.maxunicode + 1, dtype=np.uint32)
    points = points[(points < 0xD800) | (points > 0xDFFF)]
    return points.tobytes().decode("utf-32-le")


def _joined_by_nul(chars: str, before: str = "", after: str = "") -> str:
    """``"\\0".join(before + c + after for c in chars)``, built with numpy, not a Python loop."""
    points = np.frombuffer(chars.encode("utf-32-le"), dtype=np.uint32)
    width = len(before) + 1 + len(after) + 1
    rows = np.zeros((points.size, width), dtype=np.uint32)
    for column, char in enumerate(before):
        rows[:, column] = ord(char)
    rows[:, len(before)] = points
    for column, char in enumerate(after, start=len(before) + 1):
        rows[:, column] = ord(char)
    return rows.ravel()[:-1].tobytes().decode("utf-32-le")


def _python_report(chars: str) -> tuple[str, ...]:
    """What Python says about the code points ``chars`` (in order, NUL first), as the arguments
    of ``_core.install_char_tables`` after the source; code points left out have no property."""
    rest = chars[1:]  # NUL separates the chars, so it is left out of per-char transforms.

    def final_sigma_members(before: str, after: str, layout: int) -> str:
        probe = _joined_by_nul(rest, before=before, after=after).lower()
        return _core.sigma_probe_members(chars, probe, layout)

    # The final-sigma rule needs Python's Cased and Case_Ignorable properties, which it only
    # shows through str.lower(); one probe at a time keeps peak memory down.
    sigma_cased = final_sigma_members("", "\u03a3", 1)
    between = set(final_sigma_members("A", "\u03a3", 2))
    case_ignorable = "".join(sorted(between.intersection(final_sigma_members("A\u03a3", "", 0))))
    joined = _joined_by_nul(rest)
    return (
        chars,
        "".join(filter(str.isalnum, chars)) + "_",
        "".join(filter(str.isspace, chars)),
        "".join(filter(str.isdecimal, chars)),
        "".join(filter(unicodedata.combining, chars)),
        joined.lower(),
        unicodedata.normalize("NFKD", joined),
        sigma_cased,
        case_ignorable,
    )


def _code_points_to_ask() -> str:
    """The assigned code points (only they can have a property), which the core knows unless
    this Python's Unicode is newer than its data; then every code point."""
    return _core.assigned_code_points(unicodedata.unidata_version) or _all_code_points()


def ensure_tables() -> None:
    """Installs Python's tables in the core unless that was already done."""
    global _installed
    if _installed:
        return
    with _lock:
        if _installed:
            return
        report = _python_report(_code_points_to_ask())
        _core.install_char_tables(f"python {unicodedata.unidata_version}", *report)
        _installed = True

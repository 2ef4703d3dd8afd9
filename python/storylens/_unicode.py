"""Hands the running Python's Unicode database to the Rust core, once per process.

scikit-learn tokenises with Python's ``re``; to give identical tokens the core must use the
same ``\\w``, ``\\s``, ``\\d``, ``str.lower`` and NFKD as this interpreter, not Rust's own
(different) Unicode version. A few C-speed passes over all code points (~0.2 s) build them.
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


def _joined_by_nul(chars: str) -> str:
    """``"\\0".join(chars)``, built with numpy instead of a Python loop."""
    points = np.frombuffer(chars.encode("utf-32-le"), dtype=np.uint32)
    pairs = np.zeros((points.size, 2), dtype=np.uint32)
    pairs[:, 0] = points
    return pairs.ravel()[:-1].tobytes().decode("utf-32-le")


def ensure_tables() -> None:
    """Installs Python's tables in the core unless that was already done."""
    global _installed
    if _installed:
        return
    with _lock:
        if _installed:
            return
        chars = _all_code_points()
        # NUL separates the chars, so it is left out of the per-char transforms.
        joined = _joined_by_nul(chars[1:])
        _core.install_char_tables(
            f"python {unicodedata.unidata_version}",
            chars,
            "".join(filter(str.isalnum, chars)) + "_",
            "".join(filter(str.isspace, chars)),
            "".join(filter(str.isdecimal, chars)),
            "".join(filter(unicodedata.combining, chars)),
            joined.lower(),
            unicodedata.normalize("NFKD", joined),
        )
        _installed = True

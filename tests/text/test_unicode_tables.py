"""The Unicode tables the core takes from Python: asking only the assigned code points (what the
first call does, to be fast) must give exactly what asking every code point gives."""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest
from storylens import _core
from storylens.text import _unicode

# The report's fields, after the code points themselves.
SET_FIELDS = ("word", "space", "digit", "combining")
SIGMA_FIELDS = ("sigma_cased", "case_ignorable")


def changed_images(chars: str, images: str) -> dict[str, str]:
    """Each char of ``chars`` (NUL excepted) whose image in the NUL-joined ``images`` differs."""
    pieces = images.split("\0")
    rest = chars[1:]
    assert len(pieces) == len(rest)
    return {c: image for c, image in zip(rest, pieces, strict=True) if image != c}


@pytest.fixture(scope="module")
def reports() -> tuple[tuple[str, ...], tuple[str, ...]]:
    every = _unicode._python_report(_unicode._all_code_points())
    asked = _unicode._python_report(_unicode._code_points_to_ask())
    return every, asked


def test_the_first_call_asks_only_assigned_code_points() -> None:
    asked = _unicode._code_points_to_ask()
    assert asked[0] == "\0"
    assert len(asked) < 250_000 < sys.maxunicode
    # Every code point this Python calls assigned is asked (the core's data may be newer).
    assigned = {
        c for c in _unicode._all_code_points() if unicodedata.category(c) not in ("Cn", "Co")
    }
    assert assigned <= set(asked)
    # A Python with a Unicode newer than the core's data asks every code point.
    assert _core.assigned_code_points("999.0.0") is None


def test_assigned_code_points_give_the_same_tables(
    reports: tuple[tuple[str, ...], tuple[str, ...]],
) -> None:
    (every_chars, *every), (asked_chars, *asked) = reports
    sets = dict(zip(SET_FIELDS, zip(every[:4], asked[:4], strict=True), strict=True))
    for name, (from_every, from_asked) in sets.items():
        assert from_every == from_asked, name
    lowered_every, decomposed_every = every[4:6]
    lowered_asked, decomposed_asked = asked[4:6]
    assert changed_images(every_chars, lowered_every) == changed_images(asked_chars, lowered_asked)
    assert changed_images(every_chars, decomposed_every) == changed_images(
        asked_chars, decomposed_asked
    )
    sigmas = dict(zip(SIGMA_FIELDS, zip(every[6:], asked[6:], strict=True), strict=True))
    for name, (from_every, from_asked) in sigmas.items():
        assert from_every == from_asked, name
    assert "a" in sigmas["sigma_cased"][0]
    assert "\u0301" in sigmas["case_ignorable"][0]


def test_installed_classes_are_pythons() -> None:
    _unicode.ensure_tables()
    assert _core.char_tables_source() == f"python {unicodedata.unidata_version}"
    everything = _unicode._all_code_points()
    for name, pattern in (("word", r"\w"), ("space", r"\s"), ("digit", r"\d")):
        members = "".join(re.findall(pattern, everything))
        from_core = "".join(
            chr(c) for start, end in _core.class_ranges(name) for c in range(start, end + 1)
        )
        assert from_core == members, name

"""Deciding how a ``token_pattern`` runs: natively, on Rust's regex engine, or on Python's ``re``.

Three tiers, chosen from Python's own parse of the pattern (``re._parser``), so the choice is
made on structure rather than on spelling:

1. **Word runs.** ``\\b\\w{m,n}\\b`` and its relatives (scikit-learn's default ``(?u)\\b\\w\\w+\\b``
   among them) mean "maximal runs of ``\\w`` of length m..n"; the core scans for them directly.
2. **Rust regex.** Patterns built only from literals, classes, ``.``, repetition, groups,
   alternation and ``\\A``/``\\Z`` are translated with ``\\w``, ``\\d``, ``\\s`` spelled out as this
   Python's code-point ranges. Both engines return leftmost-first matches, and a pattern that
   could match the empty string is excluded, as is any repeated part that could (the engines
   repeat an empty iteration differently), so the tokens are identical.
3. **Python ``re``** for everything else (``\\b`` outside tier 1, ``$``, lookaround,
   backreferences, case-insensitive matching, possessive or atomic groups): exact by
   definition, and slower, since tokenising then happens in Python.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from storylens import _core
from storylens.exceptions import InvalidParameterError
from storylens.text._unicode import ensure_tables

# Python >= 3.11 keeps its regex parser in re._parser (sre_parse is a deprecated alias).
sre_parser: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")

PatternKind = Literal["runs", "regex", "python"]


@dataclass(frozen=True)
class CompiledPattern:
    """How a token pattern will run (see the module docstring)."""

    kind: PatternKind
    python: re.Pattern[str]
    min_len: int = 2
    max_len: int | None = None
    rust: str | None = None


class _Untranslatable(Exception):
    """The pattern uses a construct whose meaning differs between the engines."""


@lru_cache(maxsize=64)
def compile_token_pattern(pattern: str) -> CompiledPattern:
    """Classifies ``pattern`` (raising ``re.error`` for an invalid one, as Python would).

    >>> compile_token_pattern(r"(?u)\\b\\w\\w+\\b").kind
    'runs'
    >>> compile_token_pattern(r"[a-z]+").kind
    'regex'
    >>> compile_token_pattern(r"(?<=#)\\w+").kind
    'python'
    """
    python = re.compile(pattern)
    if python.groups > 1:
        raise InvalidParameterError(
            "More than 1 capturing group in token pattern. Only a single group should be captured."
        )
    parsed = sre_parser.parse(pattern, 0)
    flags = parsed.state.flags
    runs = _as_word_runs(list(parsed), flags)
    if runs is not None:
        return CompiledPattern("runs", python, min_len=runs[0], max_len=runs[1])
    if parsed.getwidth()[0] == 0:
        return CompiledPattern("python", python)
    try:
        ensure_tables()
        translated = _Translator(flags).sequence(list(parsed))
    except _Untranslatable:
        return CompiledPattern("python", python)
    prefix = "(?s)" if flags & _c.SRE_FLAG_DOTALL else ""
    return CompiledPattern("regex", python, rust=prefix + translated)


def _is_unicode_word_class(op: Any, av: Any, flags: int) -> bool:
    unicode = not flags & _c.SRE_FLAG_ASCII
    return (
        unicode
        and op is _c.IN
        and len(av) == 1
        and av[0][0] is _c.CATEGORY
        and av[0][1] in (_c.CATEGORY_WORD, _c.CATEGORY_UNI_WORD)
    )


def _as_word_runs(items: list[Any], flags: int) -> tuple[int, int | None] | None:
    """(min, max) when the pattern means "runs of \\w of that length", else None."""
    if flags & (_c.SRE_FLAG_IGNORECASE | _c.SRE_FLAG_ASCII | _c.SRE_FLAG_LOCALE):
        return None
    boundary_before = bool(items) and items[0] == (_c.AT, _c.AT_BOUNDARY)
    boundary_after = len(items) > 1 and items[-1] == (_c.AT, _c.AT_BOUNDARY)
    body = items[int(boundary_before) : len(items) - int(boundary_after)]
    if not body:
        return None
    low, high = 0, 0
    unbounded = False
    for op, av in body:
        if _is_unicode_word_class(op, av, flags):
            low, high = low + 1, high + 1
        elif op is _c.MAX_REPEAT:
            minimum, maximum, sub = av
            sub_items = list(sub)
            if len(sub_items) != 1:
                return None
            sub_op, sub_av = sub_items[0]
            if not _is_unicode_word_class(sub_op, sub_av, flags):
                return None
            low += minimum
            if maximum == _c.MAXREPEAT:
                unbounded = True
            else:
                high += maximum
        else:
            return None
    if low < 1:
        return None
    if unbounded:
        # With an unbounded repeat, matches extend to the end of a run whatever the boundaries.
        return low, None
    if boundary_before and boundary_after:
        return low, high
    return None


def _escape(code_point: int) -> str:
    return f"\\x{{{code_point:X}}}"


class _Translator:
    """Python regex parse tree -> Rust regex syntax, refusing what would change meaning."""

    def __init__(self, flags: int) -> None:
        if flags & (_c.SRE_FLAG_IGNORECASE | _c.SRE_FLAG_LOCALE | _c.SRE_FLAG_MULTILINE):
            raise _Untranslatable
        self.ascii = bool(flags & _c.SRE_FLAG_ASCII)
        self.dotall = bool(flags & _c.SRE_FLAG_DOTALL)

    def sequence(self, items: list[Any]) -> str:
        return "".join(self.item(op, av) for op, av in items)

    def item(self, op: Any, av: Any) -> str:
        if op is _c.LITERAL:
            return _escape(av)
        if op is _c.NOT_LITERAL:
            return _positive_class(_complement([(av, av)]))
        if op is _c.ANY:
            return "(?s:.)" if self.dotall else _positive_class(_complement([(0x0A, 0x0A)]))
        if op is _c.IN:
            return self.char_class(av)
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            minimum, maximum, sub = av
            # A repeated part that can match the empty string is where the engines part ways:
            # Python's re stops repeating at an empty iteration, Rust's regex does not, so
            # "\w(?:'?|\w)+" or "(a*)+b" would give other tokens (and other groups).
            if sub.getwidth()[0] == 0:
                raise _Untranslatable
            bound = f"{{{minimum},}}" if maximum == _c.MAXREPEAT else f"{{{minimum},{maximum}}}"
            lazy = "?" if op is _c.MIN_REPEAT else ""
            return f"(?:{self.sequence(list(sub))}){bound}{lazy}"
        if op is _c.SUBPATTERN:
            group, add_flags, del_flags, sub = av
            if add_flags or del_flags:
                raise _Untranslatable
            inner = self.sequence(list(sub))
            return f"({inner})" if group is not None else f"(?:{inner})"
        if op is _c.BRANCH:
            _, alternatives = av
            return "(?:" + "|".join(self.sequence(list(a)) for a in alternatives) + ")"
        if op is _c.AT:
            if av is _c.AT_BEGINNING_STRING or av is _c.AT_BEGINNING:
                return "\\A"
            if av is _c.AT_END_STRING:
                return "\\z"
            if self.ascii and av is _c.AT_BOUNDARY:
                return "(?-u:\\b)"
            if self.ascii and av is _c.AT_NON_BOUNDARY:
                return "(?-u:\\B)"
            raise _Untranslatable
        raise _Untranslatable

    def category_ranges(self, category: Any) -> list[tuple[int, int]]:
        names = {
            _c.CATEGORY_WORD: ("word", False),
            _c.CATEGORY_UNI_WORD: ("word", False),
            _c.CATEGORY_NOT_WORD: ("word", True),
            _c.CATEGORY_UNI_NOT_WORD: ("word", True),
            _c.CATEGORY_DIGIT: ("digit", False),
            _c.CATEGORY_UNI_DIGIT: ("digit", False),
            _c.CATEGORY_NOT_DIGIT: ("digit", True),
            _c.CATEGORY_UNI_NOT_DIGIT: ("digit", True),
            _c.CATEGORY_SPACE: ("space", False),
            _c.CATEGORY_UNI_SPACE: ("space", False),
            _c.CATEGORY_NOT_SPACE: ("space", True),
            _c.CATEGORY_UNI_NOT_SPACE: ("space", True),
        }
        if category not in names:
            raise _Untranslatable
        name, negated = names[category]
        ranges = _ascii_ranges(name) if self.ascii else _python_ranges(name)
        return _complement(ranges) if negated else ranges

    def char_class(self, items: list[Any]) -> str:
        negate = False
        ranges: list[tuple[int, int]] = []
        for op, av in items:
            if op is _c.NEGATE:
                negate = True
            elif op is _c.LITERAL:
                ranges.append((av, av))
            elif op is _c.RANGE:
                ranges.append((av[0], av[1]))
            elif op is _c.CATEGORY:
                ranges.extend(self.category_ranges(av))
            else:
                raise _Untranslatable
        # Negation is done here, not with [^...]: Rust's regex mis-negates classes whose ranges
        # meet across the surrogate gap (U+D7FF next to U+E000).
        if negate:
            ranges = _complement(ranges)
        if not ranges:
            raise _Untranslatable
        return _positive_class(ranges)


def _positive_class(ranges: list[tuple[int, int]]) -> str:
    parts = (_escape(a) if a == b else f"{_escape(a)}-{_escape(b)}" for a, b in ranges)
    return "[" + "".join(parts) + "]"


_SURROGATES = (0xD800, 0xDFFF)


@lru_cache(maxsize=3)
def _python_ranges(name: str) -> list[tuple[int, int]]:
    return [tuple(r) for r in _core.class_ranges(name)]  # type: ignore[misc]


def _ascii_ranges(name: str) -> list[tuple[int, int]]:
    table = {
        "word": [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)],
        "digit": [(0x30, 0x39)],
        "space": [(0x09, 0x0D), (0x20, 0x20)],
    }
    return table[name]


def _complement(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """All code points (surrogates excluded) not in ``ranges``."""
    out: list[tuple[int, int]] = []
    start = 0
    for low, high in sorted(ranges):
        if low > start:
            out.append((start, low - 1))
        start = max(start, high + 1)
    if start <= 0x10FFFF:
        out.append((start, 0x10FFFF))
    # Rust regex classes cannot contain surrogates; UTF-8 text never has them anyway.
    clipped: list[tuple[int, int]] = []
    for low, high in out:
        if high < _SURROGATES[0] or low > _SURROGATES[1]:
            clipped.append((low, high))
            continue
        if low < _SURROGATES[0]:
            clipped.append((low, _SURROGATES[0] - 1))
        if high > _SURROGATES[1]:
            clipped.append((_SURROGATES[1] + 1, high))
    return clipped

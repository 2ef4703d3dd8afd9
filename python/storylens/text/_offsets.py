"""Token offsets for the analysis paths where Python runs before the core: a custom
preprocessor, a token pattern only Python's ``re`` can run, or a callable tokenizer.

Each path keeps, for every char of the text it tokenises, the span of the original it came from
(one char, plus any combining marks after it that the preprocessing dropped: a stripped accent
belongs to its letter), and maps token spans back through it, the way the core maps its own
normalisation. A span ``(s, e)`` of the processed text becomes ``(starts[s], ends[e - 1])``, so
``text[start:end]`` is the stretch of the original the token was made from.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from storylens import _core
from storylens.exceptions import InvalidParameterError

#: A token with its ``(start, end)`` code-point span in the original text.
Located = tuple[str, int, int]
#: The processed text and, per char of it, the start and end of the original span it came from.
Traced = tuple[str, list[int], list[int]]


def builtin_trace(lowercase: bool, strip_accents: str | None) -> Callable[[str], Traced]:
    """The built-in preprocessing (exactly as the analyzers run it) with its sources."""

    def trace(doc: str) -> Traced:
        return _core.normalize_with_sources(doc, lowercase, strip_accents)

    return trace


def callable_trace(preprocess: Callable[[str], str]) -> Callable[[str], Traced]:
    """A user's preprocessor, traced char by char: each original char owns what the
    preprocessor makes of it alone. That holds for per-char rewrites (case, accents, folding);
    a preprocessor that reorders, deletes or inserts across chars cannot be traced, and is
    caught because its whole-text output differs from the per-char one (compared casefolded,
    since a capital sigma lowercases by context), which raises ValueError."""

    def trace(doc: str) -> Traced:
        text = preprocess(doc)
        if not isinstance(text, str):
            raise InvalidParameterError(
                f"the preprocessor returned a {type(text).__name__}, expected str"
            )
        sources: list[int] = []
        for index, char in enumerate(doc):
            piece = preprocess(char)
            at = len(sources)
            if text[at : at + len(piece)].casefold() != piece.casefold():
                raise InvalidParameterError(
                    "tokenize_with_offsets cannot trace offsets through this preprocessor: it "
                    f"does not rewrite the text char by char (char {index}, {char!r}, becomes "
                    f"{piece!r} alone but not in the whole text)"
                )
            sources.extend([index] * len(piece))
        if len(sources) != len(text):
            raise InvalidParameterError(
                "tokenize_with_offsets cannot trace offsets through this preprocessor: it does "
                f"not rewrite the text char by char (the whole text gives {len(text)} chars, "
                f"its chars one at a time give {len(sources)})"
            )
        return text, sources, _ends(doc, sources)

    return trace


def _ends(doc: str, sources: list[int]) -> list[int]:
    """Per processed char, the end of its original span: past the combining marks after its
    source char that produced nothing."""
    produced = set(sources)
    ends = []
    for source in sources:
        end = source + 1
        while end < len(doc) and end not in produced and unicodedata.category(doc[end])[0] == "M":
            end += 1
        ends.append(end)
    return ends


def to_original(traced: Traced, length: int, start: int, end: int) -> tuple[int, int]:
    """A span of processed text as a span of the original text (of ``length`` chars)."""
    _text, starts, ends = traced
    if end > start:
        return starts[start], ends[end - 1]
    at = starts[start] if start < len(starts) else length
    return at, at


def regex_locator(
    pattern: re.Pattern[str], trace: Callable[[str], Traced]
) -> Callable[[str], list[Located]]:
    """Python ``re`` tokens (the capturing group's text when the pattern has one, as
    ``findall`` gives) with their spans in the original."""

    def locate(doc: str) -> list[Located]:
        traced = trace(doc)
        text = traced[0]
        located = []
        for match in pattern.finditer(text):
            start, end = match.span(1) if pattern.groups else match.span()
            if start < 0:  # The group did not take part: findall gives "" at the match.
                start = end = match.start()
            located.append((text[start:end], *to_original(traced, len(doc), start, end)))
        return located

    return locate


def callable_locator(
    tokenizer: Callable[[str], Any], trace: Callable[[str], Traced]
) -> Callable[[str], list[Located]]:
    """A callable tokenizer's tokens, found in order in the text it was given.

    Each token is looked for after the previous one. A tokenizer may also emit the parts of a
    compound after it ("cease-fire", "cease", "fire"): a token that is a whole part of the last
    token found after its predecessor (bounded by its edges or by chars that are not letters
    or digits) is placed inside it, unless the token also comes next in the text with nothing
    but spaces and punctuation before it ("re-run run"). Order is all there is to go on, so
    a compound-and-parts tokenizer on text that repeats a compound at once ("x-y x-y") may be
    located wrongly. A token that is not a stretch of the text (the tokenizer rewrote it) has
    no span, which raises ValueError.
    """

    def locate(doc: str) -> list[Located]:
        traced = trace(doc)
        text = traced[0]
        located = []
        # The last token found after its predecessor, and where its parts have reached.
        outer_start, outer_end, parts_end = 0, 0, 0
        for position, token in enumerate(tokenizer(text)):
            if not isinstance(token, str):
                raise InvalidParameterError(
                    f"the tokenizer's token {position} is a {type(token).__name__}, expected str"
                )
            following = text.find(token, outer_end)
            part = _part_of(text, token, parts_end, outer_start, outer_end)
            next_in_line = following >= 0 and not any(
                c.isalnum() for c in text[outer_end:following]
            )
            if part >= 0 and not next_in_line:
                start = part
                parts_end = start + len(token)
            elif following >= 0:
                start = following
                outer_start, outer_end = start, start + len(token)
                parts_end = start
            else:
                raise InvalidParameterError(
                    f"tokenize_with_offsets cannot locate the tokenizer's token {position} "
                    f"({token!r}): it is not in the text it was given after position "
                    f"{outer_end}, so the tokenizer must have rewritten it"
                )
            end = start + len(token)
            located.append((token, *to_original(traced, len(doc), start, end)))
        return located

    return locate


def _part_of(text: str, token: str, search_from: int, outer_start: int, outer_end: int) -> int:
    """Where ``token`` is a whole part of ``text[outer_start:outer_end]`` at or after
    ``search_from``, or -1."""
    if not token or outer_end - outer_start <= len(token):
        return -1
    at = text.find(token, search_from, outer_end)
    while at >= 0:
        end = at + len(token)
        starts_part = at == outer_start or not text[at - 1].isalnum()
        ends_part = end == outer_end or not text[end].isalnum()
        if starts_part and ends_part:
            return at
        at = text.find(token, at + 1, outer_end)
    return -1


def map_core_offsets(
    rows: list[list[Located]], traced: list[Traced], documents: list[str]
) -> list[list[Located]]:
    """Offsets the core gave into preprocessed texts, mapped back into the originals."""
    return [
        [(feature, *to_original(trace, len(doc), start, end)) for feature, start, end in row]
        for row, trace, doc in zip(rows, traced, documents, strict=True)
    ]

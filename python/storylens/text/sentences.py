"""Sentence splitting: sentences with their code-point offsets, abbreviations kept whole."""

from __future__ import annotations

from typing import NamedTuple

from storylens import _core
from storylens.exceptions import DocumentTypeError, InvalidParameterError

__all__ = ["Sentence", "split_sentences"]


class Sentence(NamedTuple):
    """A sentence and its ``(start, end)`` code-point offsets in the text it came from.

    >>> split_sentences("One. Two.")[1]
    Sentence(text='Two.', start=5, end=9)
    """

    text: str
    start: int
    end: int


def split_sentences(text: str, language: str | None = "english") -> list[Sentence]:
    """Split ``text`` into sentences, keeping abbreviations (Mr., U.S., Sept.), initials,
    decimals and quotations intact.

    ``language`` is a Snowball language name or ISO code in any case (its abbreviations are
    known), or None for the generic rules; an unknown name raises ValueError.

    >>> [s.text for s in split_sentences('Mr. Carter met Gen. Dunford. "It went well," he said.')]
    ['Mr. Carter met Gen. Dunford.', '"It went well," he said.']
    """
    if not isinstance(text, str):
        raise DocumentTypeError(f"text must be a str, got {type(text).__name__}")
    if not (language is None or isinstance(language, str)):
        raise InvalidParameterError(
            f"language must be a str or None, got {type(language).__name__}"
        )
    return [Sentence(text[s:e], s, e) for s, e in _core.split_sentences(text, language)]

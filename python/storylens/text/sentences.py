"""Sentence splitting: sentences with their code-point offsets, abbreviations kept whole."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from storylens import _core
from storylens.exceptions import DocumentTypeError, InvalidDocumentError, InvalidParameterError
from storylens.text.abbreviations import Abbreviations, as_model

__all__ = ["Sentence", "split_sentences"]

#: A UTF-16 surrogate code point: in a Python str only as a lone surrogate, which is not text.
_SURROGATE = re.compile("[\ud800-\udfff]")


class Sentence(NamedTuple):
    """A sentence and its ``(start, end)`` code-point offsets in the text it came from.

    >>> split_sentences("One. Two.")[1]
    Sentence(text='Two.', start=5, end=9)
    """

    text: str
    start: int
    end: int


def split_sentences(
    text: str,
    language: str | None = "english",
    *,
    abbreviations: Abbreviations | Iterable[str] | None = None,
) -> list[Sentence]:
    """Split ``text`` into sentences, keeping abbreviations (Mr., U.S., Sept.), initials,
    decimals and quotations intact.

    ``language`` is a Snowball language name or ISO code in any case (its abbreviations are
    known), or None for the generic rules; an unknown name raises ValueError.

    Abbreviations are decided from evidence, in the style of NLTK's Punkt: the language's
    list, what the text itself shows, and ``abbreviations``: an :class:`Abbreviations`
    learned from a set of texts (``Abbreviations.learn(texts)``; ``ArticleSet.clean()`` learns
    one per set), or any iterable of str to treat as abbreviations. A name seen without a
    period ("Hun Sen said") is not an abbreviation, and after an abbreviation a sentence ends
    before a common word that the evidence never shows capitalised in mid-sentence.

    >>> [s.text for s in split_sentences('Mr. Carter met Gen. Dunford. "It went well," he said.')]
    ['Mr. Carter met Gen. Dunford.', '"It went well," he said.']
    >>> [s.text for s in split_sentences('They chanted "Whose street? Our street" and left.')]
    ['They chanted "Whose street? Our street" and left.']
    >>> [s.text for s in split_sentences("They met at 3 p.m. Everyone agreed.")]
    ['They met at 3 p.m.', 'Everyone agreed.']
    >>> texts = ["Hun Sen has ruled since 1985.", "Critics fear Hun Sen. Sam Rainsy left."]
    >>> learned = Abbreviations.learn(texts)
    >>> [s.text for s in split_sentences(texts[1], abbreviations=learned)]
    ['Critics fear Hun Sen.', 'Sam Rainsy left.']
    """
    if not isinstance(text, str):
        raise DocumentTypeError(f"text must be a str, got {type(text).__name__}")
    if not (language is None or isinstance(language, str)):
        raise InvalidParameterError(
            f"language must be a str or None, got {type(language).__name__}"
        )
    surrogate = _SURROGATE.search(text)
    if surrogate is not None:
        raise InvalidDocumentError(
            "text is not valid Unicode text (it contains a lone surrogate at index "
            f"{surrogate.start()})"
        )
    model = as_model(abbreviations)
    return [Sentence(text[s:e], s, e) for s, e in _core.split_sentences(text, language, model)]

"""The article model: one article with its metadata and the audit of its cleaning, the removals
that audit lists, and the input items a loader skipped.

A leaf of the articles layer: plain frozen records that import only :mod:`storylens.text`
and the HTML views beside the layers, so every layer can hold and pass them.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from storylens.text.abbreviations import Abbreviations
from storylens.text.sentences import Sentence, split_sentences
from storylens.views.html import article_html

__all__ = ["Article", "Heading", "Removal", "Skipped"]


@dataclass(frozen=True)
class Removal:
    """A piece of the original text that cleaning left out of the body, and why.

    ``start`` and ``end`` are code-point offsets into :attr:`Article.original`, so
    ``article.original[removal.start:removal.end] == removal.text``. ``score`` (0 to 1) is
    how sure cleaning was that the text is not article body: it was removed because the score
    reached ``1 - strictness`` (see :meth:`ArticleSet.clean`).

    >>> Removal(0, 5, "furniture", "page furniture: 'share'", "Share", 0.9)
    Removal(start=0, end=5, kind='furniture', reason="page furniture: 'share'", text='Share', \
score=0.9)
    """

    start: int
    end: int
    kind: str
    reason: str
    text: str
    score: float = 1.0


@dataclass(frozen=True)
class Heading:
    """An in-body subheading of a cleaned article: kept in :attr:`Article.text`, left out of
    its sentences (and so of the digest and the reuse map). ``start`` and ``end`` are
    code-point offsets into :attr:`Article.text`.

    >>> Heading("Diplomatic thaw", 120, 135)
    Heading(text='Diplomatic thaw', start=120, end=135)
    """

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Article:
    """One article of a set: its text, metadata and, once cleaned, the audit of cleaning.

    ``text`` is the body (after :meth:`ArticleSet.clean`) or the text as loaded;
    ``original`` is always the text as loaded.

    >>> from storylens import ArticleSet
    >>> article = ArticleSet.from_texts(["Share\\nThe port closed on Friday."])[0]
    >>> article.id, article.text == article.original, article.cleaned
    ('0', True, False)
    """

    id: str
    text: str
    original: str
    title: str | None = None
    #: ``"input"`` when the title came with the input (metadata, a column), ``"page"`` when
    #: cleaning found it in the page, None without a title.
    title_source: str | None = None
    outlet: str | None = None
    date: _dt.date | None = None
    url: str | None = None
    byline: str | None = None
    #: The dateline that opened the body ("VELMORA, March 13 (Meridian Press)"), if any: cut
    #: from ``text`` (a ``dateline`` removal), still in ``original``.
    dateline: str | None = None
    language: str = "english"
    cleaned: bool = False
    removed: tuple[Removal, ...] = ()
    #: Code-point spans of the kept paragraphs in ``original``.
    kept: tuple[tuple[int, int], ...] = ()
    words_kept: int = 0
    words_removed: int = 0
    #: In-body subheadings, with code-point offsets into ``text``.
    headings: tuple[Heading, ...] = ()
    #: Correction notes found in the page ("An earlier version of this story ...").
    corrections: tuple[str, ...] = ()
    #: False for a page that is not an article (an error, redirect, archive or consent
    #: page): cleaning leaves it empty, and a comparison lists it as a "not-article" outlier.
    is_article: bool = True
    #: Further metadata columns, as read.
    metadata: dict[str, Any] = field(default_factory=dict, compare=False)
    #: The abbreviations learned from the cleaned set, which :attr:`sentences` uses.
    abbreviations: Abbreviations | None = field(default=None, compare=False)

    @cached_property
    def sentences(self) -> list[Sentence]:
        """The sentences of :attr:`text`, with code-point offsets into it; subheadings
        (:attr:`headings`) are not sentences.

        >>> from storylens import ArticleSet
        >>> ArticleSet.from_texts(["Mr. Lind left. The port closed."])[0].sentences[1]
        Sentence(text='The port closed.', start=15, end=31)
        """
        found = split_sentences(self.text, self.language, abbreviations=self.abbreviations)
        if not self.headings:
            return found
        spans = [(heading.start, heading.end) for heading in self.headings]
        return [
            sentence
            for sentence in found
            if not any(start <= sentence.start and sentence.end <= end for start, end in spans)
        ]

    def __setstate__(self, state: dict[str, Any]) -> None:
        # Articles pickled before headings, corrections and is_article existed load with
        # their defaults.
        defaults = {"headings": (), "corrections": (), "is_article": True, "abbreviations": None}
        for name, value in {**defaults, **state}.items():
            object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        title = f", title={self.title!r}" if self.title else ""
        return f"Article(id={self.id!r}{title}, words={self.words_kept})"

    def _repr_html_(self) -> str:
        """The notebook view: title, outlet and date, then the text as loaded with what
        cleaning removed greyed out (hover for the reason)."""
        byline = " · ".join(
            str(part) for part in (self.outlet, self.date, self.byline) if part is not None
        )
        removed = [(r.start, r.end, r.kind, r.reason) for r in self.removed]
        return article_html(self.title or self.id, byline, self.original, removed)


@dataclass(frozen=True)
class Skipped:
    """An input item left out under ``on_error="skip"``: where it came from and why.

    >>> Skipped("row 3", "text is NaN")
    Skipped(item='row 3', reason='text is NaN')
    """

    item: str
    reason: str

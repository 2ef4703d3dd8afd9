"""Article sets: a story's articles, loaded from folders, texts, DataFrames or JSON Lines,
cleaned of page furniture, with their metadata and sentences."""

from __future__ import annotations

import datetime as _dt
import html
import os
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, overload

import pandas as pd

from storylens import _core
from storylens._loading import (
    Record,
    Skipped,
    records_from_folder,
    records_from_frame,
    records_from_jsonl,
    records_from_texts,
)
from storylens.tokenizer import Sentence, split_sentences

if TYPE_CHECKING:
    from storylens.compare import Comparison

__all__ = ["Article", "ArticleSet", "Removal", "Skipped"]


@dataclass(frozen=True)
class Removal:
    """A piece of the original text that cleaning left out of the body, and why.

    ``start`` and ``end`` are code-point offsets into :attr:`Article.original`, so
    ``article.original[removal.start:removal.end] == removal.text``.

    >>> Removal(0, 5, "furniture", "page furniture: 'share'", "Share")
    Removal(start=0, end=5, kind='furniture', reason="page furniture: 'share'", text='Share')
    """

    start: int
    end: int
    kind: str
    reason: str
    text: str


@dataclass(frozen=True)
class Article:
    """One article of a set: its text, metadata and, once cleaned, the audit of cleaning.

    ``text`` is the body (after :meth:`ArticleSet.clean`) or the text as loaded;
    ``original`` is always the text as loaded.

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
    #: The dateline opening the body ("VELMORA, March 13 (Meridian Press)"), if any.
    dateline: str | None = None
    language: str = "english"
    cleaned: bool = False
    removed: tuple[Removal, ...] = ()
    #: Code-point spans of the kept paragraphs in ``original``.
    kept: tuple[tuple[int, int], ...] = ()
    words_kept: int = 0
    words_removed: int = 0
    #: Further metadata columns, as read.
    metadata: dict[str, Any] = field(default_factory=dict, compare=False)

    @cached_property
    def sentences(self) -> list[Sentence]:
        """The sentences of :attr:`text`, with code-point offsets into it.

        >>> ArticleSet.from_texts(["Mr. Lind left. The port closed."])[0].sentences[1]
        Sentence(text='The port closed.', start=15, end=31)
        """
        return split_sentences(self.text, self.language)

    def __repr__(self) -> str:
        title = f", title={self.title!r}" if self.title else ""
        return f"Article(id={self.id!r}{title}, words={self.words_kept})"


def _language(language: str, texts: Iterable[str] = ()) -> str:
    """The canonical name of ``language``; ``"auto"`` detects it from ``texts`` (their
    function words), falling back to English when they are too short to tell."""
    if not isinstance(language, str):
        raise TypeError(f"language must be a str, got {type(language).__name__}")
    if language.strip().lower() == "auto":
        return _core.detect_language(list(texts)) or "english"
    resolved = _core.resolve_language(language)
    if resolved is None:
        raise ValueError(
            f"unknown language {language!r}; choose 'auto' or one of "
            f"{sorted(_core.stem_languages())}"
        )
    return resolved


def _articles_from(records: list[Record], language: str) -> list[Article]:
    counts = _core.count_words([record.text for record in records])
    return [
        Article(
            id=record.id,
            text=record.text,
            original=record.text,
            title=record.title,
            title_source="input" if record.title is not None else None,
            outlet=record.outlet,
            date=record.date,
            url=record.url,
            language=language,
            words_kept=count,
            metadata=record.extra,
        )
        for record, count in zip(records, counts, strict=True)
    ]


class ArticleSet(Sequence[Article]):
    """The articles of one story, in order, indexable by position and by id.

    Build one with :meth:`from_folder`, :meth:`from_texts`, :meth:`from_html`,
    :meth:`from_frame` or :meth:`from_jsonl`, then :meth:`clean` it. ``language`` (for
    cleaning, sentences, stop words and stemming) is detected from the articles' function
    words by default (``"auto"``, English when the texts are too short to tell); name it
    (``"german"``, ``"de"``) to override.

    >>> articles = ArticleSet.from_texts(["One text.", "Another text."], ids=["a", "b"])
    >>> len(articles), articles["b"].text, [a.id for a in articles]
    (2, 'Another text.', ['a', 'b'])
    """

    def __init__(
        self,
        articles: Iterable[Article],
        *,
        language: str = "auto",
        skipped: Iterable[Skipped] = (),
    ) -> None:
        self._articles = tuple(articles)
        for position, article in enumerate(self._articles):
            if not isinstance(article, Article):
                raise TypeError(
                    f"articles[{position}] must be an Article, got {type(article).__name__}"
                )
        self._positions: dict[str, int] = {}
        for position, article in enumerate(self._articles):
            if article.id in self._positions:
                raise ValueError(
                    f"duplicate article id {article.id!r} at positions "
                    f"{self._positions[article.id]} and {position}"
                )
            self._positions[article.id] = position
        self.language = _language(language, (article.text for article in self._articles))
        #: Items left out by ``on_error="skip"``, with the reason.
        self.skipped: tuple[Skipped, ...] = tuple(skipped)

    # -- constructors -------------------------------------------------------------------

    @classmethod
    def _build(cls, records: list[Record], skipped: list[Skipped], language: str) -> ArticleSet:
        language = _language(language, (record.text for record in records))
        if skipped:
            warnings.warn(
                f"skipped {len(skipped)} bad input item(s); see ArticleSet.skipped: "
                + "; ".join(f"{s.item}: {s.reason}" for s in skipped[:3])
                + (" ..." if len(skipped) > 3 else ""),
                stacklevel=3,
            )
        return cls(_articles_from(records, language), language=language, skipped=skipped)

    @classmethod
    def from_texts(
        cls,
        texts: Iterable[str],
        ids: Iterable[str] | None = None,
        *,
        language: str = "auto",
        on_error: str = "raise",
    ) -> ArticleSet:
        """Articles from texts (a list, a pandas Series, any iterable); ids default to
        ``"0"``, ``"1"``, ...

        >>> ArticleSet.from_texts(["A text."], ids=["wire"]).ids
        ['wire']
        """
        records, skipped = records_from_texts(texts, ids, on_error)
        return cls._build(records, skipped, language)

    @classmethod
    def from_html(
        cls,
        pages: Iterable[str],
        ids: Iterable[str] | None = None,
        *,
        language: str = "auto",
        on_error: str = "raise",
    ) -> ArticleSet:
        """Articles from saved web pages (HTML strings: a list, a pandas Series of scraped
        pages, any iterable), read as :meth:`from_folder` reads ``.html`` files: the text
        without scripts, menus, sidebars and footers, and the title, outlet, date and URL
        the page embeds. Ids default to ``"0"``, ``"1"``, ...

        >>> page = (
        ...     '<html><head><meta property="og:title" content="Port shut">'
        ...     '<meta property="og:site_name" content="The Courier"></head><body>'
        ...     "<nav>Home | World</nav><p>The port closed on Friday.</p></body></html>"
        ... )
        >>> article = ArticleSet.from_html([page], ids=["courier"])[0]
        >>> article.title, article.outlet, article.original
        ('Port shut', 'The Courier', 'The port closed on Friday.')
        """
        records, skipped = records_from_texts(pages, ids, on_error, html=True)
        return cls._build(records, skipped, language)

    @classmethod
    def from_frame(
        cls,
        df: pd.DataFrame,
        text: str = "text",
        id: str | None = None,
        title: str | None = None,
        outlet: str | None = None,
        date: str | None = None,
        url: str | None = None,
        *,
        language: str = "auto",
        on_error: str = "raise",
    ) -> ArticleSet:
        """Articles from a DataFrame's ``text`` column. Metadata columns default to the
        columns named ``id``, ``title``, ``outlet``, ``date`` and ``url`` when present; without
        an id column the index gives the ids. Other columns land in ``Article.metadata``.

        >>> frame = pd.DataFrame({"body": ["A text."], "outlet": ["Wire"]})
        >>> ArticleSet.from_frame(frame, text="body")[0].outlet
        'Wire'
        """
        chosen = {"id": id, "title": title, "outlet": outlet, "date": date, "url": url}
        records, skipped = records_from_frame(df, text, chosen, on_error)
        return cls._build(records, skipped, language)

    @classmethod
    def from_jsonl(
        cls,
        path: str | os.PathLike[str],
        *,
        language: str = "auto",
        encoding: str = "utf-8",
        on_error: str = "raise",
    ) -> ArticleSet:
        """Articles from a JSON Lines file, one object per line with the fields ``text``
        (required), ``id``, ``title``, ``outlet``, ``date`` and ``url``.

        >>> import json, tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "set.jsonl"
        >>> _ = path.write_text(json.dumps({"id": "wire", "text": "A text."}) + "\\n")
        >>> ArticleSet.from_jsonl(path).ids
        ['wire']
        """
        records, skipped = records_from_jsonl(path, encoding, on_error)
        return cls._build(records, skipped, language)

    @classmethod
    def from_folder(
        cls,
        path: str | os.PathLike[str],
        pattern: str | None = None,
        *,
        metadata: str | os.PathLike[str] | bool | None = None,
        language: str = "auto",
        encoding: str = "utf-8",
        on_error: str = "raise",
    ) -> ArticleSet:
        """One article per file matching ``pattern`` (by default ``*.txt``, ``*.html`` and
        ``*.htm``), in sorted name order; the file name without its extension is the id.

        Saved web pages (``.html``, ``.htm``, ``.xhtml``, or any file that starts as an
        HTML document does) are turned into text, one
        paragraph per block, without scripts, styles, menus (``nav``), sidebars (``aside``)
        and footers, and the metadata the page embeds (JSON-LD, Open Graph and ``<meta>``
        tags, ``<link rel=canonical>``) gives the title, outlet, date and URL; the author
        and the page's language go to ``Article.metadata``. A metadata file beside the
        articles wins over what a page says.

        Files are read as ``encoding`` (UTF-8 by default, a byte-order mark is dropped); a
        file in another encoding gives a ValueError naming it and the offending byte, and
        ``encoding=`` (e.g. ``'cp1252'``) reads such sets. ``metadata``: a CSV or JSONL file
        keyed by ``id`` with ``outlet``, ``title``, ``date`` and ``url`` columns; by default
        ``metadata.csv`` or ``metadata.jsonl`` beside the articles is used when present
        (``False`` ignores it).

        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "wire.txt").write_text("The port closed on Friday.")
        >>> ArticleSet.from_folder(folder).ids
        ['wire']
        """
        records, skipped, notes = records_from_folder(path, pattern, metadata, encoding, on_error)
        for note in notes:
            warnings.warn(note, stacklevel=2)
        return cls._build(records, skipped, language)

    # -- the sequence -------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._articles)

    @overload
    def __getitem__(self, key: int | str) -> Article: ...

    @overload
    def __getitem__(self, key: slice) -> ArticleSet: ...

    def __getitem__(self, key: int | str | slice) -> Article | ArticleSet:
        """By position, by id, or a slice (a new set).

        >>> articles = ArticleSet.from_texts(["One.", "Two."], ids=["a", "b"])
        >>> articles[0].id, articles["b"].id, articles[-1:].ids
        ('a', 'b', ['b'])
        """
        if isinstance(key, str):
            try:
                return self._articles[self._positions[key]]
            except KeyError:
                raise KeyError(f"no article with id {key!r}") from None
        if isinstance(key, slice):
            return ArticleSet(self._articles[key], language=self.language)
        if isinstance(key, bool) or not isinstance(key, int):
            raise TypeError(f"index an ArticleSet by position, id or slice, not {key!r}")
        return self._articles[key]

    def __iter__(self) -> Iterator[Article]:
        return iter(self._articles)

    def __contains__(self, item: object) -> bool:
        if isinstance(item, str):
            return item in self._positions
        return item in self._articles

    @property
    def ids(self) -> list[str]:
        """The article ids, in order.

        >>> ArticleSet.from_texts(["One."]).ids
        ['0']
        """
        return [article.id for article in self._articles]

    # -- cleaning -----------------------------------------------------------------------

    def clean(self, *, n_jobs: int | None = None) -> ArticleSet:
        """A new set whose articles keep only the article body.

        Each article keeps its ``original`` text and the record of what was removed and why
        (``article.removed``, offsets into ``original``). The headline becomes ``title``
        (unless the metadata gave one), bylines and publication dates found in the page
        furniture become ``byline`` and ``date`` (metadata dates win), and the body is NFC.
        Cleaning a cleaned set starts again from the originals, so it changes nothing.

        >>> page = "Home | News | Port\\nDockers walk out at Kestra port\\nBy Anna Lind\\n" \\
        ...        "Hundreds of dock workers walked off the job at the port on Friday.\\nShare"
        >>> article = ArticleSet.from_texts([page]).clean()[0]
        >>> article.title, article.byline
        ('Dockers walk out at Kestra port', 'Anna Lind')
        >>> article.text
        'Hundreds of dock workers walked off the job at the port on Friday.'

        >>> [(r.kind, r.text) for r in article.removed][-1]
        ('furniture', 'Share')
        """
        originals = [article.original for article in self._articles]
        # A title from the input survives re-cleaning; a found one is found again.
        titles = [
            article.title if article.title_source == "input" else None for article in self._articles
        ]
        outlets = [article.outlet for article in self._articles]
        results = _core.clean_articles(originals, titles, outlets, self.language, n_jobs)
        cleaned = []
        for article, known, result in zip(self._articles, titles, results, strict=True):
            removed = tuple(
                Removal(start, end, kind, reason, article.original[start:end])
                for start, end, kind, reason in result["removed"]
            )
            found_date = (
                _dt.date.fromisoformat(result["date"]) if result["date"] is not None else None
            )
            cleaned.append(
                replace(
                    article,
                    text=result["body"],
                    title=result["title"],
                    title_source="input"
                    if known is not None
                    else ("page" if result["title"] is not None else None),
                    byline=result["byline"],
                    dateline=result["dateline"],
                    date=article.date if article.date is not None else found_date,
                    cleaned=True,
                    removed=removed,
                    kept=tuple(result["kept"]),
                    words_kept=result["words_kept"],
                    words_removed=result["words_removed"],
                )
            )
        return ArticleSet(cleaned, language=self.language, skipped=self.skipped)

    # -- comparison ---------------------------------------------------------------------

    def compare(self, **options: Any) -> Comparison:
        """Compare the articles: similarity, shared and distinctive terms (see
        :class:`~storylens.Comparison` for the options).

        >>> from storylens.datasets import load_sample
        >>> load_sample().clean().compare()
        Comparison(7 articles, ... terms)
        """
        from storylens.compare import Comparison

        return Comparison(self, **options)

    # -- views --------------------------------------------------------------------------

    def to_frame(self) -> pd.DataFrame:
        """One row per article: id, outlet, title, date, byline, dateline, url, text, words
        kept and removed.

        >>> articles = ArticleSet.from_texts(["The port closed."], ids=["wire"])
        >>> articles.to_frame()[["id", "words_kept"]]
             id  words_kept
        0  wire           3
        """
        columns = ["id", "outlet", "title", "date", "byline", "dateline", "url", "text"]
        rows = [
            {
                **{name: getattr(article, name) for name in columns},
                "words_kept": article.words_kept,
                "words_removed": article.words_removed,
            }
            for article in self._articles
        ]
        frame = pd.DataFrame(rows, columns=[*columns, "words_kept", "words_removed"])
        return frame.astype({"words_kept": "int64", "words_removed": "int64"})

    def removals(self) -> pd.DataFrame:
        """Every removal of a cleaned set, one row each: article, start, end, kind, reason,
        text; the audit trail of :meth:`clean`.

        >>> page = "Share\\nThe port closed on Friday after the strike."
        >>> ArticleSet.from_texts([page]).clean().removals()[["article", "kind", "text"]]
          article       kind   text
        0       0  furniture  Share
        """
        rows = [
            {"article": article.id, **removal.__dict__}
            for article in self._articles
            for removal in article.removed
        ]
        return pd.DataFrame(rows, columns=["article", "start", "end", "kind", "reason", "text"])

    def __repr__(self) -> str:
        state = "cleaned" if all(a.cleaned for a in self._articles) and self._articles else "raw"
        return f"ArticleSet({len(self)} articles, {state}, language={self.language!r})"

    def _repr_html_(self) -> str:
        frame = self.to_frame().drop(columns=["text"])
        return f"<p>{html.escape(repr(self))}</p>" + frame.to_html(index=False)

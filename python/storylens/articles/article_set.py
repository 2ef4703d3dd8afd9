"""``ArticleSet``: a story's articles, loaded from folders, texts, web pages, DataFrames or JSON
Lines, and cleaned of page furniture."""

from __future__ import annotations

import datetime as _dt
import os
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, overload

import numpy as np
import pandas as pd

from storylens import _core
from storylens._progress import ARTICLES_THRESHOLD, core_job_bar, following, wanted
from storylens.articles._loading import (
    Record,
    records_from_folder,
    records_from_frame,
    records_from_jsonl,
    records_from_texts,
)
from storylens.articles.article import Article, Heading, Removal, Skipped
from storylens.exceptions import (
    DocumentTypeError,
    InvalidDocumentError,
    InvalidParameterError,
    SeveralStoriesWarning,
    ShapeMismatchError,
)
from storylens.text.abbreviations import Abbreviations
from storylens.views.html import article_set_html

if TYPE_CHECKING:
    # Only for the annotations of ArticleSet.compare and ArticleSet.stories, the two methods
    # that reach up a layer.
    from storylens.compare.comparison import Comparison
    from storylens.compare.stories import Stories

__all__ = ["ArticleSet"]


def _language(language: str, texts: Iterable[str] = ()) -> str:
    """The canonical name of ``language``; ``"auto"`` detects it from ``texts`` (their
    function words), falling back to English when they are too short to tell."""
    if not isinstance(language, str):
        raise InvalidParameterError(f"language must be a str, got {type(language).__name__}")
    if language.strip().lower() == "auto":
        return _core.detect_language(list(texts)) or "english"
    resolved = _core.resolve_language(language)
    if resolved is None:
        raise InvalidParameterError(
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


#: The default strictness of :meth:`ArticleSet.clean`: the one measured best on the labelled
#: development pages (``benches/cleaning_quality.py``).
DEFAULT_STRICTNESS = 0.5


def _clean_all(
    originals: list[str],
    titles: list[str | None],
    outlets: list[str | None],
    language: str,
    n_jobs: int | None,
    strictness: float,
    progress: bool | None,
) -> list[Any]:
    """The core's cleaning of every article, in one call (cleaning looks across the set for
    repeated page furniture, so it cannot be cut into parts), under a bar when one shows: the
    core reports a step per article in each of its two passes, and stops on Ctrl-C."""
    shown = wanted(progress, size=len(originals), threshold=ARTICLES_THRESHOLD)
    with core_job_bar("cleaning", enabled=shown, total=2 * len(originals)):
        results = _core.clean_articles(originals, titles, outlets, language, n_jobs, strictness)
    return list(results)


def _checked_strictness(strictness: object) -> float:
    """``strictness`` as a float in [0, 1], or InvalidParameterError naming the value."""
    if isinstance(strictness, bool) or not isinstance(strictness, int | float):
        raise InvalidParameterError(
            f"strictness must be a number between 0 and 1, got {type(strictness).__name__}"
        )
    if not 0.0 <= float(strictness) <= 1.0:
        raise InvalidParameterError(f"strictness must be between 0 and 1, got {strictness!r}")
    return float(strictness)


#: The usual names of each field's column in scraped data, in order of preference.
USUAL_COLUMNS = {
    "text": ("text", "body", "content"),
    "outlet": ("outlet", "source", "publisher", "site"),
    "date": ("date", "published"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "id": ("id",),
}


def _usual_column(columns: list[str], field: str) -> str | None:
    """The column that holds ``field`` under one of its usual names (any case), or None."""
    by_name = {column.casefold(): column for column in reversed(columns)}
    return next(
        (by_name[name] for name in USUAL_COLUMNS[field] if name in by_name),
        None,
    )


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
                raise DocumentTypeError(
                    f"articles[{position}] must be an Article, got {type(article).__name__}"
                )
        self._positions: dict[str, int] = {}
        for position, article in enumerate(self._articles):
            if article.id in self._positions:
                raise InvalidDocumentError(
                    f"duplicate article id {article.id!r} at positions "
                    f"{self._positions[article.id]} and {position}"
                )
            self._positions[article.id] = position
        self.language = _language(language, (article.text for article in self._articles))
        #: Items left out by ``on_error="skip"``, with the reason.
        self.skipped: tuple[Skipped, ...] = tuple(skipped)
        #: For a set read by :meth:`from_frame`, the column that gave each field.
        self.column_map: dict[str, str] = {}

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
        text: str | None = None,
        id: str | None = None,
        title: str | None = None,
        outlet: str | None = None,
        date: str | None = None,
        url: str | None = None,
        *,
        language: str = "auto",
        on_error: str = "raise",
    ) -> ArticleSet:
        """Articles from a DataFrame. Each field not named here is read from the column of
        its name or of a usual name for it (any case; the first present wins):

        - ``text``: text, body, content;
        - ``outlet``: outlet, source, publisher, site;
        - ``date``: date, published;
        - ``title``: title, headline;
        - ``url``: url, link;
        - ``id``: id (without it, the index gives the ids).

        ``articles.column_map`` records which column gave each field. Other columns land in
        ``Article.metadata``.

        >>> frame = pd.DataFrame({"body": ["A text."], "source": ["Wire"]})
        >>> articles = ArticleSet.from_frame(frame)
        >>> articles[0].outlet, articles.column_map
        ('Wire', {'text': 'body', 'outlet': 'source'})
        """
        if not isinstance(df, pd.DataFrame):
            raise InvalidParameterError(
                f"from_frame needs a pandas DataFrame, got {type(df).__name__}"
            )
        columns = [str(column) for column in df.columns]
        chosen: dict[str, str | None] = {
            "id": id,
            "title": title,
            "outlet": outlet,
            "date": date,
            "url": url,
        }
        mapped: dict[str, str] = {}
        if text is None:
            text = _usual_column(columns, "text") or "text"
        mapped["text"] = text
        for field, given in chosen.items():
            found = given if given is not None else _usual_column(columns, field)
            if found is not None:
                chosen[field] = found
                mapped[field] = found
        records, skipped = records_from_frame(df, text, chosen, on_error)
        articles = cls._build(records, skipped, language)
        articles.column_map = mapped
        return articles

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
        follow_symlinks: bool = False,
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

        Only regular files are read: a FIFO, socket or device file matching the pattern is
        skipped with a warning naming it, and so is a symlink that leads out of the folder
        unless ``follow_symlinks=True`` (a symlink to a file inside the folder is read). A
        file that cannot be read (no permission, a broken symlink, removed while reading)
        raises an OSError naming it, or with ``on_error="skip"`` goes to ``skipped``.

        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "wire.txt").write_text("The port closed on Friday.")
        >>> ArticleSet.from_folder(folder).ids
        ['wire']
        """
        records, skipped, notes = records_from_folder(
            path, pattern, metadata, encoding, on_error, follow_symlinks
        )
        for note in notes:
            warnings.warn(note, stacklevel=2)
        return cls._build(records, skipped, language)

    # -- the sequence -------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._articles)

    @overload
    def __getitem__(self, key: int | str) -> Article: ...

    @overload
    def __getitem__(
        self,
        key: slice | list[Any] | tuple[Any, ...] | np.ndarray[Any, Any] | pd.Series[Any],
    ) -> ArticleSet: ...

    def __getitem__(self, key: Any) -> Article | ArticleSet:
        """By position or id (an article); by a slice, a list of ids, or a boolean mask with
        one value per article (a new set, in the order asked for).

        >>> articles = ArticleSet.from_texts(["One.", "Two.", "Six."], ids=["a", "b", "c"])
        >>> articles[0].id, articles["b"].id, articles[-1:].ids
        ('a', 'b', ['c'])
        >>> articles[["c", "a"]].ids, articles[[True, False, True]].ids
        (['c', 'a'], ['a', 'c'])
        """
        if isinstance(key, str):
            try:
                return self._articles[self._positions[key]]
            except KeyError:
                raise KeyError(f"no article with id {key!r}") from None
        if isinstance(key, slice):
            return ArticleSet(self._articles[key], language=self.language)
        if isinstance(key, bool | np.bool_):
            raise TypeError(f"index an ArticleSet by position, id or slice, not {key!r}")
        if isinstance(key, int | np.integer):
            try:
                return self._articles[int(key)]
            except IndexError:
                raise IndexError(
                    f"position {int(key)} is out of range for a set of {len(self)} articles"
                ) from None
        if isinstance(key, Iterable) and not isinstance(key, bytes | Mapping):
            return self._select(list(key))
        raise TypeError(
            "index an ArticleSet by position, id, slice, list of ids or boolean mask, "
            f"not {type(key).__name__}"
        )

    def _select(self, keys: list[Any]) -> ArticleSet:
        """The set of the ids listed, or of the articles a boolean mask marks."""
        if keys and all(isinstance(k, bool | np.bool_) for k in keys):
            if len(keys) != len(self._articles):
                raise ShapeMismatchError(
                    f"a boolean mask needs one value per article: got {len(keys)} for "
                    f"{len(self._articles)} articles"
                )
            chosen = [a for a, keep in zip(self._articles, keys, strict=True) if keep]
            return ArticleSet(chosen, language=self.language)
        for position, key in enumerate(keys):
            if not isinstance(key, str):
                raise TypeError(
                    f"select articles by ids (str) or a boolean mask; item {position} is "
                    f"{type(key).__name__}"
                )
            if key not in self._positions:
                raise KeyError(f"no article with id {key!r}")
        return ArticleSet(
            [self._articles[self._positions[k]] for k in keys], language=self.language
        )

    def drop(self, ids: str | Iterable[str]) -> ArticleSet:
        """A new set without the articles of ``ids`` (one id or several); an unknown id
        raises KeyError naming it.

        >>> ArticleSet.from_texts(["One.", "Two.", "Six."], ids=["a", "b", "c"]).drop("b").ids
        ['a', 'c']
        """
        if not isinstance(ids, str | Iterable) or isinstance(ids, bytes):
            raise TypeError(f"drop takes an id (str) or a list of ids, got {type(ids).__name__}")
        dropped = [ids] if isinstance(ids, str) else list(ids)
        for position, key in enumerate(dropped):
            if not isinstance(key, str):
                raise TypeError(f"ids[{position}] must be a str, got {type(key).__name__}")
            if key not in self._positions:
                raise KeyError(f"no article with id {key!r}")
        gone = set(dropped)
        kept = [article for article in self._articles if article.id not in gone]
        return ArticleSet(kept, language=self.language, skipped=self.skipped)

    def filter(self, keep: Callable[[Article], bool]) -> ArticleSet:
        """A new set of the articles for which ``keep(article)`` is true, in order.

        >>> articles = ArticleSet.from_texts(["A short one.", "A longer text of words."])
        >>> articles.filter(lambda article: len(article.text.split()) > 3).ids
        ['1']
        """
        if not callable(keep):
            raise TypeError(f"filter needs a function of an Article, got {type(keep).__name__}")
        kept = [article for article in self._articles if keep(article)]
        return ArticleSet(kept, language=self.language, skipped=self.skipped)

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

    def clean(
        self,
        *,
        strictness: float = DEFAULT_STRICTNESS,
        n_jobs: int | None = None,
        progress: bool | None = None,
    ) -> ArticleSet:
        """A new set whose articles keep only the article body.

        Each article keeps its ``original`` text and the record of what was removed and why
        (``article.removed``, offsets into ``original``). The headline becomes ``title``
        (unless the metadata gave one), bylines and publication dates found in the page
        furniture become ``byline`` and ``date`` (metadata dates win), and the body is NFC.
        Cleaning a cleaned set starts again from the originals, so it changes nothing.

        Every removal has a score, how sure cleaning is that the text is not the article's;
        a line is removed when its score reaches ``1 - strictness``. ``strictness`` runs from
        0 (remove only what the page's shape proves: markup, data, the headline, byline and
        dates) to 1 (remove whatever any detector doubts); the default, 0.5, is the one
        measured best on labelled pages. In-body subheadings stay in the text and are listed
        in ``article.headings``; correction notes move to ``article.corrections``; a page that
        is not an article (an error, redirect, archive or consent page) comes back empty with
        ``article.is_article`` False.

        ``progress``: show a progress bar on stderr (True, False, or None: the config's
        ``progress``, automatic from 50 articles).

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
        strictness = _checked_strictness(strictness)
        results = _clean_all(
            originals, titles, outlets, self.language, n_jobs, strictness, progress
        )
        # The set's own evidence on abbreviations ("Hun Sen said"), for Article.sentences.
        with following(progress):
            abbreviations = Abbreviations.learn([r.body for r in results], language=None)
        cleaned = []
        for article, known, result in zip(self._articles, titles, results, strict=True):
            removed = tuple(
                Removal(start, end, kind, reason, article.original[start:end], round(score, 4))
                for start, end, kind, reason, score in result.removed
            )
            headings = tuple(
                Heading(result.body[start:end], start, end) for start, end in result.headings
            )
            found_date = _dt.date.fromisoformat(result.date) if result.date is not None else None
            cleaned.append(
                replace(
                    article,
                    text=result.body,
                    title=result.title,
                    title_source="input"
                    if known is not None
                    else ("page" if result.title is not None else None),
                    byline=result.byline,
                    dateline=result.dateline,
                    date=article.date if article.date is not None else found_date,
                    cleaned=True,
                    removed=removed,
                    kept=tuple(result.kept),
                    words_kept=result.words_kept,
                    words_removed=result.words_removed,
                    headings=headings,
                    corrections=tuple(result.corrections),
                    is_article=result.is_article,
                    abbreviations=abbreviations,
                )
            )
        return ArticleSet(cleaned, language=self.language, skipped=self.skipped)

    # -- comparison ---------------------------------------------------------------------

    def compare(
        self,
        *,
        tokenizer: Any = "news",
        stop_words: Any = "language",
        stem: str | bool | None = True,
        sublinear_tf: bool = True,
        ngram_range: tuple[int, int] = (1, 1),
        min_df: float | int = 1,
        max_df: float | int = 1.0,
        background: Any = None,
        n_jobs: int | None = None,
        sentence_encoder: Any = None,
        progress: bool | None = None,
    ) -> Comparison:
        """Compare the articles: similarity, shared and distinctive terms, reuse, topics and
        the digest (see :class:`~storylens.Comparison`, which takes the same parameters).

        - ``tokenizer``: ``"news"`` (the news-aware tokeniser, the default), None for
          scikit-learn's pattern, or a callable.
        - ``stop_words``: ``"language"`` (the full stop list of the set's language, which
          drops reporting verbs such as "said"), a language name, a list, or None.
        - ``stem``: True stems in the set's language, False or None does not, or a language.
        - ``sublinear_tf``: weigh term counts as 1 + log(count).
        - ``ngram_range``, ``min_df``, ``max_df``: as in :class:`~storylens.CountVectorizer`.
        - ``background``: texts that give the IDF a sense of which words are common (an
          ArticleSet, a list of texts or a fitted TfidfVectorizer), or None for the set itself.
        - ``n_jobs``: threads (None: all cores); results never depend on it.
        - ``sentence_encoder``: optional, a callable that turns a list of sentences into a
          2-D array of vectors; their cosine adds a paraphrase signal to the reuse map.
        - ``progress``: show a progress bar on stderr (True, False, or None: the config's
          ``progress``, automatic from 50 articles).

        A set that holds several stories (two or more of at least three articles each, by
        :meth:`stories`) gives a :class:`~storylens.exceptions.SeveralStoriesWarning`:
        results that treat it as one story mislead, and each story is best compared alone.

        >>> from storylens.datasets import load_sample
        >>> load_sample().clean().compare()
        Comparison(7 articles, ... terms)
        >>> comparison = load_sample().clean().compare(stem=False, n_jobs=1)
        >>> comparison.stem is None, comparison.n_jobs
        (True, 1)
        """
        # The articles layer sits below compare; this method reaches up by design (a set is
        # compared from itself), so the import is made here, when it is called.
        from storylens.compare.comparison import Comparison

        comparison = Comparison(
            self,
            tokenizer=tokenizer,
            stop_words=stop_words,
            stem=stem,
            sublinear_tf=sublinear_tf,
            ngram_range=ngram_range,
            min_df=min_df,
            max_df=max_df,
            background=background,
            n_jobs=n_jobs,
            sentence_encoder=sentence_encoder,
            progress=progress,
        )
        with following(progress):
            stories = comparison.stories()
        if stories.several():
            warnings.warn(stories.warning(), SeveralStoriesWarning, stacklevel=2)
        return comparison

    def stories(
        self,
        *,
        k: int = 5,
        ratio: float = 0.5,
        min_similarity: float = 0.05,
        top: int = 10,
        n_jobs: int | None = None,
    ) -> Stories:
        """Group the articles into stories: a set scraped for one story often holds several.

        Each article is linked to its ``k`` nearest articles (cosine of plain TF-IDF, with
        the comparison's default settings) whose similarity reaches a threshold computed
        from the data (``ratio`` times the set's median best similarity, at least
        ``min_similarity``); the connected groups are the stories. ``labels`` numbers them
        from 0, the largest; ``terms`` gives each story's top ``top`` terms; ``sets()`` one
        ArticleSet per story. The exact rule is in :mod:`storylens.compare.stories`; the
        result never depends on ``n_jobs``.

        >>> from storylens.datasets import load_sample
        >>> stories = load_sample().clean().stories()
        >>> stories.labels.value_counts().to_dict()
        {0: 7}
        >>> list(stories.terms.columns)
        ['story', 'rank', 'term', 'weight']
        """
        # The articles layer sits below compare; this method reaches up by design (a set
        # groups itself), so the import is made here, when it is called.
        from storylens.compare.stories import find_stories

        return find_stories(
            self, k=k, ratio=ratio, min_similarity=min_similarity, top=top, n_jobs=n_jobs
        )

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
        text and score (how sure cleaning was, 0 to 1); the audit trail of :meth:`clean`.

        >>> page = "Share\\nThe port closed on Friday after the strike."
        >>> ArticleSet.from_texts([page]).clean().removals()[["article", "kind", "text", "score"]]
          article       kind   text  score
        0       0  furniture  Share    0.9
        """
        rows = [
            {"article": article.id, **removal.__dict__}
            for article in self._articles
            for removal in article.removed
        ]
        columns = ["article", "start", "end", "kind", "reason", "text", "score"]
        return pd.DataFrame(rows, columns=columns).astype({"score": "float64"})

    def __repr__(self) -> str:
        state = "cleaned" if all(a.cleaned for a in self._articles) and self._articles else "raw"
        return f"ArticleSet({len(self)} articles, {state}, language={self.language!r})"

    def _repr_html_(self) -> str:
        return article_set_html(repr(self), self.to_frame().drop(columns=["text"]))

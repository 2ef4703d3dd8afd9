"""Reuse and sources: which sentences of an article come from which sentences of the others,
how much of each article another supplies, and who most likely rewrote whom."""

from __future__ import annotations

import datetime as _dt
import re
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from storylens import _core
from storylens._budget import SETTING, budget_bytes, check_budget, dense_bytes, format_bytes
from storylens._config import memory_limit_bytes
from storylens.compare._vectorize import as_csr
from storylens.exceptions import InvalidParameterError, LargeReuseWarning, ResourceLimitError
from storylens.text import Tokenizer
from storylens.views.html import reuse_html

__all__ = [
    "KINDS",
    "REUSED",
    "SUMMARY_COLUMNS",
    "ReuseMap",
    "align_sentences",
    "best_match_frame",
    "date_rank",
    "encode_sentences",
    "likely_sources",
    "reuse_frame",
    "reuse_shares",
    "reuse_summary",
    "shown_scores",
    "source_rank",
    "sources",
    "wire_credits",
]

#: The kinds of match, in the core's code order.
KINDS = ("verbatim", "near-verbatim", "paraphrase", "unique")

#: The kinds that count as reuse, best first.
REUSED = KINDS[:3]

#: Words per shingle when hashing sentences to find copied wording.
SHINGLE_WORDS = 3

#: Candidates per sentence, the closest by TF-IDF cosine over all other articles, that the
#: slower paraphrase signals (the alignment of content words, a sentence encoder) look at.
TOP_K = 10

# Likely sources (see reuse_summary): with equal or missing dates, a copy is covered by its
# source at least this much more than the source by the copy ...
CONTAINMENT_MARGIN = 0.15
# ... or, failing that, the source supplies the rest of the set at least 1.5 times as much
# (summed shares) and by at least 0.3 of an article more.
REACH_MARGIN = 1.5
REACH_MINIMUM = 0.3
# Sorts undated articles after dated ones.
_NO_DATE = _dt.date.max

#: The most memory the reuse map's rows may take while
#: ``storylens.set_config(memory_limit=...)`` is not set, in bytes (at :data:`MAP_ROW_BYTES`
#: a row, 4 GB is about 45 million matches: 10 times the 4.6 million of 1,000 generated
#: articles in stories of 25, and a one-story set of a few thousand articles passes it).
#: The number of matches is learnt only while they are found, so the core counts them as it
#: goes and the map stops soon after they pass it, with a ``ResourceLimitError`` that names
#: the limit and what scales instead (comparing each story on its own); a ``memory_limit``
#: that is set replaces it. Measured in benches/README.md ("The reuse map's memory budget").
MAX_REUSE_BYTES = 4 * 10**9

#: Peak bytes per row of the map while it is built: 24 while the core finds the rows, then
#: 48 in its columns, made while the found rows are still held, and the indexes beside them.
#: Measured end to end as the peak RSS that ``comparison.reuse()`` adds, per match: 87 at
#: 1,000 generated articles (4.6 million matches), 82 at 2,000 (18 million).
MAP_ROW_BYTES = 88

#: Bytes per row of a listing (``reuse(all_pairs=True)`` or ``include_unique=True``): the
#: frame's two text columns, its labels and numbers, and the sort that orders them, beside
#: the core's rows. Measured as the peak RSS that ``comparison.reuse(all_pairs=True)`` adds
#: per row, 353 at 1,000 generated articles (4.6 million rows).
LISTING_ROW_BYTES = 360

#: Bytes per pair of articles of :func:`reuse_summary` (the pair counts, the shares and the
#: likely sources' matrices) and of :func:`likely_sources` alone, measured with tracemalloc.
SUMMARY_PAIR_BYTES = 104
SOURCES_PAIR_BYTES = 72

# What scales when a quadratic step of the reuse map does not fit.
_PER_STORY = (
    "compare each story on its own: for story in articles.stories().sets(): story.compare().reuse()"
)


class ReuseMap(pd.DataFrame):
    """The reuse map: by default one row per reused sentence, with its best match over all
    the other articles and ``reused_in``, the number of other articles that reuse it; with
    ``all_pairs``, one row per (sentence, other article) that reuses the sentence (with
    ``include_unique``, also a row for every other article, unique).

    Columns: ``article``, ``sentence`` (its index in the article), ``text``, ``other``,
    ``other_sentence`` (-1 when the other article has no sentences), ``other_text``,
    ``score`` (TF-IDF cosine; see :func:`shown_scores` for copied wording without a
    shared weighted term) and ``kind`` (verbatim, near-verbatim, paraphrase or unique),
    then ``reused_in`` in the compact map.
    It is a pandas DataFrame whose notebook view lists the matches first, coloured by kind.

    >>> from storylens.datasets import load_sample
    >>> comparison = load_sample().clean().compare()
    >>> list(comparison.reuse(all_pairs=True).columns)
    ['article', 'sentence', 'text', 'other', 'other_sentence', 'other_text', 'score', 'kind']
    >>> list(comparison.reuse().columns)[-2:]
    ['kind', 'reused_in']
    """

    @property
    def _constructor(self) -> type[pd.DataFrame]:
        # Slices and selections are plain DataFrames: they may lack the columns this view needs.
        return pd.DataFrame

    def _repr_html_(self) -> str:
        return reuse_html(self)


def reuse_frame(
    sentences: pd.DataFrame,
    rows: _core.ReuseRows,
    ids: list[str],
    kinds: Iterable[str] | None = None,
    *,
    include_unique: bool = False,
) -> ReuseMap:
    """The reuse map as a labelled frame from the core's rows, matches first: by kind
    (verbatim, near-verbatim, paraphrase), then by score, highest first (ties in sentence
    order, then article order). By default only the reused rows; ``include_unique`` adds the
    unique rows after them, in sentence order, and ``kinds`` keeps the rows of those kinds.
    Vectorised: a set of a few hundred articles has millions of rows, most of them unique.
    A listing whose rows would pass the budget (:data:`LISTING_ROW_BYTES` a row against
    ``memory_limit``, else :data:`MAX_REUSE_BYTES`) raises ``ResourceLimitError`` first.

    >>> from storylens.datasets import load_sample
    >>> comparison = load_sample().clean().compare()
    >>> rows = align_sentences(
    ...     comparison.sentences, comparison._sentence_tfidf, 7, None, include_unique=True
    ... )
    >>> frame = reuse_frame(comparison.sentences, rows, comparison.ids)
    >>> frame["kind"].iloc[0], "unique" in set(frame["kind"])
    ('verbatim', False)
    >>> set(reuse_frame(comparison.sentences, rows, comparison.ids, ["unique"])["kind"])
    {'unique'}
    """
    wanted = _wanted_kinds(kinds, include_unique)
    listed = int(np.isin(rows.kind, [KINDS.index(name) for name in wanted]).sum())
    check_budget(
        f"the reuse listing of {listed:,} rows",
        listed * LISTING_ROW_BYTES,
        hint=f"{_PER_STORY}, or ask for the compact map (reuse())",
        default_limit=MAX_REUSE_BYTES,
        default_name="storylens.compare.reuse.MAX_REUSE_BYTES",
    )
    return _frame(sentences, rows, ids, wanted)


def best_match_frame(
    sentences: pd.DataFrame,
    rows: _core.ReuseRows,
    ids: list[str],
    dates: Sequence[_dt.date | None],
    kinds: Iterable[str] | None = None,
    *,
    rank: np.ndarray[Any, Any] | None = None,
) -> ReuseMap:
    """The compact reuse map: one row per reused sentence, with its best match over all
    the other articles (the closest kind, then the highest score; among equal matches the
    first article by ``rank``, see :func:`source_rank`: by default the earliest-dated, then
    the first listed) and ``reused_in``, the number of other
    articles that reuse it (any kind). Best first, as in :func:`reuse_frame`; ``kinds``
    keeps the rows whose best match is of those kinds. A wire sentence that 24 outlets
    reprint is one row here, and 24 in the full map.

    >>> from storylens.datasets import load_sample
    >>> c = load_sample().clean().compare()
    >>> dates = [article.date for article in c.articles]
    >>> compact = best_match_frame(c.sentences, c._reuse_rows, c.ids, dates)
    >>> bool(compact[["article", "sentence"]].duplicated().any())
    False
    >>> int(compact["reused_in"].sum()) == len(c._reuse_rows)
    True
    """
    wanted = _wanted_kinds(kinds, include_unique=False)
    if rank is None:
        rank = date_rank(dates)
    best, reused_in = _core.reuse_best_matches(rows, len(sentences), rank)
    return _frame(sentences, best, ids, wanted, reused_in=reused_in)


def date_rank(dates: Sequence[_dt.date | None]) -> np.ndarray[Any, Any]:
    """Each article's rank by date, earliest first (undated last; ties in list order).

    >>> import datetime as dt
    >>> date_rank([None, dt.date(2026, 3, 2), dt.date(2026, 3, 1)]).tolist()
    [2, 1, 0]
    """
    day = np.array([(date or _NO_DATE).toordinal() for date in dates], dtype=np.int64)
    rank = np.empty(len(day), dtype=np.int64)
    rank[np.lexsort((np.arange(len(day)), day))] = np.arange(len(day))
    return rank


def _wanted_kinds(kinds: Iterable[str] | None, include_unique: bool) -> list[str]:
    if kinds is None:
        return list(KINDS) if include_unique else list(REUSED)
    wanted = list(kinds) if not isinstance(kinds, str) else [kinds]
    unknown = [name for name in wanted if name not in KINDS]
    if unknown:
        raise InvalidParameterError(f"unknown reuse kind(s) {unknown}; choose from {list(KINDS)}")
    return wanted


def _frame(
    sentences: pd.DataFrame,
    rows: _core.ReuseRows,
    ids: list[str],
    wanted: list[str],
    reused_in: np.ndarray[Any, Any] | None = None,
) -> ReuseMap:
    """The labelled frame of the core's ``rows`` of the ``wanted`` kinds, best first."""
    kind = rows.kind
    score = shown_scores(rows)
    selected = np.flatnonzero(np.isin(kind, [KINDS.index(name) for name in wanted]))
    # Best first: kind, then score (highest first); unique rows keep sentence order. The
    # core's rows are in sentence order and then article order, which breaks the ties.
    score_key = np.where(kind[selected] == KINDS.index("unique"), 0.0, -score[selected])
    keep = selected[np.lexsort((selected, score_key, kind[selected]))]
    sentence = rows.sentence[keep]
    other_article = rows.other_article[keep]
    other_sentence = rows.other_sentence[keep]
    # Each text once, and "" for an article without sentences: a column is one take over
    # the distinct strings.
    text_of, distinct = pd.factorize(
        np.append(sentences["text"].to_numpy(dtype=object), ""), use_na_sentinel=False
    )
    no_text = text_of[-1]
    local = sentences["sentence"].to_numpy()
    article_of = sentences["article_index"].to_numpy()
    found = other_sentence >= 0
    matched = np.where(found, other_sentence, 0)
    columns = {
        "article": _strings(list(ids), article_of[sentence]),
        "sentence": local[sentence],
        "text": _strings(distinct, text_of[sentence]),
        "other": _strings(list(ids), other_article),
        "other_sentence": np.where(found, local[matched], -1),
        "other_text": _strings(distinct, np.where(found, text_of[matched], no_text)),
        "score": score[keep],
        "kind": _strings(list(KINDS), kind[keep]),
    }
    if reused_in is not None:
        columns["reused_in"] = reused_in[keep]
    return ReuseMap(columns)


def shown_scores(rows: _core.ReuseRows) -> np.ndarray[Any, Any]:
    """The ``score`` column of the core's ``rows``: the TF-IDF cosine of the two sentences,
    except for a match on wording (verbatim, near-verbatim) between sentences that share no
    weighted term, such as a quote made of common words ('"We did not want this," she
    said.'), has no cosine to give (0): its score is the share of word 3-grams shared.

    >>> import numpy as np
    >>> from storylens import _core
    >>> rows = _core.ReuseRows([0, 1], [1, 1], [0, 0], [0.0, 0.3], [0.6, 0.0], [1, 2])
    >>> shown_scores(rows).tolist()
    [0.6, 0.3]
    """
    score = np.array(rows.score, dtype=np.float64)
    wording = np.isin(rows.kind, [KINDS.index("verbatim"), KINDS.index("near-verbatim")])
    no_cosine = wording & (score == 0.0)
    score[no_cosine] = rows.containment[no_cosine]
    return score


def _strings(labels: Any, codes: np.ndarray[Any, Any]) -> Any:
    """``labels[codes]`` as the column of strings pandas makes of them (``str`` in pandas 3,
    object before), built by one take over the distinct ``labels``: pandas 3 would convert
    a column of millions of Python strings one at a time.
    """
    return pd.Index(labels).array.take(codes)


def align_sentences(
    sentences: pd.DataFrame,
    sentence_tfidf: Any,
    n_articles: int,
    n_jobs: int | None,
    terms: Iterable[Any] | None = None,
    *,
    include_unique: bool = False,
    sentence_vectors: np.ndarray[Any, Any] | None = None,
    top_k: int = TOP_K,
) -> _core.ReuseRows:
    """Every sentence's best match in each other article that reuses it, as the core's rows
    (columns ``sentence``, ``other_article``, ``other_sentence``, ``score``, ``containment``
    and ``kind``): shingled hashing of the words (the news tokenizer's, found and shingled in
    the core) finds copied wording; TF-IDF cosine, the alignment of content words and, when
    ``sentence_vectors`` are given (see :func:`encode_sentences`), their cosine find
    paraphrase. ``terms`` names the TF-IDF columns, so that the alignment can pair spelling
    variants ("telephone" and "phone"); without it, only equal terms pair. The slower
    signals look at each sentence's ``top_k`` closest candidates over all other articles.
    ``include_unique`` adds a row for every other (sentence, article) without a match, with
    its closest sentence there: a set of n articles then has about n times as many rows as
    sentences. The rows have a budget (``memory_limit``, else :data:`MAX_REUSE_BYTES`, at
    :data:`MAP_ROW_BYTES` a row): past it the core stops early and this raises
    :class:`~storylens.exceptions.ResourceLimitError`, naming the limit and what scales.

    >>> from storylens.datasets import load_sample
    >>> comparison = load_sample().clean().compare()
    >>> rows = align_sentences(comparison.sentences, comparison._sentence_tfidf, 7, None)
    >>> 0 < len(rows) < 6 * len(comparison.sentences), 3 in set(rows.kind)
    (True, False)
    >>> full = align_sentences(
    ...     comparison.sentences, comparison._sentence_tfidf, 7, None, include_unique=True
    ... )
    >>> len(full) == 6 * len(comparison.sentences)
    True
    """
    if include_unique:
        check_budget(
            f"the reuse listing with unique rows of {n_articles:,} articles",
            # The map's rows and the listing's frame, held together.
            dense_bytes(
                len(sentences),
                max(n_articles - 1, 0),
                itemsize=MAP_ROW_BYTES + LISTING_ROW_BYTES,
            ),
            hint=f"{_PER_STORY}, or list the matches only (include_unique=False)",
        )
    limit = budget_bytes(MAX_REUSE_BYTES)
    article_of = sentences["article_index"].to_numpy(dtype=np.int64)
    try:
        return _core.align_sentences(
            article_of,
            sentences["text"].tolist(),
            Tokenizer(tokenizer="news")._core_analyzer(),
            as_csr(sentence_tfidf),
            shingle_words=SHINGLE_WORDS,
            terms=None if terms is None else [str(term) for term in terms],
            top_k=top_k,
            sentence_vectors=sentence_vectors,
            include_unique=include_unique,
            n_articles=n_articles,
            n_jobs=n_jobs,
            max_rows=None if limit is None else limit // MAP_ROW_BYTES,
        )
    except ResourceLimitError as error:
        raise ResourceLimitError(_map_refusal(n_articles, limit or 0)) from error


def _map_refusal(n_articles: int, limit: int) -> str:
    """The message of a reuse map whose rows passed ``limit`` bytes: the step, the limit and
    where it comes from, and what to do.

    >>> print(_map_refusal(5_000, MAX_REUSE_BYTES))  # doctest: +NORMALIZE_WHITESPACE
    the reuse map of 5,000 articles has more than 45,454,545 matches (88 bytes each), above
    the built-in limit of 4.00 GB (storylens.compare.reuse.MAX_REUSE_BYTES) that applies
    while storylens.set_config(memory_limit=...) is not set; compare each story on its own:
    for story in articles.stories().sets(): story.compare().reuse(), or set a memory_limit
    that fits
    """
    head = (
        f"the reuse map of {n_articles:,} articles has more than {limit // MAP_ROW_BYTES:,} "
        f"matches ({MAP_ROW_BYTES} bytes each), above the"
    )
    if memory_limit_bytes() is not None:
        return f"{head} memory limit of {format_bytes(limit)} set by {SETTING}; {_PER_STORY}"
    return (
        f"{head} built-in limit of {format_bytes(limit)} "
        f"(storylens.compare.reuse.MAX_REUSE_BYTES) that applies while {SETTING} is not set; "
        f"{_PER_STORY}, or set a memory_limit that fits"
    )


#: Above this many articles, the reuse map warns (see :func:`warn_if_large`). Measured on
#: generated stories of 25 articles (benches/reuse_scale.py): 1,000 articles take seconds
#: under 1 GB, 5,000 take a minute and 2.8 GB.
LARGE_SET_ARTICLES = 2_000

#: Above this many rows, a map with the unique rows warns (see :func:`warn_if_large`).
LARGE_MAP_ROWS = 5_000_000


def warn_if_large(n_articles: int, n_sentences: int, include_unique: bool) -> None:
    """Warns (:class:`~storylens.exceptions.LargeReuseWarning`) before a reuse map whose cost
    grows with the square of the number of articles: above ``LARGE_SET_ARTICLES`` articles
    (each sentence is compared with the close sentences of every other article, and in one
    story every article has some), or when the unique rows (one per sentence and other
    article) would pass ``LARGE_MAP_ROWS``. The warning names the limit and what scales.

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_if_large(10, 250, include_unique=True)
    ...     warn_if_large(2_500, 60_000, include_unique=False)
    >>> len(caught), "stories()" in str(caught[0].message)
    (1, True)
    """
    advice = (
        "compare each story on its own (for story in articles.stories().sets(): "
        "story.compare().reuse()), or ask for the matches only"
    )
    if include_unique and n_sentences * max(n_articles - 1, 0) > LARGE_MAP_ROWS:
        warnings.warn(
            f"a reuse map with the unique rows has one row per sentence and other article: "
            f"{n_sentences:,} x {n_articles - 1:,} rows here, above {LARGE_MAP_ROWS:,}; "
            f"{advice} (include_unique=False, or unique_facts())",
            LargeReuseWarning,
            stacklevel=4,
        )
    elif n_articles > LARGE_SET_ARTICLES:
        warnings.warn(
            f"the reuse map of {n_articles:,} articles (above {LARGE_SET_ARTICLES:,}) grows "
            f"with the square of the number of articles that tell one story; {advice}",
            LargeReuseWarning,
            stacklevel=4,
        )


def encode_sentences(encoder: Any, texts: Sequence[str]) -> np.ndarray[Any, Any]:
    """The vectors a caller's sentence ``encoder`` gives ``texts``, checked: any callable
    that takes a list of strings and returns one row of numbers per string (a 2-D array,
    such as a sentence-transformers model's ``encode``), as a C-ordered float32 array.

    >>> import numpy as np
    >>> def lengths(texts):
    ...     return np.array([[len(t), 1.0] for t in texts])
    >>> encode_sentences(lengths, ["Tank.", "A tank split."]).tolist()
    [[5.0, 1.0], [13.0, 1.0]]
    """
    if not callable(encoder):
        raise InvalidParameterError(
            f"sentence_encoder must be a callable taking a list of sentences, "
            f"got {type(encoder).__name__}"
        )
    texts = list(texts)
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    try:
        vectors = np.asarray(encoder(texts), dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise InvalidParameterError(
            f"sentence_encoder must return a 2-D array of numbers: {error}"
        ) from error
    if vectors.ndim != 2 or vectors.shape[0] != len(texts) or vectors.shape[1] == 0:
        raise InvalidParameterError(
            f"sentence_encoder returned shape {vectors.shape} for {len(texts)} sentences; "
            f"expected ({len(texts)}, dimensions)"
        )
    bad = np.flatnonzero(~np.isfinite(vectors).all(axis=1))
    if len(bad):
        raise InvalidParameterError(
            f"sentence_encoder returned a value that is not finite for sentence {bad[0]}: "
            f"{texts[bad[0]]!r}"
        )
    return np.ascontiguousarray(vectors, dtype=np.float32)


def reuse_shares(
    rows: _core.ReuseRows, sentences: pd.DataFrame, n_articles: int
) -> np.ndarray[Any, Any]:
    """``shares[a, b]``: the share of article a's sentences whose best match in b is reused
    (verbatim, near-verbatim or paraphrase).

    >>> from storylens.datasets import load_sample
    >>> comparison = load_sample().clean().compare()
    >>> reuse_shares(comparison._reuse_rows, comparison.sentences, 7).shape
    (7, 7)
    """
    check_budget(
        f"the reuse shares of {n_articles:,} articles",
        dense_bytes(n_articles, n_articles),
        hint=_PER_STORY,
    )
    article_of = sentences["article_index"].to_numpy(dtype=np.int64)
    shares: np.ndarray[Any, Any] = _core.reuse_shares(rows, article_of, n_articles)
    return shares


#: The columns of :func:`reuse_summary`.
SUMMARY_COLUMNS = [
    "source",
    "copy",
    "share_of_copy",
    "share_of_source",
    "verbatim",
    "near_verbatim",
    "paraphrase",
    "evidence",
]


def reuse_summary(
    rows: _core.ReuseRows,
    sentences: pd.DataFrame,
    shares: np.ndarray[Any, Any],
    ids: Sequence[str],
    dates: Sequence[_dt.date | None],
    min_share: float,
    *,
    agencies: np.ndarray[Any, Any] | None = None,
    outlets: np.ndarray[Any, Any] | None = None,
) -> pd.DataFrame:
    """One row per unordered pair of articles that share any reused sentence, in one
    direction: ``source`` and ``copy`` (see :func:`likely_sources`, which ``agencies`` and
    ``outlets`` go to; when no rule decides,
    ``evidence`` is ``"undecided"`` and the two are in id order), ``share_of_copy`` (the
    share of the copy's sentences found in the source), ``share_of_source`` (the other way),
    and the copy's sentences by kind of match in the source. Largest ``share_of_copy`` first.

    >>> from storylens.datasets import load_sample
    >>> c = load_sample().clean().compare()
    >>> dates = [article.date for article in c.articles]
    >>> summary = reuse_summary(c._reuse_rows, c.sentences, c._reuse_shares, c.ids, dates, 0.2)
    >>> summary.iloc[0][["source", "copy", "evidence"]].tolist()
    ['wire', 'valley-courier', 'containment']
    """
    n = len(ids)
    check_budget(
        f"the reuse summary of {n:,} articles",
        dense_bytes(n, n, itemsize=SUMMARY_PAIR_BYTES),
        hint=_PER_STORY.replace(".reuse()", ".reuse_summary()"),
    )
    article_of = sentences["article_index"].to_numpy(dtype=np.int64)
    # Counted in the core, per ordered pair that shares any, in (article, other) order: the
    # map may hold millions of rows, and a one-story set nearly every pair.
    article, other, by_kind = _core.reuse_pair_counts(rows, article_of, n)
    key = article * n + other

    def counts_of(a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """The rows of a's sentences matched in b, by kind (0 where there are none)."""
        wanted = a * n + b
        at = np.minimum(np.searchsorted(key, wanted), len(key) - 1)
        return np.where((key[at] == wanted)[:, None], by_kind[at], 0)

    # Each unordered pair once: (a, b) with a < b, and (b, a) where only a > b has rows.
    backward = article > other
    alone = backward & (counts_of(other, article).sum(axis=1) == 0)
    first = np.concatenate([article[~backward], other[alone]])
    second = np.concatenate([other[~backward], article[alone]])
    order = np.lexsort((second, first))
    first, second = first[order], second[order]
    source, evidence = likely_sources(shares, dates, min_share, agencies=agencies, outlets=outlets)
    names = np.asarray(ids, dtype=object)
    # Ranks of the ids in string order: sorting by them sorts by id, without comparing
    # strings.
    rank = np.empty(n, dtype=np.int64)
    rank[np.argsort(names.astype(str), kind="stable")] = np.arange(n)
    decided = source[first, second] >= 0
    # Undecided pairs name the lower id first, so that their direction says nothing.
    by_id = np.where(rank[first] <= rank[second], first, second)
    src = np.where(decided, source[first, second], by_id)
    copy = np.where(src == first, second, first)
    share_of_copy = shares[copy, src]
    order = np.lexsort((rank[copy], rank[src], -share_of_copy))
    src, copy, decided = src[order], copy[order], decided[order]
    counted = counts_of(copy, src)
    said = evidence[first[order], second[order]]
    frame = pd.DataFrame(
        {
            "source": names[src],
            "copy": names[copy],
            "share_of_copy": share_of_copy[order],
            "share_of_source": shares[src, copy],
            "verbatim": counted[:, KINDS.index("verbatim")],
            "near_verbatim": counted[:, KINDS.index("near-verbatim")],
            "paraphrase": counted[:, KINDS.index("paraphrase")],
            "evidence": np.where(decided, said, "undecided"),
        },
        columns=SUMMARY_COLUMNS,
    )
    frame["evidence"] = frame["evidence"].astype(object)
    return frame


def wire_credits(
    datelines: Sequence[str | None], outlets: Sequence[str | None]
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Each article's agency, as its dateline credits it ("VELMORA, March 13 (Meridian
    Press)" credits Meridian Press), and its outlet, as codes of one naming: equal codes
    name the same outlet (case, punctuation and a leading "The" aside); -1 for none.
    :func:`likely_sources` reads from them which article is a wire story and which
    reprints one.

    >>> agencies, outlets = wire_credits(
    ...     ["OSLO, May 2 (The Nord Wire) - ...", "BERGEN (Nord Wire)", None],
    ...     ["Nord Wire", "Bergen Daily", "Bergen Daily"],
    ... )
    >>> agencies.tolist(), outlets.tolist()
    ([0, 0, -1], [0, 1, 1])
    """
    names: dict[str, int] = {}

    def code(name: str | None) -> int:
        if not name:
            return -1
        words = re.sub(r"[^\w\s]", " ", name.casefold()).split()
        if words[:1] == ["the"]:
            words = words[1:]
        return names.setdefault(" ".join(words), len(names)) if words else -1

    def agency(dateline: str | None) -> str | None:
        found = _DATELINE_AGENCY.search(dateline or "")
        return found.group(1) if found else None

    agencies = np.array([code(agency(dateline)) for dateline in datelines], dtype=np.int64)
    outlet_codes = np.array([code(outlet) for outlet in outlets], dtype=np.int64)
    return agencies, outlet_codes


# The agency a dateline credits: the last bracketed name before its dash ("... (Reuters)").
_DATELINE_AGENCY = re.compile(r"\(([^()]+)\)\s*(?:[-\u2013\u2014]+.*)?$", re.DOTALL)


def wire_marks(
    agencies: np.ndarray[Any, Any], outlets: np.ndarray[Any, Any]
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """From :func:`wire_credits`' codes: which articles are wire stories (a dateline that
    credits the article's own outlet, or one whose outlet is unknown; or an outlet that
    another article's dateline credits) and which are reprints (a dateline that credits an
    outlet other than the article's own).

    >>> import numpy as np
    >>> wire, reprint = wire_marks(np.array([0, 0, -1]), np.array([0, 1, 1]))
    >>> wire.tolist(), reprint.tolist()
    ([True, False, False], [False, True, False])
    """
    credited = agencies >= 0
    reprint = credited & (outlets >= 0) & (outlets != agencies)
    wire = credited & ~reprint
    wire |= (outlets >= 0) & np.isin(outlets, agencies[reprint])
    return wire, reprint


def source_rank(
    dates: Sequence[_dt.date | None],
    *,
    wires: np.ndarray[Any, Any] | None = None,
    copies: np.ndarray[Any, Any] | None = None,
) -> np.ndarray[Any, Any]:
    """Each article's rank as a source among equal matches: the earliest-dated first
    (undated last); on the same day, wire stories (``wires``, see :func:`wire_marks`)
    before the rest, and known copies (``copies``: reprints, duplicates that
    ``Comparison.outliers`` flags) after it; then in list order.

    >>> import datetime as dt, numpy as np
    >>> day = dt.date(2026, 3, 2)
    >>> source_rank([day, day, day], copies=np.array([True, False, False])).tolist()
    [2, 0, 1]
    >>> source_rank([day, day, None], wires=np.array([False, True, False])).tolist()
    [1, 0, 2]
    """
    n = len(dates)
    day = np.array([(date or _NO_DATE).toordinal() for date in dates], dtype=np.int64)
    standing = np.ones(n, dtype=np.int64)
    if wires is not None:
        standing[np.asarray(wires, dtype=bool)] = 0
    if copies is not None:
        standing[np.asarray(copies, dtype=bool)] = 2
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((np.arange(n), standing, day))] = np.arange(n)
    return rank


def likely_sources(
    shares: np.ndarray[Any, Any],
    dates: Sequence[_dt.date | None],
    min_share: float,
    *,
    agencies: np.ndarray[Any, Any] | None = None,
    outlets: np.ndarray[Any, Any] | None = None,
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """For every pair (a, b) where either article's share in the other reaches
    ``min_share``, the index of the likely source (-1 for none) and the rule that decided it:
    the earlier-dated article (``"date"``); with equal or missing dates, the wire story
    (``"dateline"``: given ``agencies`` and ``outlets`` from :func:`wire_credits`, the
    article whose outlet the other's dateline credits, else the one that is a wire story,
    see :func:`wire_marks`, when the other is not); then the one the other copies more
    fully (``"containment"``); failing that, the one the rest of the set draws on far more
    (``"reach"``). Both matrices are symmetric in what they say: entry (a, b) and entry
    (b, a) name the same source by the same rule.

    A copy may add more of its own than it leaves out of the wire (a local quote, a line
    of reaction), so the shares alone can point the wrong way; the dateline, where there is
    one, is the stronger sign.

    >>> import numpy as np
    >>> shares = np.array([[0.0, 0.9], [0.2, 0.0]])
    >>> source, evidence = likely_sources(shares, [None, None], 0.2)
    >>> source.tolist(), evidence.tolist()
    ([[-1, 1], [1, -1]], [[None, 'containment'], ['containment', None]])
    >>> wire = {"agencies": np.array([0, -1]), "outlets": np.array([0, 1])}
    >>> likely_sources(shares, [None, None], 0.2, **wire)[1][0, 1]
    'dateline'
    """
    n = len(dates)
    check_budget(
        f"the likely sources of {n:,} articles",
        dense_bytes(n, n, itemsize=SOURCES_PAIR_BYTES),
        hint=_PER_STORY.replace(".reuse()", ".sources()"),
    )
    share = shares
    back = share.T
    day = np.array([d.toordinal() if d is not None else -1 for d in dates], dtype=np.int64)
    a_index = np.repeat(np.arange(n), n).reshape(n, n)
    b_index = a_index.T
    # Reach: how much of the rest of the set each one supplies, counted over the
    # articles that draw on it at all (min_share), leaving the pair itself out.
    supplies = np.where(share >= min_share, share, 0.0)
    np.fill_diagonal(supplies, 0.0)
    reach = supplies.sum(axis=0)
    reach_a = reach[a_index] - supplies[b_index, a_index]
    reach_b = reach[b_index] - supplies[a_index, b_index]
    rules = [
        ("date", (day[a_index] >= 0) & (day[b_index] >= 0) & (day[a_index] != day[b_index])),
        ("dateline", np.zeros((n, n), dtype=bool)),
        ("containment", np.abs(share - back) >= CONTAINMENT_MARGIN),
        (
            "reach",
            (reach_b >= REACH_MARGIN * reach_a + REACH_MINIMUM)
            | (reach_a >= REACH_MARGIN * reach_b + REACH_MINIMUM),
        ),
    ]
    b_wins = {
        "date": day[b_index] < day[a_index],
        "dateline": np.zeros((n, n), dtype=bool),
        "containment": share > back,
        "reach": reach_b > reach_a,
    }
    if agencies is not None and outlets is not None and (np.asarray(agencies) >= 0).any():
        rules[1], b_wins["dateline"] = _dateline_rule(np.asarray(agencies), np.asarray(outlets))
    source = np.full((n, n), -1, dtype=np.int64)
    evidence = np.full((n, n), None, dtype=object)
    undecided = (np.maximum(share, back) >= min_share) & (a_index != b_index)
    for name, applies in rules:
        decided = undecided & applies
        source[decided] = np.where(b_wins[name], b_index, a_index)[decided]
        evidence[decided] = name
        undecided &= ~applies
    return source, evidence


def _dateline_rule(
    agencies: np.ndarray[Any, Any], outlets: np.ndarray[Any, Any]
) -> tuple[tuple[str, np.ndarray[Any, Any]], np.ndarray[Any, Any]]:
    """Where the datelines decide a pair (a, b), and whether b is the source there: b's
    outlet is the agency a's dateline credits (and not the other way round), else b is a
    wire story and a is not."""
    wire, _ = wire_marks(agencies, outlets)
    # credits[a, b]: a's dateline names b's outlet, which is not a's own.
    credits = (
        (agencies[:, None] >= 0)
        & (agencies[:, None] == outlets[None, :])
        & (outlets[:, None] != outlets[None, :])
    )
    by_credit = credits != credits.T
    by_wire = wire[:, None] != wire[None, :]
    b_wins = np.where(by_credit, credits, wire[None, :])
    return ("dateline", by_credit | by_wire), b_wins


def sources(
    shares: np.ndarray[Any, Any],
    ids: Sequence[str],
    dates: Sequence[_dt.date | None],
    min_share: float,
    *,
    agencies: np.ndarray[Any, Any] | None = None,
    outlets: np.ndarray[Any, Any] | None = None,
    rank: np.ndarray[Any, Any] | None = None,
) -> pd.DataFrame:
    """For each article, the likely source that covers the largest share of its sentences,
    with that ``share`` and the ``evidence``; ``source`` is missing for an article that
    draws on no other. Among sources that cover it equally, one that copies another of
    them is passed over for it (what the article shares with a reprint of the wire, it may
    have taken from the wire), then the first by ``rank`` (see :func:`source_rank`; by
    default the earlier-dated, then the earlier listed). ``agencies`` and ``outlets`` are
    as in :func:`likely_sources`.

    >>> import numpy as np
    >>> shares = np.array([[0.0, 0.9], [0.2, 0.0]])
    >>> found = sources(shares, ["copy", "wire"], [None, None], 0.2)
    >>> found.loc[0, "source"], found["source"].isna().tolist()
    ('wire', [False, True])
    """
    n = len(ids)
    source, evidence = likely_sources(shares, dates, min_share, agencies=agencies, outlets=outlets)
    if rank is None:
        rank = date_rank(dates)
    rows = []
    for a, article_id in enumerate(ids):
        candidates = np.flatnonzero(source[a] == np.arange(n))
        if len(candidates) == 0:
            rows.append({"article": article_id, "source": None, "share": np.nan, "evidence": None})
            continue
        covered = shares[a, candidates]
        tied = candidates[covered == covered.max()]
        # A tied candidate whose own likely source is tied too is that source's copy.
        originals = tied[~(source[np.ix_(tied, tied)] == tied[None, :]).any(axis=1)]
        if len(originals):
            tied = originals
        best = tied[np.argmin(rank[tied])]
        rows.append(
            {
                "article": article_id,
                "source": ids[best],
                "share": float(shares[a, best]),
                "evidence": evidence[a, best],
            }
        )
    return pd.DataFrame(rows, columns=["article", "source", "share", "evidence"])

"""Reuse and sources: which sentences of an article come from which sentences of the others,
how much of each article another supplies, and who most likely rewrote whom."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from storylens import _core
from storylens.compare._vectorize import as_csr
from storylens.exceptions import InvalidParameterError
from storylens.text import Tokenizer
from storylens.views.html import reuse_html

__all__ = [
    "KINDS",
    "ReuseMap",
    "align_sentences",
    "likely_sources",
    "reuse_frame",
    "reuse_shares",
    "reuse_summary",
    "sources",
]

#: The kinds of match, in the core's code order.
KINDS = ("verbatim", "near-verbatim", "paraphrase", "unique")

#: Words per shingle when hashing sentences to find copied wording.
SHINGLE_WORDS = 3

# Likely sources (see reuse_summary): with equal or missing dates, a copy is covered by its
# source at least this much more than the source by the copy ...
CONTAINMENT_MARGIN = 0.15
# ... or, failing that, the source supplies the rest of the set at least 1.5 times as much
# (summed shares) and by at least 0.3 of an article more.
REACH_MARGIN = 1.5
REACH_MINIMUM = 0.3
# Sorts undated articles after dated ones.
_NO_DATE = _dt.date.max


class ReuseMap(pd.DataFrame):
    """One row per (sentence, other article): the sentence's best match in that article.

    Columns: ``article``, ``sentence`` (its index in the article), ``text``, ``other``,
    ``other_sentence`` (-1 when the other article has no sentences), ``other_text``,
    ``score`` (TF-IDF cosine) and ``kind`` (verbatim, near-verbatim, paraphrase or unique).
    It is a pandas DataFrame whose notebook view highlights reused sentences.

    >>> from storylens.datasets import load_sample
    >>> reuse = load_sample().clean().compare().reuse()
    >>> list(reuse.columns)
    ['article', 'sentence', 'text', 'other', 'other_sentence', 'other_text', 'score', 'kind']
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
) -> ReuseMap:
    """The reuse map as a labelled frame from the core's rows, optionally only the
    rows of some kinds (vectorised: a set of a few hundred articles has millions of rows).

    >>> from storylens.datasets import load_sample
    >>> comparison = load_sample().clean().compare()
    >>> rows = align_sentences(comparison.sentences, comparison._sentence_tfidf, 7, None)
    >>> set(reuse_frame(comparison.sentences, rows, comparison.ids, ["unique"])["kind"])
    {'unique'}
    """
    kind = rows.kind
    keep: Any = slice(None)
    if kinds is not None:
        wanted = list(kinds) if not isinstance(kinds, str) else [kinds]
        unknown = [name for name in wanted if name not in KINDS]
        if unknown:
            raise InvalidParameterError(
                f"unknown reuse kind(s) {unknown}; choose from {list(KINDS)}"
            )
        keep = np.isin(kind, [KINDS.index(name) for name in wanted])
    sentence = rows.sentence[keep]
    other_article = rows.other_article[keep]
    other_sentence = rows.other_sentence[keep]
    texts = sentences["text"].to_numpy(dtype=object)
    local = sentences["sentence"].to_numpy()
    article_of = sentences["article_index"].to_numpy()
    names = np.asarray(ids, dtype=object)
    found = other_sentence >= 0
    matched = np.where(found, other_sentence, 0)
    frame = ReuseMap(
        {
            "article": names[article_of[sentence]],
            "sentence": local[sentence],
            "text": texts[sentence],
            "other": names[other_article],
            "other_sentence": np.where(found, local[matched], -1),
            "other_text": np.where(found, texts[matched], ""),
            "score": rows.score[keep],
            "kind": np.asarray(KINDS, dtype=object)[kind[keep]],
        }
    )
    return frame


def align_sentences(
    sentences: pd.DataFrame, sentence_tfidf: Any, n_articles: int, n_jobs: int | None
) -> _core.ReuseRows:
    """Every sentence's best match in each other article, as the core's rows (columns
    ``sentence``, ``other_article``, ``other_sentence``, ``score``, ``containment`` and
    ``kind``): shingled hashing of the words (the news tokenizer's, found and shingled in the
    core) finds copied wording, TF-IDF cosine finds paraphrase.

    >>> from storylens.datasets import load_sample
    >>> comparison = load_sample().clean().compare()
    >>> rows = align_sentences(comparison.sentences, comparison._sentence_tfidf, 7, None)
    >>> len(rows) == len(rows.kind) == 6 * len(comparison.sentences)
    True
    """
    article_of = sentences["article_index"].to_numpy(dtype=np.int64)
    return _core.align_sentences(
        article_of,
        sentences["text"].tolist(),
        Tokenizer(tokenizer="news")._core_analyzer(),
        as_csr(sentence_tfidf),
        shingle_words=SHINGLE_WORDS,
        n_articles=n_articles,
        n_jobs=n_jobs,
    )


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
    article_of = sentences["article_index"].to_numpy(dtype=np.int64)
    shares: np.ndarray[Any, Any] = _core.reuse_shares(rows, article_of, n_articles)
    return shares


def reuse_summary(
    rows: _core.ReuseRows,
    sentences: pd.DataFrame,
    shares: np.ndarray[Any, Any],
    ids: Sequence[str],
    dates: Sequence[_dt.date | None],
    min_share: float,
) -> pd.DataFrame:
    """For each ordered pair (article, other): the ``share`` of the article's sentences
    reused from other, the counts by kind, and the ``likely_source`` with its ``evidence``
    (see :func:`likely_sources`).

    >>> from storylens.datasets import load_sample
    >>> c = load_sample().clean().compare()
    >>> dates = [article.date for article in c.articles]
    >>> len(reuse_summary(c._reuse_rows, c.sentences, c._reuse_shares, c.ids, dates, 0.2))
    42
    """
    n = len(ids)
    article_of = sentences["article_index"].to_numpy(dtype=np.int64)
    pair = article_of[rows.sentence] * n + rows.other_article
    counts = np.bincount(
        pair * len(KINDS) + rows.kind,
        minlength=n * n * len(KINDS),
    ).reshape(n, n, len(KINDS))
    source, evidence = likely_sources(shares, dates, min_share)
    # Every ordered pair of distinct articles, article-major as in ids.
    a, b = np.nonzero(~np.eye(n, dtype=bool))
    names = np.asarray(ids, dtype=object)
    return pd.DataFrame(
        {
            "article": names[a],
            "other": names[b],
            "share": shares[a, b],
            "verbatim": counts[a, b, KINDS.index("verbatim")],
            "near_verbatim": counts[a, b, KINDS.index("near-verbatim")],
            "paraphrase": counts[a, b, KINDS.index("paraphrase")],
            "likely_source": np.where(source[a, b] >= 0, names[source[a, b]], None),
            "evidence": evidence[a, b],
        }
    )


def likely_sources(
    shares: np.ndarray[Any, Any], dates: Sequence[_dt.date | None], min_share: float
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """For every ordered pair (a, b) whose share reaches ``min_share``, the index of the
    likely source (-1 for none) and the rule that decided it: the earlier-dated article
    (``"date"``); with equal or missing dates, the one the other copies more fully
    (``"containment"``); failing that, the one the rest of the set draws on far more
    (``"reach"``).

    >>> import numpy as np
    >>> shares = np.array([[0.0, 0.9], [0.2, 0.0]])
    >>> source, evidence = likely_sources(shares, [None, None], 0.2)
    >>> source.tolist(), evidence.tolist()
    ([[-1, 1], [1, -1]], [[None, 'containment'], ['containment', None]])
    """
    n = len(dates)
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
        ("containment", np.abs(share - back) >= CONTAINMENT_MARGIN),
        (
            "reach",
            (reach_b >= REACH_MARGIN * reach_a + REACH_MINIMUM)
            | (reach_a >= REACH_MARGIN * reach_b + REACH_MINIMUM),
        ),
    ]
    b_wins = {
        "date": day[b_index] < day[a_index],
        "containment": share > back,
        "reach": reach_b > reach_a,
    }
    source = np.full((n, n), -1, dtype=np.int64)
    evidence = np.full((n, n), None, dtype=object)
    undecided = (share >= min_share) & (a_index != b_index)
    for name, applies in rules:
        decided = undecided & applies
        source[decided] = np.where(b_wins[name], b_index, a_index)[decided]
        evidence[decided] = name
        undecided &= ~applies
    return source, evidence


def sources(
    shares: np.ndarray[Any, Any],
    ids: Sequence[str],
    dates: Sequence[_dt.date | None],
    min_share: float,
) -> pd.DataFrame:
    """For each article, the likely source that covers the largest share of its sentences
    (ties: the earlier-dated, then the earlier listed), with that ``share`` and the
    ``evidence``; ``source`` is missing for an article that draws on no other.

    >>> import numpy as np
    >>> shares = np.array([[0.0, 0.9], [0.2, 0.0]])
    >>> found = sources(shares, ["copy", "wire"], [None, None], 0.2)
    >>> found.loc[0, "source"], found["source"].isna().tolist()
    ('wire', [False, True])
    """
    n = len(ids)
    source, evidence = likely_sources(shares, dates, min_share)
    day = np.array([(date or _NO_DATE).toordinal() for date in dates], dtype=np.int64)
    rows = []
    for a, article_id in enumerate(ids):
        candidates = np.flatnonzero(source[a] == np.arange(n))
        if len(candidates) == 0:
            rows.append({"article": article_id, "source": None, "share": np.nan, "evidence": None})
            continue
        best = candidates[np.lexsort((candidates, day[candidates], -shares[a, candidates]))[0]]
        rows.append(
            {
                "article": article_id,
                "source": ids[best],
                "share": float(shares[a, best]),
                "evidence": evidence[a, best],
            }
        )
    return pd.DataFrame(rows, columns=["article", "source", "share", "evidence"])

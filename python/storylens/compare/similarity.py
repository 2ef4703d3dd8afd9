"""Similarity and neighbours: the articles' pairwise cosine similarity, each one's nearest
articles (a sparse top-k in the core), and the outliers (empty, duplicate, off-story)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from storylens import _core
from storylens._budget import check_budget, dense_bytes
from storylens.articles import Article
from storylens.compare._vectorize import as_csr
from storylens.exceptions import InvalidParameterError

__all__ = ["cosine_similarity", "nearest", "off_story_scores", "outliers", "short_articles"]

#: A pair at least this similar is a duplicate.
DUPLICATE_SIMILARITY = 0.85
#: An article whose best similarity is under this, and under a third of the set's typical
#: best, is off the story (the rule for sets too small for a robust z-score).
OFF_STORY_SIMILARITY = 0.15
#: An article's fit to the set: the mean similarity to its this many nearest articles.
OFF_STORY_NEIGHBOURS = 3
#: An article whose fit is this many robust standard deviations under the set's median fit
#: is off the story ...
OFF_STORY_Z = 2.0
#: ... and so is under this share of the median fit (a tight set has a tiny spread, in
#: which an ordinary article can look far out).
OFF_STORY_RATIO = 0.5
#: The robust spread never counts as less than this similarity, for the same reason.
OFF_STORY_MIN_SPREAD = 0.05
#: The robust z-score needs at least this many articles with text.
OFF_STORY_MIN_ARTICLES = 4
#: An article with fewer words than this gets a "short" note: its scores rest on little text.
SHORT_ARTICLE_WORDS = 100
#: The largest dense similarity table :func:`cosine_similarity` builds while
#: ``storylens.set_config(memory_limit=...)`` is not set, in bytes (8 per cell, and a block
#: of rows being filled: 1 GiB is about 10,900 articles). Above it the table is refused with
#: an error that names this limit and what scales instead (``nearest``); a ``memory_limit``
#: that is set replaces it.
MAX_SIMILARITY_BYTES = 1 << 30
#: Rows of the table computed at a time, so that the sparse products never hold more than a
#: block of it beside the dense result.
SIMILARITY_BLOCK_ROWS = 512


def cosine_similarity(tfidf: Any, ids: Sequence[str]) -> pd.DataFrame:
    """Pairwise cosine similarity of the rows of ``tfidf``, labelled by ``ids`` (an empty row
    is 0 to everything, itself included).

    >>> import scipy.sparse as sp
    >>> cosine_similarity(sp.csr_matrix([[1.0, 0.0], [1.0, 1.0]]), ["a", "b"]).round(3)
              a      b
    article
    a        1.000  0.707
    b        0.707  1.000
    """
    rows = sp.csr_matrix(tfidf)
    n = rows.shape[0]
    check_dense_size(n)
    norms = np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)).ravel())
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    unit = sp.csr_matrix(sp.diags(scale) @ rows)
    others = sp.csr_matrix(unit.T)
    matrix = np.empty((n, n))
    # Block by block (each row of a sparse product is computed alone, so the values are
    # those of the whole product): the full sparse product would hold N x N entries twice.
    for start in range(0, n, SIMILARITY_BLOCK_ROWS):
        stop = min(start + SIMILARITY_BLOCK_ROWS, n)
        matrix[start:stop] = (unit[start:stop] @ others).toarray()
    np.fill_diagonal(matrix, np.where(norms > 0, 1.0, 0.0))
    # copy=False: the frame takes the table as it is (pandas would copy 200 MB at 5,000).
    return pd.DataFrame(
        matrix, index=pd.Index(list(ids), name="article"), columns=list(ids), copy=False
    )


def check_dense_size(n_articles: int) -> None:
    """Raises :class:`~storylens.exceptions.ResourceLimitError` (a MemoryError), before
    anything is allocated, when the similarity table of ``n_articles`` (8 bytes a cell, and
    one block of rows being filled) would pass the memory budget: ``memory_limit``
    (:func:`storylens.set_config`) when it is set, else :data:`MAX_SIMILARITY_BYTES`.

    >>> check_dense_size(5_000)
    >>> check_dense_size(20_000)
    Traceback (most recent call last):
    ...
    storylens.exceptions.ResourceLimitError: the similarity table of 20,000 articles ...
    """
    check_budget(
        f"the similarity table of {n_articles:,} articles",
        similarity_table_bytes(n_articles),
        hint=(
            "use nearest(k) for each article's most similar articles (a sparse top-k that "
            "scales), or compare each story on its own: "
            "for part in articles.stories().sets(): part.compare()"
        ),
        default_limit=MAX_SIMILARITY_BYTES,
        default_name="storylens.compare.similarity.MAX_SIMILARITY_BYTES",
    )


def similarity_table_bytes(n_articles: int) -> int:
    """The memory :func:`cosine_similarity` plans for ``n_articles``: the float64 table, and
    one block of :data:`SIMILARITY_BLOCK_ROWS` rows as a sparse product (12 bytes a stored
    cell at most) and as its dense copy.

    >>> similarity_table_bytes(500), similarity_table_bytes(1_000)
    (2000000, 18240000)
    """
    block = min(SIMILARITY_BLOCK_ROWS, n_articles)
    if block == n_articles:
        # One block: its dense copy is written straight into the table.
        return dense_bytes(n_articles, n_articles)
    return dense_bytes(n_articles, n_articles) + dense_bytes(block, n_articles, itemsize=20)


def nearest(
    X: Any,
    k: int,
    *,
    ids: Sequence[Any] | None = None,
    min_score: float | None = None,
    n_jobs: int | None = None,
) -> pd.DataFrame:
    """Each row's ``k`` most similar other rows by cosine similarity: one output row per
    (article, rank), with columns ``article``, ``rank`` (1 = most similar), ``neighbour`` and
    ``score``, in article order. ``article`` and ``neighbour`` are ``ids`` when given, else
    row positions. Ties are broken by score descending, then by the lower row position, so
    the result is the same for any thread count (and :func:`storylens.dask.nearest` gives it
    for any partitioning). A row is never its own neighbour, and rows that share no term
    with any other have fewer than ``k`` neighbours (an empty row has none). ``min_score``
    keeps only the neighbours scoring at least that (the same rows as filtering the result,
    found faster: candidates that cannot reach it are pruned).

    >>> import scipy.sparse as sp
    >>> X = sp.csr_matrix([[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    >>> nearest(X, 1)
       article  rank  neighbour     score
    0        0     1          1  0.707107
    1        1     1          0  0.707107
    2        2     1          1  0.707107
    >>> nearest(X, 1, ids=["a", "b", "c"])["neighbour"].tolist()
    ['b', 'a', 'b']
    >>> len(nearest(X, 2, min_score=0.8))
    0
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise InvalidParameterError(f"k must be a positive int, got {k!r}")
    min_score = check_min_score(min_score)
    rows = as_csr(X)
    n_rows = rows.shape[0]
    names = None if ids is None else np.asarray(list(ids), dtype=object)
    if names is not None and len(names) != n_rows:
        raise InvalidParameterError(f"ids has {len(names)} entries, but X has {n_rows} rows")
    # At most n - 1 others exist: a larger k only pads.
    k = min(int(k), max(n_rows - 1, 1))
    if min_score is None:
        neighbours, scores = _core.top_k_cosine(rows, k, True, n_jobs)
    else:
        floors = np.full(n_rows, min_score)
        neighbours, scores = _core.top_k_cosine_between(rows, rows, k, 0, 0, True, n_jobs, floors)
        neighbours = scores_at_least(neighbours, scores, min_score)
    if names is None:
        return neighbours_frame(np.arange(n_rows, dtype=np.int64), neighbours, scores)
    return neighbours_frame(names, neighbours, scores, names[neighbours])


def check_min_score(min_score: Any) -> float | None:
    """``min_score`` as a float, None for none; anything but a real number (or NaN) raises.

    >>> check_min_score(1), check_min_score(None)
    (1.0, None)
    """
    if min_score is None:
        return None
    if isinstance(min_score, bool) or not isinstance(min_score, (int, float, np.number)):
        raise InvalidParameterError(f"min_score must be a number or None, got {min_score!r}")
    if np.isnan(min_score):
        raise InvalidParameterError("min_score must be a number or None, got nan")
    return float(min_score)


def scores_at_least(
    neighbours: np.ndarray[Any, Any], scores: np.ndarray[Any, Any], min_score: float
) -> np.ndarray[Any, Any]:
    """``neighbours`` with those scoring below ``min_score`` turned into padding (-1): a
    floored search may keep candidates just below its floor, which a top-k then ranks last.

    >>> scores_at_least(np.array([[2, 1]]), np.array([[0.5, 0.2]]), 0.3).tolist()
    [[2, -1]]
    """
    below = np.nan_to_num(scores, nan=-np.inf) < min_score
    return np.where(below, -1, neighbours)


def neighbours_frame(
    articles: np.ndarray[Any, Any],
    neighbours: np.ndarray[Any, Any],
    scores: np.ndarray[Any, Any],
    neighbour_labels: np.ndarray[Any, Any] | None = None,
) -> pd.DataFrame:
    """The ``article, rank, neighbour, score`` frame of a top-k result: ``articles`` labels
    each row, ``neighbours`` (n, k) holds row positions with -1 as padding (dropped), and
    ``neighbour_labels`` (n, k), when given, the label to show for each of them.

    >>> import numpy as np
    >>> neighbours_frame(np.array(["a", "b"]), np.array([[1], [-1]]), np.array([[0.5], [np.nan]]))
      article  rank  neighbour  score
    0       a     1          1    0.5
    """
    valid = neighbours >= 0
    rows, ranks = np.nonzero(valid)
    labels = neighbours if neighbour_labels is None else neighbour_labels
    return pd.DataFrame(
        {
            "article": articles[rows],
            "rank": (ranks + 1).astype(np.int64),
            "neighbour": labels[valid],
            "score": scores[valid].astype(np.float64),
        }
    )


def off_story_scores(
    tfidf: Any, ids: Sequence[str], n_jobs: int | None, neighbours: int = OFF_STORY_NEIGHBOURS
) -> pd.DataFrame:
    """How well each article fits the set: ``fit``, the median cosine similarity to its
    ``neighbours`` nearest articles (an article with no text gets NaN), and ``z``, the robust
    z-score of that fit against the other articles' (median and MAD, the MAD scaled by
    1.4826 to estimate a standard deviation and floored at ``OFF_STORY_MIN_SPREAD``).

    >>> import scipy.sparse as sp
    >>> rows = sp.csr_matrix([[1, 1, 0, 0], [1, 1, 0.1, 0], [1, 0.9, 0, 0], [1, 1.1, 0, 0],
    ...                       [0, 0.1, 1, 1]])
    >>> scores = off_story_scores(rows, list("abcde"), None)
    >>> (scores["z"] < -2).tolist(), round(float(scores["fit"].iloc[4]), 2)
    ([False, False, False, False, True], 0.05)
    """
    n = len(ids)
    fit = np.full(n, np.nan)
    if n > 1:
        k = min(int(neighbours), n - 1)
        found, scores = _core.top_k_cosine(as_csr(tfidf), k, True, n_jobs)
        has_text = np.asarray(sp.csr_matrix(tfidf).getnnz(axis=1)) > 0
        # A row with fewer candidates than k is 0 to the rest: it shares no term with them.
        fit = np.median(np.where(found >= 0, scores, 0.0), axis=1)
        fit[~has_text] = np.nan
    known = fit[~np.isnan(fit)]
    z = np.full(n, np.nan)
    if len(known):
        median = float(np.median(known))
        spread = max(1.4826 * float(np.median(np.abs(known - median))), OFF_STORY_MIN_SPREAD)
        z = (fit - median) / spread
    return pd.DataFrame({"article": list(ids), "fit": fit, "z": z})


def outliers(articles: Sequence[Article], tfidf: Any, n_jobs: int | None) -> pd.DataFrame:
    """The articles that are empty or not articles at all (an error or redirect page, see
    :attr:`Article.is_article`), that duplicate another (the copy of the pair is flagged,
    see :func:`is_copy`), or that are off the story; one row per finding:
    ``article``, ``kind``, ``other`` (the duplicated article) and ``score``.

    Off the story, relative to the set (:func:`off_story_scores`): in a set of at least four
    articles with text, an article whose fit (mean similarity to its three nearest articles)
    is at least 3 robust standard deviations under the set's median fit, and under half of
    it; ``score`` is the fit. In any set, an article whose best similarity is under 0.15 and
    under a third of the set's typical best (``score`` is that best similarity). Short
    articles are listed by :func:`short_articles`.

    >>> from storylens.datasets import load_sample
    >>> comparison = load_sample().clean().compare()
    >>> outliers(list(comparison.articles), comparison.tfidf, None)["kind"].tolist()
    ['duplicate']
    """
    ids = [article.id for article in articles]
    rows: list[dict[str, Any]] = []
    empty = {i for i, article in enumerate(articles) if not article.text.strip()}
    for i in sorted(empty):
        # A page that cleaning found not to be an article says so, rather than "empty".
        kind = "empty" if getattr(articles[i], "is_article", True) else "not-article"
        rows.append({"article": ids[i], "kind": kind, "other": None, "score": 0.0})
    best: dict[str, float] = {article_id: 0.0 for article_id in ids}
    if len(ids) > 1:
        found = nearest(tfidf, min(5, len(ids) - 1), ids=ids, n_jobs=n_jobs)
        first = found[found["rank"] == 1]
        best.update(zip(first["article"], first["score"].astype(float), strict=True))
        flagged: set[str] = set()
        for article_id, neighbour, score in zip(
            found["article"].tolist(),
            found["neighbour"].tolist(),
            found["score"].tolist(),
            strict=True,
        ):
            if score < DUPLICATE_SIMILARITY or article_id in flagged:
                continue
            a, b = ids.index(article_id), ids.index(neighbour)
            if not is_copy(articles, a, b):
                continue
            flagged.add(article_id)
            rows.append(
                {"article": article_id, "kind": "duplicate", "other": neighbour, "score": score}
            )
    rows += _off_story_rows(ids, tfidf, best, empty, n_jobs)
    return pd.DataFrame(rows, columns=["article", "kind", "other", "score"])


def short_articles(articles: Sequence[Article], words: int = SHORT_ARTICLE_WORDS) -> pd.DataFrame:
    """The articles with text but fewer than ``words`` words (``article``, ``words``): their
    distinctive terms, similarities and off-story scores rest on little text, so read them
    with care.

    >>> from storylens import ArticleSet
    >>> short_articles(ArticleSet.from_texts(["The port closed.", "word " * 120]))
      article  words
    0       0      3
    """
    found = [
        (article.id, int(article.words_kept))
        for article in articles
        if article.text.strip() and article.words_kept < words
    ]
    return pd.DataFrame(found, columns=["article", "words"]).astype({"words": "int64"})


def _off_story_rows(
    ids: list[str], tfidf: Any, best: dict[str, float], empty: set[int], n_jobs: int | None
) -> list[dict[str, Any]]:
    """The off-story findings: the robust z-score rule where the set is large enough, and
    the absolute rule (best similarity under 0.15 and a third of the typical best)."""
    candidates = [i for i in range(len(ids)) if i not in empty]
    rows: list[dict[str, Any]] = []
    if len(candidates) < 3:
        return rows
    relative = off_story_scores(tfidf, ids, n_jobs)
    fit, z = relative["fit"].to_numpy(), relative["z"].to_numpy()
    median_fit = float(np.median(fit[candidates]))
    typical = float(np.median([best[ids[i]] for i in candidates]))
    for i in candidates:
        far = (
            len(candidates) >= OFF_STORY_MIN_ARTICLES
            and z[i] <= -OFF_STORY_Z
            and fit[i] < OFF_STORY_RATIO * median_fit
        )
        lonely = best[ids[i]] < typical / 3 and best[ids[i]] < OFF_STORY_SIMILARITY
        if far or lonely:
            score = float(fit[i]) if far else best[ids[i]]
            rows.append({"article": ids[i], "kind": "off-story", "other": None, "score": score})
    return rows


def is_copy(articles: Sequence[Article], a: int, b: int) -> bool:
    """Whether article ``a`` is the copy of the two: the later-dated one; with equal or
    missing dates the shorter one (copies are trimmed more often than extended); else
    the later-listed one.

    >>> from storylens import ArticleSet
    >>> pair = ArticleSet.from_texts(["A long text of words.", "A text."])
    >>> is_copy(list(pair), 1, 0), is_copy(list(pair), 0, 1)
    (True, False)
    """
    date_a, date_b = articles[a].date, articles[b].date
    if date_a is not None and date_b is not None and date_a != date_b:
        return bool(date_a > date_b)
    words_a, words_b = articles[a].words_kept, articles[b].words_kept
    if words_a != words_b:
        return words_a < words_b
    return a > b

"""Similarity and neighbours: the articles' pairwise cosine similarity, each one's nearest
articles (a sparse top-k in the core), and the outliers (empty, duplicate, off-story)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from storylens import _core
from storylens.articles import Article
from storylens.compare._vectorize import as_csr
from storylens.exceptions import InvalidParameterError

__all__ = ["cosine_similarity", "nearest", "outliers"]

#: A pair at least this similar is a duplicate.
DUPLICATE_SIMILARITY = 0.85
#: An article whose best similarity is under this, and under a third of the set's typical
#: best, is off the story.
OFF_STORY_SIMILARITY = 0.15


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
    norms = np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)).ravel())
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    unit = sp.diags(scale) @ rows
    matrix = (unit @ unit.T).toarray()
    np.fill_diagonal(matrix, np.where(norms > 0, 1.0, 0.0))
    return pd.DataFrame(matrix, index=pd.Index(list(ids), name="article"), columns=list(ids))


def nearest(tfidf: Any, ids: Sequence[str], k: int, n_jobs: int | None) -> pd.DataFrame:
    """Each row's ``k`` most similar other rows, one output row per (article, rank) with
    ``neighbour`` and ``score``; rows that share no term with any other have fewer.

    >>> import scipy.sparse as sp
    >>> tfidf = sp.csr_matrix([[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    >>> nearest(tfidf, ["a", "b", "c"], 1, None)["neighbour"].tolist()
    ['b', 'a', 'b']
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise InvalidParameterError(f"k must be a positive int, got {k!r}")
    k = min(int(k), max(len(ids) - 1, 1))
    neighbours, scores = _core.top_k_cosine(as_csr(tfidf), k, True, n_jobs)
    valid = neighbours >= 0
    rows, ranks = np.nonzero(valid)
    names = np.asarray(ids, dtype=object)
    return pd.DataFrame(
        {
            "article": names[rows],
            "rank": ranks + 1,
            "neighbour": names[neighbours[valid]],
            "score": scores[valid],
        }
    )


def outliers(articles: Sequence[Article], tfidf: Any, n_jobs: int | None) -> pd.DataFrame:
    """The articles that are empty or not articles at all (an error or redirect page, see
    :attr:`Article.is_article`), that duplicate another (the copy of the pair is flagged,
    see :func:`is_copy`), or that are off the story; one row per finding: ``article``,
    ``kind``, ``other`` (the duplicated article) and ``score``.

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
        found = nearest(tfidf, ids, min(5, len(ids) - 1), n_jobs)
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
    candidates = [i for i in range(len(ids)) if i not in empty]
    if len(candidates) >= 3:
        typical = float(np.median([best[ids[i]] for i in candidates]))
        for i in candidates:
            score = best[ids[i]]
            if score < typical / 3 and score < OFF_STORY_SIMILARITY:
                rows.append({"article": ids[i], "kind": "off-story", "other": None, "score": score})
    return pd.DataFrame(rows, columns=["article", "kind", "other", "score"])


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

"""Terms: the story's shared core, what sets an article or a group apart (log-odds with an
informative Dirichlet prior), and each group's top terms (class-based TF-IDF)."""

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

__all__ = ["group_labels", "group_terms", "log_odds_prior", "log_odds_terms", "shared_terms"]


def shared_terms(
    counts: Any,
    tfidf: Any,
    terms: np.ndarray[Any, Any],
    display: np.ndarray[Any, Any],
    top: int,
    min_share: float,
) -> pd.DataFrame:
    """The terms found in at least ``min_share`` of the rows of ``counts`` (if none is, the
    threshold drops until some are), ranked by how many rows use them and how often.

    >>> import numpy as np, scipy.sparse as sp
    >>> counts = sp.csr_matrix([[2.0, 1.0], [1.0, 0.0]])
    >>> terms = np.array(["acid", "tank"], dtype=object)
    >>> shared_terms(counts, counts, terms, terms, 5, 1.0)["term"].tolist()
    ['acid']
    """
    if not 0 < min_share <= 1:
        raise InvalidParameterError(f"min_share must be in (0, 1], got {min_share!r}")
    n = counts.shape[0]
    presence = (counts > 0).astype(np.int64)
    document_frequency = np.asarray(presence.sum(axis=0)).ravel()
    totals = np.asarray(counts.sum(axis=0)).ravel()
    weights = np.asarray(tfidf.sum(axis=0)).ravel() / n
    needed = max(1, int(np.ceil(min_share * n - 1e-9)))
    while needed > 1 and not (document_frequency >= needed).any():
        needed -= 1
    chosen = np.flatnonzero(document_frequency >= needed)
    order = np.lexsort((terms[chosen].astype(str), -totals[chosen], -document_frequency[chosen]))
    chosen = chosen[order][:top]
    return pd.DataFrame(
        {
            "term": display[chosen],
            "feature": terms[chosen],
            "articles": document_frequency[chosen],
            "share": document_frequency[chosen] / n,
            "count": totals[chosen].astype(np.int64),
            "weight": weights[chosen],
        }
    )


def group_counts(counts: Any, rows: Sequence[int]) -> np.ndarray[Any, Any]:
    """The summed term counts of some rows of ``counts``.

    >>> import scipy.sparse as sp
    >>> group_counts(sp.csr_matrix([[1.0, 0.0], [2.0, 3.0]]), [0, 1]).tolist()
    [3.0, 3.0]
    """
    return np.asarray(counts[list(rows)].sum(axis=0)).ravel()


def log_odds_prior(
    counts: Any, background_counts: np.ndarray[Any, Any] | None
) -> np.ndarray[Any, Any]:
    """The informative Dirichlet prior, computed in the core with the rest of the log-odds:
    the background's term counts (or the set's own), scaled to a total of the mean article's
    count of words.

    >>> import scipy.sparse as sp
    >>> log_odds_prior(sp.csr_matrix([[1.0, 1.0], [2.0, 0.0]]), None).round(3).tolist()
    [1.498, 0.502]
    """
    prior: np.ndarray[Any, Any] = _core.log_odds_prior(
        sp.csr_matrix(counts, dtype=np.float64), background_counts
    )
    return prior


def log_odds_terms(
    counts_a: np.ndarray[Any, Any],
    counts_b: np.ndarray[Any, Any],
    prior: np.ndarray[Any, Any],
    terms: np.ndarray[Any, Any],
    display: np.ndarray[Any, Any],
    top: int,
) -> pd.DataFrame:
    """The terms of ``counts_a`` ranked by the z-score of their log-odds ratio against
    ``counts_b`` (Monroe, Colaresi & Quinn 2008); ``z`` above about 1.96 is notable.

    >>> import numpy as np
    >>> terms = np.array(["acid", "tank"], dtype=object)
    >>> a, b = np.array([9.0, 1.0]), np.array([1.0, 9.0])
    >>> log_odds_terms(a, b, np.array([1.0, 1.0]), terms, terms, 5)["term"].tolist()
    ['acid', 'tank']
    """
    delta, z = _core.log_odds_z(counts_a, counts_b, prior)
    present = np.flatnonzero(counts_a > 0)
    order = present[np.lexsort((terms[present].astype(str), -z[present]))][:top]
    return pd.DataFrame(
        {
            "term": display[order],
            "feature": terms[order],
            "z": z[order],
            "log_odds": delta[order],
            "count": counts_a[order].astype(np.int64),
            "count_other": counts_b[order].astype(np.int64),
        }
    )


def group_labels(articles: Sequence[Article], by: Any) -> list[Any]:
    """One group label per article: ``by`` names an article attribute or metadata key, maps
    ids to labels, or lists the labels in order.

    >>> from storylens import ArticleSet
    >>> group_labels(list(ArticleSet.from_texts(["A.", "B."])), {"0": "x", "1": "y"})
    ['x', 'y']
    """
    ids = [article.id for article in articles]
    if isinstance(by, str):
        labels = []
        for article in articles:
            value = getattr(article, by, None) if by != "metadata" else None
            if value is None:
                value = article.metadata.get(by)
            if value is None:
                raise InvalidParameterError(f"article {article.id!r} has no {by!r} to group by")
            labels.append(value)
        return labels
    if isinstance(by, dict):
        missing = [i for i in ids if i not in by]
        if missing:
            raise InvalidParameterError(f"no group for article(s) {missing[:5]}")
        return [by[i] for i in ids]
    labels = list(by)
    if len(labels) != len(ids):
        raise InvalidParameterError(f"{len(labels)} group labels for {len(ids)} articles")
    return labels


def group_terms(
    counts: Any,
    terms: np.ndarray[Any, Any],
    display: np.ndarray[Any, Any],
    labels: Sequence[Any],
    top: int,
    n_jobs: int | None,
) -> pd.DataFrame:
    """Each group's top terms by class-based TF-IDF (the rows of a group count as one
    document): one row per (group, rank) with ``group``, ``rank``, ``term``, ``weight`` and
    ``articles``.

    >>> import numpy as np, scipy.sparse as sp
    >>> counts = sp.csr_matrix([[2.0, 0.0], [0.0, 3.0]])
    >>> terms = np.array(["acid", "tank"], dtype=object)
    >>> group_terms(counts, terms, terms, ["a", "b"], 1, None)["term"].tolist()
    ['acid', 'tank']
    """
    groups = list(dict.fromkeys(labels))
    codes = np.asarray([groups.index(label) for label in labels], dtype=np.int64)
    weights = _core.class_tfidf(as_csr(counts), codes, len(groups), n_jobs)
    rows = []
    sizes = np.bincount(codes, minlength=len(groups))
    for code, group in enumerate(groups):
        row = weights[code]
        present = np.flatnonzero(row > 0)
        order = present[np.lexsort((terms[present].astype(str), -row[present]))][:top]
        for rank, term in enumerate(order, start=1):
            rows.append(
                {
                    "group": group,
                    "rank": rank,
                    "term": display[term],
                    "weight": float(row[term]),
                    "articles": int(sizes[code]),
                }
            )
    return pd.DataFrame(rows, columns=["group", "rank", "term", "weight", "articles"])

"""Terms: the story's shared core, what sets an article or a group apart (log-odds with an
informative Dirichlet prior), and each group's top terms (class-based TF-IDF)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from storylens import _core
from storylens.articles import Article
from storylens.compare._vectorize import as_csr
from storylens.exceptions import ColumnNotFoundError, InvalidParameterError

__all__ = [
    "check_min_z",
    "column_values",
    "columns_holding",
    "group_columns",
    "group_labels",
    "group_log_odds_terms",
    "group_terms",
    "left_out_terms",
    "log_odds_prior",
    "log_odds_terms",
    "shared_terms",
]

#: Reporting verbs that the language's stop list lacks (stopwords-iso's English list has
#: "said", "says" and "saying" but not these): every news report repeats them, so the term
#: lists leave them out with the other stop words.
REPORTING_VERBS: dict[str, frozenset[str]] = {"english": frozenset({"told", "tells"})}


def left_out_terms(
    names: Iterable[Any], language: str | None, *, keep_dates: bool = False
) -> np.ndarray[Any, Any]:
    """For each term (its surface word), whether term lists leave it out: a date, time or
    bare number (unless ``keep_dates``; see ``is_date_term`` in the core) or one of the
    language's reporting verbs that its stop list lacks.

    >>> left_out_terms(["harbour", "p.m.", "thursday", "2.15", "told"], "english").tolist()
    [False, True, True, True, True]
    >>> left_out_terms(["harbour", "p.m.", "told"], "english", keep_dates=True).tolist()
    [False, False, True]
    """
    words = [str(name) for name in names]
    if keep_dates:
        left_out = np.zeros(len(words), dtype=bool)
    else:
        left_out = np.asarray(_core.date_terms(words), dtype=bool).reshape(len(words))
    verbs = REPORTING_VERBS.get(language or "", frozenset())
    if verbs:
        left_out |= np.fromiter((word in verbs for word in words), dtype=bool, count=len(words))
    return left_out


def shared_terms(
    counts: Any,
    tfidf: Any,
    terms: np.ndarray[Any, Any],
    display: np.ndarray[Any, Any],
    top: int,
    min_share: float,
    exclude: np.ndarray[Any, Any] | None = None,
) -> pd.DataFrame:
    """The terms found in at least ``min_share`` of the rows of ``counts`` (if none is, the
    threshold drops until some are), ranked by how many rows use them and how often;
    ``exclude`` marks terms left out (dates, see :func:`left_out_terms`).

    >>> import numpy as np, scipy.sparse as sp
    >>> counts = sp.csr_matrix([[2.0, 1.0], [1.0, 0.0]])
    >>> terms = np.array(["acid", "tank"], dtype=object)
    >>> shared_terms(counts, counts, terms, terms, 5, 1.0)["term"].tolist()
    ['acid']
    """
    top = check_top(top)
    if not 0 < min_share <= 1:
        raise InvalidParameterError(f"min_share must be in (0, 1], got {min_share!r}")
    n = counts.shape[0]
    presence = (counts > 0).astype(np.int64)
    document_frequency = np.asarray(presence.sum(axis=0)).ravel()
    totals = np.asarray(counts.sum(axis=0)).ravel()
    weights = np.asarray(tfidf.sum(axis=0)).ravel() / n
    if exclude is not None:
        document_frequency = np.where(exclude, 0, document_frequency)
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


def rest_counts(
    counts: Any,
    group: Sequence[int],
    other: Sequence[int],
    group_total: np.ndarray[Any, Any],
    total: np.ndarray[Any, Any],
) -> np.ndarray[Any, Any]:
    """The summed term counts of the rows ``other``: the set's ``total`` less the
    ``group_total`` when ``other`` is every row outside ``group`` (the counts are whole
    numbers, so the difference is exact, and each article's call no longer sums the whole
    set), else summed.

    >>> import scipy.sparse as sp
    >>> m = sp.csr_matrix([[1.0, 0.0], [2.0, 3.0], [0.0, 1.0]])
    >>> rest_counts(m, [0], [1, 2], group_counts(m, [0]), group_counts(m, [0, 1, 2])).tolist()
    [2.0, 4.0]
    """
    if len(group) + len(other) == counts.shape[0] and not set(group) & set(other):
        rest: np.ndarray[Any, Any] = total - group_total
        return rest
    return group_counts(counts, other)


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


def check_top(top: Any) -> int:
    """``top`` as an int, or a clear error when it is not a positive int (a negative one
    would slice the last terms off the list).

    >>> check_top(5)
    5
    """
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise InvalidParameterError(f"top must be a positive int, got {top!r}")
    return int(top)


def check_min_z(min_z: float) -> float:
    """``min_z`` as a float, or a clear error when it is not a finite number of at least 0.

    >>> check_min_z(1.96)
    1.96
    """
    if isinstance(min_z, bool) or not isinstance(min_z, (int, float)) or not np.isfinite(min_z):
        raise InvalidParameterError(f"min_z must be a finite number, got {min_z!r}")
    if min_z < 0:
        raise InvalidParameterError(f"min_z must be at least 0, got {min_z!r}")
    return float(min_z)


def log_odds_terms(
    counts_a: np.ndarray[Any, Any],
    counts_b: np.ndarray[Any, Any],
    prior: np.ndarray[Any, Any],
    terms: np.ndarray[Any, Any],
    display: np.ndarray[Any, Any],
    top: int,
    min_z: float | None = None,
    exclude: np.ndarray[Any, Any] | None = None,
) -> pd.DataFrame:
    """The terms of ``counts_a`` ranked by the z-score of their log-odds ratio against
    ``counts_b`` (Monroe, Colaresi & Quinn 2008); ``z`` above about 1.96 is notable. With
    ``min_z``, only the terms whose z reaches it are listed (maybe none: a list is never
    filled with ties); ``exclude`` marks terms left out (dates).

    >>> import numpy as np
    >>> terms = np.array(["acid", "tank"], dtype=object)
    >>> a, b = np.array([9.0, 1.0]), np.array([1.0, 9.0])
    >>> log_odds_terms(a, b, np.array([1.0, 1.0]), terms, terms, 5)["term"].tolist()
    ['acid', 'tank']
    >>> log_odds_terms(a, b, np.array([1.0, 1.0]), terms, terms, 5, min_z=1.0)["term"].tolist()
    ['acid']
    """
    top = check_top(top)
    delta, z = _core.log_odds_z(counts_a, counts_b, prior)
    keep = counts_a > 0
    if min_z is not None:
        keep &= z >= min_z
    if exclude is not None:
        keep &= ~exclude
    present = np.flatnonzero(keep)
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


def column_values(articles: Sequence[Article], column: str) -> list[Any]:
    """Each article's value of ``column``, an article attribute ("outlet") or a metadata key
    ("leaning"), None where an article has none; a ColumnNotFoundError naming the column
    (and listing those there are) when no article has it.

    >>> from storylens import Article
    >>> left = Article(id="a", text="A.", original="A.", metadata={"leaning": "left"})
    >>> column_values([left, Article(id="b", text="B.", original="B.")], "leaning")
    ['left', None]
    """
    values = []
    for article in articles:
        value = getattr(article, column, None) if column != "metadata" else None
        if value is None:
            value = article.metadata.get(column)
        values.append(value)
    if all(value is None for value in values):
        there = sorted(group_columns(articles))
        raise ColumnNotFoundError(
            f"no article has a {column!r} column to group by; the articles have: "
            + (", ".join(repr(name) for name in there) or "no group columns")
        )
    return values


def group_columns(articles: Sequence[Article]) -> set[str]:
    """The columns some article has a value for: "outlet" and the metadata keys.

    >>> from storylens import Article
    >>> article = Article(id="a", text="A.", original="A.", outlet="Wire", metadata={"side": 1})
    >>> sorted(group_columns([article]))
    ['outlet', 'side']
    """
    columns = {key for article in articles for key in article.metadata}
    if any(article.outlet is not None for article in articles):
        columns.add("outlet")
    return columns


def columns_holding(articles: Sequence[Article], label: Any) -> list[str]:
    """The columns in which some article has the value ``label``, sorted.

    >>> from storylens import Article
    >>> article = Article(id="a", text="", original="", metadata={"leaning": "left"})
    >>> columns_holding([article], "left")
    ['leaning']
    """
    return sorted(
        column
        for column in group_columns(articles)
        if any(value == label for value in column_values(articles, column))
    )


def group_labels(articles: Sequence[Article], by: Any) -> list[Any]:
    """One group label per article: ``by`` names an article attribute or metadata key, maps
    ids to labels, or lists the labels in order. A column that no article has raises
    ColumnNotFoundError; one that some article lacks names that article.

    >>> from storylens import ArticleSet
    >>> group_labels(list(ArticleSet.from_texts(["A.", "B."])), {"0": "x", "1": "y"})
    ['x', 'y']
    """
    ids = [article.id for article in articles]
    if isinstance(by, str):
        labels = column_values(articles, by)
        for article, value in zip(articles, labels, strict=True):
            if value is None:
                raise InvalidParameterError(f"article {article.id!r} has no {by!r} to group by")
        return labels
    if isinstance(by, dict):
        missing = [i for i in ids if i not in by]
        if missing:
            raise InvalidParameterError(f"no group for article(s) {missing[:5]}")
        labels = [by[i] for i in ids]
    elif isinstance(by, Iterable) and not isinstance(by, bytes):
        labels = list(by)
        if len(labels) != len(ids):
            raise InvalidParameterError(f"{len(labels)} group labels for {len(ids)} articles")
    else:
        raise InvalidParameterError(
            "by must be a column name, a dict of article id to label, or one label per "
            f"article, got {type(by).__name__}"
        )
    for article_id, label in zip(ids, labels, strict=True):
        # A missing label would make a group of its own (each NaN another one).
        if label is None or (pd.api.types.is_scalar(label) and pd.isna(label)):
            raise InvalidParameterError(f"article {article_id!r} has no group label ({label!r})")
    return labels


def group_terms(
    counts: Any,
    terms: np.ndarray[Any, Any],
    display: np.ndarray[Any, Any],
    labels: Sequence[Any],
    top: int,
    n_jobs: int | None,
    exclude: np.ndarray[Any, Any] | None = None,
) -> pd.DataFrame:
    """Each group's top terms by class-based TF-IDF (the rows of a group count as one
    document): one row per (group, rank) with ``group``, ``rank``, ``term``, ``weight`` and
    ``articles``; ``exclude`` marks terms left out (dates, see :func:`left_out_terms`). The
    weights are those of every term: leaving a term out does not change the others'.

    >>> import numpy as np, scipy.sparse as sp
    >>> counts = sp.csr_matrix([[2.0, 0.0], [0.0, 3.0]])
    >>> terms = np.array(["acid", "tank"], dtype=object)
    >>> group_terms(counts, terms, terms, ["a", "b"], 1, None)["term"].tolist()
    ['acid', 'tank']
    """
    top = check_top(top)
    groups = list(dict.fromkeys(labels))
    codes = np.asarray([groups.index(label) for label in labels], dtype=np.int64)
    weights = _core.class_tfidf(as_csr(counts), codes, len(groups), n_jobs)
    rows = []
    sizes = np.bincount(codes, minlength=len(groups))
    for code, group in enumerate(groups):
        row = weights[code]
        keep = row > 0
        if exclude is not None:
            keep &= ~exclude
        present = np.flatnonzero(keep)
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


def group_log_odds_terms(
    counts: Any,
    prior: np.ndarray[Any, Any],
    display: np.ndarray[Any, Any],
    terms: np.ndarray[Any, Any],
    labels: Sequence[Any],
    top: int,
    min_z: float,
    exclude: np.ndarray[Any, Any] | None,
    n_jobs: int | None,
) -> pd.DataFrame:
    """Each group's distinctive terms against all other articles (the log-odds of
    :func:`log_odds_terms`, computed for every group at once in the core): one row per
    (group, rank) with ``group``, ``rank``, ``term``, ``z``, ``count`` and ``count_other``;
    only terms whose z reaches ``min_z``, so a group may have no row.

    >>> import numpy as np, scipy.sparse as sp
    >>> counts = sp.csr_matrix([[9.0, 1.0], [1.0, 9.0]])
    >>> terms = np.array(["acid", "tank"], dtype=object)
    >>> frame = group_log_odds_terms(counts, np.ones(2), terms, terms, ["a", "b"], 5, 1.0,
    ...                              None, None)
    >>> frame[["group", "term"]].values.tolist()
    [['a', 'acid'], ['b', 'tank']]
    """
    top = check_top(top)
    groups = list(dict.fromkeys(labels))
    if len(groups) < 2:
        raise InvalidParameterError(
            f"comparing groups needs at least two groups; every article is in {groups!r}"
        )
    codes = np.asarray([groups.index(label) for label in labels], dtype=np.int64)
    _, z = _core.group_log_odds(as_csr(counts), codes, len(groups), prior, n_jobs)
    total = np.asarray(counts.sum(axis=0)).ravel()
    rows = []
    for code, group in enumerate(groups):
        mine = group_counts(counts, np.flatnonzero(codes == code).tolist())
        keep = (mine > 0) & (z[code] >= min_z)
        if exclude is not None:
            keep &= ~exclude
        present = np.flatnonzero(keep)
        order = present[np.lexsort((terms[present].astype(str), -z[code][present]))][:top]
        for rank, term in enumerate(order, start=1):
            rows.append(
                {
                    "group": group,
                    "rank": rank,
                    "term": display[term],
                    "z": float(z[code][term]),
                    "count": int(mine[term]),
                    "count_other": int(total[term] - mine[term]),
                }
            )
    frame = pd.DataFrame(rows, columns=["group", "rank", "term", "z", "count", "count_other"])
    silent = [group for group in groups if group not in set(frame["group"])]
    if silent:
        frame.attrs["note"] = (
            f"no significantly distinctive term (z >= {min_z:g}) for: "
            + ", ".join(str(group) for group in silent)
        )
    return frame

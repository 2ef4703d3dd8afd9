"""Topics of an article set: NMF on TF-IDF, fitted in the Rust core."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from storylens import _core
from storylens.compare._vectorize import as_csr
from storylens.exceptions import InvalidParameterError
from storylens.views.html import topics_html

__all__ = ["Topics", "fit_topics"]


@dataclass(frozen=True, eq=False)
class Topics:
    """A topic model of an article set (see :meth:`Comparison.topics`).

    ``terms`` has one row per (topic, rank): the topic's top terms and their weights in H;
    ``mixture`` one row per article and one column per topic: the article's share of each
    topic (rows of W scaled to sum to 1; an article without terms has all zeros).

    >>> from storylens.datasets import load_sample
    >>> topics = load_sample().clean().compare().topics(3)
    >>> topics.mixture.shape, list(topics.terms.columns)
    ((7, 3), ['topic', 'rank', 'term', 'weight'])
    """

    terms: pd.DataFrame
    mixture: pd.DataFrame
    #: The raw factors: W (articles by topics) and H (topics by terms).
    w: np.ndarray[Any, Any]
    h: np.ndarray[Any, Any]
    reconstruction_err: float
    n_iter: int

    @property
    def labels(self) -> list[str]:
        """Each topic named by its three top terms.

        >>> from storylens.datasets import load_sample
        >>> len(load_sample().clean().compare().topics(2).labels)
        2
        """
        return [
            ", ".join(group.sort_values("rank")["term"].head(3))
            for _, group in self.terms.groupby("topic", sort=True)
        ]

    def similarity(self) -> pd.DataFrame:
        """Cosine similarity of the articles' topic mixtures, labelled by id.

        >>> from storylens.datasets import load_sample
        >>> load_sample().clean().compare().topics(2).similarity().shape
        (7, 7)
        """
        values = self.mixture.to_numpy()
        norms = np.linalg.norm(values, axis=1)
        scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
        unit = values * scale[:, None]
        matrix = unit @ unit.T
        return pd.DataFrame(matrix, index=self.mixture.index, columns=self.mixture.index)

    def __repr__(self) -> str:
        return (
            f"Topics({self.mixture.shape[1]} topics over {self.mixture.shape[0]} articles, "
            f"reconstruction_err={self.reconstruction_err:.4g})"
        )

    def _repr_html_(self) -> str:
        return topics_html(repr(self), self.labels, self.mixture)


def fit_topics(
    tfidf: Any,
    ids: Sequence[str],
    terms: np.ndarray[Any, Any],
    display: np.ndarray[Any, Any],
    k: int,
    *,
    top: int,
    init: str,
    max_iter: int,
    tol: float,
    random_state: int,
    n_jobs: int | None,
) -> Topics:
    """A ``k``-topic NMF of the rows of ``tfidf``, fitted in the core (scikit-learn's
    coordinate-descent solver; seeded, deterministic), with each topic's ``top`` terms.

    >>> import numpy as np, scipy.sparse as sp
    >>> tfidf = sp.csr_matrix([[1.0, 0.0], [0.0, 1.0]])
    >>> terms = np.array(["acid", "tank"], dtype=object)
    >>> fit_topics(tfidf, ["a", "b"], terms, terms, 2, top=1, init="nndsvd", max_iter=200,
    ...            tol=1e-4, random_state=0, n_jobs=None).mixture.shape
    (2, 2)
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise InvalidParameterError(f"k must be a positive int, got {k!r}")
    w, h, n_iter, error = _core.nmf(
        as_csr(tfidf), int(k), init, max_iter, tol, random_state, n_jobs
    )
    rows = []
    for topic in range(h.shape[0]):
        weights = h[topic]
        present = np.flatnonzero(weights > 0)
        order = present[np.lexsort((terms[present].astype(str), -weights[present]))]
        for rank, term in enumerate(order[:top], start=1):
            rows.append(
                {
                    "topic": topic,
                    "rank": rank,
                    "term": display[term],
                    "weight": float(weights[term]),
                }
            )
    totals = w.sum(axis=1, keepdims=True)
    shares = np.divide(w, totals, out=np.zeros_like(w), where=totals > 0)
    mixture = pd.DataFrame(
        shares,
        index=pd.Index(list(ids), name="article"),
        columns=[f"topic_{t}" for t in range(w.shape[1])],
    )
    return Topics(
        terms=pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"]),
        mixture=mixture,
        w=w,
        h=h,
        reconstruction_err=float(error),
        n_iter=int(n_iter),
    )

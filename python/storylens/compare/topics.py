"""Topics of an article set: NMF on TF-IDF, fitted in the Rust core."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from storylens import _core
from storylens._budget import check_budget, dense_bytes
from storylens.compare import similarity
from storylens.compare._vectorize import as_csr
from storylens.exceptions import InvalidParameterError
from storylens.views.html import topics_html

__all__ = ["Topics", "fit_topics", "nmf_bytes"]

#: The columns the NNDSVD initialisation's randomised SVD adds to ``k`` (scikit-learn's
#: ``n_oversamples``), which its dense bases carry.
SVD_OVERSAMPLES = 10


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
        """Cosine similarity of the articles' topic mixtures, labelled by id. A dense table
        of 8 bytes a pair of articles: refused before it is built when that passes the
        memory budget, as :attr:`Comparison.similarity <storylens.Comparison.similarity>`.

        >>> from storylens.datasets import load_sample
        >>> load_sample().clean().compare().topics(2).similarity().shape
        (7, 7)
        """
        n_articles = len(self.mixture)
        check_budget(
            f"the topic similarity table of {n_articles:,} articles",
            dense_bytes(n_articles, n_articles),
            hint=(
                "compare the mixtures themselves (topics.mixture), or fit the topics of each "
                "story on its own: for part in articles.stories().sets(): "
                "part.compare().topics(k)"
            ),
            default_limit=similarity.MAX_SIMILARITY_BYTES,
            default_name="storylens.compare.similarity.MAX_SIMILARITY_BYTES",
        )
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
    Refused before the fit when its dense factors (:func:`nmf_bytes`) would pass
    ``storylens.set_config(memory_limit=...)``; with no limit set, it is not checked.

    >>> import numpy as np, scipy.sparse as sp
    >>> tfidf = sp.csr_matrix([[1.0, 0.0], [0.0, 1.0]])
    >>> terms = np.array(["acid", "tank"], dtype=object)
    >>> fit_topics(tfidf, ["a", "b"], terms, terms, 2, top=1, init="nndsvd", max_iter=200,
    ...            tol=1e-4, random_state=0, n_jobs=None).mixture.shape
    (2, 2)
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise InvalidParameterError(f"k must be a positive int, got {k!r}")
    matrix = as_csr(tfidf)
    n_articles, n_terms = matrix.shape
    check_budget(
        f"a {int(k):,}-topic model of {n_articles:,} articles and {n_terms:,} terms",
        nmf_bytes(n_articles, n_terms, int(k), matrix.nnz),
        hint=(
            "ask for fewer topics, keep fewer terms (compare(min_df=..., max_df=...)), or fit "
            "the topics of each story on its own: for part in articles.stories().sets(): "
            "part.compare().topics(k)"
        ),
    )
    w, h, n_iter, error = _core.nmf(matrix, int(k), init, max_iter, tol, random_state, n_jobs)
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


def nmf_bytes(n_articles: int, n_terms: int, k: int, nnz: int) -> int:
    """The memory an NMF of ``k`` topics plans, in bytes: the transposed copy of the sparse
    matrix of ``nnz`` stored values (12 bytes each, and the row pointers), and about three
    dense float64 matrices of (articles + terms) x (k + oversamples) at once: the randomised
    SVD's bases, then the factors W and H with their padded working copies.

    >>> nmf_bytes(1_000, 20_000, 10, 200_000)
    12640008
    """
    width = int(k) + SVD_OVERSAMPLES
    sparse_copy = 12 * int(nnz) + 8 * (int(n_terms) + 1)
    return sparse_copy + 3 * dense_bytes(int(n_articles) + int(n_terms), width)

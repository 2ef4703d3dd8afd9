"""Topics of an article set: NMF on TF-IDF, fitted in the Rust core."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["Topics"]


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
        rows = "".join(
            f"<tr><th>{topic}</th><td>{html.escape(label)}</td></tr>"
            for topic, label in zip(self.mixture.columns, self.labels, strict=True)
        )
        mixture = self.mixture.round(3).to_html()
        return (
            f"<p>{html.escape(repr(self))}</p><table><thead><tr><th>topic</th>"
            f"<th>top terms</th></tr></thead><tbody>{rows}</tbody></table>{mixture}"
        )

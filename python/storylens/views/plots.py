"""matplotlib figures drawn from the DataFrames a comparison returns (matplotlib is optional:
``pip install storylens[plot]``)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from storylens.exceptions import InvalidParameterError

__all__ = ["plot_similarity", "plot_terms"]


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError(
            "plotting needs matplotlib: pip install matplotlib (or storylens[plot])"
        ) from None
    return plt


def plot_similarity(similarity: pd.DataFrame, ax: Any = None) -> Any:
    """A heat map of a labelled similarity DataFrame; returns the matplotlib Figure. With
    ``ax``, it draws into that Axes and returns its Figure.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> frame = pd.DataFrame([[1.0, 0.3], [0.3, 1.0]], index=["a", "b"], columns=["a", "b"])
    >>> plot_similarity(frame).axes[0].get_title()
    'Similarity'
    """
    plt = _pyplot()
    if ax is None:
        size = max(4.0, 0.6 * len(similarity) + 2)
        # Constrained layout makes room for long ids, in the notebook and in savefig alike.
        _, ax = plt.subplots(figsize=(size + 1, size), layout="constrained")
    values = similarity.to_numpy(dtype=float)
    image = ax.imshow(values, cmap="Blues", vmin=0.0, vmax=1.0)
    labels = [str(label) for label in similarity.index]
    ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    if len(labels) <= 20:
        for row in range(len(labels)):
            for col in range(len(labels)):
                value = float(values[row, col])
                colour = "white" if value > 0.6 else "black"
                ax.text(col, row, f"{value:.2f}", ha="center", va="center", color=colour)
    ax.figure.colorbar(image, ax=ax, label="cosine similarity")
    ax.set_title("Similarity")
    return ax.figure


def plot_terms(terms: pd.DataFrame, value: str = "z", title: str = "", ax: Any = None) -> Any:
    """A horizontal bar chart of a terms DataFrame (``term`` and a value column); returns
    the matplotlib Figure. With ``ax``, it draws into that Axes and returns its Figure. An
    empty frame gives the title and a "no terms" note, not an empty pair of axes.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> frame = pd.DataFrame({"term": ["acid", "river"], "z": [3.1, 2.0]})
    >>> len(plot_terms(frame).axes[0].patches)
    2
    """
    plt = _pyplot()
    if value not in terms.columns or "term" not in terms.columns:
        raise InvalidParameterError(
            f"terms needs 'term' and {value!r} columns, has {list(terms.columns)}"
        )
    if ax is None:
        figsize = (6, max(2.5, 0.35 * len(terms) + 1))
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    if terms.empty:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "no terms to show", ha="center", va="center", transform=ax.transAxes)
        ax.set_title(title)
        return ax.figure
    ordered = terms.iloc[::-1]
    ax.barh([str(t) for t in ordered["term"]], ordered[value].astype(float), color="#4a7bb7")
    ax.set_xlabel(value)
    ax.set_title(title)
    return ax.figure

"""The reuse map: which sentences of an article come from which sentences of the others."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["KINDS", "ReuseMap"]

#: The kinds of match, in the core's code order.
KINDS = ("verbatim", "near-verbatim", "paraphrase", "unique")

#: Background colours of the kinds in HTML views.
_COLOURS = {
    "verbatim": "#f4a6a6",
    "near-verbatim": "#f8cf9c",
    "paraphrase": "#fff2a8",
    "unique": "#ffffff",
}


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
        rows = []
        for record in self.head(500).itertuples(index=False):
            colour = _COLOURS.get(str(record.kind), "#ffffff")
            rows.append(
                f'<tr style="background:{colour}">'
                f"<td>{html.escape(str(record.article))}</td><td>{record.sentence}</td>"
                f"<td>{html.escape(str(record.text))}</td>"
                f"<td>{html.escape(str(record.other))}</td><td>{record.other_sentence}</td>"
                f"<td>{html.escape(str(record.other_text))}</td>"
                f"<td>{record.score:.2f}</td><td>{html.escape(str(record.kind))}</td></tr>"
            )
        more = f"<p>… {len(self) - 500} more rows</p>" if len(self) > 500 else ""
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in self.columns)
        return (
            f'<table class="storylens-reuse"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>{more}"
        )


def reuse_frame(
    sentences: pd.DataFrame,
    rows: dict[str, Any],
    ids: list[str],
    kinds: Iterable[str] | None = None,
) -> ReuseMap:
    """The reuse map as a labelled frame from the core's row arrays, optionally only the
    rows of some kinds (vectorised: a set of a few hundred articles has millions of rows)."""
    keep: Any = slice(None)
    if kinds is not None:
        wanted = list(kinds) if not isinstance(kinds, str) else [kinds]
        unknown = [kind for kind in wanted if kind not in KINDS]
        if unknown:
            raise ValueError(f"unknown reuse kind(s) {unknown}; choose from {list(KINDS)}")
        keep = np.isin(rows["kind"], [KINDS.index(kind) for kind in wanted])
    sentence = np.asarray(rows["sentence"])[keep]
    other_article = np.asarray(rows["other_article"])[keep]
    other_sentence = np.asarray(rows["other_sentence"])[keep]
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
            "score": np.asarray(rows["score"])[keep],
            "kind": np.asarray(KINDS, dtype=object)[np.asarray(rows["kind"])[keep]],
        }
    )
    return frame

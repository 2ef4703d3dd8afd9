"""The reuse map: which sentences of an article come from which sentences of the others."""

from __future__ import annotations

import html
from typing import Any

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


def reuse_frame(sentences: pd.DataFrame, rows: dict[str, Any], ids: list[str]) -> ReuseMap:
    """The reuse map as a labelled frame from the core's row arrays."""
    sentence = rows["sentence"]
    other_article = rows["other_article"]
    other_sentence = rows["other_sentence"]
    texts = sentences["text"].to_numpy()
    local = sentences["sentence"].to_numpy()
    article_of = sentences["article_index"].to_numpy()
    found = other_sentence >= 0
    other_texts = [str(texts[s]) if ok else "" for s, ok in zip(other_sentence, found, strict=True)]
    frame = ReuseMap(
        {
            "article": [ids[a] for a in article_of[sentence]],
            "sentence": local[sentence],
            "text": texts[sentence],
            "other": [ids[b] for b in other_article],
            "other_sentence": [
                int(local[s]) if ok else -1 for s, ok in zip(other_sentence, found, strict=True)
            ],
            "other_text": other_texts,
            "score": rows["score"],
            "kind": [KINDS[k] for k in rows["kind"]],
        }
    )
    return frame

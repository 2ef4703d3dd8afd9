"""HTML fragments: the notebook views (``_repr_html_``) of storylens's objects and the tables
the HTML report embeds.

A leaf: every function here takes plain data (strings, DataFrames) and returns HTML, so any
layer may use it; it imports nothing of storylens but its exceptions.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = [
    "MAX_TABLE_ARTICLES",
    "MAX_TABLE_ROWS",
    "REUSE_COLOURS",
    "article_set_html",
    "closest_pairs_html",
    "comparison_html",
    "digest_html",
    "reuse_html",
    "shade",
    "similarity_html",
    "topics_html",
]

#: A notebook shows the full similarity table up to this many articles, and the closest
#: pairs above it: a 1,000-article table would be a million cells of HTML.
MAX_TABLE_ARTICLES = 30
#: A notebook shows this many rows of a long table (the first and last half), as pandas does.
MAX_TABLE_ROWS = 60

#: Background colours of the kinds of reuse.
REUSE_COLOURS = {
    "verbatim": "#f4a6a6",
    "near-verbatim": "#f8cf9c",
    "paraphrase": "#fff2a8",
    "unique": "#ffffff",
}

#: Rows a reuse table shows before it says how many more there are.
REUSE_ROWS_SHOWN = 500


def shade(value: float) -> str:
    """A white-to-blue background (and a readable text colour) for a similarity in [0, 1].

    >>> shade(0.0), shade(1.0)
    ('background:rgb(255,255,255);color:#000', 'background:rgb(65,135,255);color:#fff')
    """
    level = min(max(value, 0.0), 1.0)
    red, green = int(255 - 190 * level), int(255 - 120 * level)
    colour = "#fff" if level > 0.6 else "#000"
    return f"background:rgb({red},{green},255);color:{colour}"


def similarity_html(frame: pd.DataFrame) -> str:
    """A colour-scaled HTML table of a similarity DataFrame (no extra dependency).

    >>> frame = pd.DataFrame([[1.0, 0.25], [0.25, 1.0]], index=["a", "b"], columns=["a", "b"])
    >>> similarity_html(frame).count("<td")
    4
    """
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for label, values in frame.iterrows():
        cells = "".join(
            f'<td style="{shade(float(v))}">{float(v):.2f}</td>' for v in values.to_numpy()
        )
        rows.append(f"<tr><th>{html.escape(str(label))}</th>{cells}</tr>")
    return (
        '<table class="storylens-similarity"><thead><tr><th></th>'
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _summary(text: str) -> str:
    return f"<p>{html.escape(text)}</p>"


def article_set_html(summary: str, articles: pd.DataFrame) -> str:
    """A one-line summary over a table of the articles (one row each; above
    :data:`MAX_TABLE_ROWS` rows, the first and last ones, as pandas shows a long frame).

    >>> article_set_html("2 articles", pd.DataFrame({"id": ["a", "b"]})).count("<tr")
    3
    >>> many = article_set_html("5,000 articles", pd.DataFrame({"id": range(5000)}))
    >>> many.count("<tr") <= MAX_TABLE_ROWS + 2
    True
    """
    return _summary(summary) + articles.to_html(
        index=False, max_rows=MAX_TABLE_ROWS, show_dimensions=len(articles) > MAX_TABLE_ROWS
    )


def closest_pairs_html(summary: str, nearest: pd.DataFrame, n_articles: int, top: int = 20) -> str:
    """A one-line summary over the ``top`` most similar pairs of articles, from a
    :meth:`Comparison.nearest <storylens.Comparison.nearest>` frame: what a notebook shows of
    a set too large for the full similarity table (more than :data:`MAX_TABLE_ARTICLES`).

    >>> nearest = pd.DataFrame({"article": ["a", "b", "c"], "rank": [1, 1, 1],
    ...                         "neighbour": ["b", "a", "a"], "score": [0.9, 0.9, 0.4]})
    >>> view = closest_pairs_html("3 articles", nearest, 3)
    >>> view.count("<tr"), "0.90" in view
    (3, True)
    """
    if len(nearest):
        first = nearest["article"].astype(str).to_numpy()
        second = nearest["neighbour"].astype(str).to_numpy()
        pairs = pd.DataFrame(
            {
                "article": np.where(first <= second, first, second),
                "other": np.where(first <= second, second, first),
                "score": nearest["score"].to_numpy(dtype=np.float64),
            }
        ).drop_duplicates(["article", "other"])
        pairs = pairs.sort_values(["score", "article", "other"], ascending=[False, True, True])
        pairs = pairs.head(top)
    else:
        pairs = pd.DataFrame({"article": [], "other": [], "score": []})
    rows = "".join(
        f"<tr><td>{html.escape(str(a))}</td><td>{html.escape(str(o))}</td>"
        f'<td style="{shade(float(v))}">{float(v):.2f}</td></tr>'
        for a, o, v in pairs.itertuples(index=False)
    )
    note = (
        f"The {len(pairs)} most similar pairs of the {n_articles:,} articles "
        "(the full table: <code>comparison.similarity</code>)"
    )
    return (
        f"{_summary(summary)}<p>{note}</p>"
        '<table class="storylens-pairs"><thead><tr><th>article</th><th>other</th>'
        f"<th>similarity</th></tr></thead><tbody>{rows}</tbody></table>"
    )


#: The notebook view of an article shows at most this many characters of its text.
ARTICLE_VIEW_CHARS = 20_000


def article_html(
    heading: str,
    byline: str,
    text: str,
    removed: Sequence[tuple[int, int, str, str]],
) -> str:
    """An article for a notebook: its heading, a byline (outlet, date), and ``text`` with each
    removed ``(start, end, kind, reason)`` span greyed out, its kind and reason on hover.

    >>> view = article_html("Port shut", "Wire", "Share. The port shut.",
    ...                     [(0, 6, "furniture", "page furniture")])
    >>> '<span style="color:#999" title="furniture: page furniture">Share.</span>' in view
    True
    """
    shown = text[:ARTICLE_VIEW_CHARS]
    parts = []
    position = 0
    for start, end, kind, reason in sorted(removed):
        start, end = max(start, position), min(end, len(shown))
        if start >= end:
            continue
        parts.append(html.escape(shown[position:start]))
        label = html.escape(f"{kind}: {reason}", quote=True)
        parts.append(
            f'<span style="color:#999" title="{label}">{html.escape(shown[start:end])}</span>'
        )
        position = end
    parts.append(html.escape(shown[position:]))
    more = len(text) - len(shown)
    tail = f"<p>… {more:,} more characters</p>" if more > 0 else ""
    return (
        f'<div class="storylens-article"><h4>{html.escape(heading)}</h4>'
        f"<p><em>{html.escape(byline)}</em></p>"
        f'<div style="white-space:pre-wrap">{"".join(parts)}</div>{tail}</div>'
    )


def comparison_html(summary: str, similarity: pd.DataFrame) -> str:
    """A one-line summary over the colour-scaled similarity table.

    >>> frame = pd.DataFrame([[1.0]], index=["a"], columns=["a"])
    >>> comparison_html("1 article", frame).startswith("<p>1 article</p><table")
    True
    """
    return _summary(summary) + similarity_html(similarity)


def reuse_html(reuse: pd.DataFrame) -> str:
    """A reuse map (one row per sentence and other article) with each row coloured by its
    kind of reuse, matches first (verbatim, near-verbatim, paraphrase, then unique; the
    frame's order within a kind); the first 500 rows, then how many more there are.

    >>> frame = pd.DataFrame(
    ...     {"article": ["b", "b"], "sentence": [1, 0], "text": ["New.", "Acid leaked."],
    ...      "other": ["a", "a"], "other_sentence": [0, 0],
    ...      "other_text": ["Acid leaked.", "Acid leaked."], "score": [0.1, 1.0],
    ...      "kind": ["unique", "verbatim"]}
    ... )
    >>> table = reuse_html(frame)
    >>> table.index(REUSE_COLOURS["verbatim"]) < table.index(REUSE_COLOURS["unique"])
    True
    """
    rank = (
        reuse["kind"]
        .map({kind: i for i, kind in enumerate(REUSE_COLOURS)})
        .fillna(len(REUSE_COLOURS))
    )
    ordered = reuse.iloc[rank.to_numpy().argsort(kind="stable")] if len(reuse) else reuse
    rows = []
    for record in ordered.head(REUSE_ROWS_SHOWN).itertuples(index=False):
        colour = REUSE_COLOURS.get(str(record.kind), "#ffffff")
        rows.append(
            f'<tr style="background:{colour}">'
            f"<td>{html.escape(str(record.article))}</td><td>{record.sentence}</td>"
            f"<td>{html.escape(str(record.text))}</td>"
            f"<td>{html.escape(str(record.other))}</td><td>{record.other_sentence}</td>"
            f"<td>{html.escape(str(record.other_text))}</td>"
            f"<td>{record.score:.2f}</td><td>{html.escape(str(record.kind))}</td></tr>"
        )
    hidden = len(reuse) - REUSE_ROWS_SHOWN
    more = f"<p>… {hidden} more rows</p>" if hidden > 0 else ""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in reuse.columns)
    return (
        f'<table class="storylens-reuse"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>{more}"
    )


def digest_html(summary: str, sentences: pd.DataFrame) -> str:
    """A summary line over the digest's sentences as a numbered list, each with its article.

    >>> frame = pd.DataFrame({"text": ["Acid leaked."], "article": ["wire"]})
    >>> digest_html("Digest(1 sentence)", frame)
    '<p>Digest(1 sentence)</p><ol><li>Acid leaked. <small>(wire)</small></li></ol>'
    """
    items = "".join(
        f"<li>{html.escape(str(text))} <small>({html.escape(str(article))})</small></li>"
        for text, article in zip(sentences["text"], sentences["article"], strict=True)
    )
    return f"{_summary(summary)}<ol>{items}</ol>"


def topics_html(summary: str, labels: Sequence[str], mixture: pd.DataFrame) -> str:
    """A summary line, each topic's label (its top terms), and the articles' topic mixtures.

    >>> mixture = pd.DataFrame({"topic_0": [1.0]}, index=["wire"])
    >>> "<td>acid, tank</td>" in topics_html("Topics(1)", ["acid, tank"], mixture)
    True
    """
    rows = "".join(
        f"<tr><th>{topic}</th><td>{html.escape(label)}</td></tr>"
        for topic, label in zip(mixture.columns, labels, strict=True)
    )
    return (
        f"{_summary(summary)}<table><thead><tr><th>topic</th>"
        f"<th>top terms</th></tr></thead><tbody>{rows}</tbody></table>"
        f"{mixture.round(3).to_html()}"
    )

"""Who rewrote whom as a small inline SVG graph, for the report's summary.

The links are the report's reuse pairs (``Comparison.reuse_summary``, either share at least
0.2), the :data:`GRAPH_LINKS` strongest (by the larger share). A decided link is an arrow
from the source to the article that reuses it; an undecided one (no rule tells which came
first) a plain dashed line. The articles stand in columns: the first holds those that reuse
no drawn article, and each other article stands one column right of its rightmost source.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

import numpy as np

__all__ = ["GRAPH_LINKS", "reuse_graph_svg", "strongest_links"]

#: Links the summary's graph draws at most; the reuse map lists them all.
GRAPH_LINKS = 12

_BOX_WIDTH, _BOX_HEIGHT = 120, 20
_COLUMN_PITCH, _ROW_PITCH = 165, 30
_MARGIN = 6
_LEFT = 40  # room for the arcs between articles of one column
_TOP = 22  # room for the arcs over a column
_LABEL_CHARACTERS = 17


def strongest_links(reuse: Sequence[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """The ``count`` links with the largest share (of either article in the other), in that
    order, ties in the given order.

    >>> links = [{"share_of_copy": 0.3, "share_of_source": 0.2},
    ...          {"share_of_copy": 0.2, "share_of_source": 0.9}]
    >>> [link["share_of_source"] for link in strongest_links(links, 1)]
    [0.9]
    """
    n = len(reuse)
    largest = np.maximum(
        np.fromiter(map(itemgetter("share_of_copy"), reuse), dtype=np.float64, count=n),
        np.fromiter(map(itemgetter("share_of_source"), reuse), dtype=np.float64, count=n),
    )
    # A stable sort keeps ties in the given order (sorting the links' dicts in Python took
    # a second per call for the 200,000 pairs of 1,000 articles).
    order = np.argsort(-largest, kind="stable")[:count]
    return [reuse[i] for i in order.tolist()]


def _columns(links: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Each article's column: 0 for one that draws on no drawn article, else one more than
    its rightmost source (a cycle, which dates cannot make, is cut after len(links) steps)."""
    articles: list[str] = []
    for link in links:
        for article in (link["source"], link["copy"]):
            if article not in articles:
                articles.append(article)
    column = dict.fromkeys(articles, 0)
    for _ in range(len(links)):
        changed = False
        for link in links:
            if link["evidence"] == "undecided":
                continue
            wanted = column[link["source"]] + 1
            if column[link["copy"]] < wanted:
                column[link["copy"]] = wanted
                changed = True
        if not changed:
            break
    return column


def _places(links: Sequence[dict[str, Any]], column: dict[str, int]) -> dict[str, tuple[int, int]]:
    """Each article's (column, row). The first column keeps the order the articles first
    appear in; each further one is sorted by the mean row of its articles' sources, so that
    arrows cross little."""
    sources: dict[str, list[str]] = {}
    for link in links:
        if link["evidence"] != "undecided":
            sources.setdefault(link["copy"], []).append(link["source"])
    place: dict[str, tuple[int, int]] = {}
    for at in range(max(column.values()) + 1):
        members = [article for article in column if column[article] == at]
        if at:
            members.sort(
                key=lambda article: float(
                    np.mean([place[s][1] for s in sources.get(article, []) if s in place] or [0])
                )
            )
        for row, article in enumerate(members):
            place[article] = (at, row)
    return place


def _label(article: str) -> str:
    return article if len(article) <= _LABEL_CHARACTERS else article[: _LABEL_CHARACTERS - 1] + "…"


def reuse_graph_svg(reuse: Sequence[dict[str, Any]], count: int = GRAPH_LINKS) -> str:
    """The graph of the ``count`` strongest reuse links as inline SVG ("" without links).

    >>> svg = reuse_graph_svg([{"source": "wire", "copy": "blog", "share_of_copy": 0.8,
    ...                         "share_of_source": 0.4, "evidence": "date"}])
    >>> svg.startswith("<svg") and svg.count("<rect") == 2 and 'marker-end' in svg
    True
    """
    links = strongest_links(reuse, count)
    if not links:
        return ""
    escape = html.escape
    column = _columns(links)
    place = _places(links, column)
    rows: dict[int, int] = {}
    for at, _ in place.values():
        rows[at] = rows.get(at, 0) + 1
    width = _LEFT + _MARGIN + _BOX_WIDTH + _COLUMN_PITCH * max(column.values())
    height = _TOP + _MARGIN + _BOX_HEIGHT + _ROW_PITCH * (max(rows.values()) - 1)

    def left(article: str) -> tuple[float, float]:
        at, row = place[article]
        return _LEFT + _COLUMN_PITCH * at, _TOP + _ROW_PITCH * row + _BOX_HEIGHT / 2

    edges = []
    for link in links:
        share = max(link["share_of_copy"], link["share_of_source"])
        x1, y1 = left(link["source"])
        x2, y2 = left(link["copy"])
        undecided = link["evidence"] == "undecided"
        if x2 - x1 == _COLUMN_PITCH:  # the next column: a line between the boxes
            path = f"M{x1 + _BOX_WIDTH:.0f},{y1:.0f} L{x2 - 3:.0f},{y2:.0f}"
        elif x2 > x1:  # further right: an arc over the columns between, not through them
            start, end = x1 + _BOX_WIDTH, x2 - 3
            path = (
                f"M{start:.0f},{y1:.0f} C{start + 50:.0f},{_MARGIN - 14} "
                f"{end - 50:.0f},{_MARGIN - 14} {end:.0f},{y2:.0f}"
            )
        else:  # same column (undecided): an arc to the left of the boxes
            bend = x1 - 24 - 6 * abs(y2 - y1) / _ROW_PITCH
            path = f"M{x1:.0f},{y1:.0f} Q{bend:.0f},{(y1 + y2) / 2:.0f} {x2:.0f},{y2:.0f}"
        what = (
            f"{link['source']} and {link['copy']} share text; which came first is undecided"
            if undecided
            else f"{link['copy']} reuses {link['source']} (by {link['evidence']})"
        )
        tooltip = (
            f"{what}: {link['share_of_copy']:.0%} of {link['copy']}, "
            f"{link['share_of_source']:.0%} of {link['source']}"
        )
        style = 'stroke-dasharray="4 3"' if undecided else 'marker-end="url(#arrow)"'
        edges.append(
            f'<path d="{path}" fill="none" stroke="#4a6fa5" '
            f'stroke-width="{1 + 2.5 * share:.1f}" stroke-opacity="{0.35 + 0.6 * share:.2f}" '
            f"{style}><title>{escape(tooltip)}</title></path>"
        )
    boxes = []
    for article in column:
        x, y = left(article)
        boxes.append(
            f'<g><rect x="{x:.0f}" y="{y - _BOX_HEIGHT / 2:.0f}" width="{_BOX_WIDTH}" '
            f'height="{_BOX_HEIGHT}" rx="4" fill="#eef3fb" stroke="#4a6fa5"/>'
            f'<text x="{x + 6:.0f}" y="{y + 4:.0f}" font-size="12">{escape(_label(article))}'
            f"</text><title>{escape(article)}</title></g>"
        )
    return (
        f'<svg class="graph" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'role="img" aria-label="who rewrote whom">'
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" '
        'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#4a6fa5"/></marker></defs>'
        + "".join(edges)
        + "".join(boxes)
        + "</svg>"
    )

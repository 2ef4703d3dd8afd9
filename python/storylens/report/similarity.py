"""The report's similarity section: up to :data:`TABLE_LIMIT` articles a colour-scaled table;
above, a heatmap ordered by clustering, with the value under the pointer, and the most
similar pairs.

The heatmap is a ``<canvas>`` that one inline script draws from the values, written into the
page as two hexadecimal digits per cell (the similarity in hundredths): at 1,000 articles that
is 2 MB, where one SVG element per cell with its tooltip would be some 100 MB. The script is
constant, so the page's Content-Security-Policy allows it by its hash (:data:`SCRIPT_HASH`)
and no other script.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Sequence

import numpy as np
from scipy.cluster.hierarchy import leaves_list, linkage
from scipy.spatial.distance import squareform

from storylens.report.text import column_labels
from storylens.views.html import shade

__all__ = [
    "HEATMAP_SCRIPT",
    "SCRIPT_HASH",
    "TABLE_LIMIT",
    "cluster_order",
    "most_similar_pairs",
    "similarity_section",
]

#: Up to this many articles the section is a table; above, a heatmap and the top pairs.
TABLE_LIMIT = 20

#: Pairs listed under the heatmap.
TOP_PAIRS = 20

#: Column labels of the similarity table fit this many characters (full ids on the rows).
LABEL_WIDTH = 9

#: The heatmap's largest width on the page, in CSS pixels.
HEATMAP_PIXELS = 640

#: Draws the heatmap from the data block and shows the pair and value under the pointer.
#: Its colours are :func:`storylens.views.html.shade`'s: white (0) to blue (1).
HEATMAP_SCRIPT = """
(function () {
  var data = JSON.parse(document.getElementById("heatmap-data").textContent);
  var canvas = document.getElementById("heatmap");
  var tip = document.getElementById("heatmap-tip");
  var n = data.ids.length;
  var context = canvas.getContext("2d");
  var image = context.createImageData(n, n);
  for (var k = 0; k < n * n; k++) {
    var level = parseInt(data.values.substr(2 * k, 2), 16) / 100;
    image.data[4 * k] = Math.round(255 - 190 * level);
    image.data[4 * k + 1] = Math.round(255 - 120 * level);
    image.data[4 * k + 2] = 255;
    image.data[4 * k + 3] = 255;
  }
  context.putImageData(image, 0, 0);
  function cellAt(event) {
    var box = canvas.getBoundingClientRect();
    var column = Math.floor((event.clientX - box.left) / box.width * n);
    var row = Math.floor((event.clientY - box.top) / box.height * n);
    return (row >= 0 && row < n && column >= 0 && column < n) ? [row, column] : null;
  }
  canvas.addEventListener("mousemove", function (event) {
    var cell = cellAt(event);
    if (!cell) { tip.hidden = true; return; }
    var value = parseInt(data.values.substr(2 * (cell[0] * n + cell[1]), 2), 16) / 100;
    tip.textContent = data.ids[cell[0]] + " \\u00d7 " + data.ids[cell[1]] + ": " +
      value.toFixed(2);
    tip.style.left = (event.pageX + 14) + "px";
    tip.style.top = (event.pageY + 14) + "px";
    tip.hidden = false;
  });
  canvas.addEventListener("mouseleave", function () { tip.hidden = true; });
  canvas.setAttribute("data-drawn", String(n));
})();
"""

#: The Content-Security-Policy source that allows :data:`HEATMAP_SCRIPT` and nothing else.
SCRIPT_HASH = (
    "'sha256-"
    + base64.b64encode(hashlib.sha256(HEATMAP_SCRIPT.encode("utf-8")).digest()).decode("ascii")
    + "'"
)

#: Two hexadecimal digits for each similarity in hundredths, 0 to 100.
_HEX = np.array([f"{level:02x}" for level in range(101)], dtype=object)


def cluster_order(values: np.ndarray) -> list[int]:
    """The articles in the leaf order of an average-linkage clustering on 1 - similarity, so
    that similar articles sit side by side (deterministic: the same matrix, the same order).

    >>> cluster_order(np.array([[1, 0.1, 0.9], [0.1, 1, 0.2], [0.9, 0.2, 1]]))
    [1, 0, 2]
    """
    n = len(values)
    if n < 3:
        return list(range(n))
    distance = 1.0 - np.clip((values + values.T) / 2.0, 0.0, 1.0)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    return [int(leaf) for leaf in leaves_list(tree)]


def most_similar_pairs(
    ids: Sequence[str], values: np.ndarray, count: int
) -> list[tuple[str, str, float]]:
    """The ``count`` most similar pairs of different articles, most similar first (ties in
    the order of the rows, then of the columns).

    >>> most_similar_pairs(["a", "b", "c"], np.array([[1, .2, .9], [.2, 1, .5], [.9, .5, 1]]), 2)
    [('a', 'c', 0.9), ('b', 'c', 0.5)]
    """
    first, second = np.triu_indices(len(ids), k=1)
    scores = values[first, second]
    best = np.argsort(-scores, kind="stable")[:count]
    return [(ids[first[k]], ids[second[k]], float(scores[k])) for k in best]


def similarity_section(ids: Sequence[str], values: np.ndarray) -> str:
    """The similarity section's HTML: a table up to :data:`TABLE_LIMIT` articles, a heatmap
    and the most similar pairs above.

    >>> page = similarity_section(["a", "b"], np.array([[1.0, 0.3], [0.3, 1.0]]))
    >>> page.count("<td"), "<canvas" in page
    (4, False)
    """
    if len(ids) <= TABLE_LIMIT:
        return _table(ids, values)
    return _heatmap(ids, values) + _pairs(ids, values)


def _table(ids: Sequence[str], values: np.ndarray) -> str:
    """The colour-scaled table, full ids on the rows and short unique labels on the columns
    (with a legend when they are not plainly the ids)."""
    escape = html.escape
    labels, legend = column_labels(list(ids), LABEL_WIDTH)
    head = "".join(
        f'<th title="{escape(full)}">{escape(label)}</th>'
        for label, full in zip(labels, ids, strict=True)
    )
    rows = "".join(
        f"<tr><th>{escape(row_id)}</th>"
        + "".join(
            f'<td style="{shade(float(v))}" title="{escape(row_id)} &#215; {escape(other)}">'
            f"{float(v):.2f}</td>"
            for other, v in zip(ids, row, strict=True)
        )
        + "</tr>"
        for row_id, row in zip(ids, values, strict=True)
    )
    note = f"<p><small>{escape('; '.join(legend))}</small></p>" if legend else ""
    return (
        '<table class="matrix"><thead><tr><th></th>'
        f"{head}</tr></thead><tbody>{rows}</tbody></table>{note}"
    )


def _heatmap(ids: Sequence[str], values: np.ndarray) -> str:
    """The canvas, its data block, the script that draws it, and a colour key."""
    n = len(ids)
    order = cluster_order(values)
    ordered = values[np.ix_(order, order)]
    levels = np.rint(np.clip(ordered, 0.0, 1.0) * 100).astype(np.int64)
    data = json.dumps(
        {"ids": [ids[i] for i in order], "values": "".join(_HEX[levels.ravel()].tolist())},
        ensure_ascii=False,
    ).replace("<", "\\u003c")  # no "</script>" inside the block, whatever the ids hold
    size = min(HEATMAP_PIXELS, max(n, HEATMAP_PIXELS // n * n))
    return (
        f"<p>{n} articles, too many for a table: each cell is the similarity of two articles "
        "(white 0, blue 1; point at a cell for the pair and its value). The articles are "
        "ordered by clustering, so that blocks along the diagonal are groups of articles "
        "that resemble each other.</p>"
        f'<div class="heatmap"><canvas id="heatmap" width="{n}" height="{n}" '
        f'style="width:{size}px;height:{size}px" role="img" '
        f'aria-label="similarity heatmap of {n} articles"></canvas>'
        f"{_colour_key()}</div>"
        '<div id="heatmap-tip" class="tip" hidden></div>'
        "<noscript><p>The heatmap needs JavaScript; the most similar pairs follow.</p>"
        "</noscript>"
        f'<script type="application/json" id="heatmap-data">{data}</script>'
        f"<script>{HEATMAP_SCRIPT}</script>"
    )


def _colour_key() -> str:
    """A small inline SVG scale from 0 (white) to 1 (blue)."""
    stops = "".join(
        f'<stop offset="{level:.2f}" stop-color="{shade(level).split(";")[0].split(":")[1]}"/>'
        for level in (0.0, 0.5, 1.0)
    )
    return (
        '<svg width="160" height="34" viewBox="0 0 160 34" role="img" aria-label="colour key">'
        f'<defs><linearGradient id="key">{stops}</linearGradient></defs>'
        '<rect x="10" y="2" width="140" height="12" fill="url(#key)" stroke="#999"/>'
        '<text x="10" y="28" font-size="11">0</text>'
        '<text x="150" y="28" font-size="11" text-anchor="end">1</text></svg>'
    )


def _pairs(ids: Sequence[str], values: np.ndarray) -> str:
    """The most similar pairs as a table."""
    escape = html.escape
    rows = "".join(
        f"<tr><td>{rank}</td><td>{escape(a)}</td><td>{escape(b)}</td>"
        f'<td style="{shade(score)}">{score:.2f}</td></tr>'
        for rank, (a, b, score) in enumerate(most_similar_pairs(ids, values, TOP_PAIRS), 1)
    )
    return (
        f"<h3>The {TOP_PAIRS} most similar pairs</h3>"
        "<table><thead><tr><th>#</th><th>article</th><th>article</th><th>similarity</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )

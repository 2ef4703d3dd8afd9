"""Views: the HTML fragments and plots drawn from plain data, and the notebook views of the
objects that use them."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
import pytest
from storylens import ArticleSet, Comparison
from storylens.datasets import load_sample
from storylens.views import html, plots

matplotlib.use("Agg")

SIMILARITY = pd.DataFrame(
    [[1.0, 0.3], [0.3, 1.0]], index=pd.Index(["a", "b"], name="article"), columns=["a", "b"]
)


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    return load_sample().clean().compare()


def test_views_import_no_layer() -> None:
    code = (
        "import sys, storylens.views; "
        "print(sorted(m for m in sys.modules if m.startswith('storylens')))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert ast.literal_eval(output) == [
        "storylens",
        "storylens._core",
        "storylens.exceptions",
        "storylens.views",
        "storylens.views.html",
        "storylens.views.plots",
    ]


def test_shading_runs_from_white_to_blue_and_clips() -> None:
    assert html.shade(-1.0) == html.shade(0.0) == "background:rgb(255,255,255);color:#000"
    assert html.shade(2.0) == html.shade(1.0) == "background:rgb(65,135,255);color:#fff"


def test_similarity_table_escapes_labels() -> None:
    frame = SIMILARITY.rename(index={"a": "<a>"}, columns={"a": "<a>"})
    table = html.similarity_html(frame)
    assert "&lt;a&gt;" in table and "<a>" not in table
    assert table.count("<td") == 4


def test_reuse_table_colours_rows_and_shows_the_first_500() -> None:
    row = {
        "article": "b",
        "sentence": 0,
        "text": "Acid <leaked>.",
        "other": "a",
        "other_sentence": 0,
        "other_text": "Acid leaked.",
        "score": 1.0,
        "kind": "verbatim",
    }
    table = html.reuse_html(pd.DataFrame([row] * 501))
    assert table.count(html.REUSE_COLOURS["verbatim"]) == 500
    assert "… 1 more rows" in table and "Acid &lt;leaked&gt;." in table
    assert "more rows" not in html.reuse_html(pd.DataFrame([row]))


def test_plots_draw_from_data_frames() -> None:
    from matplotlib.figure import Figure

    figure = plots.plot_similarity(SIMILARITY)
    assert isinstance(figure, Figure)
    assert figure.axes[0].get_title() == "Similarity"
    terms = pd.DataFrame({"term": ["acid", "river"], "z": [3.1, 2.0]})
    assert len(plots.plot_terms(terms).axes[0].patches) == 2
    with pytest.raises(ValueError, match="'count'"):
        plots.plot_terms(terms, "count")


def test_objects_show_themselves_in_notebooks(comparison: Comparison) -> None:
    assert "<table" in comparison._repr_html_()
    assert comparison._repr_html_().startswith("<p>Comparison(7 articles")
    assert ArticleSet.from_texts(["One text."])._repr_html_().startswith("<p>ArticleSet(")
    assert "<ol><li>" in comparison.digest(max_words=40)._repr_html_()
    assert "top terms" in comparison.topics(2)._repr_html_()
    assert 'class="storylens-reuse"' in comparison.reuse(kinds=["verbatim"])._repr_html_()


def test_notebook_views_of_large_sets_stay_small() -> None:
    # Above MAX_TABLE_ARTICLES a comparison shows its closest pairs, never the N-by-N table
    # (which a memory limit could also refuse); an article set shows its first and last rows.
    import storylens
    from storylens.views.html import MAX_TABLE_ARTICLES, MAX_TABLE_ROWS

    n = MAX_TABLE_ARTICLES + 10
    texts = [f"Storm number {i // 2} hit the harbour of Corvale {i // 2} times." for i in range(n)]
    articles = ArticleSet.from_texts(texts, ids=[f"a{i:02d}" for i in range(n)])
    comparison = articles.compare()
    with storylens.config_context(memory_limit=1000):
        view = comparison._repr_html_()
    assert view.startswith(f"<p>Comparison({n} articles")
    assert 'class="storylens-pairs"' in view
    assert "storylens-similarity" not in view
    # the pairs of twins (a00, a01), (a02, a03)... are the most similar; each pair once
    assert view.count("<tr>") == 1 + 20
    assert "<td>a00</td><td>a01</td>" in view
    assert "<td>a01</td><td>a00</td>" not in view
    many = ArticleSet.from_texts([f"Text {i}." for i in range(5 * MAX_TABLE_ROWS)])
    assert many._repr_html_().count("<tr") <= MAX_TABLE_ROWS + 2


def test_comparison_plots(comparison: Comparison) -> None:
    def title(figure: Any) -> str:
        return str(figure.axes[0].get_title())

    assert title(comparison.plot_similarity()) == "Similarity"
    assert len(comparison.plot_terms("continental-review", top=5).axes[0].patches) == 5
    assert title(comparison.plot_terms("wire")).startswith("No significantly distinctive")
    assert title(comparison.plot_terms(top=4)) == "Shared terms"


def test_plots_draw_into_a_given_axes(comparison: Comparison) -> None:
    import matplotlib.pyplot as plt

    figure, (left, right) = plt.subplots(1, 2)
    assert comparison.plot_similarity(ax=left) is figure
    assert comparison.plot_terms(top=3, ax=right) is figure
    assert left.get_title() == "Similarity" and len(right.patches) == 3
    plt.close(figure)


def test_an_article_shows_itself_with_removals_greyed_out() -> None:
    page = "Share\nPort shut after strike\nThe port closed on Friday after dock workers walked out."
    article = ArticleSet.from_texts([page]).clean()[0]
    view = article._repr_html_()
    assert "<h4>Port shut after strike</h4>" in view
    assert '<span style="color:#999" title="furniture:' in view
    assert "The port closed on Friday" in view
    raw = ArticleSet.from_texts(["<b>not markup</b> text " * 3000])[0]._repr_html_()
    assert "&lt;b&gt;" in raw and "<b>" not in raw and "more characters" in raw


def test_saved_plots_keep_long_labels_inside_the_figure(tmp_path: Path) -> None:
    ids = ["dailyharbourgazette", "islandblogpost", "valleypostonline"]
    similarity = pd.DataFrame(np.eye(3), index=ids, columns=ids)
    terms = pd.DataFrame({"term": ["harbourmaster-general", "ferry"], "z": [3.1, 2.0]})
    heat_map, bars = plots.plot_similarity(similarity), plots.plot_terms(terms)
    # The labels that name articles and terms (the ids run along both axes of the heat map).
    for figure, labels in (
        (heat_map, heat_map.axes[0].get_yticklabels() + heat_map.axes[0].get_xticklabels()),
        (bars, bars.axes[0].get_yticklabels()),
    ):
        figure.savefig(tmp_path / "plot.png")
        renderer = figure.canvas.get_renderer()
        width, height = figure.bbox.width, figure.bbox.height
        for label in labels:
            box = label.get_window_extent(renderer)
            assert box.x0 >= 0 and box.y0 >= 0, label.get_text()
            assert box.x1 <= width and box.y1 <= height, label.get_text()


def test_a_plot_of_no_terms_says_so_instead_of_drawing_empty_axes() -> None:
    figure = plots.plot_terms(pd.DataFrame({"term": [], "z": []}), title="No term of wire")
    ax = figure.axes[0]
    assert not ax.axison
    assert ax.get_title() == "No term of wire"
    assert [text.get_text() for text in ax.texts] == ["no terms to show"]

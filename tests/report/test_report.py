"""The story report: its content as plain data, the text the command prints, and the HTML
page (also what Comparison.to_html writes)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from storylens import ArticleSet, Comparison
from storylens.datasets import load_sample
from storylens.report import build_report, report_html, report_text


@pytest.fixture(scope="module")
def articles() -> ArticleSet:
    return load_sample().clean()


@pytest.fixture(scope="module")
def comparison(articles: ArticleSet) -> Comparison:
    return articles.compare()


@pytest.fixture(scope="module")
def report(articles: ArticleSet, comparison: Comparison) -> dict[str, Any]:
    return build_report(articles, comparison)


def test_report_content_is_plain_json_ready_data(report: dict[str, Any]) -> None:
    assert json.loads(json.dumps(report)) == report
    assert [row["id"] for row in report["articles"]] == load_sample().ids
    assert report["similarity"]["ids"] == load_sample().ids
    assert len(report["shared_terms"]) == 12
    assert set(report["distinctive_terms"]) == set(load_sample().ids)
    assert 0 < report["digest"]["words"] <= 150


def test_report_options_size_its_sections(articles: ArticleSet, comparison: Comparison) -> None:
    small = build_report(articles, comparison, terms=3, distinctive=2, digest_words=40, unique=1)
    assert len(small["shared_terms"]) == 3
    assert all(len(terms) <= 2 for terms in small["distinctive_terms"].values())
    assert small["digest"]["words"] <= 40
    assert all(len(facts) <= 1 for facts in small["unique_facts"].values())


def test_a_single_article_has_no_pairwise_sections() -> None:
    one = ArticleSet.from_texts(["The port closed on Friday. Dockers walked out."]).clean()
    report = build_report(one, one.compare())
    assert report["distinctive_terms"] == {} and report["reuse"] == []
    assert report["sources"] == [] and report["unique_facts"] == {}
    assert report_text(report).splitlines()[0] == "1 article"


def test_report_text_lists_every_section(report: dict[str, Any]) -> None:
    lines = report_text(report).splitlines()
    assert lines[0] == "7 articles"
    for heading in (
        "Similarity (cosine of TF-IDF vectors)",
        "Shared terms (in how many articles)",
        "Distinctive terms (log-odds z-score against the rest of the set)",
        "Reuse map (share of an article's sentences found in another)",
        "Who rewrote whom (each article's likely source in the set)",
        "What each article adds (sentences no other article has)",
    ):
        assert heading in lines, heading
    assert any(line.startswith("Digest (") for line in lines)


def test_report_html_is_one_self_contained_page(report: dict[str, Any]) -> None:
    page = report_html(report, title="Velmora <spill>")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<title>Velmora &lt;spill&gt;</title>" in page
    assert "<script" not in page and "http" not in page.split("<body>")[0]
    for heading in ("Similarity", "Reuse map", "Who rewrote whom", "Digest"):
        assert f"<h2>{heading}</h2>" in page


def test_comparison_to_html_writes_the_report_page(comparison: Comparison, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    page = comparison.to_html(path, max_words=60)
    assert path.read_text(encoding="utf-8") == page
    for heading in ("Similarity", "Reuse map", "Digest", "What each article adds"):
        assert f"<h2>{heading}</h2>" in page


def test_similarity_columns_keep_ids_apart() -> None:
    from storylens.report.text import column_labels

    ids = [f"article_{n}" for n in range(1, 12)]
    labels, legend = column_labels(ids, 9)
    assert len(set(labels)) == len(ids) and labels[0] == "1" and labels[9] == "10"
    assert legend == ['columns: the ids without "article_"']
    many = [f"d30001t_a{n:03d}x" for n in range(195)]
    labels, _ = column_labels(many, 9)
    assert len(set(labels)) == 195 and all(len(label) <= 9 for label in labels)
    clash = ["storylens-alpha-one", "storylens-alpha-two", "other-alpha-one"]
    labels, legend = column_labels(clash, 9)
    assert labels == ["[1]", "[2]", "[3]"] and legend[2] == "[3] other-alpha-one"

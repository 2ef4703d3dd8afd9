"""The story report: its content as plain data, the text the command prints, and the HTML
page (also what Comparison.to_html writes)."""

from __future__ import annotations

import html
import json
import re
import warnings
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from story_sets import story_frame
from storylens import ArticleSet, Comparison
from storylens.datasets import load_sample
from storylens.exceptions import SeveralStoriesWarning
from storylens.report import build_report, report_html, report_text
from storylens.report.reuse_graph import _columns, reuse_graph_svg, strongest_links
from storylens.report.similarity import (
    HEATMAP_SCRIPT,
    SCRIPT_HASH,
    TOP_PAIRS,
    cluster_order,
    most_similar_pairs,
    similarity_section,
)


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
    assert "<script" not in page  # 7 articles: a table, so no heatmap and no script
    for heading in ("Similarity", "Reuse map", "Who rewrote whom", "Digest"):
        assert f"<h2>{heading}</h2>" in page
    assert_fetches_nothing(page, {row["url"] for row in report["articles"]})


class _Addresses(HTMLParser):
    """Every address a page names: (tag, attribute, value), and its style and script text."""

    def __init__(self) -> None:
        super().__init__()
        self.addresses: list[tuple[str, str, str]] = []
        self.texts: list[str] = []
        self.policies: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if name in {
                "src",
                "href",
                "srcset",
                "action",
                "formaction",
                "poster",
                "data",
                "xlink:href",
                "background",
                "ping",
                "manifest",
            }:
                self.addresses.append((tag, name, value))
            if "url(" in value:
                self.addresses.append((tag, name, value))
        if tag == "meta" and dict(attrs).get("http-equiv") == "Content-Security-Policy":
            self.policies.append(dict(attrs).get("content") or "")

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


def assert_fetches_nothing(page: str, article_urls: set[str | None]) -> None:
    """The rule for a self-contained page: no attribute names an address to load (no
    ``src`` at all, no ``url()`` but a fragment ``url(#id)``), the only ``href`` values are
    fragments (``#id``) or, on ``<a>`` links a reader may follow, the articles' own http(s)
    URLs from the user's data; no CSS ``@import``; and a Content-Security-Policy that forbids
    every request, so that even a mistake here could not fetch anything."""
    parsed = _Addresses()
    parsed.feed(page)
    for tag, name, value in parsed.addresses:
        if name == "href" and tag == "a" and value in article_urls:
            assert value.startswith(("http://", "https://")), value
            continue
        if name == "href":
            assert value.startswith("#"), (tag, name, value)
            continue
        assert "url(" in value and all(
            part.startswith("#") for part in re.findall(r"url\(([^)]*)\)", value)
        ), (tag, name, value)
    text = " ".join(parsed.texts)
    assert "@import" not in text and not re.search(r"url\((?!#)", text)
    assert len(parsed.policies) == 1 and "default-src 'none'" in parsed.policies[0]
    assert "http" not in parsed.policies[0]


def test_the_summary_opens_the_page(report: dict[str, Any]) -> None:
    page = report_html(report)
    summary = page[page.index('<section id="summary">') : page.index('<section id="articles">')]
    assert "<strong>7 articles</strong> from <strong>7 outlets</strong>" in summary
    assert "dated 2026-03-13 to 2026-03-20" in summary
    assert html.escape(report["digest"]["text"]) in summary
    assert "Core terms (in every article):</strong> acid <small>(7)</small>" in summary
    assert "duplicate (1): valley-courier (of wire)" in summary
    decided = [link for link in report["reuse"] if link["evidence"] != "undecided"]
    assert summary.count('marker-end="url(#arrow)"') == len(decided)
    assert summary.count('stroke-dasharray="4 3"') == len(report["reuse"]) - len(decided)
    assert page.index('<nav class="toc"') < page.index('<section id="summary">')
    for anchor in re.findall(r'href="#([^"]+)"', page):
        assert f'id="{anchor}"' in page, anchor


def test_the_graph_draws_the_strongest_links_in_columns() -> None:
    links = [
        {
            "source": "wire",
            "copy": f"copy{n:02d}",
            "share_of_copy": n / 20,
            "share_of_source": 0.1,
            "evidence": "date",
        }
        for n in range(1, 16)
    ] + [
        {
            "source": "copy15",
            "copy": "blog",
            "share_of_copy": 0.9,
            "share_of_source": 0.5,
            "evidence": "containment",
        }
    ]
    svg = reuse_graph_svg(links, count=5)
    assert svg.count('fill="none"') == 5  # the 5 strongest of 16
    assert ">blog<" in svg and ">copy14<" in svg and ">copy10<" not in svg
    columns = _columns(strongest_links(links, 5))
    assert columns["wire"] == 0 and columns["copy15"] == 1 and columns["blog"] == 2
    assert reuse_graph_svg([]) == ""


def test_only_http_urls_become_links() -> None:
    texts = ["The port closed on Friday after a strike by dockers over pay."] * 2
    frame = pd.DataFrame(
        {
            "id": ["a", "b"],
            "text": texts,
            "title": ["Port shut", "Port closed"],
            "url": ["https://port.example/a?x=1&y=2", "javascript:alert(1)"],
        }
    )
    articles = ArticleSet.from_frame(frame).clean()
    page = report_html(build_report(articles, articles.compare()))
    assert '<a href="https://port.example/a?x=1&amp;y=2" rel="noreferrer">Port shut</a>' in page
    assert "javascript:" not in page
    assert_fetches_nothing(page, {"https://port.example/a?x=1&y=2"})


@pytest.fixture(scope="module")
def large_report() -> dict[str, Any]:
    articles = ArticleSet.from_frame(story_frame(stories=3, outlets=9)).clean()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SeveralStoriesWarning)
        return build_report(articles, articles.compare())


def test_above_twenty_articles_similarity_is_a_heatmap(large_report: dict[str, Any]) -> None:
    page = report_html(large_report)
    section = page[page.index('<section id="similarity">') : page.index('<section id="shared')]
    assert '<canvas id="heatmap" width="27" height="27"' in section
    assert 'class="matrix"' not in section and section.count("<tr>") == 1 + TOP_PAIRS
    assert SCRIPT_HASH in page and f"<script>{HEATMAP_SCRIPT}</script>" in page
    data = json.loads(re.search(r'id="heatmap-data">(.*?)</script>', page).group(1))  # type: ignore[union-attr]
    assert sorted(data["ids"]) == sorted(large_report["similarity"]["ids"])
    assert len(data["values"]) == 2 * 27 * 27 and data["values"][:2] == "64"  # 1.00 = 0x64
    ids = large_report["similarity"]["ids"]
    assert_fetches_nothing(page, {row["url"] for row in large_report["articles"]})
    # Leaf order: each story's 9 articles sit together.
    stories = [ids_story[:3] for ids_story in data["ids"]]
    assert [stories[i] for i in range(0, 27, 9)] == sorted(set(stories), key=stories.index)
    assert all(len(set(stories[i : i + 9])) == 1 for i in range(0, 27, 9))
    assert len(ids) == 27


def test_cluster_order_is_deterministic_and_groups_alike() -> None:
    generator = np.random.default_rng(0)
    groups = np.repeat(np.arange(4), 6)
    values = np.where(groups[:, None] == groups[None, :], 0.8, 0.1)
    values = values + generator.uniform(0, 0.05, values.shape)
    values = (values + values.T) / 2
    np.fill_diagonal(values, 1.0)
    order = cluster_order(values)
    assert sorted(order) == list(range(24)) and order == cluster_order(values.copy())
    assert all(len(set(groups[order][i : i + 6])) == 1 for i in range(0, 24, 6))
    pairs = most_similar_pairs([str(i) for i in range(24)], values, 3)
    assert [score for *_, score in pairs] == sorted((score for *_, score in pairs), reverse=True)


def test_the_similarity_table_keeps_column_labels_unique() -> None:
    ids = [f"article_{n}" for n in range(1, 12)]
    values = np.eye(11)
    table = similarity_section(ids, values)
    assert '<th title="article_1">1</th>' in table and '<th title="article_10">10</th>' in table
    assert "the ids without &quot;article_&quot;" in table


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

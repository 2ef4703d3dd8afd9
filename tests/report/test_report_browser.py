"""The HTML report in a real browser: headless Chromium (Debian's ``chromium``) loads the
report of the bundled sample and of an invented 200-article set in a 1280 x 900 window, and
the page must load without a console error, show its summary without scrolling, and keep
every table within the window. How the browser is asked is in ``chromium_page.py``.

A missing browser fails these tests (CI installs it in ``.ci/run``); they never skip.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import chromium_page
import pytest
from chromium_page import WINDOW, Rendering, png_size, render, screenshot
from story_sets import story_frame
from storylens import ArticleSet
from storylens.datasets import load_sample
from storylens.exceptions import SeveralStoriesWarning
from storylens.report import build_report, report_html


@pytest.fixture(scope="module")
def sample_page() -> str:
    articles = load_sample().clean()
    return report_html(build_report(articles, articles.compare()), title="Velmora acid spill")


@pytest.fixture(scope="module")
def large_page() -> str:
    articles = ArticleSet.from_frame(story_frame(stories=10, outlets=20)).clean()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SeveralStoriesWarning)  # ten stories, on purpose
        comparison = articles.compare()
    assert len(articles) == 200
    return report_html(build_report(articles, comparison), title="200 articles")


def assert_reads_well(seen: Rendering) -> None:
    """No error, the summary on the first screen, no table wider than the window."""
    layout = seen.layout
    assert layout["errors"] == [], layout["errors"]
    assert seen.console == [], seen.console
    width, height = layout["viewport"]
    assert width == WINDOW[0]
    top, bottom, _, right = layout["summary"]
    assert 0 <= top and bottom <= height, f"summary spans {top}-{bottom}, window {height}"
    assert right <= layout["clientWidth"]
    assert layout["tableRights"], "no table"
    assert max(layout["tableRights"]) <= layout["clientWidth"], layout["tableRights"]
    assert layout["scrollWidth"] <= layout["clientWidth"]  # nothing scrolls sideways
    assert layout["brokenAnchors"] == []


def test_the_sample_report_reads_well_in_chromium(sample_page: str, tmp_path: Path) -> None:
    seen = render(sample_page, tmp_path)
    assert_reads_well(seen)
    assert seen.layout["heatmapDrawn"] is None  # 7 articles: a table, no heatmap
    assert png_size(screenshot(sample_page, tmp_path / "sample.png")) == WINDOW


def test_a_200_article_report_reads_well_in_chromium(large_page: str, tmp_path: Path) -> None:
    seen = render(large_page, tmp_path)
    assert_reads_well(seen)
    assert seen.layout["heatmapDrawn"] == "200"  # the script drew every row
    data = json.loads(re.search(r'id="heatmap-data">(.*?)</script>', large_page).group(1))  # type: ignore[union-attr]
    first, second = data["ids"][:2]
    value = int(data["values"][2:4], 16) / 100  # row 0, column 1
    assert seen.layout["heatmapTip"] == f"{first} \u00d7 {second}: {value:.2f}"
    assert png_size(screenshot(large_page, tmp_path / "large.png")) == WINDOW


def test_the_check_sees_errors_requests_and_overflow(sample_page: str, tmp_path: Path) -> None:
    broken = sample_page.replace(
        "</body>",
        '<img src="https://example.invalid/pixel.png" alt="">'
        f"<table><thead><tr><th>{'W' * 300}</th></tr></thead></table></body>",
    )
    seen = render(broken, tmp_path, extra_script="notDefinedAnywhere();")
    errors = " | ".join(seen.layout["errors"])
    assert "notDefinedAnywhere" in errors
    assert "blocked" in errors and "example.invalid" in errors  # the policy stopped it
    assert any("Uncaught" in line for line in seen.console)
    assert max(seen.layout["tableRights"]) > seen.layout["clientWidth"]


def test_a_missing_browser_is_an_error_not_a_skip(
    sample_page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chromium_page.shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError, match="apt-get install chromium"):
        render(sample_page, tmp_path)

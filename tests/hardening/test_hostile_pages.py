"""Saved web pages that are huge, deeply nested or made of malformed markup are read (or
refused with a clear error) in time and memory linear in their size. Small versions run here;
benches/hostile_inputs.py runs the full sizes (a 50 MB page, 100,000 levels) with time and
peak memory. Linearity is checked by counting the parser's work, not by timing it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from storylens import ArticleSet
from storylens.articles import _html
from storylens.articles._html import parse_html

PARAGRAPH = "<p>The harbour board met on Tuesday and agreed to reopen the north quay.</p>\n"

#: Page generators by name: each takes a size (a count of repeated units) and gives a page.
HOSTILE_PAGES: dict[str, Callable[[int], str]] = {
    "large page": lambda n: "<html><body>" + PARAGRAPH * n + "</body></html>",
    "deep nesting": lambda n: "<html><body>" + "<div>" * n + "Deep text." + "</div>" * n,
    "deep skipped nesting": lambda n: "<body>" + "<nav>" * n + "</script>" * n + "<p>Text.</p>",
    "unclosed tags": lambda n: "<a" * n,
    "unclosed end tags": lambda n: "</" * n,
    "unclosed attributes": lambda n: '<a x="' * n,
    "less-than signs": lambda n: "<" * n,
    "unclosed comments": lambda n: "<!--" * n,
    "unclosed sections": lambda n: "<![CDATA[" * n,
    "malformed mix": lambda n: "<p<<<>>>&&&#;;<!--<!-- <![CDATA[ </p </div <a href='x>text" * n,
    "deep json-ld": lambda n: (
        '<script type="application/ld+json">'
        + "[" * n
        + "]" * n
        + "</script><p>Body text of the page.</p>"
    ),
}


class _CountingParser(_html._PageParser):
    """The page parser, counting the characters its tag-end searches look at: the work that
    malformed markup makes quadratic."""

    scanned = 0

    def check_for_whole_start_tag(self, i: int) -> int:
        end = super().check_for_whole_start_tag(i)
        _CountingParser.scanned += (end if end > i else len(self.rawdata)) - i
        return end

    def parse_endtag(self, i: int) -> int:
        end = super().parse_endtag(i)
        _CountingParser.scanned += (end if end > i else len(self.rawdata)) - i
        return end

    def parse_comment(self, i: int, report: int = 1) -> int:
        end = super().parse_comment(i, report)
        _CountingParser.scanned += (end if end > i else len(self.rawdata)) - i
        return end

    def parse_html_declaration(self, i: int) -> int:
        end = super().parse_html_declaration(i)
        _CountingParser.scanned += (end if end > i else len(self.rawdata)) - i
        return end


def _work(page: str, monkeypatch: pytest.MonkeyPatch) -> int:
    _CountingParser.scanned = 0
    monkeypatch.setattr(_html, "_PageParser", _CountingParser)
    parse_html(page)
    return _CountingParser.scanned


@pytest.mark.parametrize("name", list(HOSTILE_PAGES))
def test_the_parsers_work_grows_linearly_with_the_page(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    small, large = (HOSTILE_PAGES[name](n) for n in (2_000, 8_000))
    work_small, work_large = _work(small, monkeypatch), _work(large, monkeypatch)
    # Four times the page, at most about four times the work (quadratic would be sixteen).
    assert work_large <= 5 * work_small + 10 * len(large), (work_small, work_large)


@pytest.mark.parametrize("name", list(HOSTILE_PAGES))
def test_each_hostile_page_reads_or_is_refused_clearly(name: str, tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(HOSTILE_PAGES[name](5_000), encoding="utf-8")
    try:
        articles = ArticleSet.from_folder(tmp_path)
    except ValueError as error:  # a page without text
        assert "page.html" in str(error)
    else:
        assert articles.ids == ["page"]


def test_a_page_nested_100000_levels_deep_keeps_its_text() -> None:
    page = parse_html(HOSTILE_PAGES["deep nesting"](100_000))
    assert page.text == "Deep text."


def test_ordinary_markup_is_parsed_as_it_is() -> None:
    # A "<" in text and in a quoted attribute value is not malformed markup.
    page = parse_html(
        "<html><body><p>a < b and <i>c</i></p><meta name='author' content='<b>Roe</b>'>"
        "<!-- a comment --><p>Second.</p></body></html>"
    )
    assert page.text == "a < b and c\n\nSecond."
    assert page.author == "<b>Roe</b>"


def test_runaway_tag_starts_become_text() -> None:
    assert parse_html("<a" * 1_000).text == "<a" * 1_000
    assert parse_html("<p>Kept.</p>" + "<!--" * 100).text == "Kept.\n\n" + "<!--" * 100


def test_a_runaway_page_is_rewritten_in_slices_as_it_would_be_whole() -> None:
    import random

    pieces = ["<", "<a", ">", "x", " ", "</", "<!", '"', "<p>", "<!--"]
    chooser = random.Random(19)
    page = "".join(chooser.choice(pieces) for _ in range(1_500_000))  # several slices
    expected = page
    for opener, closer in _html._SECTIONS:
        expected = _html._without_unclosed_sections(expected, opener, closer)
    assert _html._is_runaway_markup(expected)
    expected = _html._RUNAWAY_LESS_THAN.sub(_html._TEXT_LESS_THAN, expected)  # all at once
    assert _html._without_runaway_tag_starts(page) == expected

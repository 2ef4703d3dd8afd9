"""What a report's summary says about the set as a whole: the outlets when only some are
known, and no digest of a set that holds several stories."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from story_sets import story_frame
from storylens import ArticleSet
from storylens.exceptions import SeveralStoriesWarning
from storylens.report import build_report, report_html, report_text


def report_of(frame: Any) -> dict[str, Any]:
    articles = ArticleSet.from_frame(frame).clean()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SeveralStoriesWarning)
        return build_report(articles, articles.compare())


@pytest.fixture(scope="module")
def mixed_report() -> dict[str, Any]:
    """Three stories of nine articles each; the outlet is known for two articles only."""
    frame = story_frame(stories=3, outlets=9)
    frame["outlet"] = [*frame["outlet"][:2], *[None] * (len(frame) - 2)]
    return report_of(frame)


def test_a_large_set_says_for_how_many_articles_the_outlet_is_unknown(
    mixed_report: dict[str, Any],
) -> None:
    first = report_text(mixed_report).splitlines()[0]
    assert first.startswith("27 articles from 2 outlets (outlet unknown for 25 articles)")


def test_the_html_summary_says_it_too(mixed_report: dict[str, Any]) -> None:
    page = report_html(mixed_report)
    assert "<strong>2 outlets</strong> (outlet unknown for 25 articles)" in page


def test_a_set_of_several_stories_gets_no_digest_of_the_whole(
    mixed_report: dict[str, Any],
) -> None:
    assert mixed_report["stories"]["several"]
    digest = mixed_report["digest"]["text"]
    assert digest
    for text in (report_text(mixed_report), report_text(mixed_report, full=True)):
        assert digest[:40] not in text
        assert "left out: the set holds 3 stories, which one digest would mix" in text
    page = report_html(mixed_report)
    assert digest[:40] not in page
    summary = page.split('<section id="stories"')[0]
    assert "which one digest would mix" in summary


def test_one_story_keeps_its_digest_and_its_plain_outlet_count() -> None:
    report = report_of(story_frame(stories=1, outlets=4))
    text = report_text(report)
    assert report["digest"]["text"][:40] in text
    assert "left out" not in text
    page = report_html(report)
    assert "<strong>4 outlets</strong>, " in page

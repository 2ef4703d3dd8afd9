"""Saved web pages: text extraction, embedded metadata, and the folder and list readers."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES
from storylens import ArticleSet
from storylens.articles._html import looks_like_html, parse_html

HTML_SET = FIXTURES / "articles_html"


# -- text --------------------------------------------------------------------------------


def test_blocks_become_paragraphs_and_source_line_breaks_do_not() -> None:
    page = parse_html(
        "<body><h1>Bridge shut</h1><p>Engineers closed\n   the bridge on\tTuesday.</p>"
        "<ul><li>Detour via Orley</li><li>Extra ferries</li></ul>"
        "<p>One line<br>and the next</p><pre>  kept\n  as is</pre></body>"
    )
    assert page.text.split("\n\n") == [
        "Bridge shut",
        "Engineers closed the bridge on Tuesday.",
        "Detour via Orley",
        "Extra ferries",
        "One line\nand the next",
        "kept\nas is",
    ]


def test_scripts_styles_menus_sidebars_forms_and_footers_are_left_out() -> None:
    page = parse_html(
        "<html><head><title>T</title><style>p {color: red}</style></head><body>"
        "<nav>Home | News</nav><script>var a = '<p>not text</p>';</script>"
        "<p>Kept one.</p><aside><h2>Related</h2><p>Other story</p></aside>"
        "<form><p>Sign up for our newsletter</p><button>Go</button></form>"
        "<noscript>Enable JavaScript</noscript><svg><text>logo</text></svg>"
        "<p>Kept &amp; two &mdash; with entities.</p><footer>&copy; 2026 Example</footer>"
        "</body></html>"
    )
    assert page.text == "Kept one.\n\nKept & two — with entities."


def test_broken_html_still_gives_its_text() -> None:
    page = parse_html("<p>First <b>bold<p>Second</div></span><nav>menu<p>never closed")
    assert page.text.startswith("First bold")
    assert "Second" in page.text
    assert "menu" not in page.text and "never closed" not in page.text


def test_recognises_html_documents() -> None:
    assert looks_like_html("\ufeff  <!-- saved -->\n<!doctype html><p>x")
    assert looks_like_html("<HTML><body>x</body></HTML>")
    assert not looks_like_html("The <b>port</b> closed.")


# -- metadata -----------------------------------------------------------------------------


def test_json_ld_comes_first_then_open_graph_then_meta_tags() -> None:
    page = parse_html(
        '<html lang="de"><head><title>Fallback | Site</title>'
        '<meta property="og:title" content="From OG">'
        '<meta property="og:site_name" content="Site">'
        '<meta name="date" content="2026-01-02">'
        '<script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "x"},'
        '{"@type": ["NewsArticle"], "headline": "From JSON-LD",'
        ' "datePublished": "2026-01-03T10:00:00Z", "author": [{"name": "A. Writer"},'
        ' {"name": "B. Writer"}], "publisher": {"name": "Publisher Name"}}]}</script>'
        '<link rel="canonical" href="https://example.org/a"></head><body><p>x</p></body></html>'
    )
    assert page.title == "From JSON-LD"
    assert page.date == "2026-01-03"
    assert page.author == "A. Writer, B. Writer"
    assert page.outlet == "Site"  # og:site_name names the site; JSON-LD publisher is a fallback
    assert page.url == "https://example.org/a"
    assert page.language == "de"


def test_fallbacks_when_a_page_embeds_little() -> None:
    page = parse_html(
        "<html><head><title>Bridge shut after crack found - Penmarsh Post</title>"
        '<script type="application/ld+json">{not json</script></head>'
        '<body><time datetime="2026-05-06T08:00">6 May</time><p>x</p></body></html>'
    )
    assert page.title == "Bridge shut after crack found"
    assert page.date == "2026-05-06"
    assert page.outlet is None and page.url is None and page.author is None
    bare = parse_html("<p>Only text, no metadata.</p>")
    assert (bare.title, bare.date, bare.outlet) == (None, None, None)


# -- readers ------------------------------------------------------------------------------


def test_a_folder_of_saved_pages_is_read_and_cleaned() -> None:
    articles = ArticleSet.from_folder(HTML_SET)
    assert articles.ids == ["penmarsh-post", "tidewater-gazette"]
    gazette = articles["tidewater-gazette"]
    assert gazette.title == "Marrow Bridge shut after crack found in main span"
    assert gazette.outlet == "The Tidewater Gazette"
    assert gazette.date == dt.date(2026, 5, 6)
    assert gazette.url == "https://tidewater.example/news/marrow-bridge-crack"
    assert gazette.metadata == {"author": "Priya Castell", "page_language": "en-GB"}
    for junk in ("dataLayer", "Related stories", "Penmarsh ferry fares", "Privacy", "Tweet"):
        assert junk not in gazette.original
    # The user's metadata file wins over what the page says.
    post = articles["penmarsh-post"]
    assert (post.outlet, post.date) == ("The Penmarsh Post", dt.date(2026, 5, 7))
    assert "We use cookies" not in post.original

    cleaned = articles.clean()
    gazette, post = cleaned["tidewater-gazette"], cleaned["penmarsh-post"]
    assert gazette.text.startswith("Engineers closed the Marrow Bridge at Harlow Cross")
    assert gazette.text.endswith("how long the repairs will take.")
    assert len(gazette.text.split("\n\n")) == 5
    assert gazette.byline == "Priya Castell"
    assert post.text.startswith("The Marrow Bridge at Harlow Cross has been closed")
    assert "rotting for years" not in post.text  # a reader's comment
    assert "Home | Local" not in post.text


def test_plain_text_and_pages_mix_in_one_folder(tmp_path: Path) -> None:
    shutil.copy(HTML_SET / "tidewater-gazette.html", tmp_path)
    (tmp_path / "wire.txt").write_text("Marrow Bridge shut\n\nEngineers closed the bridge.")
    (tmp_path / "notes.md").write_text("not an article")
    (tmp_path / "saved.txt").write_text("<!DOCTYPE html><nav>Home</nav><p>Ferries run late.</p>")
    articles = ArticleSet.from_folder(tmp_path)
    assert articles.ids == ["saved", "tidewater-gazette", "wire"]
    assert articles["saved"].original == "Ferries run late."  # HTML saved as .txt
    assert articles["wire"].original == "Marrow Bridge shut\n\nEngineers closed the bridge."
    assert ArticleSet.from_folder(tmp_path, "*.txt").ids == ["saved", "wire"]


def test_a_page_without_text_is_named(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_text(
        "<html><body><nav>Home</nav><script>x()</script></body></html>"
    )
    (tmp_path / "fine.html").write_text("<p>The bridge is shut.</p>")
    with pytest.raises(ValueError, match=r"empty\.html.*HTML is removed.*empty"):
        ArticleSet.from_folder(tmp_path)
    with pytest.warns(UserWarning, match="skipped 1"):
        articles = ArticleSet.from_folder(tmp_path, on_error="skip")
    assert articles.ids == ["fine"]
    assert "empty.html" in articles.skipped[0].item


def test_from_html_reads_a_column_of_pages_in_order() -> None:
    pages = pd.Series(
        [
            (HTML_SET / "tidewater-gazette.html").read_text(),
            '<html><head><meta property="og:title" content="Short"></head>'
            "<body><p>The ferry runs every 20 minutes.</p></body></html>",
        ],
        index=[10, 11],
    )
    original = pages.copy()
    articles = ArticleSet.from_html(pages, ids=["gazette", "short"])
    assert articles.ids == ["gazette", "short"]
    assert articles["short"].title == "Short"
    assert articles["short"].original == "The ferry runs every 20 minutes."
    pd.testing.assert_series_equal(pages, original)  # the input is not mutated


def test_from_html_names_a_bad_item() -> None:
    with pytest.raises(TypeError, match=r"pages\[1\] \(id '1'\).*must be a str, got int"):
        ArticleSet.from_html(["<p>ok</p>", 7])
    with pytest.raises(ValueError, match=r"pages\[0\].*NaN"):
        ArticleSet.from_html([float("nan")])

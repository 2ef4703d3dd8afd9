"""Saved web pages to article text and metadata.

A scraped news page is mostly not the article: scripts, menus, sidebars, footers. This
module turns the HTML into plain text with one block per paragraph (what the cleaner
expects of a scraped text file) and reads the metadata publishers embed for search
engines, which is more reliable than anything guessed from the text:

- text: every block element (``p``, ``div``, ``h1``-``h6``, ``li``, ``blockquote``, table
  cells, ...) becomes a paragraph and ``br`` a line break; the content of ``script``,
  ``style``, ``noscript``, ``template``, ``svg``, ``iframe``, ``form``, ``button``,
  ``select``, and of the page-furniture elements ``nav``, ``aside`` and ``footer`` is left
  out. What remains (headline, byline, captions, "Related" lists) is the cleaner's to judge,
  with its audit trail.
- metadata, first found wins: the title from JSON-LD ``headline``, ``og:title``,
  ``twitter:title``, then ``<title>`` without a trailing " | Site name"; the date from
  JSON-LD ``datePublished``, ``article:published_time`` and the other usual ``<meta>``
  names, then the first ``<time datetime>``; the outlet from ``og:site_name``, then JSON-LD
  ``publisher``; the URL from ``<link rel=canonical>``, then ``og:url``; the author from
  JSON-LD ``author``, then ``<meta name=author>``; the page's ``lang``.

Only the standard library's parser is used, so a page never runs code, and broken HTML
still gives text.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

__all__ = ["HtmlPage", "looks_like_html", "parse_html"]

#: Elements whose content is never article text.
_SKIPPED = frozenset(
    "script style noscript template svg iframe object embed canvas form button select "
    "option textarea nav aside footer head title".split()
)
#: Elements that start and end a block of text.
_BLOCKS = frozenset(
    "address article blockquote body dd details dialog div dl dt fieldset figcaption figure "
    "h1 h2 h3 h4 h5 h6 header hgroup hr html li main ol p pre section summary table tbody "
    "td tfoot th thead tr ul".split()
)
#: Elements without an end tag.
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())

_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
)
_TITLE_META = ("og:title", "twitter:title")
_ARTICLE_TYPES = ("Article", "NewsArticle", "ReportageNewsArticle", "BlogPosting", "WebPage")


@dataclass
class HtmlPage:
    """The text and metadata of one web page.

    >>> page = parse_html("<title>Port shut | Courier</title><p>The port closed.</p>")
    >>> page.text, page.title
    ('The port closed.', 'Port shut')
    """

    text: str
    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    language: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def looks_like_html(text: str) -> bool:
    """Whether a text is an HTML document rather than plain text (its start is a doctype
    or an ``<html>``, ``<head>`` or ``<body>`` tag).

    >>> looks_like_html("<!DOCTYPE html><html>...</html>"), looks_like_html("Plain <b>text")
    (True, False)
    """
    return (
        re.match(
            r"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b",
            text.lstrip("\ufeff"),
            re.I | re.S,
        )
        is not None
    )


def parse_html(html: str) -> HtmlPage:
    """Text (one paragraph per block, blank lines between) and metadata of a web page.

    >>> page = parse_html(
    ...     '<html lang="en"><head><meta property="og:site_name" content="The Courier">'
    ...     '<meta property="article:published_time" content="2026-03-13T08:00:00Z"></head>'
    ...     "<body><nav>Home | News</nav><h1>Port shut</h1><p>The port <b>closed</b>.</p>"
    ...     "<script>track()</script><p>Ships wait.</p></body></html>"
    ... )
    >>> print(page.text)
    Port shut
    <BLANKLINE>
    The port closed.
    <BLANKLINE>
    Ships wait.
    >>> page.outlet, page.date, page.language
    ('The Courier', '2026-03-13', 'en')
    """
    markup = _without_runaway_tag_starts(html)
    # Only a rewritten page holds stand-ins (the rewrite returns the page itself otherwise).
    parser = _PageParser(rewritten=markup is not html)
    parser.feed(markup)
    parser.close()
    return parser.page()


#: A ``<`` that would open a tag, with another ``<`` before any ``>``: the tag it opens cannot
#: be closed before that other ``<`` unless ``<`` sits in a quoted attribute value.
_UNCLOSED_TAG_START = re.compile(r"<[a-zA-Z/!?][^<>]*(?=<)")

#: What a ``<`` that is text becomes in a rewritten page, and is turned back into as the parser
#: hands text over: a noncharacter, which no page holds as text. (A character reference such
#: as ``&lt;`` would do too, but decoding millions of them takes gigabytes.)
_TEXT_LESS_THAN = "\ufdd0"

#: In runaway markup, the ``<`` written as text: those that open a tag with another ``<``
#: before any ``>``, and those that open nothing (text, one character per parser call).
_RUNAWAY_LESS_THAN = re.compile(r"<(?=[a-zA-Z/!?][^<>]*<)|<(?![a-zA-Z/!?])")

#: How much of a runaway page is rewritten at a time (characters).
_REWRITE_SLICE = 1 << 20

#: How many characters the parser may scan for the ends of tags, per character of the page,
#: before the page counts as malformed markup that would take it quadratic time.
_TAG_SCAN_BUDGET_PER_CHAR = 16


def _without_runaway_tag_starts(html: str) -> str:
    """The page, or, when its markup would make the standard library's parser scan for the
    ends of tags for much longer than the page is long, the page with every tag start that
    has another ``<`` before its ``>`` written as text (``_TEXT_LESS_THAN``).

    For every tag start, the parser scans ahead for the tag's end; on malformed markup such
    as ``<a<a<a...`` each of them scans to the end of the page, and a 1 MB page took hours.
    Written as text, such a ``<`` is text, as the parser would make it in the end (and
    so is every ``<`` that opens nothing, which the parser would hand over one by one). Pages
    of ordinary markup are parsed as they are: a ``<`` in a quoted attribute value (``<meta
    content="<b>">``) is rare and scans only to the end of its tag."""
    for opener, closer in _SECTIONS:
        html = _without_unclosed_sections(html, opener, closer)
    if not _is_runaway_markup(html):
        return html
    # In slices, so that the pieces of the rewritten page never pile up all at once. A slice
    # ends before a "<" and gets a "<a>" stand-in for what follows: no match looks past the
    # next "<", so each "<" sees what it sees in the whole page.
    pieces = []
    start = 0
    while start < len(html):
        end = html.find("<", start + _REWRITE_SLICE)
        if end < 0:
            pieces.append(_RUNAWAY_LESS_THAN.sub(_TEXT_LESS_THAN, html[start:]))
            break
        pieces.append(_RUNAWAY_LESS_THAN.sub(_TEXT_LESS_THAN, html[start:end] + "<a>")[:-3])
        start = end
    return "".join(pieces)


#: Comments and marked sections (CDATA), which the parser reads up to their closer.
_SECTIONS = (("<!--", "-->"), ("<![", "]]>"))

#: How many unclosed comments or sections a page may hold before they are made text: each
#: makes the parser scan to the end of the page.
_MAX_UNCLOSED_SECTIONS = 64


def _without_unclosed_sections(html: str, opener: str, closer: str) -> str:
    """The page with the openers that no closer follows written as text, when
    there are more than a few: the parser would scan to the end of the page for each."""
    last_closer = html.rfind(closer)
    tail_start = 0 if last_closer < 0 else last_closer + len(closer)
    if html.count(opener, tail_start) <= _MAX_UNCLOSED_SECTIONS:
        return html
    return html[:tail_start] + html[tail_start:].replace(opener, _TEXT_LESS_THAN + opener[1:])


def _is_runaway_markup(html: str) -> bool:
    """Whether the parser would scan far longer than the page for the ends of its tags, or
    the page is so full of ``<`` (a quarter of it) that it is not markup."""
    if 4 * html.count("<") > len(html) + 4096:
        return True
    budget = _TAG_SCAN_BUDGET_PER_CHAR * len(html) + 1_000_000
    scanned = 0
    for start in _UNCLOSED_TAG_START.finditer(html):
        end = html.find(">", start.start())
        scanned += (len(html) if end < 0 else end) - start.start()
        if scanned > budget:
            return True
    return False


class _PageParser(HTMLParser):
    def __init__(self, rewritten: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        # In a page rewritten by _without_runaway_tag_starts, the stand-in for a "<" of text.
        self._text_less_than = _TEXT_LESS_THAN if rewritten else None
        self._parts: list[str] = []
        self._skipping: list[str] = []  # open elements whose content is left out
        # How many of each are open: a closing tag asks it rather than searching the stack,
        # which a page nested 100,000 deep would make quadratic.
        self._skipping_open: Counter[str] = Counter()
        self._meta: dict[str, str] = {}
        self._title: list[str] | None = None
        self._title_text: str | None = None
        self._json_ld: list[str] | None = None
        self._json_ld_blocks: list[str] = []
        self._canonical: str | None = None
        self._time: str | None = None
        self._pre = 0
        self.language: str | None = None

    # -- parser callbacks ----------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name.lower(): self._as_text(value or "") for name, value in attrs}
        if tag == "html" and attributes.get("lang"):
            self.language = attributes["lang"].strip() or None
        elif tag == "meta":
            key = (
                attributes.get("property")
                or attributes.get("name")
                or attributes.get("itemprop")
                or ""
            ).lower()
            content = attributes.get("content", "").strip()
            if key and content and key not in self._meta:
                self._meta[key] = content
            return
        elif tag == "link" and "canonical" in attributes.get("rel", "").lower().split():
            self._canonical = self._canonical or attributes.get("href") or None
            return
        elif tag == "title" and self._title_text is None:
            self._title = []
        elif tag == "script" and attributes.get("type", "").lower() == "application/ld+json":
            self._json_ld = []
        elif tag == "time" and self._time is None and attributes.get("datetime"):
            self._time = attributes["datetime"]
        if tag in _VOID:
            if tag in ("br", "hr") and not self._skipping:
                self._parts.append("\n" if tag == "br" else "\n\n")
            return
        if tag in _SKIPPED:
            self._skipping.append(tag)
            self._skipping_open[tag] += 1
        elif tag in _BLOCKS and not self._skipping:
            self._parts.append("\n\n")
        if tag == "pre":
            self._pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._title is not None:
            self._title_text = " ".join("".join(self._title).split()) or None
            self._title = None
        elif tag == "script" and self._json_ld is not None:
            self._json_ld_blocks.append("".join(self._json_ld))
            self._json_ld = None
        if tag in _SKIPPED and self._skipping_open[tag]:
            # Close it and anything left open inside it (broken HTML).
            while True:
                closed = self._skipping.pop()
                self._skipping_open[closed] -= 1
                if closed == tag:
                    break
        elif tag in _BLOCKS and not self._skipping:
            self._parts.append("\n\n")
        if tag == "pre" and self._pre:
            self._pre -= 1

    def _as_text(self, data: str) -> str:
        return data.replace(self._text_less_than, "<") if self._text_less_than else data

    def handle_data(self, data: str) -> None:
        data = self._as_text(data)
        if self._title is not None:
            self._title.append(data)
        if self._json_ld is not None:
            self._json_ld.append(data)
        if not self._skipping:
            # Outside <pre>, a line break in the source is only a space: lines come from
            # blocks and <br>.
            self._parts.append(data if self._pre else _spaced(data))

    # -- the result ----------------------------------------------------------------------

    def page(self) -> HtmlPage:
        structured = _article_from_json_ld(self._json_ld_blocks)
        outlet = self._meta.get("og:site_name") or structured.get("publisher")
        title = (
            structured.get("headline")
            or next((self._meta[k] for k in _TITLE_META if k in self._meta), None)
            or _without_site_name(self._title_text, outlet)
        )
        date = structured.get("datePublished") or next(
            (self._meta[k] for k in _DATE_META if k in self._meta), None
        )
        return HtmlPage(
            text=_paragraphs("".join(self._parts)),
            title=" ".join(title.split()) if title else None,
            date=_iso_day(date or self._time),
            outlet=outlet,
            url=self._canonical or self._meta.get("og:url"),
            author=structured.get("author") or self._meta.get("author"),
            language=self.language,
        )


def _spaced(data: str) -> str:
    """Text data with every run of whitespace (line breaks included) made one space, and
    a space kept at either end where there was one, so that words stay apart."""
    inner = " ".join(data.split())
    if not inner:
        return " "
    return (" " if data[0].isspace() else "") + inner + (" " if data[-1].isspace() else "")


def _paragraphs(text: str) -> str:
    """Blocks separated by one blank line, spaces collapsed, lines trimmed."""
    blocks = []
    for block in re.split(r"\n\s*\n", text):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _without_site_name(title: str | None, outlet: str | None) -> str | None:
    """``"Port shut | The Courier"`` -> ``"Port shut"``: a trailing (or leading) part after a
    separator is dropped when it names the outlet, or, with no outlet known, when the
    headline part is longer."""
    if not title:
        return None
    parts = re.split(r"\s+[|\u2013\u2014-]\s+|\s+::\s+", title)
    if len(parts) < 2:
        return title
    if outlet:
        kept = [part for part in parts if part.strip().lower() != outlet.strip().lower()]
        if kept and len(kept) < len(parts):
            return " - ".join(kept)
    if len(parts[-1]) < len(" ".join(parts[:-1])):
        return " - ".join(parts[:-1])
    return title


def _iso_day(value: str | None) -> str | None:
    """The YYYY-MM-DD a metadata date starts with, or None; a day that is not in the
    calendar (a CMS's "0000-00-00" placeholder) is None too, as any unreadable date."""
    if not value:
        return None
    found = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value)
    if not found:
        return None
    try:
        _dt.date.fromisoformat(found.group(1))
    except ValueError:
        return None
    return found.group(1)


def _article_from_json_ld(blocks: list[str]) -> dict[str, str]:
    """headline, datePublished, author and publisher of the first article object in the
    page's JSON-LD (schema.org), as strings; unreadable blocks are ignored."""
    for block in blocks:
        try:
            # Nested deeper than Python's recursion limit, a block is not metadata.
            data = json.loads(block)
            items = _json_ld_items(data)
        except (ValueError, RecursionError):
            continue
        for item in items:
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if not any(kind in _ARTICLE_TYPES for kind in kinds):
                continue
            found: dict[str, str] = {}
            for key in ("headline", "datePublished", "author", "publisher"):
                try:
                    value = _name(item.get(key))
                except RecursionError:
                    value = None
                if value:
                    found[key] = value
            if found:
                return found
    return {}


def _json_ld_items(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [item for entry in data for item in _json_ld_items(entry)]
    if isinstance(data, dict):
        return [data, *_json_ld_items(data.get("@graph", []))]
    return []


def _name(value: Any) -> str | None:
    """A JSON-LD value as text: a string, an object's ``name``, or a list's names joined."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _name(value.get("name"))
    if isinstance(value, list):
        names = [name for name in (_name(entry) for entry in value) if name]
        return ", ".join(names) or None
    return None

"""Render a labelled plain-text page of the cleaning corpus as the HTML a news CMS serves.

The corpus (``tests/fixtures/cleaning``) holds scraped pages as plain text, one label per
line. Extractors such as trafilatura and jusText are built for HTML, and they lean on its
structure, so ``cleaning_peers.py`` compares the tools on two HTML versions of each page:

- :func:`as_text_html`, the "as text" condition: each non-blank line is one ``<p>`` of a
  bare ``<body>``, so the tools see the words and nothing else;
- :func:`as_page_html`, the "as HTML" condition: the page as its site would have served it,
  built from the line labels by the mapping below;
- :func:`as_plain_html`, the "plain HTML" condition: the same page from templates without
  semantic markup, as many sites serve (the sectioning elements ``header``, ``nav``,
  ``main``, ``article``, ``aside``, ``section``, ``footer``, ``figure``, ``figcaption`` and
  ``form`` become ``div``, ``label`` and ``time`` become ``span``, and every ``class``,
  ``role``, ``rel``, ``aria-label`` and ``datetime`` attribute goes); headings, paragraphs,
  lists, links and images stay. It shows how much a tool leans on the markup.

Every non-blank line appears once, in order, as the text of an element (never in an
attribute), and the renderer adds no visible text of its own, so that what a tool keeps
maps back to the labelled lines. Items of menu-like lines (split on runs of two spaces and
on ``|``, ``·``, ``∙``, ``•``, ``/``, ``>`` and angle quotes between spaces) become one link each.

The page is cut into three regions. The *article* runs from the first ``title``,
``byline``, ``date``, ``content`` or ``heading`` line to the last ``content`` or
``heading`` line, extended over the end-of-article lines that follow it directly
(contributor, contact, correction, tags, share, author bio, follow, call to action,
newsletter, paywall, caption, credit, wire header). Lines before it are the *top* of the
page, lines after it the *bottom*. A page without content (not an article) has as article
the lines between its leading masthead, menus, cookie banner and ads and its trailing
footer, menus, lists and comments; its first line there is its ``<h1>``.

======================================  ================================================
label                                   element
======================================  ================================================
masthead, nav, breadcrumb (top)         ``<header class="site-header">`` holding a logo
                                        link, ``<nav><ul><li><a>`` menus and a
                                        ``<nav class="breadcrumb"><ol><li><a>``
masthead, nav, footer, copyright        ``<footer class="site-footer">`` with the same
(bottom)                                parts, copyright as ``<small>``
title                                   ``<h1 class="headline">`` in the article's
                                        ``<header>``
byline                                  ``<p class="byline"><a rel="author">``
date                                    ``<p class="published"><time datetime>``
timestamp                               ``<p class="updated"><time>``
content                                 ``<p>`` in ``<div class="article-body">``
heading                                 ``<h2>`` in the body
wire-header                             ``<p class="slug">`` in the body (syndicated copy
                                        arrives with its header as a paragraph)
contributor, contact                    ``<p><em>`` in the body (typed by the reporter)
correction                              ``<p class="correction"><em>``
caption, photo-credit, gallery          ``<figure><img><figcaption>`` with
                                        ``<span class="caption">``,
                                        ``<span class="credit">`` and a gallery counter
                                        ``<span class="counter">``; a run that starts
                                        with a counter is a ``<div class="gallery">``
                                        of one figure per counter
video                                   ``<div class="video-player"><video>`` and a
                                        ``<div class="video-meta">`` per line
related, most-read                      ``<aside class="related">``: a first line of up to
                                        four words without a full stop is its ``<h2>``,
                                        the others ``<ul><li><a>``
comments                                ``<section id="comments">``: ``<h2>`` for a
                                        first line of up to four words, then one
                                        ``<div class="comment"><p>`` per line
form, captcha, newsletter               ``<form>``: a ``<label>`` per form line, a
                                        ``<div class="captcha"><p>``, a newsletter line
                                        as ``<p class="signup-pitch">``
share                                   ``<div class="share-tools">`` of links
social-follow                           ``<div class="follow-us"><p>`` of links
tags                                    ``<ul class="tags"><li><a>``
author-bio                              ``<div class="author-bio"><p>``
cookie                                  ``<div class="cookie-consent" role="dialog"><p>``
ad                                      ``<div class="ad-slot"><p>``
cta, paywall, app-promo                 ``<div class="promo"><p>``
live-updates                            ``<div class="live-ticker"><ul><li>``
other                                   ``<div class="widget"><p>``
======================================  ================================================

Consecutive lines of one container share it. The ``<head>`` holds ``<title>`` (the
headline, then the masthead after " | ", when the page has them) and the matching
``og:title`` and ``og:site_name``, as publishers do, and ``<html lang>``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from html import escape

__all__ = ["as_page_html", "as_plain_html", "as_text_html", "regions"]

#: Labels that mark where the article starts (and, for content and heading, where it ends).
_ARTICLE_OPENERS = frozenset({"title", "byline", "date", "content", "heading"})
_BODY = frozenset({"content", "heading"})
#: Kinds that follow the last paragraph inside the article, before the page's own furniture.
_ARTICLE_TAIL = frozenset(
    "contributor contact correction tags share author-bio social-follow cta newsletter "
    "paywall caption photo-credit wire-header".split()
)
#: Kinds that can surround a page that is not an article.
_PAGE_TOP = frozenset("masthead nav breadcrumb cookie ad".split())
_PAGE_BOTTOM = frozenset("masthead nav footer copyright most-read related comments".split())
_SITE_HEADER = frozenset("masthead nav breadcrumb".split())
_SITE_FOOTER = frozenset("masthead nav footer copyright".split())
_SECTIONING = re.compile(
    r"<(/?)(?:header|nav|main|article|aside|section|footer|figure|figcaption|form)\b[^>]*>"
)
_INLINE = re.compile(r"<(/?)(?:label|time)\b[^>]*>")
_SEMANTIC_ATTRIBUTES = re.compile(r'\s(?:class|role|rel|aria-label|datetime)="[^"]*"')
_SEPARATORS = re.compile("\\s{2,}|\\s+[|·∙•/>\u203a»]\\s+")


def kind(label: str) -> str:
    """The kind of a label: ``junk:nav`` -> ``nav``, ``content`` -> ``content``.

    >>> kind("junk:nav"), kind("title")
    ('nav', 'title')
    """
    return label.removeprefix("junk:")


def regions(labels: Sequence[str]) -> list[str]:
    """``"top"``, ``"article"`` or ``"bottom"`` for each line (blank lines included).

    >>> regions(["junk:nav", "title", "content", "junk:contributor", "junk:footer"])
    ['top', 'article', 'article', 'article', 'bottom']
    """
    kinds = [kind(label) for label in labels]
    scored = [i for i, k in enumerate(kinds) if k != "blank"]
    body = [i for i in scored if kinds[i] in _BODY]
    if body:
        first = min(i for i in scored if kinds[i] in _ARTICLE_OPENERS)
        last = body[-1]
        for i in scored:
            if i > last:
                if kinds[i] not in _ARTICLE_TAIL:
                    break
                last = i
    else:
        inner = [i for i in scored if kinds[i] not in _PAGE_TOP]
        first = inner[0] if inner else len(labels)
        outer = [i for i in scored if i >= first and kinds[i] not in _PAGE_BOTTOM]
        last = outer[-1] if outer else first - 1
    return [
        "top" if i < first else "article" if i <= last else "bottom" for i in range(len(labels))
    ]


def _items(line: str) -> list[str]:
    return [item for item in _SEPARATORS.split(line.strip()) if item.strip()]


def _links(line: str, listed: bool = True) -> str:
    """One link per item of a menu-like line: list items, or links a space apart."""
    links = [f'<a href="#">{escape(item)}</a>' for item in _items(line)]
    return "".join(f"<li>{link}</li>" for link in links) if listed else " ".join(links)


def _short_title(line: str) -> bool:
    return len(line.split()) <= 4 and not line.rstrip().endswith((".", "!", "?"))


def _site_part(line: str, k: str) -> str:
    if k == "masthead":
        return f'<div class="site-logo"><a href="/">{escape(line)}</a></div>'
    if k == "nav":
        return f'<nav class="menu"><ul>{_links(line)}</ul></nav>'
    if k == "breadcrumb":
        return f'<nav class="breadcrumb" aria-label="Breadcrumb"><ol>{_links(line)}</ol></nav>'
    if k == "copyright":
        return f"<p><small>{escape(line)}</small></p>"
    return f'<div class="footer-links">{_links(line, listed=False)}</div>'  # footer


def _listing(lines: list[str], tag: str, cls: str, item: Callable[[str], str], wrap: str) -> str:
    """A box of items (related links, comments), its first line a ``<h2>`` when it reads
    like one."""
    head = ""
    if len(lines) > 1 and _short_title(lines[0]):
        head, lines = f"<h2>{escape(lines[0])}</h2>", lines[1:]
    items = "".join(item(line) for line in lines)
    return f'<{tag} class="{cls}">{head}{f"<{wrap}>{items}</{wrap}>" if wrap else items}</{tag}>'


def _figure(lines: list[tuple[str, str]]) -> str:
    parts = []
    for k, line in lines:
        cls = {"caption": "caption", "gallery": "counter"}.get(k, "credit")
        parts.append(f'<span class="{cls}">{escape(line)}</span><br>')
    return f'<figure><img src="photo.jpg" alt=""><figcaption>{"".join(parts)}</figcaption></figure>'


def _group(k: str, lines: list[str]) -> str:
    """The HTML of a run of consecutive lines of one kind, other than the article's own."""
    text = [escape(line) for line in lines]
    if k in _SITE_HEADER or k in _SITE_FOOTER:
        return "".join(_site_part(line, k) for line in lines)
    if k == "video":
        meta = "".join(f'<div class="video-meta">{line}</div>' for line in text)
        return f'<div class="video-player"><video src="clip.mp4"></video>{meta}</div>'
    if k in ("related", "most-read"):
        return _listing(
            lines, "aside", k, lambda line: f'<li><a href="#">{escape(line)}</a></li>', "ul"
        )
    if k == "comments":
        return _listing(
            lines,
            "section",
            "comments",
            lambda line: f'<div class="comment"><p>{escape(line)}</p></div>',
            "",
        )
    if k in ("form", "captcha", "newsletter"):
        template = {
            "form": '<label>{}</label><input type="text">',
            "captcha": '<div class="captcha"><p>{}</p></div>',
            "newsletter": '<p class="signup-pitch">{}</p>',
        }[k]
        return f'<form class="{k}">{"".join(template.format(line) for line in text)}</form>'
    if k == "share":
        return "".join(
            f'<div class="share-tools">{_links(line, listed=False)}</div>' for line in lines
        )
    if k == "social-follow":
        return "".join(
            f'<div class="follow-us"><p>{_links(line, listed=False)}</p></div>' for line in lines
        )
    if k == "tags":
        return f'<ul class="tags">{"".join(_links(line) for line in lines)}</ul>'
    if k == "live-updates":
        items = "".join(f"<li>{line}</li>" for line in text)
        return f'<div class="live-ticker"><ul>{items}</ul></div>'
    if k == "timestamp":
        return "".join(f'<p class="updated"><time>{line}</time></p>' for line in text)
    cls = {
        "author-bio": "author-bio",
        "cookie": "cookie-consent",
        "ad": "ad-slot",
        "cta": "promo",
        "paywall": "promo",
        "app-promo": "promo",
    }.get(k, "widget")
    role = ' role="dialog"' if k == "cookie" else ""
    return f'<div class="{cls}"{role}>{"".join(f"<p>{line}</p>" for line in text)}</div>'


def _article_line(k: str, line: str) -> str | None:
    """The element of one of the article's own lines, or None for furniture."""
    text = escape(line)
    if k == "title":
        return f'<h1 class="headline">{text}</h1>'
    if k == "byline":
        return f'<p class="byline"><a rel="author" href="#">{text}</a></p>'
    if k == "date":
        return f'<p class="published"><time datetime="">{text}</time></p>'
    if k == "content":
        return f"<p>{text}</p>"
    if k == "heading":
        return f"<h2>{text}</h2>"
    if k == "wire-header":
        return f'<p class="slug">{text}</p>'
    if k in ("contributor", "contact"):
        return f"<p><em>{text}</em></p>"
    if k == "correction":
        return f'<p class="correction"><em>{text}</em></p>'
    return None


def _runs(items: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """Consecutive (kind, line) pairs of one kind, grouped."""
    runs: list[tuple[str, list[str]]] = []
    for k, line in items:
        if runs and runs[-1][0] == k:
            runs[-1][1].append(line)
        else:
            runs.append((k, [line]))
    return runs


def _outside(items: list[tuple[str, str]], site: frozenset[str], tag: str) -> list[str]:
    """The top or bottom of the page: site header/footer parts grouped in ``tag``, the
    other runs by kind."""
    html: list[str] = []
    open_site = False
    for k, lines in _runs(items):
        if k in site:
            if not open_site:
                html.append(f'<{tag} class="site-{tag}">')
                open_site = True
            html.extend(_site_part(line, k) for line in lines)
            continue
        if open_site:
            html.append(f"</{tag}>")
            open_site = False
        html.append(_group(k, lines))
    if open_site:
        html.append(f"</{tag}>")
    return html


def _article(items: list[tuple[str, str]], is_article: bool) -> list[str]:
    """The ``<main>`` of the page: the article's header and body, or, on a page that is not
    an article, its first line as ``<h1>`` and the rest as its body."""
    html = ["<main>", "<article>" if is_article else '<div class="error-page">']
    html.append('<header class="article-header">')
    if not is_article:
        html.extend([f'<h1 class="headline">{escape(items[0][1])}</h1>', "</header>"])
        html.append('<div class="article-body">')
        items = items[1:]
    in_body = not is_article
    figure: list[tuple[str, str]] = []
    gallery = False

    def close_figure() -> None:
        nonlocal figure, gallery
        if figure:
            html.append(_figure(figure))
            figure = []
        if gallery:
            html.append("</div>")
            gallery = False

    for k, lines in _runs(items):
        if not in_body and k in _BODY:
            close_figure()
            html.extend(["</header>", '<div class="article-body">'])
            in_body = True
        if k in ("caption", "photo-credit", "gallery"):
            if k == "gallery" and not gallery:
                close_figure()
                html.append('<div class="gallery">')
                gallery = True
            for line in lines:
                # A gallery counter starts a new slide, and a caption after a credit a new
                # photo; consecutive caption lines are one caption.
                if figure and (
                    k == "gallery" or (k == "caption" and figure[-1][0] == "photo-credit")
                ):
                    html.append(_figure(figure))
                    figure = []
                figure.append((k, line))
            continue
        close_figure()
        own = [_article_line(k, line) for line in lines]
        if all(element is not None for element in own):
            html.extend(element for element in own if element is not None)
        else:
            html.append(_group(k, lines))
    close_figure()
    html.append("</div>" if in_body else "</header>")
    html.extend(["</article>" if is_article else "</div>", "</main>"])
    return html


def as_page_html(lines: Sequence[str], labels: Sequence[str], language: str) -> str:
    """The page as its site would serve it (see the module docstring for the mapping).

    >>> html = as_page_html(
    ...     ["Home  World", "Port shut", "The port closed.", "© Courier"],
    ...     ["junk:nav", "title", "content", "junk:copyright"],
    ...     "en",
    ... )
    >>> "<h1 class=\\"headline\\">Port shut</h1>" in html, "<nav class=\\"menu\\">" in html
    (True, True)
    """
    if len(lines) != len(labels):
        raise ValueError(f"{len(lines)} lines but {len(labels)} labels")
    where = regions(labels)
    parts: dict[str, list[tuple[str, str]]] = {"top": [], "article": [], "bottom": []}
    for line, label, region in zip(lines, labels, where, strict=True):
        if kind(label) != "blank" and line.strip():
            parts[region].append((kind(label), line.strip()))
    is_article = any(k in _BODY for k, _ in parts["article"])
    title = next((line for k, line in parts["article"] if k == "title"), None)
    if title is None and not is_article and parts["article"]:
        title = parts["article"][0][1]
    masthead = next((line for k, line in parts["top"] if k == "masthead"), None)
    head = ['<meta charset="utf-8">']
    if title:
        full = f"{title} | {masthead}" if masthead else title
        head.append(f"<title>{escape(full)}</title>")
        if is_article:
            head.append(f'<meta property="og:title" content="{escape(title)}">')
    if masthead:
        head.append(f'<meta property="og:site_name" content="{escape(masthead)}">')
    body = [
        *_outside(parts["top"], _SITE_HEADER, "header"),
        *(_article(parts["article"], is_article) if parts["article"] else []),
        *_outside(parts["bottom"], _SITE_FOOTER, "footer"),
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language)}">\n<head>{"".join(head)}</head>\n'
        + "<body>\n"
        + "\n".join(part for part in body if part)
        + "\n</body>\n</html>\n"
    )


def as_text_html(lines: Sequence[str], language: str) -> str:
    """The "as text" page: each non-blank line one ``<p>``, nothing else.

    >>> as_text_html(["Share", "", "The port closed."], "en").count("<p>")
    2
    """
    paragraphs = "\n".join(f"<p>{escape(line.strip())}</p>" for line in lines if line.strip())
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language)}">\n<head><meta charset="utf-8"></head>\n'
        f"<body>\n{paragraphs}\n</body>\n</html>\n"
    )


def as_plain_html(lines: Sequence[str], labels: Sequence[str], language: str) -> str:
    """:func:`as_page_html` without semantic markup (see the module docstring).

    >>> html = as_plain_html(["Home  World", "Port shut", "The port closed."],
    ...                      ["junk:nav", "title", "content"], "en")
    >>> "<nav" in html, "class=" in html, "<h1>Port shut</h1>" in html
    (False, False, True)
    """
    html = as_page_html(lines, labels, language)
    html = _SECTIONING.sub(lambda found: f"<{found.group(1)}div>", html)
    html = _INLINE.sub(lambda found: f"<{found.group(1)}span>", html)
    return _SEMANTIC_ATTRIBUTES.sub("", html)

"""The story report as one self-contained HTML page: what ``storylens --html`` writes and
:meth:`Comparison.to_html <storylens.Comparison.to_html>` returns.

The page opens on a summary that fits a laptop's first screen (the story in a few sentences,
the articles, outlets and dates, the core terms, who rewrote whom as a graph, the off-story,
duplicate and short articles), then an overview that links each section.

Self-contained: its CSS and SVG are inline, and its Content-Security-Policy forbids every
request (``default-src 'none'``), so the page loads nothing from anywhere, ever; the one
script it may hold (the heatmap's, above 20 articles) is inline and allowed by its hash. The
only addresses it holds are the articles' own ``http(s)`` URLs, as links a reader may follow.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import numpy as np

from storylens.report.reuse_graph import GRAPH_LINKS, reuse_graph_svg, strongest_links
from storylens.report.similarity import SCRIPT_HASH, similarity_section
from storylens.report.summary import digest_note, outlets_phrase, shared_terms_articles

__all__ = ["CONTENT_SECURITY_POLICY", "REUSE_ROWS", "report_html"]

#: What the page may load: nothing but its own inline styles, data images and the heatmap's
#: script.
CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src {SCRIPT_HASH}"
)

#: The reuse map shows this many pairs, the strongest; the JSON report holds them all.
REUSE_ROWS = 100

#: The summary names this many off-story or duplicate articles, then says how many more.
SUMMARY_NAMES = 5

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.2em 2em; color: #222; line-height: 1.4;
       max-width: 1400px; }
h1 { font-size: 1.5em; margin: 0 0 .2em; }
h2 { margin-top: 1.6em; border-bottom: 1px solid #ddd; }
nav.toc { font-size: .9em; margin-bottom: .8em; }
nav.toc a { margin-right: .8em; white-space: nowrap; }
.summary { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 1em 2em;
           background: #f7f9fc; border: 1px solid #dde4ee; border-radius: 6px;
           padding: .6em 1em; }
.summary .story p { margin: .4em 0; }
.summary figure { margin: .4em 0; max-width: 500px; }
.summary figure svg { max-width: 100%; height: auto; }
@media (max-width: 900px) { .summary { grid-template-columns: minmax(0, 1fr); } }
.summary figcaption { font-weight: 600; }
.digest { font-size: 1.02em; }
.warning { background: #fff4d6; border-left: 4px solid #e0a400; padding: .3em .6em; }
table { border-collapse: collapse; margin: 1em 0; max-width: 100%; font-size: .92em;
        line-height: 1.3; }
td, th { border: 1px solid #ddd; padding: 3px 7px; text-align: left; vertical-align: top; }
td { overflow-wrap: anywhere; }
thead th, td.nowrap { white-space: nowrap; }
table.matrix { font-size: .82em; }
table.matrix td { text-align: right; white-space: nowrap; }
small, .note { color: #666; }
.heatmap { display: flex; align-items: flex-end; gap: 1em; flex-wrap: wrap; }
.heatmap canvas { image-rendering: pixelated; border: 1px solid #ccc; }
.tip { position: absolute; background: #222; color: #fff; padding: 2px 6px; border-radius: 3px;
       font-size: .85em; pointer-events: none; }
ul.facts { margin: 0; padding-left: 1.2em; }
"""


def report_html(report: dict[str, Any], title: str = "storylens report") -> str:
    """The report as one self-contained HTML page (inline CSS and SVG; no request to any
    host).

    >>> from storylens.datasets import load_sample
    >>> from storylens.report import build_report
    >>> articles = load_sample().clean()
    >>> page = report_html(build_report(articles, articles.compare()))
    >>> page.startswith("<!DOCTYPE html>"), '<section id="summary"' in page
    (True, True)
    """
    escape = html.escape
    ids = report["similarity"]["ids"]
    similarity = np.asarray(report["similarity"]["values"], dtype=np.float64)
    # Ranked once for the graph and the table: a large set has some 200,000 pairs.
    strongest = strongest_links(report["reuse"], max(REUSE_ROWS, GRAPH_LINKS))
    sections = [
        ("summary", "Summary", _summary(report, strongest)),
        *(
            [("stories", "Several stories", _stories_html(report["stories"]))]
            if report.get("stories", {}).get("several")
            else []
        ),
        ("articles", "Articles", _articles(report["articles"])),
        (
            "similarity",
            "Similarity",
            similarity_section(ids, similarity.reshape(len(ids), len(ids))),
        ),
        ("shared-terms", "Shared terms", f"<p>{_terms(report['shared_terms'])}</p>"),
        ("distinctive-terms", "Distinctive terms", _distinctive(report["distinctive_terms"])),
        ("outliers", "Outliers", _outliers(report["outliers"]) + _short(report)),
        ("reuse", "Reuse map", _reuse(report["reuse"], strongest)),
        ("sources", "Who rewrote whom", _sources(report["sources"])),
        ("unique-facts", "What each article adds", _unique(report["unique_facts"])),
        ("digest", "Digest", _digest_section(report)),
    ]
    overview = " ".join(f'<a href="#{anchor}">{escape(name)}</a>' for anchor, name, _ in sections)
    body = "\n".join(
        f'<section id="{anchor}">'
        + ("" if anchor == "summary" else f"<h2>{escape(name)}</h2>")
        + f"{content}</section>"
        for anchor, name, content in sections
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{_STYLE}</style></head><body>
<h1>{escape(title)}</h1>
<nav class="toc" aria-label="overview">{overview}</nav>
{body}
</body></html>
"""


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _names(names: Sequence[str], limit: int = SUMMARY_NAMES) -> str:
    """Up to ``limit`` names, escaped, then how many more."""
    shown = ", ".join(html.escape(name) for name in names[:limit])
    more = len(names) - limit
    return shown + (f" and {more:,} more" if more > 0 else "")


def _span(rows: Sequence[dict[str, Any]]) -> str:
    """The articles' dates as a span (ISO dates sort as text), and how many have none."""
    dates = sorted(row["date"] for row in rows if row["date"])
    undated = len(rows) - len(dates)
    if not dates:
        return "undated"
    span = dates[0] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}"
    return f"dated {span}" + (f" ({undated:,} undated)" if undated else "")


def _summary(report: dict[str, Any], strongest: Sequence[dict[str, Any]]) -> str:
    """The first screen: the digest, the counts and dates, the core terms, the off-story,
    duplicate and short articles, and the graph of who rewrote whom (``strongest``: the
    reuse pairs ranked by :func:`strongest_links`, at least :data:`GRAPH_LINKS` of them)."""
    escape = html.escape
    rows = report["articles"]
    outlets = {row["outlet"] for row in rows if row["outlet"]}
    unknown = outlets_phrase(rows).partition(" (")[2].rstrip(")")
    facts = [
        f"<p><strong>{_plural(len(rows), 'article')}</strong> from "
        f"<strong>{_plural(len(outlets), 'outlet')}</strong>"
        f"{f' ({escape(unknown)})' if unknown else ''}, {escape(_span(rows))}.</p>"
    ]
    stories = report.get("stories") or {}
    if stories.get("several"):
        facts.insert(
            0,
            f'<p class="warning">This set holds {len(stories["groups"])} stories: what follows '
            'treats it as one. <a href="#stories">Compare each story alone</a>.</p>',
        )
    digest = report["digest"]["text"]
    note = digest_note(report)
    if note is not None:
        facts.append(f'<p class="digest"><em>Digest {escape(note)}.</em></p>')
    else:
        facts.append(f'<p class="digest">{escape(digest) if digest else "<em>no digest</em>"}</p>')
    counted = shared_terms_articles(report)
    core = [term for term in report["shared_terms"] if term["articles"] == counted]
    if report["shared_terms"]:
        every = "every article" if counted == len(rows) else "every article but the outliers"
        label = f"Core terms (in {every})" if core else "Most shared terms"
        facts.append(f"<p><strong>{label}:</strong> {_terms(core or report['shared_terms'])}</p>")
    by_kind: dict[str, list[str]] = {}
    for outlier in report["outliers"]:
        name = outlier["article"] + (f" (of {outlier['other']})" if outlier["other"] else "")
        by_kind.setdefault(outlier["kind"], []).append(name)
    flagged = "; ".join(
        f"{escape(kind)} ({len(names):,}): {_names(names)}" for kind, names in by_kind.items()
    )
    facts.append(f'<p><strong><a href="#outliers">Outliers</a>:</strong> {flagged or "none"}.</p>')
    if report.get("short_articles"):
        short = [entry["article"] for entry in report["short_articles"]]
        facts.append(
            f"<p><strong>Short</strong> ({len(short):,} under 100 words, so their scores rest "
            f"on little text): {_names(short)}.</p>"
        )
    graph = reuse_graph_svg(strongest[:GRAPH_LINKS])
    if graph:
        drawn = len(strongest[:GRAPH_LINKS])
        caption = (
            f"the {drawn} strongest of {len(report['reuse']):,} links"
            if drawn < len(report["reuse"])
            else _plural(drawn, "link")
        )
        figure = (
            f"<figure><figcaption>Who rewrote whom <small>({caption}; "
            '<a href="#reuse">all</a>)</small></figcaption>'
            f"{graph}<p class='note'><small>An arrow runs from a source to the article that "
            "reuses it; a dashed line joins two that share text when which came first is "
            "undecided. Point at a line for the shares.</small></p></figure>"
        )
    else:
        figure = (
            "<figure><figcaption>Who rewrote whom</figcaption>"
            "<p>No article reuses another.</p></figure>"
        )
    return f'<div class="summary"><div class="story">{"".join(facts)}</div>{figure}</div>'


def _terms(terms: Sequence[dict[str, Any]]) -> str:
    return ", ".join(f"{html.escape(t['term'])} <small>({t['articles']})</small>" for t in terms)


def _link(url: str | None, text: str) -> str:
    """``text`` linked to ``url`` when that is an http(s) address, else plain (no other
    scheme, such as ``javascript:``, becomes a link)."""
    escaped = html.escape(text)
    if url and url.lower().startswith(("http://", "https://")):
        return f'<a href="{html.escape(url, quote=True)}" rel="noreferrer">{escaped}</a>'
    return escaped


def _articles(rows: Sequence[dict[str, Any]]) -> str:
    escape = html.escape

    def cell(value: Any) -> str:
        return escape(str(value)) if value is not None else "-"

    body = "".join(
        f"<tr><td>{cell(row['id'])}</td><td>{cell(row['outlet'])}</td>"
        f"<td class='nowrap'>{cell(row['date'])}</td>"
        f"<td>{_link(row.get('url'), row['title']) if row['title'] else '-'}</td>"
        f"<td>{cell(row['words_kept'])}</td><td>{cell(row['words_removed'])}</td></tr>"
        for row in rows
    )
    return (
        "<table><thead><tr><th>id</th><th>outlet</th><th>date</th><th>title</th>"
        f"<th>words kept</th><th>words removed</th></tr></thead><tbody>{body}</tbody></table>"
    )


def _distinctive(distinctive: dict[str, list[dict[str, Any]]]) -> str:
    escape = html.escape
    rows = "".join(
        f"<tr><th>{escape(article_id)}</th><td>"
        + (
            ", ".join(
                f"{escape(t['term'])} <small>z {t['z']:.1f}, {t.get('count', '?')} uses</small>"
                for t in terms
            )
            or "<small>no significantly distinctive term</small>"
        )
        + "</td></tr>"
        for article_id, terms in distinctive.items()
    )
    return f"<table>{rows}</table>"


def _outliers(outliers: Sequence[dict[str, Any]]) -> str:
    escape = html.escape
    if not outliers:
        return "<p>none</p>"
    return (
        "<ul>"
        + "".join(
            f"<li>{escape(o['article'])}: {escape(o['kind'])}"
            + (f" of {escape(o['other'])}" if o["other"] else "")
            + "</li>"
            for o in outliers
        )
        + "</ul>"
    )


def _short(report: dict[str, Any]) -> str:
    if not report.get("short_articles"):
        return ""
    return (
        "<h2>Short articles</h2><p>Under 100 words, so their terms and scores rest on little "
        "text: "
        + ", ".join(
            f"{html.escape(e['article'])} <small>({e['words']} words)</small>"
            for e in report["short_articles"]
        )
        + "</p>"
    )


def _reuse(reuse: Sequence[dict[str, Any]], strongest: Sequence[dict[str, Any]]) -> str:
    """The reuse table: every pair, or the :data:`REUSE_ROWS` first of ``strongest`` (the
    pairs ranked by :func:`strongest_links`) when there are more."""
    shown = list(strongest[:REUSE_ROWS]) if len(reuse) > REUSE_ROWS else list(reuse)
    note = (
        f"<p class='note'>The {REUSE_ROWS} strongest of {len(reuse):,} pairs (by the larger "
        "share); the JSON report (<code>--json</code>) lists them all.</p>"
        if len(reuse) > REUSE_ROWS
        else ""
    )
    return (
        note + "<table><thead><tr><th>copy</th><th>source</th><th>evidence</th>"
        "<th>share of copy</th><th>share of source</th><th>verbatim</th>"
        "<th>near-verbatim</th><th>paraphrase</th></tr></thead><tbody>"
        + "".join(_reuse_row(p) for p in shown)
        + "</tbody></table>"
    )


def _reuse_row(pair: dict[str, Any]) -> str:
    """One pair of the reuse table. An undecided pair names no copy and no source: its two
    articles span both columns, and each share says whose it is.

    >>> pair = {"source": "a", "copy": "b", "evidence": "undecided", "share_of_copy": 0.5,
    ...         "share_of_source": 0.25, "verbatim": 1, "near_verbatim": 0, "paraphrase": 0}
    >>> print(_reuse_row(pair)[:95])
    <tr><td colspan='2'>a &harr; b <small>(which came first is undecided)</small></td><td>undecided
    """
    escape = html.escape
    counts = (
        f"<td>{pair['verbatim']}</td><td>{pair['near_verbatim']}</td>"
        f"<td>{pair['paraphrase']}</td></tr>"
    )
    if pair["evidence"] == "undecided":
        first, second = escape(pair["source"]), escape(pair["copy"])
        return (
            f"<tr><td colspan='2'>{first} &harr; {second} <small>(which came first is "
            "undecided)</small></td><td>undecided</td>"
            f"<td>{pair['share_of_copy']:.0%} of {second}</td>"
            f"<td>{pair['share_of_source']:.0%} of {first}</td>" + counts
        )
    return (
        f"<tr><td>{escape(pair['copy'])}</td><td>{escape(pair['source'])}</td>"
        f"<td>{escape(pair['evidence'])}</td>"
        f"<td>{pair['share_of_copy']:.0%}</td><td>{pair['share_of_source']:.0%}</td>" + counts
    )


def _sources(sources: Sequence[dict[str, Any]]) -> str:
    escape = html.escape
    return (
        "<table><thead><tr><th>article</th><th>likely source</th><th>share</th>"
        "<th>evidence</th></tr></thead><tbody>"
        + "".join(
            f"<tr><td>{escape(e['article'])}</td><td>{escape(e['source'] or '-')}</td>"
            f"<td>{'' if e['share'] is None else format(e['share'], '.0%')}</td>"
            f"<td>{escape(e['evidence'] or '')}</td></tr>"
            for e in sources
        )
        + "</tbody></table>"
    )


def _unique(unique_facts: dict[str, list[str]]) -> str:
    escape = html.escape
    rows = "".join(
        f"<tr><th>{escape(article_id)}</th><td>"
        + (
            '<ul class="facts">' + "".join(f"<li>{escape(fact)}</li>" for fact in facts) + "</ul>"
            if facts
            else "<small>nothing the others lack</small>"
        )
        + "</td></tr>"
        for article_id, facts in unique_facts.items()
    )
    return f"<table>{rows}</table>" if rows else "<p>none</p>"


def _digest_section(report: dict[str, Any]) -> str:
    """The digest, or why a set of several stories gets none."""
    note = digest_note(report)
    if note is not None:
        return f"<p><em>Digest {html.escape(note)}.</em></p>"
    return _digest(report["digest"])


def _digest(digest: dict[str, Any]) -> str:
    """The digest's sentences in reading order, each with the article it comes from."""
    escape = html.escape
    items = "".join(
        f"<li>{escape(s['text'])} <small>({escape(s['article'])})</small></li>"
        for s in digest["sentences"]
    )
    return (
        f"<p>{escape(digest['text'])}</p>"
        f"<p class='note'><small>{_plural(digest['words'], 'word')}, from these sentences:"
        f"</small></p><ol>{items}</ol>"
    )


#: Up to this many ids show in a cell as they are; more fold into a ``<details>``.
FOLD_IDS = 6


def _folded(ids: Sequence[str]) -> str:
    """The ids, comma-separated; more than :data:`FOLD_IDS` folded under their first few."""
    escape = html.escape
    if len(ids) <= FOLD_IDS:
        return escape(", ".join(ids))
    return (
        f"<details><summary>{escape(', '.join(ids[:3]))} and {len(ids) - 3} more</summary>"
        f"{escape(', '.join(ids))}</details>"
    )


def _stories_html(stories: dict[str, Any]) -> str:
    """The grouping of a set that holds several stories."""
    escape = html.escape
    rows = "".join(
        f"<tr><td>{group['story']}</td><td>{len(group['articles'])}</td>"
        f"<td>{escape(', '.join(group['terms']))}</td>"
        f"<td>{_folded(group['articles'])}</td></tr>"
        for group in stories["groups"]
    )
    return (
        f"<p>This set holds {len(stories['groups'])} stories: results "
        "that treat it as one story mislead. Compare one story alone with "
        "<code>storylens PATH --story N</code> (in Python: "
        "<code>articles.stories().sets()[N].compare()</code>).</p>"
        "<table><thead><tr><th>story</th><th>articles</th><th>terms</th><th>ids</th></tr>"
        f"</thead><tbody>{rows}</tbody></table>"
    )

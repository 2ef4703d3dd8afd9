"""The story report as one self-contained HTML page (inline CSS, no JavaScript): what
``storylens --html`` writes and :meth:`Comparison.to_html <storylens.Comparison.to_html>`
returns."""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from storylens.views.html import similarity_html

__all__ = ["report_html"]


def report_html(report: dict[str, Any], title: str = "storylens report") -> str:
    """The report as one self-contained HTML page (inline CSS, no JavaScript).

    >>> from storylens.datasets import load_sample
    >>> from storylens.report import build_report
    >>> articles = load_sample().clean()
    >>> report_html(build_report(articles, articles.compare())).startswith("<!DOCTYPE html>")
    True
    """
    escape = html.escape
    article_rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{escape(str(row[key]) if row[key] is not None else '-')}</td>"
            for key in ("id", "outlet", "date", "title", "words_kept", "words_removed")
        )
        + "</tr>"
        for row in report["articles"]
    )
    similarity = pd.DataFrame(
        report["similarity"]["values"],
        index=report["similarity"]["ids"],
        columns=report["similarity"]["ids"],
    )
    shared = ", ".join(
        f"{escape(t['term'])} <small>({t['articles']})</small>" for t in report["shared_terms"]
    )
    distinctive = "".join(
        f"<tr><th>{escape(article_id)}</th><td>"
        + (
            ", ".join(
                f"{escape(t['term'])} <small>z {t['z']:.1f}, {t.get('count', '?')} uses</small>"
                for t in terms
            )
            or "<small>no significantly distinctive term</small>"
        )
        + "</td></tr>"
        for article_id, terms in report["distinctive_terms"].items()
    )
    outliers = (
        "<ul>"
        + "".join(
            f"<li>{escape(o['article'])}: {escape(o['kind'])}"
            + (f" of {escape(o['other'])}" if o["other"] else "")
            + "</li>"
            for o in report["outliers"]
        )
        + "</ul>"
        if report["outliers"]
        else "<p>none</p>"
    )
    reuse = (
        "<table><thead><tr><th>copy</th><th>source</th><th>evidence</th>"
        "<th>share of copy</th><th>share of source</th><th>verbatim</th>"
        "<th>near-verbatim</th><th>paraphrase</th></tr></thead><tbody>"
        + "".join(
            f"<tr><td>{escape(p['copy'])}</td><td>{escape(p['source'])}</td>"
            f"<td>{escape(p['evidence'])}</td>"
            f"<td>{p['share_of_copy']:.0%}</td><td>{p['share_of_source']:.0%}</td>"
            f"<td>{p['verbatim']}</td><td>{p['near_verbatim']}</td>"
            f"<td>{p['paraphrase']}</td></tr>"
            for p in report["reuse"]
        )
        + "</tbody></table>"
    )
    sources = (
        "<table><thead><tr><th>article</th><th>likely source</th><th>share</th>"
        "<th>evidence</th></tr></thead><tbody>"
        + "".join(
            f"<tr><td>{escape(e['article'])}</td><td>{escape(e['source'] or '-')}</td>"
            f"<td>{'' if e['share'] is None else format(e['share'], '.0%')}</td>"
            f"<td>{escape(e['evidence'] or '')}</td></tr>"
            for e in report["sources"]
        )
        + "</tbody></table>"
    )
    stories = _stories_html(report.get("stories"))
    short = (
        "<h2>Short articles</h2><p>Under 100 words, so their terms and scores rest on little "
        "text: "
        + ", ".join(
            f"{escape(e['article'])} <small>({e['words']} words)</small>"
            for e in report["short_articles"]
        )
        + "</p>"
        if report.get("short_articles")
        else ""
    )
    unique = "".join(
        f"<h3>{escape(article_id)}</h3><ul>"
        + "".join(f"<li>{escape(fact)}</li>" for fact in facts)
        + "</ul>"
        for article_id, facts in report["unique_facts"].items()
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
td, th {{ border: 1px solid #ddd; padding: 4px 8px; text-align: left; }}
small {{ color: #777; }}
</style></head><body>
<h1>{escape(title)}</h1>{stories}
<h2>Articles</h2>
<table><thead><tr><th>id</th><th>outlet</th><th>date</th><th>title</th><th>words kept</th>
<th>words removed</th></tr></thead><tbody>{article_rows}</tbody></table>
<h2>Similarity</h2>{similarity_html(similarity)}
<h2>Shared terms</h2><p>{shared}</p>
<h2>Distinctive terms</h2><table>{distinctive}</table>
<h2>Outliers</h2>{outliers}{short}
<h2>Reuse map</h2>{reuse}
<h2>Who rewrote whom</h2>{sources}
<h2>What each article adds</h2>{unique}
<h2>Digest</h2><p>{escape(report["digest"]["text"])}</p>
</body></html>
"""


def _stories_html(stories: dict[str, Any] | None) -> str:
    """The warning and the grouping, first on the page, when the set holds several stories."""
    if not stories or not stories["several"]:
        return ""
    escape = html.escape
    rows = "".join(
        f"<tr><td>{group['story']}</td><td>{len(group['articles'])}</td>"
        f"<td>{escape(', '.join(group['terms']))}</td>"
        f"<td>{escape(', '.join(group['articles']))}</td></tr>"
        for group in stories["groups"]
    )
    return (
        f"<h2>Several stories</h2><p>This set holds {len(stories['groups'])} stories: results "
        "that treat it as one story mislead. Compare one story alone with "
        "<code>storylens PATH --story N</code> (in Python: "
        "<code>articles.stories().sets()[N].compare()</code>).</p>"
        "<table><thead><tr><th>story</th><th>articles</th><th>terms</th><th>ids</th></tr>"
        f"</thead><tbody>{rows}</tbody></table>"
    )

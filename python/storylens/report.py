"""The story report: one summary of a cleaned article set and its comparison, as plain text
(the command line), a dict (``--json``) or a self-contained HTML page (``--html``)."""

from __future__ import annotations

import datetime as _dt
import html
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storylens.articles import ArticleSet
    from storylens.compare import Comparison

__all__ = ["build_report", "report_html", "report_text"]


def build_report(
    articles: ArticleSet, comparison: Comparison, *, terms: int = 12, distinctive: int = 8
) -> dict[str, Any]:
    """Everything the report shows, as plain data (JSON-ready).

    >>> from storylens.datasets import load_sample
    >>> articles = load_sample().clean()
    >>> report = build_report(articles, articles.compare())
    >>> sorted(report)
    ['articles', 'distinctive_terms', 'shared_terms', 'similarity']
    """
    rows = []
    for article in articles:
        rows.append(
            {
                "id": article.id,
                "outlet": article.outlet,
                "title": article.title,
                "date": article.date.isoformat() if isinstance(article.date, _dt.date) else None,
                "byline": article.byline,
                "words_kept": article.words_kept,
                "words_removed": article.words_removed,
            }
        )
    similarity = comparison.similarity
    shared = comparison.shared_terms(top=terms)
    distinctive_terms = {}
    if len(articles) > 1:
        for article in articles:
            frame = comparison.distinctive_terms(article.id, top=distinctive)
            distinctive_terms[article.id] = [
                {"term": str(term), "z": round(float(z), 3)}
                for term, z in zip(frame["term"], frame["z"], strict=True)
            ]
    return {
        "articles": rows,
        "similarity": {
            "ids": list(similarity.index),
            "values": [[round(float(v), 4) for v in row] for row in similarity.to_numpy()],
        },
        "shared_terms": [
            {"term": str(term), "articles": int(count)}
            for term, count in zip(shared["term"], shared["articles"], strict=True)
        ],
        "distinctive_terms": distinctive_terms,
    }


def _cut(text: str | None, width: int) -> str:
    text = text or "-"
    return text if len(text) <= width else text[: width - 1] + "…"


def report_text(report: dict[str, Any]) -> str:
    """The report as aligned plain text for a terminal.

    >>> from storylens.datasets import load_sample
    >>> articles = load_sample().clean()
    >>> print(report_text(build_report(articles, articles.compare())).splitlines()[0])
    7 articles
    """
    rows = report["articles"]
    ids = [row["id"] for row in rows]
    width = max([len(i) for i in ids] + [7])
    lines = [f"{len(rows)} article{'' if len(rows) == 1 else 's'}", ""]
    lines.append(
        f"  {'id':<{width}}  {'outlet':<22}  {'date':<10}  {'kept':>5}  {'removed':>7}  title"
    )
    for row in rows:
        lines.append(
            f"  {row['id']:<{width}}  {_cut(row['outlet'], 22):<22}  {row['date'] or '-':<10}"
            f"  {row['words_kept']:>5}  {row['words_removed']:>7}  {_cut(row['title'], 60)}"
        )
    short = [i[:9] for i in ids]
    lines += ["", "Similarity (cosine of TF-IDF vectors)"]
    lines.append(" " * (width + 2) + "".join(f"{s:>10}" for s in short))
    for article_id, values in zip(ids, report["similarity"]["values"], strict=True):
        lines.append(f"  {article_id:<{width}}" + "".join(f"{v:>10.2f}" for v in values))
    lines += ["", "Shared terms (in how many articles)"]
    lines.append("  " + ", ".join(f"{t['term']} ({t['articles']})" for t in report["shared_terms"]))
    if report["distinctive_terms"]:
        lines += ["", "Distinctive terms (log-odds z-score against the rest of the set)"]
        for article_id, terms in report["distinctive_terms"].items():
            shown = ", ".join(t["term"] for t in terms) or "-"
            lines.append(f"  {article_id:<{width}}  {shown}")
    return "\n".join(lines)


def report_html(report: dict[str, Any], title: str = "storylens report") -> str:
    """The report as one self-contained HTML page (inline CSS, no JavaScript).

    >>> from storylens.datasets import load_sample
    >>> articles = load_sample().clean()
    >>> report_html(build_report(articles, articles.compare())).startswith("<!DOCTYPE html>")
    True
    """
    import pandas as pd

    from storylens.compare import similarity_html

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
        + ", ".join(f"{escape(t['term'])} <small>{t['z']:.1f}</small>" for t in terms)
        + "</td></tr>"
        for article_id, terms in report["distinctive_terms"].items()
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
td, th {{ border: 1px solid #ddd; padding: 4px 8px; text-align: left; }}
small {{ color: #777; }}
</style></head><body>
<h1>{escape(title)}</h1>
<h2>Articles</h2>
<table><thead><tr><th>id</th><th>outlet</th><th>date</th><th>title</th><th>words kept</th>
<th>words removed</th></tr></thead><tbody>{article_rows}</tbody></table>
<h2>Similarity</h2>{similarity_html(similarity)}
<h2>Shared terms</h2><p>{shared}</p>
<h2>Distinctive terms</h2><table>{distinctive}</table>
</body></html>
"""

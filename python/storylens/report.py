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
    articles: ArticleSet,
    comparison: Comparison,
    *,
    terms: int = 12,
    distinctive: int = 8,
    digest_words: int = 150,
    unique: int = 2,
) -> dict[str, Any]:
    """Everything the report shows, as plain data (JSON-ready).

    >>> from storylens.datasets import load_sample
    >>> articles = load_sample().clean()
    >>> report = build_report(articles, articles.compare())
    >>> sorted(report)  # doctest: +NORMALIZE_WHITESPACE
    ['articles', 'digest', 'distinctive_terms', 'outliers', 'reuse', 'shared_terms',
     'similarity', 'sources', 'unique_facts']
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
    reuse: list[dict[str, Any]] = []
    sources: list[dict[str, Any]] = []
    unique_facts: dict[str, list[str]] = {}
    if len(articles) > 1:
        derived: list[dict[Any, Any]] = comparison.sources().to_dict(orient="records")
        sources = [
            {
                "article": record["article"],
                "source": _optional(record["source"]),
                "share": (
                    None if _optional(record["share"]) is None else round(float(record["share"]), 3)
                ),
                "evidence": _optional(record["evidence"]),
            }
            for record in derived
        ]
        summary = comparison.reuse_summary()
        summary = summary[summary["share"] >= 0.2].sort_values(
            ["share", "article", "other"], ascending=[False, True, True], kind="stable"
        )
        records: list[dict[Any, Any]] = summary.to_dict(orient="records")
        reuse = [
            {
                "article": record["article"],
                "other": record["other"],
                "share": round(float(record["share"]), 3),
                "verbatim": int(record["verbatim"]),
                "near_verbatim": int(record["near_verbatim"]),
                "paraphrase": int(record["paraphrase"]),
                "likely_source": _optional(record["likely_source"]),
                "evidence": _optional(record["evidence"]),
            }
            for record in records
        ]
        for article in articles:
            facts = comparison.unique_facts(article.id, top=unique)
            unique_facts[article.id] = [str(text) for text in facts["text"]]
    digest = comparison.digest(max_words=digest_words)
    outliers: list[dict[Any, Any]] = comparison.outliers.to_dict(orient="records")
    chosen: list[dict[Any, Any]] = digest.sentences.to_dict(orient="records")
    return {
        "articles": rows,
        "outliers": [
            {
                "article": r["article"],
                "kind": r["kind"],
                "other": _optional(r["other"]),
                "score": round(float(r["score"]), 3),
            }
            for r in outliers
        ],
        "reuse": reuse,
        "sources": sources,
        "unique_facts": unique_facts,
        "digest": {
            "text": str(digest),
            "words": digest.words,
            "sentences": [
                {"article": r["article"], "sentence": int(r["sentence"]), "text": r["text"]}
                for r in chosen
            ],
        },
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


def _optional(value: Any) -> Any:
    """None for pandas' missing values (None, NaN), so JSON gets null."""
    import pandas as pd

    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


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
    if report["outliers"]:
        lines += ["", "Outliers"]
        for outlier in report["outliers"]:
            other = f" of {outlier['other']}" if outlier["other"] else ""
            lines.append(f"  {outlier['article']:<{width}}  {outlier['kind']}{other}")
    if report["reuse"]:
        lines += ["", "Reuse map (share of an article's sentences found in another)"]
        for pair in report["reuse"]:
            source = f"  likely source: {pair['likely_source']}" if pair["likely_source"] else ""
            lines.append(
                f"  {pair['article']:<{width}} <- {pair['other']:<{width}} {pair['share']:>5.0%}"
                f"  ({pair['verbatim']} verbatim, {pair['near_verbatim']} near-verbatim,"
                f" {pair['paraphrase']} paraphrase){source}"
            )
    if report["sources"]:
        lines += ["", "Who rewrote whom (each article's likely source in the set)"]
        for entry in report["sources"]:
            if entry["source"]:
                lines.append(
                    f"  {entry['article']:<{width}} <- {entry['source']:<{width}}"
                    f" {entry['share']:>5.0%}  by {entry['evidence']}"
                )
            else:
                lines.append(f"  {entry['article']:<{width}}    draws on no other article")
    if report["unique_facts"]:
        lines += ["", "What each article adds (sentences no other article has)"]
        for article_id, facts in report["unique_facts"].items():
            for fact in facts:
                lines.append(f"  {article_id:<{width}}  {_cut(fact, 110)}")
    lines += ["", f"Digest ({report['digest']['words']} words)"]
    lines += _wrap(report["digest"]["text"], 96, "  ")
    return "\n".join(lines)


def _wrap(text: str, width: int, indent: str) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent) or [indent]


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
        "<table><thead><tr><th>article</th><th>from</th><th>share</th><th>verbatim</th>"
        "<th>near-verbatim</th><th>paraphrase</th><th>likely source</th></tr></thead><tbody>"
        + "".join(
            f"<tr><td>{escape(p['article'])}</td><td>{escape(p['other'])}</td>"
            f"<td>{p['share']:.0%}</td><td>{p['verbatim']}</td><td>{p['near_verbatim']}</td>"
            f"<td>{p['paraphrase']}</td><td>{escape(p['likely_source'] or '-')}</td></tr>"
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
<h1>{escape(title)}</h1>
<h2>Articles</h2>
<table><thead><tr><th>id</th><th>outlet</th><th>date</th><th>title</th><th>words kept</th>
<th>words removed</th></tr></thead><tbody>{article_rows}</tbody></table>
<h2>Similarity</h2>{similarity_html(similarity)}
<h2>Shared terms</h2><p>{shared}</p>
<h2>Distinctive terms</h2><table>{distinctive}</table>
<h2>Outliers</h2>{outliers}
<h2>Reuse map</h2>{reuse}
<h2>Who rewrote whom</h2>{sources}
<h2>What each article adds</h2>{unique}
<h2>Digest</h2><p>{escape(report["digest"]["text"])}</p>
</body></html>
"""

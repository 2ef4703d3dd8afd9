"""The story report as aligned plain text for a terminal (what the ``storylens`` command
prints)."""

from __future__ import annotations

import textwrap
from operator import itemgetter
from typing import Any

import numpy as np

from storylens.report.summary import digest_note, outlets_phrase, shared_terms_articles

__all__ = ["report_text"]


#: Column labels of the similarity table fit this many characters.
LABEL_WIDTH = 9


def _common_prefix(texts: list[str]) -> str:
    """The longest text that every one of ``texts`` starts with."""
    if not texts:
        return ""
    shortest = min(texts, key=len)
    for length in range(len(shortest)):
        if any(text[length] != shortest[length] for text in texts):
            return shortest[:length]
    return shortest


def column_labels(ids: list[str], width: int) -> tuple[list[str], list[str]]:
    """Unique column labels of at most ``width`` characters for ``ids``, and the legend lines
    that explain them (none when the labels are the ids or plainly cut from them).

    The ids themselves when they fit; else the ids without their common prefix, cut, when
    that keeps them unique; else numbers, with a legend.

    >>> column_labels(["wire", "blog"], 9)
    (['wire', 'blog'], [])
    >>> column_labels(["article_1", "article_10"], 9)
    (['1', '10'], ['columns: the ids without "article_"'])
    >>> column_labels(["d30001t_a_x", "d30001t_a_y"], 5)
    (['x', 'y'], ['columns: the ids without "d30001t_a_"'])
    >>> labels, legend = column_labels(["alpha-one", "alpha-two", "beta-one"], 4)
    >>> labels, legend[0]
    (['[1]', '[2]', '[3]'], '[1] alpha-one')
    """
    if all(len(i) <= width for i in ids):
        return list(ids), []
    prefix = _common_prefix(ids).rstrip("0123456789")  # never cut a number in two
    if prefix and all(len(i) > len(prefix) for i in ids):
        stripped = [i[len(prefix) :][:width] for i in ids]
        if len(set(stripped)) == len(ids):
            return stripped, [f'columns: the ids without "{prefix}"']
    numbers = [f"[{n}]" for n in range(1, len(ids) + 1)]
    return numbers, [f"{number} {i}" for number, i in zip(numbers, ids, strict=True)]


def _cut(text: str | None, width: int) -> str:
    text = text or "-"
    return text if len(text) <= width else text[: width - 1] + "…"


#: Above this many articles the text report lists the most similar pairs instead of the
#: whole similarity table (unless asked for in full).
FULL_TABLE_LIMIT = 20


def top_pairs(
    ids: list[str], values: list[list[float]], count: int
) -> list[tuple[str, str, float]]:
    """The ``count`` most similar pairs of articles, most similar first (ties in id order).

    >>> top_pairs(["a", "b", "c"], [[1, 0.2, 0.9], [0.2, 1, 0.5], [0.9, 0.5, 1]], 2)
    [('a', 'c', 0.9), ('b', 'c', 0.5)]
    """
    n = len(ids)
    if n < 2:
        return []
    # In numpy: the pairs above the diagonal in row-major order, so that ties stay in id
    # order; 500,000 tuples sorted in Python took most of the text report of 1,000 articles.
    matrix = np.asarray(values, dtype=np.float64)
    pairs = np.flatnonzero(~np.tri(n, dtype=bool))
    scores = matrix.ravel()[pairs]
    if 0 < count < len(pairs):
        # Only the best: those above the count-th score, then the first of its ties.
        kth = -np.partition(-scores, count - 1)[count - 1]
        above = np.flatnonzero(scores > kth)
        tied = np.flatnonzero(scores == kth)[: count - len(above)]
        kept = np.concatenate([above, tied])
    else:
        kept = np.arange(len(pairs))
    ranked = kept[np.lexsort((kept, -scores[kept]))][:count]
    return [(ids[k // n], ids[k % n], float(matrix.flat[k])) for k in pairs[ranked].tolist()]


def report_text(report: dict[str, Any], *, full: bool = False, pairs: int = 10) -> str:
    """The report as aligned plain text for a terminal. Above 20 articles it is bounded
    whatever the set's size (a summary, the outliers, the ``pairs`` most similar pairs and
    the ``pairs`` strongest reuse links), unless ``full`` asks for every section.

    >>> from storylens.datasets import load_sample
    >>> from storylens.report import build_report
    >>> articles = load_sample().clean()
    >>> print(report_text(build_report(articles, articles.compare())).splitlines()[0])
    7 articles
    """
    rows = report["articles"]
    ids = [row["id"] for row in rows]
    if len(ids) > FULL_TABLE_LIMIT and not full:
        return _bounded_report_text(report, pairs)
    width = max([len(i) for i in ids] + [7])
    lines = [f"{len(rows)} article{'' if len(rows) == 1 else 's'}", ""]
    lines += _stories_lines(report.get("stories"))
    lines.append(
        f"  {'id':<{width}}  {'outlet':<22}  {'date':<10}  {'kept':>5}  {'removed':>7}  title"
    )
    for row in rows:
        lines.append(
            f"  {row['id']:<{width}}  {_cut(row['outlet'], 22):<22}  {row['date'] or '-':<10}"
            f"  {row['words_kept']:>5}  {row['words_removed']:>7}  {_cut(row['title'], 60)}"
        )
    matrix = report["similarity"]["values"]
    short, legend = column_labels(ids, LABEL_WIDTH)
    lines += ["", "Similarity (cosine of TF-IDF vectors)"]
    lines += [f"  {line}" for line in legend]
    lines.append(" " * (width + 2) + "".join(f"{s:>10}" for s in short))
    for article_id, values in zip(ids, matrix, strict=True):
        lines.append(f"  {article_id:<{width}}" + "".join(f"{v:>10.2f}" for v in values))
    lines += ["", _shared_terms_heading(report)]
    lines.append("  " + ", ".join(f"{t['term']} ({t['articles']})" for t in report["shared_terms"]))
    if report["distinctive_terms"]:
        lines += ["", "Distinctive terms (log-odds z-score against the rest of the set)"]
        for article_id, terms in report["distinctive_terms"].items():
            shown = (
                ", ".join(f"{t['term']} ({t.get('count', '?')})" for t in terms)
                or "no significantly distinctive term"
            )
            lines.append(f"  {article_id:<{width}}  {shown}")
    if report["outliers"]:
        lines += ["", "Outliers"]
        for outlier in report["outliers"]:
            other = f" of {outlier['other']}" if outlier["other"] else ""
            lines.append(f"  {outlier['article']:<{width}}  {outlier['kind']}{other}")
    if report.get("short_articles"):
        lines += ["", "Short articles (under 100 words: terms and scores rest on little text)"]
        for entry in report["short_articles"]:
            lines.append(f"  {entry['article']:<{width}}  {entry['words']} words")
    if report["reuse"]:
        lines += ["", "Reuse map (share of an article's sentences found in another)"]
        lines += [_reuse_line(pair, width) for pair in report["reuse"]]
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
    lines += ["", *_digest_lines(report)]
    return "\n".join(lines)


def _bounded_report_text(report: dict[str, Any], pairs: int) -> str:
    """The report of a large set, bounded whatever its size: a summary (counts, dates, the
    digest, the terms every article shares), the outliers (off-story, duplicate, not an
    article), the ``pairs`` most similar pairs and the ``pairs`` strongest reuse links. The
    per-article sections come with --full."""
    rows = report["articles"]
    ids = [row["id"] for row in rows]
    width = max([len(i) for i in ids] + [7])
    dates = sorted(row["date"] for row in rows if row["date"])
    summary = f"{len(rows)} articles" + outlets_phrase(rows)
    if dates:
        summary += (
            f", dated {dates[0]} to {dates[-1]}" if dates[0] != dates[-1] else f", dated {dates[0]}"
        )
    lines = [summary + " (a large set: the per-article sections come with --full)", ""]
    lines += _stories_lines(report.get("stories"), limit=pairs)
    lines += _digest_lines(report)
    lines += ["", _shared_terms_heading(report)]
    lines.append("  " + ", ".join(f"{t['term']} ({t['articles']})" for t in report["shared_terms"]))
    lines += ["", "Outliers (off-story, duplicate or not an article)"]
    if report["outliers"]:
        for outlier in report["outliers"]:
            other = f" of {outlier['other']}" if outlier["other"] else ""
            lines.append(f"  {outlier['article']:<{width}}  {outlier['kind']}{other}")
    else:
        lines.append("  none")
    matrix = report["similarity"]["values"]
    lines += [
        "",
        f"Most similar pairs (cosine of TF-IDF vectors; the {len(ids)} x "
        f"{len(ids)} table with --full)",
    ]
    for first, second, value in top_pairs(ids, matrix, pairs):
        lines.append(f"  {value:.2f}  {first} - {second}")
    if report["reuse"]:
        shares = np.fromiter(
            map(itemgetter("share_of_copy"), report["reuse"]),
            dtype=np.float64,
            count=len(report["reuse"]),
        )
        # A stable sort: ties stay in the given order.
        order = np.argsort(-shares, kind="stable")[:pairs]
        strongest = [report["reuse"][i] for i in order.tolist()]
        more = len(report["reuse"]) - len(strongest)
        lines += [
            "",
            "Reuse map, strongest links (share of an article's sentences found in another"
            + (f"; {more} more with --full)" if more else ")"),
        ]
        lines += [_reuse_line(pair, width) for pair in strongest]
    return "\n".join(lines)


def _stories_lines(stories: dict[str, Any] | None, limit: int | None = None) -> list[str]:
    """The warning and the grouping, first in the report, when the set holds several stories
    (the ``limit`` largest stories, when given)."""
    if not stories or not stories["several"]:
        return []
    groups = stories["groups"]
    lines = [
        f"This set holds {len(groups)} stories: results that treat it as one story mislead.",
        "Compare one story alone with `storylens PATH --story N`"
        " (in Python: articles.stories().sets()[N].compare()).",
    ]
    shown = groups if limit is None else groups[:limit]
    for group in shown:
        members = ", ".join(group["articles"])
        lines.append(
            f"  story {group['story']}: {len(group['articles'])} article"
            f"{'' if len(group['articles']) == 1 else 's'} ({', '.join(group['terms'])}): "
            f"{_cut(members, 80)}"
        )
    if len(shown) < len(groups):
        lines.append(f"  ... and {len(groups) - len(shown)} smaller stories (all with --full)")
    return [*lines, ""]


def _reuse_line(pair: dict[str, Any], width: int) -> str:
    """``copy <- source (evidence)``, or ``a <-> b (undecided)`` when no rule gives the
    direction, then the shares and the counts by kind."""
    if pair["evidence"] == "undecided":
        link = f"{pair['source']} <-> {pair['copy']} (undecided)"
    else:
        link = f"{pair['copy']} <- {pair['source']} ({pair['evidence']})"
    return (
        f"  {link:<{2 * width + 18}} {pair['share_of_copy']:>5.0%} of {pair['copy']},"
        f" {pair['share_of_source']:.0%} of {pair['source']}"
        f"  ({pair['verbatim']} verbatim, {pair['near_verbatim']} near-verbatim,"
        f" {pair['paraphrase']} paraphrase)"
    )


def _wrap(text: str, width: int, indent: str) -> list[str]:
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent) or [indent]


def _digest_lines(report: dict[str, Any]) -> list[str]:
    """The digest and its heading, or why a set of several stories gets none."""
    note = digest_note(report)
    if note is not None:
        return ["Digest", *_wrap(note, 96, "  ")]
    return [
        f"Digest ({report['digest']['words']} words)",
        *_wrap(report["digest"]["text"], 96, "  "),
    ]


def _shared_terms_heading(report: dict[str, Any]) -> str:
    """The shared terms' heading, saying which articles they count when outliers are left
    out."""
    counted = shared_terms_articles(report)
    if counted == len(report["articles"]):
        return "Shared terms (in how many articles)"
    return f"Shared terms (in how many of the {counted} articles that outliers does not flag)"

"""How well ``ArticleSet.clean()`` separates page furniture from the article body, measured
on the hand-labelled cleaning corpus, through the public API only.

The corpus lives in ``tests/fixtures/cleaning/<split>/<story>/``: one ``.txt`` page per
outlet and a ``labels.json`` with the story's ``language`` and, per page, its
``source_kind``, ``is_article``, one label per line (``blank``, ``content``, ``heading``,
``title``, ``byline``, ``date``, ``correction`` or ``junk:<kind>``) and the ``debris``
prefixes glued to ledes. Each story folder is loaded with
``ArticleSet.from_folder(folder, language=<the story's language>)`` and cleaned; each removal
(``article.removed``, code-point offsets into ``article.original``) is mapped to the lines
it touches. A line counts as removed when a removal covers a non-whitespace part of it, and
every line of a page that cleaning flags as not an article counts as removed.

Lines labelled ``junk:*``, ``title``, ``byline``, ``date`` and ``correction`` should leave
the body; ``content`` and ``heading`` lines should stay; blank lines are not scored. Per
split the script prints junk-line precision, recall and F1, the share of content and heading
lines removed, recall per junk kind, what happened to the debris glued to ledes, and what
cleaning did to the pages that are not articles.

    python benches/cleaning_quality.py                  # every split present
    python benches/cleaning_quality.py --split dev      # one split
    python benches/cleaning_quality.py --json           # machine-readable figures
    python benches/cleaning_quality.py --show-errors    # also list each misjudged line
    python benches/cleaning_quality.py --strictness 0.7 # clean more or less strictly
    python benches/cleaning_quality.py --root path/to/cleaning
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import storylens

SPLITS = ("dev", "heldout")
#: Labels of lines that should leave the body: furniture, and the metadata lines.
METADATA_LABELS = ("title", "byline", "date", "correction")
#: Labels of lines that must stay in the body.
KEEP_LABELS = ("content", "heading")
DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "cleaning"


def line_spans(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Code-point start and end of each line of ``text`` (without its "\\n"); a final "\\n"
    does not start an extra line, as in the corpus format.

    >>> line_spans("ab\\ncd\\n")
    (array([0, 3]), array([2, 5]))
    """
    lines = text.rstrip("\n").split("\n")
    lengths = np.array([len(line) for line in lines], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1])).astype(np.int64)
    return starts, starts + lengths


def removed_lines(article: Any, starts: np.ndarray, ends: np.ndarray) -> list[str | None]:
    """For each line, the reason of the first removal that covers a non-whitespace part of
    it, or None when the line stayed.

    A page flagged as not an article (``article.is_article`` False, where the API has it) is
    empty, so each of its lines that no removal explains is removed as "not an article".
    """
    reasons: list[str | None] = [None] * len(starts)
    original = article.original
    for removal in article.removed:
        if removal.kind in ("debris", "dateline"):
            # Debris and a dateline are cut from the start of a content line, which stays:
            # the debris figure scores the debris.
            continue
        first = int(np.searchsorted(ends, removal.start, side="left"))
        last = int(np.searchsorted(starts, removal.end, side="left"))
        for line in range(first, min(last, len(starts))):
            overlap = original[max(starts[line], removal.start) : min(ends[line], removal.end)]
            if reasons[line] is None and overlap.strip():
                reasons[line] = f"{removal.kind}: {removal.reason}"
    if getattr(article, "is_article", True) is False:
        reasons = [reason if reason is not None else "not an article" for reason in reasons]
    return reasons


def debris_removed(article: Any, starts: np.ndarray, debris: dict[str, Any]) -> bool:
    """Whether removals cover the whole debris prefix (non-whitespace) of its line."""
    start = int(starts[debris["line"] - 1])
    end = start + len(debris["prefix"])
    covered = np.zeros(end - start, dtype=bool)
    for removal in article.removed:
        lo, hi = max(start, removal.start), min(end, removal.end)
        if lo < hi:
            covered[lo - start : hi - start] = True
    visible = np.array([not ch.isspace() for ch in debris["prefix"]], dtype=bool)
    return bool(np.all(covered[visible]))


def score_story(
    folder: Path, strictness: float = 0.5
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Clean one story folder (at ``strictness``) and return one record per labelled line and
    one per page."""
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    articles = storylens.ArticleSet.from_folder(
        folder, "*.txt", metadata=False, language=labels["language"]
    ).clean(strictness=strictness)
    line_rows: list[dict[str, Any]] = []
    page_rows: list[dict[str, Any]] = []
    for article in articles:
        page = labels["pages"].get(article.id)
        if page is None:
            raise ValueError(f"{folder / article.id}.txt has no entry in labels.json")
        starts, ends = line_spans(article.original)
        if len(starts) != len(page["labels"]):
            raise ValueError(
                f"{folder / article.id}.txt has {len(starts)} lines but "
                f"{len(page['labels'])} labels"
            )
        reasons = removed_lines(article, starts, ends)
        lines = article.original.rstrip("\n").split("\n")
        for number, (label, reason, text) in enumerate(
            zip(page["labels"], reasons, lines, strict=True), start=1
        ):
            line_rows.append(
                {
                    "story": folder.name,
                    "page": article.id,
                    "is_article": page["is_article"],
                    "line": number,
                    "label": label,
                    "removed": reason is not None,
                    "reason": reason,
                    "text": text,
                }
            )
        page_rows.append(
            {
                "story": folder.name,
                "page": article.id,
                "source_kind": page["source_kind"],
                "is_article": page["is_article"],
                "flagged_not_article": getattr(article, "is_article", None) is False,
                "has_is_article": hasattr(article, "is_article"),
                "title": article.title,
                "words_kept": article.words_kept,
                "words_removed": article.words_removed,
                "debris": [
                    {**item, "removed": debris_removed(article, starts, item)}
                    for item in page.get("debris", [])
                ],
            }
        )
    return line_rows, page_rows


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else float("nan")


def split_figures(lines: pd.DataFrame, pages: pd.DataFrame) -> dict[str, Any]:
    """The figures of one split from its line and page records."""
    scored = lines[lines["label"] != "blank"]
    should_go = scored["label"].str.startswith("junk:") | scored["label"].isin(METADATA_LABELS)
    should_stay = scored["label"].isin(KEEP_LABELS)
    removed = scored["removed"]
    true_pos = int((removed & should_go).sum())
    false_pos = int((removed & should_stay).sum())
    false_neg = int((~removed & should_go).sum())
    precision = _ratio(true_pos, true_pos + false_pos)
    recall = _ratio(true_pos, true_pos + false_neg)
    f1 = _ratio(2 * true_pos, 2 * true_pos + false_pos + false_neg)
    to_go = scored[should_go]
    per_kind = (
        to_go.assign(kind=to_go["label"].str.removeprefix("junk:"))
        .groupby("kind")["removed"]
        .agg(found="sum", total="count")
        .astype(int)
    )
    debris = [item for items in pages["debris"] for item in items]
    not_articles = pages[~pages["is_article"]]
    not_article_rows = []
    for row in not_articles.itertuples():
        page_lines = scored[(scored["story"] == row.story) & (scored["page"] == row.page)]
        not_article_rows.append(
            {
                "page": f"{row.story}/{row.page}",
                "flagged_not_article": bool(row.flagged_not_article)
                if row.has_is_article
                else None,
                "lines_removed": int(page_lines["removed"].sum()),
                "lines": len(page_lines),
                "words_kept": int(row.words_kept),
                "title": row.title,
            }
        )
    return {
        "pages": len(pages),
        "stories": int(pages["story"].nunique()),
        "junk_lines": int(should_go.sum()),
        "content_lines": int(should_stay.sum()),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "content_removed": _ratio(false_pos, int(should_stay.sum())),
        "content_removed_lines": false_pos,
        "per_kind": {
            kind: {"found": int(r.found), "total": int(r.total)}
            for kind, r in zip(per_kind.index, per_kind.itertuples(), strict=True)
        },
        "debris_removed": sum(item["removed"] for item in debris),
        "debris_total": len(debris),
        "not_articles": not_article_rows,
    }


def _without_nan(value: Any) -> Any:
    """``value`` with each NaN (a ratio of nothing) as None, so the JSON is standard."""
    if isinstance(value, dict):
        return {key: _without_nan(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_nan(item) for item in value]
    if isinstance(value, float) and np.isnan(value):
        return None
    return value


def print_split(split: str, figures: dict[str, Any]) -> None:
    """One Markdown table of the split's figures, then its per-kind and not-article tables."""
    print(f"## {split}: {figures['pages']} pages, {figures['stories']} stories\n")
    print("| measure | value |")
    print("|---|---|")
    print(f"| junk-line precision | {figures['precision']:.2f} |")
    print(f"| junk-line recall | {figures['recall']:.2f} |")
    print(f"| F1 | {figures['f1']:.2f} |")
    print(
        f"| content lines removed | {figures['content_removed']:.1%} "
        f"({figures['content_removed_lines']} of {figures['content_lines']}) |"
    )
    print(f"| debris prefixes removed | {figures['debris_removed']}/{figures['debris_total']} |")
    print("\n| kind | found/total | recall |")
    print("|---|---|---|")
    for kind, counts in figures["per_kind"].items():
        share = _ratio(counts["found"], counts["total"])
        print(f"| {kind} | {counts['found']}/{counts['total']} | {share:.2f} |")
    print("\n| not-article page | flagged | lines removed | words kept | title |")
    print("|---|---|---|---|---|")
    for row in figures["not_articles"]:
        flagged = {None: "n/a (no is_article)", True: "yes", False: "no"}[
            row["flagged_not_article"]
        ]
        print(
            f"| {row['page']} | {flagged} | {row['lines_removed']}/{row['lines']} "
            f"| {row['words_kept']} | {row['title'] or ''} |"
        )
    print()


def print_errors(split: str, lines: pd.DataFrame) -> None:
    """Each content line removed and each junk or metadata line kept, with its reason."""
    scored = lines[lines["label"] != "blank"]
    should_stay = scored["label"].isin(KEEP_LABELS)
    wrong = scored[(should_stay & scored["removed"]) | (~should_stay & ~scored["removed"])]
    print(f"### {split}: {len(wrong)} misjudged lines\n")
    for row in wrong.itertuples():
        verdict = f"removed ({row.reason})" if row.removed else "kept"
        print(f"{row.story}/{row.page}:{row.line} [{row.label}] {verdict}: {row.text[:90]}")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="the corpus folder")
    parser.add_argument("--split", choices=SPLITS, help="score this split only")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--show-errors", action="store_true", help="list misjudged lines")
    parser.add_argument(
        "--strictness", type=float, default=0.5, help="the strictness to clean at (0 to 1)"
    )
    args = parser.parse_args(argv)

    splits = [args.split] if args.split else [s for s in SPLITS if (args.root / s).is_dir()]
    if not splits or not all((args.root / s).is_dir() for s in splits):
        parser.error(f"no split {args.split or 'dev or heldout'} under {args.root}")
    results: dict[str, Any] = {}
    for split in splits:
        line_rows: list[dict[str, Any]] = []
        page_rows: list[dict[str, Any]] = []
        for folder in sorted(p.parent for p in (args.root / split).glob("*/labels.json")):
            story_lines, story_pages = score_story(folder, args.strictness)
            line_rows += story_lines
            page_rows += story_pages
        if not page_rows:
            parser.error(f"split {split} under {args.root} has no story folders")
        lines, pages = pd.DataFrame(line_rows), pd.DataFrame(page_rows)
        results[split] = split_figures(lines, pages)
        if not args.json:
            print_split(split, results[split])
            if args.show_errors:
                print_errors(split, lines)
    if args.json:
        json.dump(_without_nan(results), sys.stdout, indent=2, ensure_ascii=False)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())

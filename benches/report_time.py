"""Time of the story report on invented article sets of 200 and 1,000 articles.

The sets come from ``tests/report/story_sets.py`` (10 stories x 20 outlets, 40 stories x 25
outlets: wire copy, syndications, rewrites). For each size the script times, in this order
on the same objects, ``compare()``, ``build_report`` (the report's content, which asks the
comparison for distinctive terms, reuse, sources, the digest and unique facts, so it
includes their first computation) and ``report_html`` (the page from that content). It
prints the best of ``--repeat`` runs, each on a new set so that nothing is cached, and the
page's size.

    python benches/report_time.py              # 200 and 1,000 articles, best of 3
    python benches/report_time.py --sizes 200 --repeat 5
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "report"))

from story_sets import story_frame
from storylens import ArticleSet
from storylens.report import build_report, report_html

#: Articles -> (stories, outlets) of the invented set.
SHAPES = {200: (10, 20), 1000: (40, 25)}


def time_report(size: int, repeat: int = 3) -> dict[str, float]:
    """The best of ``repeat`` runs of :func:`time_once` on the invented set of ``size``
    articles, column by column."""
    stories, outlets = SHAPES[size]
    frame = story_frame(stories=stories, outlets=outlets)
    # A new set each run: a set keeps what it has computed, and that would flatter the rest.
    runs = [time_once(ArticleSet.from_frame(frame).clean()) for _ in range(repeat)]
    return {key: min(run[key] for run in runs) for key in runs[0]}


def time_once(articles: ArticleSet) -> dict[str, float]:
    """Seconds for compare(), build_report and report_html, and the page's size in
    megabytes."""
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the set holds several stories, on purpose
        comparison = articles.compare()
    compared = time.perf_counter()
    report = build_report(articles, comparison)
    built = time.perf_counter()
    page = report_html(report)
    rendered = time.perf_counter()
    return {
        "articles": float(len(articles)),
        "compare_s": compared - started,
        "build_report_s": built - compared,
        "report_html_s": rendered - built,
        "page_mb": len(page.encode("utf-8")) / 1e6,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=sorted(SHAPES))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print("| articles | compare() | build_report | report_html | page |")
    print("|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        row = time_report(size, args.repeat)
        print(
            f"| {size:,} | {row['compare_s']:.2f} s | {row['build_report_s']:.2f} s "
            f"| {row['report_html_s']:.2f} s | {row['page_mb']:.1f} MB |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

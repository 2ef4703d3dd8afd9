"""The report's steps on large article sets: time and peak memory of each, reuse() apart.

The 1,000-article goal of ``pipeline_scale.py`` counts ``compare()``, ``reuse()``, the
digest and the full report. This script measures the part that is not ``reuse()``: on the
generated sets of ``story_sets.py`` (the pipeline benchmark's), in one interpreter per size,
it runs ``compare()``, then ``reuse()`` (timed, but left out of the total: the report and
the unique facts read its map, and timing it inside them would hide their own cost), then
the digest, every article's unique facts, the report's data (``build_report``), the text
report and the HTML page. Before each step the process's peak-RSS mark is reset, so
``peak`` is the most memory the process held during the step.

The total sums ``compare()``, the digest, the unique facts, the report data, the text and
the HTML: the budget they share with ``reuse()`` is 5 s at 1,000 articles on 2 cores.

    python benches/report_scale.py                 # 200 and 1,000 articles
    python benches/report_scale.py --sizes 1000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

# The same memory probes as the pipeline benchmark, so the two report comparable peaks.
from _memory import reset_peak, status_bytes  # noqa: E402

MB = 1024 * 1024
#: Steps timed but not counted in the total (the reuse map has a benchmark of its own).
UNCOUNTED = {"from_texts + clean", "reuse()"}


def steps(n_articles: int) -> list[tuple[str, Callable[[dict[str, Any]], Any]]]:
    """The report's steps, in the order the report runs them; each reads and writes
    ``state``."""
    import storylens
    from story_sets import story_set
    from storylens.report import build_report, report_html, report_text

    def load(state: dict[str, Any]) -> None:
        texts, _ = story_set(n_articles)
        state["articles"] = storylens.ArticleSet.from_texts(texts).clean()

    def compare(state: dict[str, Any]) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the set holds several stories, on purpose
            state["comparison"] = state["articles"].compare()

    def unique_facts(state: dict[str, Any]) -> None:
        comparison = state["comparison"]
        for article in comparison.ids:
            comparison.unique_facts(article, top=2)

    def report(state: dict[str, Any]) -> None:
        state["report"] = build_report(state["articles"], state["comparison"])

    return [
        ("from_texts + clean", load),
        ("compare()", compare),
        ("reuse()", lambda s: s["comparison"].reuse()),
        ("digest", lambda s: s["comparison"].digest()),
        ("unique_facts x all", unique_facts),
        ("report data", report),
        ("text report", lambda s: report_text(s["report"])),
        ("HTML report", lambda s: report_html(s["report"])),
    ]


def worker(n_articles: int) -> None:
    """Runs every step once on a set of ``n_articles``, printing one JSON line per step."""
    state: dict[str, Any] = {}
    for name, step in steps(n_articles):
        reset_peak()
        before = status_bytes("VmRSS")
        start = time.perf_counter()
        step(state)
        seconds = time.perf_counter() - start
        row = {"step": name, "seconds": seconds, "peak": status_bytes("VmHWM"), "before": before}
        print(json.dumps(row), flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="200,1000")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker is not None:
        worker(args.worker)
        return
    print(f"cores available: {len(os.sched_getaffinity(0))}")
    for size in (int(s) for s in args.sizes.split(",")):
        command = [sys.executable, __file__, "--worker", str(size)]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        rows = [json.loads(line) for line in output.splitlines()]
        print(f"\n{size:,} articles")
        print(f"{'step':22} {'seconds':>8} {'peak MB':>8} {'+peak MB':>9}")
        total, peak = 0.0, 0
        for row in rows:
            counted = row["step"] not in UNCOUNTED
            if counted:
                total += row["seconds"]
                peak = max(peak, row["peak"])
            added = (row["peak"] - row["before"]) / MB
            name = row["step"] + ("" if counted else " *")
            print(f"{name:22} {row['seconds']:8.2f} {row['peak'] / MB:8.0f} {added:9.0f}")
        print(f"{'total (without *)':22} {total:8.2f} {peak / MB:8.0f}")


if __name__ == "__main__":
    main()

"""The whole analysis pipeline on large article sets: time and peak memory of every step.

On generated sets of 200, 1,000 and 5,000 articles about 40 invented stories
(``story_sets.py``), each size in a fresh interpreter of its own, the steps run in the order a
notebook or the report runs them, each timed on its own; before each step the process's
peak-RSS mark is reset (``/proc/self/clear_refs``), so a step's ``peak`` is the most memory
the process held during that step (what was already held included) and ``+peak`` what the
step added above the RSS it started from. Steps share the comparison's caches as they do
in use: ``reuse()`` pays for the sentence table and the sentence TF-IDF, the digest then
reuses them.

The goal (issue 19): ``compare()`` plus ``reuse()``, the digest and the full report on 1,000
articles in under 5 s at under 1 GB peak, on 2 cores. The total line sums the steps that
goal names: everything from ``compare()`` on (cleaning is reported, not counted, and so is
the last step, ``reuse(all_pairs=True)``: every pair's rows, which a user asks for on
request).

A watchdog kills a size whose process passes ``--cap-gb`` of RSS (3 GB by default) and
the table says where; a step that refuses (a limit named in a clear error) is reported
with its message.

    python benches/pipeline_scale.py                    # 200, 1,000 and 5,000 articles
    python benches/pipeline_scale.py --sizes 1000       # one size
    python benches/pipeline_scale.py --skip reuse,html  # leave steps out
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _memory import reset_peak, status_bytes  # noqa: E402

MB = 1024 * 1024
GOAL_SECONDS = 5.0
GOAL_BYTES = 1024 * MB
# The steps the 1,000-article goal counts (everything from compare() on); the full listing
# of reuse pairs, asked for on request only, is measured last and not counted.
UNCOUNTED = {"from_texts + clean", "reuse(all_pairs=True)"}


def steps(n_articles: int) -> list[tuple[str, Callable[[dict[str, Any]], Any]]]:
    """The pipeline's steps; each reads and writes the shared ``state``."""
    import storylens
    from story_sets import story_set
    from storylens.report import build_report, report_html, report_text

    def load(state: dict[str, Any]) -> None:
        texts, _ = story_set(n_articles)
        state["articles"] = storylens.ArticleSet.from_texts(texts).clean()

    def compare(state: dict[str, Any]) -> None:
        state["comparison"] = state["articles"].compare()

    def each_article(method: str, **options: Any) -> Callable[[dict[str, Any]], Any]:
        def run(state: dict[str, Any]) -> None:
            comparison = state["comparison"]
            for article in comparison.ids:
                getattr(comparison, method)(article, **options)

        return run

    def report(state: dict[str, Any]) -> None:
        state["report"] = build_report(state["articles"], state["comparison"])

    return [
        ("from_texts + clean", load),
        ("compare()", compare),
        ("similarity", lambda s: s["comparison"].similarity),
        ("nearest(5)", lambda s: s["comparison"].nearest(5)),
        ("variants", lambda s: s["comparison"].variants),
        ("shared_terms", lambda s: s["comparison"].shared_terms()),
        ("distinctive_terms x all", each_article("distinctive_terms", top=8)),
        ("topics(10)", lambda s: s["comparison"].topics(10)),
        ("outliers", lambda s: s["comparison"].outliers),
        ("stories", lambda s: s["comparison"].stories()),
        ("reuse()", lambda s: s["comparison"].reuse()),
        ("digest", lambda s: s["comparison"].digest()),
        ("unique_facts x all", each_article("unique_facts", top=2)),
        ("report data", report),
        ("text report", lambda s: report_text(s["report"])),
        ("HTML report", lambda s: report_html(s["report"])),
        ("reuse(all_pairs=True)", lambda s: len(s["comparison"].reuse(all_pairs=True))),
    ]


def worker(n_articles: int, skip: set[str]) -> None:
    """Runs every step once on a set of ``n_articles``, printing one JSON line per step."""
    state: dict[str, Any] = {}
    for name, step in steps(n_articles):
        if name in skip or name.split("(")[0].split(" ")[0].lower() in skip:
            print(json.dumps({"step": name, "skipped": True}), flush=True)
            continue
        reset_peak()
        before = status_bytes("VmRSS")
        start = time.perf_counter()
        error = None
        try:
            step(state)
        except (ValueError, MemoryError) as exc:  # a refusal that names its limit
            error = f"{type(exc).__name__}: {exc}"
        except KeyError as missing:  # the input of a step that an earlier refusal left out
            error = f"not run: {missing.args[0]!r} was not made (an earlier step refused)"
        seconds = time.perf_counter() - start
        peak = status_bytes("VmHWM")
        print(
            json.dumps(
                {"step": name, "seconds": seconds, "peak": peak, "before": before, "error": error}
            ),
            flush=True,
        )
        if error is not None and name in ("from_texts + clean", "compare()"):
            return


def run_size(n_articles: int, skip: set[str], cap: int) -> tuple[list[dict[str, Any]], str]:
    """Runs the worker for one size under an RSS watchdog; the steps it finished and how it
    ended."""
    import psutil

    command = [sys.executable, __file__, "--worker", str(n_articles), "--skip", ",".join(skip)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    killed = threading.Event()

    def watch() -> None:
        handle = psutil.Process(process.pid)
        while process.poll() is None:
            try:
                if handle.memory_info().rss > cap:
                    killed.set()
                    process.kill()
                    return
            except psutil.NoSuchProcess:
                return
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    assert process.stdout is not None
    rows = [json.loads(line) for line in process.stdout]
    process.wait()
    watcher.join()
    if killed.is_set():
        return rows, f"killed above the {cap / MB / 1024:.1f} GB cap"
    return rows, "finished" if process.returncode == 0 else f"exit code {process.returncode}"


def print_size(n_articles: int, rows: list[dict[str, Any]], ending: str) -> None:
    print(f"\n{n_articles:,} articles ({ending})")
    print(f"{'step':26} {'seconds':>8} {'peak MB':>8} {'+peak MB':>9}")
    total = 0.0
    peak = 0
    for row in rows:
        if row.get("skipped"):
            print(f"{row['step']:26} {'skipped':>8}")
            continue
        if row["step"] not in UNCOUNTED:
            total += row["seconds"]
            peak = max(peak, row["peak"])
        added = (row["peak"] - row["before"]) / MB
        print(f"{row['step']:26} {row['seconds']:8.2f} {row['peak'] / MB:8.0f} {added:9.0f}")
        if row["error"]:
            print(f"    refused: {row['error']}")
    verdict = "meets" if total < GOAL_SECONDS and peak < GOAL_BYTES else "misses"
    print(
        f"{'total from compare()':26} {total:8.2f} {peak / MB:8.0f}   "
        f"({verdict} the {GOAL_SECONDS:.0f} s / {GOAL_BYTES / MB / 1024:.0f} GB goal)"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="200,1000,5000")
    parser.add_argument("--skip", default="", help="comma-separated step names to leave out")
    parser.add_argument("--cap-gb", type=float, default=3.0)
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    skip = {name.strip() for name in args.skip.split(",") if name.strip()}
    if args.worker is not None:
        worker(args.worker, skip)
        return
    cap = int(args.cap_gb * 1024 * MB)
    print(f"cores available: {len(os.sched_getaffinity(0))}")
    for size in (int(s) for s in args.sizes.split(",")):
        rows, ending = run_size(size, skip, cap)
        print_size(size, rows, ending)


if __name__ == "__main__":
    main()

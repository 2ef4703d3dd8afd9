"""Time and peak memory of ``compare()`` and ``reuse()`` on large generated article sets.

The articles come from the benchmark corpus generator (``benches/corpus.py``: news-like
documents of 3-5 KB, about 25 sentences each), drawn from one story per 25 articles (40
stories at 1,000 articles), so that the articles of a story share templated sentences with
names and numbers redrawn, as rewrites of one wire story do. Each size runs in a fresh
subprocess, so that its peak RSS is its own:

- ``matches``: ``compare()``, then ``reuse()`` as it runs now: the matches only, each
  sentence's candidates from inverted indexes, the slower paraphrase signals on its 10
  closest, copies of one sentence (twins) scored once, and the compact answer, one row per
  reused sentence; then ``reuse(all_pairs=True)`` on the same map, one row per sentence
  and other article that reuses it;
- ``full``: the same, then ``reuse(include_unique=True)``, which adds a row for every
  sentence and other article, as every ``reuse()`` did before (one row per sentence and
  other article). It is the baseline of the ratio; above 1,000 articles it is skipped, as
  it needs several gigabytes (the map warns about it first).

    python benches/reuse_scale.py                    # 200, 1,000 and 5,000 articles
    python benches/reuse_scale.py --sizes 200 1000   # chosen sizes
    python benches/reuse_scale.py --json

Needs the ``bench`` extra (gensim supplies the corpus generator's source sentences; psutil
reads the RSS).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

ARTICLES_PER_STORY = 25
FULL_MAP_LIMIT = 1_000  # articles above which the full map is not run
SEED = 20


def generated_articles(n_articles: int, seed: int = SEED) -> list[str]:
    """``n_articles`` generated news documents, from ``n_articles / 25`` stories."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import corpus

    generator = corpus._Generator(seed)
    n_stories = max(1, n_articles // ARTICLES_PER_STORY)
    generator.stories = generator.stories[:n_stories]
    return [generator.document() for _ in range(n_articles)]


def _peak_mb() -> float:
    import resource

    # Linux reports ru_maxrss in kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(n_articles: int, mode: str) -> dict[str, Any]:
    """One run in this process: seconds and peak RSS after each step."""
    import psutil
    import storylens
    from storylens import ArticleSet

    texts = generated_articles(n_articles)
    articles = ArticleSet.from_texts(texts)
    row: dict[str, Any] = {"articles": n_articles, "mode": mode}
    row["rss_before_mb"] = psutil.Process().memory_info().rss / 2**20
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        comparison = articles.compare()
        row["sentences"] = len(comparison.sentences)
        row["compare_s"] = time.perf_counter() - start
        row["compare_peak_mb"] = _peak_mb()
        start = time.perf_counter()
        reuse = comparison.reuse()
        row["reuse_s"] = time.perf_counter() - start
        row["reuse_rows"] = len(reuse)
        row["reuse_peak_mb"] = _peak_mb()
        start = time.perf_counter()
        pairs = comparison.reuse(all_pairs=True)
        row["pairs_s"] = time.perf_counter() - start
        row["pairs_rows"] = len(pairs)
        row["pairs_peak_mb"] = _peak_mb()
        del pairs
        if mode == "full":
            start = time.perf_counter()
            # The baseline is the whole map, above the listings' built-in 4 GB cap
            # (MAX_REUSE_BYTES) at 1,000 articles: a memory_limit of its own lets it through.
            with storylens.config_context(memory_limit="64GB"):
                full = comparison.reuse(include_unique=True)
            row["full_s"] = time.perf_counter() - start
            row["full_rows"] = len(full)
            row["full_peak_mb"] = _peak_mb()
    return row


def run(n_articles: int, mode: str) -> dict[str, Any]:
    """``measure`` in a fresh interpreter."""
    output = subprocess.run(
        [sys.executable, __file__, "--worker", str(n_articles), mode],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1_000, 5_000])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(measure(int(args.worker[0]), args.worker[1])))
        return 0
    rows = []
    for size in args.sizes:
        for mode in ("matches", "full"):
            if mode == "full" and size > FULL_MAP_LIMIT:
                continue
            rows.append(run(size, mode))
            if not args.json:
                print(json.dumps(rows[-1]), file=sys.stderr)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(
        "| articles | sentences | compare() | reuse() | rows | peak RSS | "
        "reuse(all_pairs=True) | rows | peak RSS | "
        "reuse(include_unique=True) | rows | peak RSS | time ratio |"
    )
    print("|" + " ---: |" * 13)
    for size in args.sizes:
        matches = next(r for r in rows if r["articles"] == size and r["mode"] == "matches")
        full = next((r for r in rows if r["articles"] == size and r["mode"] == "full"), None)
        cells = [
            f"{size:,}",
            f"{matches['sentences']:,}",
            f"{matches['compare_s']:.1f} s",
            f"{matches['reuse_s']:.2f} s",
            f"{matches['reuse_rows']:,}",
            f"{matches['reuse_peak_mb']:,.0f} MB",
            f"{matches['pairs_s']:.2f} s",
            f"{matches['pairs_rows']:,}",
            f"{matches['pairs_peak_mb']:,.0f} MB",
        ]
        if full is None:
            cells += ["not run", "", "", ""]
        else:
            cells += [
                f"{full['full_s']:.2f} s",
                f"{full['full_rows']:,}",
                f"{full['full_peak_mb']:,.0f} MB",
                f"{full['full_s'] / matches['reuse_s']:.1f}",
            ]
        print("| " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

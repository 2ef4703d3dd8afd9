"""Hostile inputs at full size: time and peak memory of each, beside a peer of the same size.

- Saved web pages read by ``ArticleSet.from_folder``: a 50 MB page of ordinary markup (the
  peer of the others), a page nested 100,000 levels deep, and pages of malformed markup
  (unclosed tags, comments and sections, a mix of broken constructs) of the same size.
- A single 10 MB line (no line break; words with combining marks, zero-width characters,
  right-to-left text and NUL between them) through the tokenizer, the count and hashing
  vectorizers, the sentence splitter and the cleaner, beside scikit-learn's CountVectorizer on
  the same line.

Each case runs in a fresh process, so that its peak RSS is its own. Usage::

    python benches/hostile_inputs.py            # every case, a Markdown table on stdout
    python benches/hostile_inputs.py --quick    # a tenth of the sizes
    python benches/hostile_inputs.py --case "deep nesting"
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

MB = 1_000_000
PARAGRAPH = "<p>The harbour board met on Tuesday and agreed to reopen the north quay.</p>\n"
LINE_UNIT = "word\u0301\u200b \u05e9\u05dc\u05d5\u05dd, \u202ereversed\u202c \0 claim. "


def _page(unit: str, size: int, head: str = "<html><body>", tail: str = "") -> str:
    return head + unit * (size // len(unit)) + tail


def _pages(scale: float) -> dict[str, Callable[[], str]]:
    size = int(50 * MB * scale)
    depth = int(100_000 * scale)
    return {
        "page: ordinary markup, 50 MB": lambda: _page(PARAGRAPH, size, tail="</body></html>"),
        "page: nested 100,000 deep": lambda: (
            "<html><body>" + "<div>" * depth + "Deep text." + "</div>" * depth
        ),
        "page: skipped elements nested 100,000 deep": lambda: (
            "<body>" + "<nav>" * depth + "</script>" * depth + PARAGRAPH
        ),
        "page: unclosed tags, 50 MB": lambda: _page("<a", size),
        "page: unclosed comments, 50 MB": lambda: _page("<!--", size),
        "page: malformed mix, 50 MB": lambda: _page(
            "<p<<<>>>&&&#;;<!--<!-- <![CDATA[ </p </div <a href='x>text ", size
        ),
    }


def _line_cases(scale: float) -> dict[str, Callable[[str], object]]:
    from sklearn.feature_extraction.text import CountVectorizer as SkCountVectorizer
    from storylens import ArticleSet, CountVectorizer, HashingVectorizer
    from storylens.text import Tokenizer, split_sentences

    return {
        "10 MB line: scikit-learn CountVectorizer (peer)": lambda line: (
            SkCountVectorizer().fit_transform([line]).nnz
        ),
        "10 MB line: CountVectorizer": lambda line: CountVectorizer().fit_transform([line]).nnz,
        "10 MB line: HashingVectorizer": lambda line: HashingVectorizer().transform([line]).nnz,
        "10 MB line: Tokenizer": lambda line: len(Tokenizer().tokenize([line])[0]),
        "10 MB line: split_sentences": lambda line: len(split_sentences(line)),
        "10 MB line: ArticleSet.clean": lambda line: len(
            ArticleSet.from_texts([line]).clean()[0].text
        ),
    }


def _case_names(scale: float) -> list[str]:
    return [*_pages(scale), *_line_cases(scale)]


def run_case(name: str, scale: float) -> dict[str, object]:
    """Runs one case in this process: its input size, seconds, and peak RSS in MB."""
    from storylens import ArticleSet

    pages = _pages(scale)
    if name in pages:
        with tempfile.TemporaryDirectory() as folder:
            page = pages[name]()
            Path(folder, "page.html").write_text(page, encoding="utf-8")
            size = len(page.encode("utf-8"))
            del page
            baseline = _peak_rss_mb()
            started = time.perf_counter()
            try:
                articles = ArticleSet.from_folder(folder)
                outcome = f"read, {len(articles[0].original):,} characters of text"
            except ValueError as error:
                outcome = f"refused: {str(error)[-80:]}"
            seconds = time.perf_counter() - started
    else:
        line = LINE_UNIT * int(10 * MB * scale / len(LINE_UNIT.encode()))
        size = len(line.encode("utf-8"))
        baseline = _peak_rss_mb()
        started = time.perf_counter()
        outcome = f"{_line_cases(scale)[name](line):,}"
        seconds = time.perf_counter() - started
    return {
        "case": name,
        "input MB": round(size / MB, 1),
        "seconds": round(seconds, 2),
        "peak RSS MB": round(_peak_rss_mb(), 0),
        "RSS before MB": round(baseline, 0),
        "outcome": outcome,
    }


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the sizes")
    parser.add_argument("--case", help="run one case (in this process) and print its JSON")
    args = parser.parse_args()
    scale = 0.1 if args.quick else 1.0
    if args.case:
        print(json.dumps(run_case(args.case, scale)))
        return
    rows = []
    for name in _case_names(scale):
        print(f"running {name}", file=sys.stderr)
        command = [sys.executable, __file__, "--case", name] + (["--quick"] if args.quick else [])
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            rows.append({"case": name, "outcome": f"crashed: {done.stderr.strip()[-200:]}"})
            continue
        rows.append(json.loads(done.stdout))
    peers = {
        "page": next(r for r in rows if r["case"].startswith("page: ordinary")),
        "10 MB line": next(r for r in rows if "(peer)" in str(r["case"])),
    }
    print("| case | input MB | seconds | x peer time | peak RSS MB | outcome |")
    print("|---|---:|---:|---:|---:|---|")
    for row in rows:
        peer = peers[str(row["case"]).split(":")[0]]
        ratio = (
            f"{float(str(row['seconds'])) / max(float(str(peer['seconds'])), 1e-3):.2f}"
            if "seconds" in row
            else ""
        )
        print(
            f"| {row['case']} | {row.get('input MB', '')} | {row.get('seconds', '')} | "
            f"{ratio} | {row.get('peak RSS MB', '')} | {row['outcome']} |"
        )


if __name__ == "__main__":
    main()

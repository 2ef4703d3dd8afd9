"""Where storylens spends its time, through the public API only.

Times each stage as the difference between calls that do a little more work each, on the
benchmark corpus as it is (every document has some non-ASCII: curly quotes, em dashes) and
on the same corpus with those characters folded to ASCII, with one thread and all cores:

    Tokenizer().tokenize                      tokens as Python lists of str
    HashingVectorizer(norm=None, alternate_sign=False).transform    tokenise + hash, no tokens out
    HashingVectorizer().transform             + signs and l2 norm
    CountVectorizer().fit_transform           tokenise + count + vocabulary
    CountVectorizer(stem='english')           + stemming
    TfidfVectorizer().fit_transform           + idf and l2 weighting
    TfidfTransformer().fit_transform(counts)  the weighting alone

and, in a fresh interpreter, the one-time cost of the first call, and the memory that
passing non-ASCII ``str`` to the core leaves behind (CPython caches a UTF-8 copy inside each
such string). Not a comparison with other tools: see bench_vectorizers.py for that.

    python benches/breakdown.py [--size-mb 50] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus
from bench_vectorizers import QuietWaiter, _system_cpu

_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2014": "-"})

_FIRST_CALL = """
import time, storylens
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS'):
            return int(line.split()[1]) / 1024
r0 = rss(); t0 = time.perf_counter()
storylens.CountVectorizer().fit_transform(['first call'])
t1 = time.perf_counter(); r1 = rss()
storylens.CountVectorizer().fit_transform(['second call'])
t2 = time.perf_counter()
print(f'{t1 - t0:.3f} {t2 - t1:.4f} {r1 - r0:.0f}')
"""


OTHERS: list[float] = []  # share of the CPUs other processes used, per measurement


def best_of(repeat: int, work: Callable[[], Any]) -> float:
    times = []
    busy0, _ = _system_cpu()
    own0, wall0 = time.process_time(), time.perf_counter()
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
        del result
    busy1, _ = _system_cpu()
    own, wall = time.process_time() - own0, time.perf_counter() - wall0
    OTHERS.append(max(0.0, busy1 - busy0 - own) / (wall * len(os.sched_getaffinity(0))))
    return min(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=50.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--quiet-budget", type=float, default=300.0, help="see bench_vectorizers.py"
    )
    args = parser.parse_args(argv)
    waiter = QuietWaiter(args.quiet_budget, lambda message: print(message, file=sys.stderr))

    import storylens as sl

    first, second, first_mb = subprocess.run(
        [sys.executable, "-c", _FIRST_CALL], capture_output=True, text=True, check=True
    ).stdout.split()
    print(
        f"first call in a new process: {first} s and +{first_mb} MB RSS "
        f"(the next call: {second} s)\n"
    )

    docs = corpus.load_corpus(args.size_mb)
    ascii_docs = [doc.translate(_FOLD) for doc in docs]
    n_bytes = corpus.corpus_bytes(docs)
    pure = sum(doc.isascii() for doc in ascii_docs)
    print(
        f"corpus: {n_bytes / corpus.MB:.1f} MB, {len(docs):,} documents, "
        f"{sum(not d.isascii() for d in docs):,} with non-ASCII; after folding "
        f"{pure:,} of them are pure ASCII\n"
    )

    before = sum(map(sys.getsizeof, docs))
    sl.CountVectorizer().fit_transform(docs)
    after = sum(map(sys.getsizeof, docs))
    print(
        f"UTF-8 copies CPython keeps inside the str objects after one storylens call: "
        f"+{(after - before) / 2**20:.0f} MiB on {before / 2**20:.0f} MiB of str objects\n"
    )

    stages: list[tuple[str, Callable[[list[str], int | None], Any]]] = [
        ("Tokenizer().tokenize", lambda d, j: sl.Tokenizer(n_jobs=j).tokenize(d)),
        (
            "HashingVectorizer(norm=None, alternate_sign=False)",
            lambda d, j: sl.HashingVectorizer(norm=None, alternate_sign=False, n_jobs=j).transform(
                d
            ),
        ),
        ("HashingVectorizer()", lambda d, j: sl.HashingVectorizer(n_jobs=j).transform(d)),
        ("CountVectorizer()", lambda d, j: sl.CountVectorizer(n_jobs=j).fit_transform(d)),
        (
            "CountVectorizer(stem='english')",
            lambda d, j: sl.CountVectorizer(stem="english", n_jobs=j).fit_transform(d),
        ),
        ("TfidfVectorizer()", lambda d, j: sl.TfidfVectorizer(n_jobs=j).fit_transform(d)),
    ]
    print("| stage | n_jobs | as is: s | MB/s | ASCII-folded: s | MB/s | others' CPU |")
    print("|---|---|---|---|---|---|---|")
    for name, work in stages:
        for n_jobs in (1, None):
            waiter.wait()
            OTHERS.clear()
            as_is = best_of(args.repeat, lambda w=work, j=n_jobs: w(docs, j))  # type: ignore[misc]
            folded = best_of(args.repeat, lambda w=work, j=n_jobs: w(ascii_docs, j))  # type: ignore[misc]
            print(
                f"| {name} | {n_jobs or 'all'} | {as_is:.3f} | {n_bytes / corpus.MB / as_is:.0f} "
                f"| {folded:.3f} | {n_bytes / corpus.MB / folded:.0f} | {max(OTHERS):.0%} |"
            )
    counts = sl.CountVectorizer().fit_transform(docs)
    for n_jobs in (1, None):
        waiter.wait()
        OTHERS.clear()
        weighting = best_of(
            args.repeat,
            lambda j=n_jobs: sl.TfidfTransformer(n_jobs=j).fit_transform(counts),  # type: ignore[misc]
        )
        name = "TfidfTransformer().fit_transform(counts)"
        print(f"| {name} | {n_jobs or 'all'} | {weighting:.3f} | | | | {max(OTHERS):.0%} |")


if __name__ == "__main__":
    main()

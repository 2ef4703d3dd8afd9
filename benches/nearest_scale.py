"""Exact top-k cosine neighbours over many short news-like documents.

Three figures, each against a peer in the same run:

1. ``storylens.dask.nearest`` (k=10) on TF-IDF of up to a million short documents, on a
   LocalCluster of 2 single-threaded worker processes: the wall time and each worker's peak
   resident size (Linux's VmHWM, reset before the run).
2. The local ``storylens.compare.nearest`` against scikit-learn's
   ``NearestNeighbors(metric="cosine", algorithm="brute")`` kneighbors on the same matrix.
3. The pruned search against the full search it replaced (every product of every query term
   through the inverted index). The full search is the main branch's kernel: pass
   ``--baseline DIR`` with DIR a ``python/`` folder holding a build of it (storylens and its
   compiled ``_core``); it runs in a subprocess on the same matrix, saved to a temporary file.

The documents are generated inside the workers, partition by partition, with a fixed seed:
each is about one story (one per 250 documents on average, as a news archive holds many
stories), 20 to 60 words: about 35% drawn from its story's own 30 invented words, 20% from
the words of its story's topic (one of 40: the kind of event, shared by many stories), the
rest from common words (function words and the word lists of ``story_sets.py``), each
Zipf-Mandelbrot distributed, so that, as in news, frequent words are in almost every
document.

    python benches/nearest_scale.py                           # the figures in benches/README.md
    python benches/nearest_scale.py --quick                   # a smoke run, about a minute
    python benches/nearest_scale.py --baseline ../main/python # with the full-search speedup
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
import scipy.sparse as sp
import storylens.dask
from distributed import Client, LocalCluster, wait
from storylens.compare import nearest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import story_sets
from _memory import peak_rss_mb, reset_peak

K = 10
SEED = 16
#: Topics (the kind of event: each with words of its own, shared by its stories), words per
#: topic and per story, and documents per story on average.
N_TOPICS, TOPIC_WORDS, STORY_WORDS, PER_STORY = 40, 120, 30, 250
#: Shares of a document's words drawn from its story's and its topic's words (the rest are
#: common words).
STORY_SHARE, TOPIC_SHARE = 0.35, 0.2

_FUNCTION_WORDS = (
    "the a of and to in that is was for on with as by at from it its he she they his her "
    "their this be has had have not but or an were are been will would who which after "
    "about more than also over up out into new one two first last year years people"
).split()


def _invented(rng: np.random.Generator, n: int) -> list[str]:
    syllables = np.array(story_sets._SYLLABLES, dtype=object)
    return ["".join(row) for row in syllables[rng.integers(0, len(syllables), size=(n, 4))]]


@functools.cache
def _common_words() -> np.ndarray[Any, Any]:
    listed = [
        *story_sets._VERBS,
        *story_sets._OBJECTS,
        *story_sets._REASONS,
        *story_sets._SAY,
        *story_sets._ROLES,
        *story_sets._EVENTS,
        *story_sets._ORG_KINDS,
        *story_sets._FILLER,
    ]
    words = " ".join(listed).lower().replace(",", "").split()
    return np.array(list(dict.fromkeys(_FUNCTION_WORDS + words)), dtype=object)


@functools.cache
def _topic_words() -> np.ndarray[Any, Any]:
    rng = np.random.default_rng([SEED, 0])
    return np.array([_invented(rng, TOPIC_WORDS) for _ in range(N_TOPICS)], dtype=object)


@functools.cache
def _story_words(n_stories: int) -> np.ndarray[Any, Any]:
    """Each story's own words (a row per story): the same for a story whatever the corpus."""
    return np.array(
        [_invented(np.random.default_rng([SEED, 1, s]), STORY_WORDS) for s in range(n_stories)],
        dtype=object,
    )


@functools.cache
def _zipf_cdf(n: int) -> np.ndarray[Any, Any]:
    """The cumulative distribution of a Zipf-Mandelbrot law over ``n`` ranks: p(r) ~ 1/(r+3)."""
    weights = 1.0 / (np.arange(n) + 3.0)
    return np.cumsum(weights / weights.sum())


def _ranks(rng: np.random.Generator, size: int, n: int) -> np.ndarray[Any, Any]:
    return np.minimum(np.searchsorted(_zipf_cdf(n), rng.random(size)), n - 1)


def make_partition(seed: int, n_documents: int, n_stories: int) -> pd.Series:
    """``n_documents`` generated texts about ``n_stories`` stories (the same for the same
    arguments)."""
    common, topics, stories = _common_words(), _topic_words(), _story_words(n_stories)
    rng = np.random.default_rng([SEED, 2, seed])
    lengths = rng.integers(20, 61, size=n_documents)
    story = np.repeat(rng.integers(0, n_stories, size=n_documents), lengths)
    total = int(lengths.sum())
    draw = rng.random(total)
    words = common[_ranks(rng, total, len(common))]
    in_topic = (draw >= STORY_SHARE) & (draw < STORY_SHARE + TOPIC_SHARE)
    words[in_topic] = topics[
        story[in_topic] % N_TOPICS, _ranks(rng, int(in_topic.sum()), TOPIC_WORDS)
    ]
    in_story = draw < STORY_SHARE
    words[in_story] = stories[story[in_story], _ranks(rng, int(in_story.sum()), STORY_WORDS)]
    ends = np.cumsum(lengths)
    texts = [" ".join(words[end - length : end]) for end, length in zip(ends, lengths, strict=True)]
    return pd.Series(texts, dtype=object)


def n_stories_of(n_documents: int) -> int:
    return max(N_TOPICS, n_documents // PER_STORY)


def corpus(n_documents: int, per_partition: int) -> Any:
    """A dask Series of generated texts, made inside the workers."""
    sizes = [per_partition] * (n_documents // per_partition)
    if n_documents % per_partition:
        sizes.append(n_documents % per_partition)
    n_stories = n_stories_of(n_documents)
    parts = [dask.delayed(make_partition)(seed, size, n_stories) for seed, size in enumerate(sizes)]
    return dd.from_delayed(parts, meta=pd.Series([], dtype=object))


def local_matrix(n_documents: int) -> sp.csr_matrix:
    """TF-IDF of ``n_documents`` generated texts, made locally."""
    texts = pd.concat(
        [
            make_partition(seed, min(50_000, n_documents - start), n_stories_of(n_documents))
            for seed, start in enumerate(range(0, n_documents, 50_000))
        ],
        ignore_index=True,
    )
    from storylens import TfidfVectorizer

    return TfidfVectorizer().fit_transform(texts.tolist())


def run_dask(
    client: Client, n_documents: int, per_partition: int
) -> tuple[float, int, list[float]]:
    """Seconds of storylens.dask.nearest, the result's rows, and each worker's peak RSS (MB),
    on TF-IDF (storylens.dask's TfidfVectorizer, persisted beforehand) of generated texts."""
    X = storylens.dask.TfidfVectorizer().fit_transform(corpus(n_documents, per_partition))
    X = X.persist()
    wait(X)
    client.run(gc.collect)
    client.run(reset_peak)
    start = time.perf_counter()
    rows = storylens.dask.nearest(X, K).map_partitions(len).sum().compute()
    seconds = time.perf_counter() - start
    peaks = sorted(client.run(peak_rss_mb).values())
    del X
    return seconds, int(rows), peaks


def dask_figures(sizes: list[int], per_partition: int) -> None:
    print(f"\nstorylens.dask.nearest (k={K}), 2 workers x 1 thread, partitions of ")
    print(f"{per_partition:,} documents:\n")
    print("| documents | partitions | seconds | peak MB per worker |")
    print("|---|---:|---:|---|")
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            memory_limit="3GB",
            dashboard_address=":0",
        ) as local,
        Client(local) as client,
    ):
        for n_documents in sizes:
            seconds, rows, peaks = run_dask(client, n_documents, per_partition)
            assert rows == n_documents * K, rows
            partitions = -(-n_documents // per_partition)
            peak_text = " / ".join(f"{p:.0f}" for p in peaks)
            print(f"| {n_documents:,} | {partitions} | {seconds:.1f} | {peak_text} |", flush=True)


def _best_of(runs: int, work: Any, *args: Any, **kwargs: Any) -> float:
    """The best of ``runs`` timings of ``work(*args, **kwargs)``, in seconds."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work(*args, **kwargs)
        best = min(best, time.perf_counter() - start)
    return best


_FULL_SEARCH = """
import sys, time
import scipy.sparse as sp
from storylens import _core
X = sp.load_npz(sys.argv[1]).tocsr()
X.sort_indices()
start = time.perf_counter()
_core.top_k_cosine(X, int(sys.argv[2]), True, 1)
print(time.perf_counter() - start)
"""


def full_search_seconds(X: sp.csr_matrix, baseline: str) -> float:
    """The main branch's full search on ``X`` (one thread), in a subprocess whose
    ``storylens`` is the build under ``baseline``."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "matrix.npz")
        sp.save_npz(path, X)
        env = {**os.environ, "PYTHONPATH": baseline}
        out = subprocess.run(
            [sys.executable, "-c", _FULL_SEARCH, path, str(K)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    return float(out.stdout.strip())


def local_figures(sizes: list[int], baseline: str | None) -> None:
    from sklearn.neighbors import NearestNeighbors

    print(f"\nLocal nearest (k={K}), one thread, on TF-IDF of generated texts:\n")
    header = "| documents | storylens s | scikit-learn brute s | scikit-learn / storylens |"
    rule = "|---|---:|---:|---:|"
    if baseline:
        header += " full search s | full / pruned |"
        rule += "---:|---:|"
    print(header)
    print(rule)
    for n_documents in sizes:
        X = local_matrix(n_documents)
        ours = _best_of(2, nearest, X, K, n_jobs=1)
        model = NearestNeighbors(metric="cosine", algorithm="brute", n_jobs=1).fit(X)
        theirs = _best_of(1, model.kneighbors, X, n_neighbors=K + 1)
        line = f"| {n_documents:,} | {ours:.2f} | {theirs:.2f} | {theirs / ours:.1f}x |"
        if baseline:
            # The kernel alone on both sides: nearest() adds its frame around it.
            from storylens import _core
            from storylens.compare._vectorize import as_csr

            csr = as_csr(X)
            pruned = _best_of(2, _core.top_k_cosine, csr, K, True, 1)
            full = full_search_seconds(csr, baseline)
            line += f" {full:.2f} | {full / pruned:.1f}x |"
        print(line, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke run")
    parser.add_argument("--only", default="local,dask", help="parts to run")
    parser.add_argument("--local-sizes", default="10000,40000", help="documents")
    parser.add_argument("--dask-sizes", default="250000,1000000", help="documents")
    parser.add_argument("--per-partition", type=int, default=50_000, help="documents")
    parser.add_argument("--baseline", help="a python/ folder with the main branch's build")
    args = parser.parse_args()
    parts = args.only.split(",")
    if "local" in parts:
        sizes = [5000] if args.quick else [int(n) for n in args.local_sizes.split(",")]
        local_figures(sizes, args.baseline)
    if "dask" in parts:
        sizes = [20_000] if args.quick else [int(n) for n in args.dask_sizes.split(",")]
        per_partition = 5_000 if args.quick else args.per_partition
        dask_figures(sizes, per_partition)
    return 0


if __name__ == "__main__":
    sys.exit(main())

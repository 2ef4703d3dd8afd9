"""storylens on Dask: TF-IDF over a corpus several times larger than a worker's memory, and
exact nearest neighbours over many short documents, each against a peer in the same run.

The corpus is generated inside the workers, partition by partition (each a seeded sample of a
pool of 20,000 texts drawn from a Zipf law over a synthetic vocabulary), so the client never
holds it. A worker's peak memory is its
process's peak resident size (Linux's VmHWM, reset before each measurement).

TF-IDF: storylens.dask's HashingVectorizer + TfidfTransformer (idf from the document
frequencies of every block, tree-summed), against dask-ml's ``CountVectorizer`` + a
block-wise TF-IDF transformer when dask-ml is installed, else against scikit-learn's
``HashingVectorizer`` + ``TfidfTransformer`` mapped over the partitions in the same graph
shape. storylens.dask's ``TfidfVectorizer`` (an exact vocabulary, reduced on the client, as
dask-ml's ``CountVectorizer`` learns one) has a row of its own, and ``--vectorizer vocabulary``
runs the memory test with it.

Nearest: storylens.dask.nearest against the brute-force block product in scipy
(``Q @ C.T`` per block pair, then a per-row top-k), the way one would write it by hand.

    python benches/dask_scale.py                       # the figures in benches/README.md
    python benches/dask_scale.py --quick               # a smoke run, about a minute
"""

from __future__ import annotations

import argparse
import functools
import gc
import sys
import time
from typing import Any

import dask
import dask.array as da
import dask.dataframe as dd
import numpy as np
import pandas as pd
import scipy.sparse as sp
import storylens.dask
from _memory import peak_rss_mb, reset_peak
from distributed import Client, LocalCluster, wait

VOCABULARY = 50_000
POOL = 20_000
#: Hashed columns (2**18: an idf of 2 MB, which every weighting task holds)
N_FEATURES = 2**18


@functools.cache
def _document_pool(words: int) -> np.ndarray[Any, Any]:
    """20,000 texts of about ``words`` words drawn from a Zipf law over a synthetic vocabulary
    (5 MB for 60 words; made once per worker, then sampled, so that making the corpus costs
    little next to the work measured)."""
    rng = np.random.default_rng(words)
    tokens = np.array([f"w{rank:x}" for rank in range(VOCABULARY)], dtype=object)
    lengths = rng.integers(words // 2, words * 3 // 2 + 1, size=POOL)
    drawn = tokens[np.minimum(rng.zipf(1.15, size=int(lengths.sum())), VOCABULARY) - 1]
    ends = np.cumsum(lengths) - 1
    drawn[ends] = drawn[ends] + "\n"
    return np.array(" ".join(drawn).rstrip("\n").split("\n "), dtype=object)


def make_partition(seed: int, n_documents: int, words: int) -> pd.Series:
    """``n_documents`` texts sampled from the pool (deterministic for ``seed``)."""
    pool = _document_pool(words)
    picks = np.random.default_rng(seed).integers(0, len(pool), size=n_documents)
    return pd.Series(pool[picks], dtype=object)


def corpus(n_partitions: int, per_partition: int, words: int) -> Any:
    parts = [
        dask.delayed(make_partition)(seed, per_partition, words) for seed in range(n_partitions)
    ]
    return dd.from_delayed(parts, meta=pd.Series([], dtype=object))


def storylens_tfidf(texts: Any) -> Any:
    """Fit and transform with storylens.dask."""
    counts = storylens.dask.HashingVectorizer(
        n_features=N_FEATURES, alternate_sign=False, norm=None
    ).transform(texts)
    return storylens.dask.TfidfTransformer().fit_transform(counts)


def storylens_vocabulary_tfidf(texts: Any) -> Any:
    """Fit and transform with storylens.dask's TfidfVectorizer: an exact vocabulary (the
    per-partition statistics tree-reduced), equal to the single-machine fit."""
    return storylens.dask.TfidfVectorizer().fit_transform(texts)


def dask_ml_tfidf(texts: Any) -> Any:
    """dask-ml's CountVectorizer, then the TF-IDF weighting written block-wise."""
    from dask_ml.feature_extraction.text import CountVectorizer

    return _idf_weighting(CountVectorizer().fit_transform(texts.to_bag()))


def _sklearn_hash(texts: pd.Series) -> Any:
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(n_features=N_FEATURES, alternate_sign=False, norm=None).transform(
        texts
    )


def sklearn_mapped_tfidf(texts: Any) -> Any:
    """scikit-learn's HashingVectorizer mapped over the partitions, then the same block-wise
    TF-IDF weighting (the graph storylens.dask builds, with scikit-learn in the tasks)."""
    blocks = [
        da.from_delayed(
            dask.delayed(_sklearn_hash)(part),
            shape=(np.nan, N_FEATURES),
            dtype=np.float64,
            meta=sp.csr_matrix((0, N_FEATURES)),
        )
        for part in texts.to_delayed()
    ]
    return _idf_weighting(da.concatenate(blocks))


def _df(block: Any) -> Any:
    block = sp.csr_matrix(block)
    return np.bincount(block.indices, minlength=block.shape[1]), block.shape[0]


def _add(*parts: Any) -> Any:
    return sum(p[0] for p in parts), sum(p[1] for p in parts)


def _weight(block: Any, idf: Any) -> Any:
    from sklearn.feature_extraction.text import TfidfTransformer

    transformer = TfidfTransformer()
    transformer.idf_ = idf
    return transformer.transform(block)


def _idf_weighting(counts: Any) -> Any:
    """scikit-learn's smooth idf from the blocks' document frequencies (summed in a tree of
    fan-in 8), then each block weighted by scikit-learn's TfidfTransformer."""
    level = [dask.delayed(_df)(block) for block in counts.to_delayed()[:, 0]]
    while len(level) > 1:
        level = [dask.delayed(_add)(*level[i : i + 8]) for i in range(0, len(level), 8)]
    df, n = level[0].compute()
    idf = np.log((1 + n) / (1 + df)) + 1
    return counts.map_blocks(_weight, dask.delayed(idf), dtype=np.float64)


def rows_only(texts: Any) -> int:
    """Making the corpus and counting its rows: the floor under every pipeline."""
    return int(texts.map_partitions(len).sum().compute())


def _nnz(block: Any) -> Any:
    return np.array([sp.csr_matrix(block).nnz])


def run_tfidf(client: Client, build: Any, texts: Any) -> tuple[float, int, list[float]]:
    """Seconds, stored values, and each worker's peak RSS (MB) of one fit + transform."""
    client.run(gc.collect)
    client.run(reset_peak)
    start = time.perf_counter()
    X = build(texts)
    nnz = int(X.map_blocks(_nnz, chunks=(1,), drop_axis=1, dtype=np.int64).sum().compute())
    seconds = time.perf_counter() - start
    peaks = sorted(client.run(peak_rss_mb).values())
    return seconds, nnz, peaks


def brute_force_block(queries: Any, candidates: Any, k: int, offset: int, own: int) -> Any:
    """A per-block top-k by the dense product of two normalised blocks (the hand-written
    way: scikit-learn's normalize, scipy's sparse product, numpy's sort)."""
    from sklearn.preprocessing import normalize

    scores = (normalize(queries) @ normalize(candidates).T).toarray()
    rows = np.arange(scores.shape[0])
    columns = rows + own - offset  # each query's own column, when it is in this block
    inside = (columns >= 0) & (columns < scores.shape[1])
    scores[rows[inside], columns[inside]] = -np.inf
    top = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    return top + offset, np.take_along_axis(scores, top, axis=1)


def _best(parts: list[Any], k: int) -> int:
    neighbours = np.concatenate([p[0] for p in parts], axis=1)
    scores = np.concatenate([p[1] for p in parts], axis=1)
    order = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    return int(np.take_along_axis(neighbours, order, axis=1).size)


def brute_force_nearest(X: Any, k: int) -> list[Any]:
    blocks = X.to_delayed()[:, 0]
    offsets = np.concatenate([[0], np.cumsum(X.chunks[0])]).astype(int).tolist()
    results = []
    for i, queries in enumerate(blocks):
        parts = [
            dask.delayed(brute_force_block)(queries, candidates, k, offsets[j], offsets[i])
            for j, candidates in enumerate(blocks)
        ]
        results.append(dask.delayed(_best)(parts, k))
    return results


def run_nearest(
    client: Client, n_documents: int, n_partitions: int, k: int, peer: bool
) -> tuple[dict[str, float], int, list[float]]:
    """Seconds of storylens.dask.nearest (and of the brute force), the rows found, and each
    worker's peak RSS (MB) during storylens's run, on TF-IDF of ``n_documents`` short texts."""
    per_partition = n_documents // n_partitions
    texts = corpus(n_partitions, per_partition, words=12)
    X = storylens_tfidf(texts).persist()
    wait(X)
    client.run(gc.collect)
    client.run(reset_peak)
    timings = {}
    start = time.perf_counter()
    rows = storylens.dask.nearest(X, k).map_partitions(len).sum().compute()
    timings["storylens"] = time.perf_counter() - start
    peaks = sorted(client.run(peak_rss_mb).values())
    if peer:
        start = time.perf_counter()
        dask.compute(*brute_force_nearest(X, k))
        timings["peer"] = time.perf_counter() - start
    return timings, int(rows), peaks


PIPELINES: dict[str, Any] = {
    "storylens.dask": storylens_tfidf,
    "storylens.dask TfidfVectorizer (exact vocabulary)": storylens_vocabulary_tfidf,
    "dask-ml + block-wise TF-IDF": dask_ml_tfidf,
    "scikit-learn hashing mapped + block-wise TF-IDF": sklearn_mapped_tfidf,
}


def run_rows(client: Client, texts: Any) -> tuple[float, list[float]]:
    client.run(gc.collect)
    client.run(reset_peak)
    start = time.perf_counter()
    rows_only(texts)
    return time.perf_counter() - start, sorted(client.run(peak_rss_mb).values())


def cluster(memory_limit: str) -> LocalCluster:
    """Two single-threaded worker processes. They never pause or spill (a pause would stall a
    run whose idle workers sit near the limit): ``memory_limit`` is the size at which the
    nanny kills a worker (95% of it)."""
    return LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        memory_limit=memory_limit,
        dashboard_address=":0",
    )


NO_PAUSE = {
    "distributed.worker.memory.target": False,
    "distributed.worker.memory.spill": False,
    "distributed.worker.memory.pause": False,
    "distributed.worker.memory.terminate": 0.95,
}

#: Partitions of 10,000 texts of about 60 words: 2.55 MB each.
PER_PARTITION, PARTITION_MB = 10_000, 2.55


def texts_of(size_mb: float) -> tuple[Any, str]:
    n_partitions = max(2, round(size_mb / PARTITION_MB))
    size = f"{n_partitions * PARTITION_MB:.0f} MB ({n_partitions * PER_PARTITION:,} texts)"
    return corpus(n_partitions, PER_PARTITION, words=60), size


def peaks_text(peaks: list[float]) -> str:
    return " / ".join(f"{p:.0f}" for p in peaks)


def ratios(size_mb: float) -> None:
    """Each pipeline on a fresh cluster (imports of one do not weigh on another)."""
    pipelines = dict(PIPELINES)
    try:
        import dask_ml  # noqa: F401
    except ImportError:
        del pipelines["dask-ml + block-wise TF-IDF"]
        print("dask-ml is not installed: its row is left out", file=sys.stderr)
    texts, size = texts_of(size_mb)
    print(f"\nTF-IDF fit + transform, {size}, 2 workers x 1 thread, each pipeline on a fresh")
    print("cluster:\n")
    print("| pipeline | seconds | vs storylens.dask | peak MB per worker | nnz |")
    print("|---|---:|---:|---|---:|")
    ours = None
    for name, build in {"making the corpus alone": None, **pipelines}.items():
        with cluster("2GB") as local, Client(local) as client:
            if build is None:
                seconds, peaks = run_rows(client, texts)
                print(f"| {name} | {seconds:.1f} | | {peaks_text(peaks)} | |", flush=True)
                continue
            seconds, nnz, peaks = run_tfidf(client, build, texts)
            ours = ours or seconds
            print(
                f"| {name} | {seconds:.1f} | {seconds / ours:.2f}x | {peaks_text(peaks)} "
                f"| {nnz:,} |",
                flush=True,
            )


def flat(base_mb: float, memory_limit: str, vectorizer: str = "hashing") -> None:
    """storylens.dask on corpora of 1, 2 and 4 times ``base_mb`` on one cluster, with the
    hashing pipeline or the TfidfVectorizer (``vectorizer="vocabulary"``)."""
    build = storylens_tfidf if vectorizer == "hashing" else storylens_vocabulary_tfidf
    print(f"\nstorylens.dask TF-IDF ({vectorizer}) fit + transform, 2 workers x 1 thread,")
    print("memory_limit=", end="")
    print(f"{memory_limit} each:\n")
    print("| corpus | seconds | peak MB per worker | peak MB making the corpus alone |")
    print("|---|---:|---|---|")
    with dask.config.set(NO_PAUSE), cluster(memory_limit) as local, Client(local) as client:
        for factor in (1, 2, 4):
            texts, size = texts_of(base_mb * factor)
            _, floor_peaks = run_rows(client, texts)
            seconds, _, peaks = run_tfidf(client, build, texts)
            print(
                f"| {size} | {seconds:.1f} | {peaks_text(peaks)} | {peaks_text(floor_peaks)} |",
                flush=True,
            )


def neighbours(sizes: list[int]) -> None:
    print("\nnearest (k=10) on TF-IDF of short texts (about 12 words), partitions of 4,000:\n")
    print(
        "| documents | partitions | storylens.dask.nearest s | brute force s "
        "| brute / storylens | peak MB per worker (storylens) |"
    )
    print("|---|---:|---:|---:|---:|---|")
    with cluster("2GB") as local, Client(local) as client:
        for n_documents in sizes:
            n_partitions = max(2, n_documents // 4_000)  # dense 4k x 4k products fit
            timings, rows, peaks = run_nearest(client, n_documents, n_partitions, 10, True)
            assert rows > 0
            print(
                f"| {n_documents:,} | {n_partitions} | {timings['storylens']:.1f} "
                f"| {timings['peer']:.1f} | {timings['peer'] / timings['storylens']:.2f}x "
                f"| {peaks_text(peaks)} |",
                flush=True,
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke run")
    parser.add_argument("--only", default="ratios,flat,nearest", help="parts to run")
    parser.add_argument("--ratio-mb", type=float, default=30, help="corpus of the ratios")
    parser.add_argument("--base-mb", type=float, default=100, help="smallest flat corpus, MB")
    parser.add_argument("--memory-limit", default="500MB", help="each worker's, flat part")
    parser.add_argument(
        "--vectorizer",
        choices=("hashing", "vocabulary"),
        default="hashing",
        help="the flat part's pipeline: HashingVectorizer + TfidfTransformer, or TfidfVectorizer",
    )
    parser.add_argument("--nearest-sizes", default="10000,20000", help="documents")
    args = parser.parse_args()
    parts = args.only.split(",")
    if "ratios" in parts:
        ratios(8 if args.quick else args.ratio_mb)
    if "flat" in parts:
        flat(8 if args.quick else args.base_mb, args.memory_limit, args.vectorizer)
    if "nearest" in parts:
        neighbours([4000] if args.quick else [int(n) for n in args.nearest_sizes.split(",")])
    return 0


if __name__ == "__main__":
    sys.exit(main())

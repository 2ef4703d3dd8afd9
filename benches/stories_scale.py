"""storylens.dask.stories on many short generated documents: the time and each worker's peak
memory on 2 worker processes, against the local ``ArticleSet.stories()`` on the same texts in
this process (the peer; its labels must be equal).

The documents come from ``storylens.datasets.generated.generated_archive`` (stories of two
sentences, about 25 words an article, skewed story sizes, 5% briefs on no story), generated
inside the workers, one seeded archive per partition, so the client never holds them for the
distributed run. A worker's peak memory is its process's peak resident size (Linux's VmHWM,
reset before each run); the local run's is this process's.

``nearest`` (inside ``stories``) compares every block with every block, pruned by the
threshold, and each block pair is a task: at a million documents, larger partitions keep the
scheduler's share small::

    python benches/stories_scale.py                         # the figures in benches/README.md
    python benches/stories_scale.py --sizes 1000000 --partition-size 10000
    python benches/stories_scale.py --sizes 4000 --quick    # a smoke run
    python benches/stories_scale.py --sizes 40000 --no-local --task-times   # where the time goes
    python benches/stories_scale.py --sizes 160000 --partition-size 10000 --shuffle  # spread out
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
import zlib
from collections import defaultdict
from typing import Any

import dask
import dask.dataframe as dd
import pandas as pd
import storylens.dask
from _memory import peak_rss_mb, reset_peak
from dask.utils import key_split
from dask_scale import peaks_text
from distributed import Client, LocalCluster, get_task_stream, wait
from storylens import ArticleSet
from storylens.datasets.generated import generated_archive

#: Articles per generated story, on average, and per partition.
PER_STORY = 20


def make_partition(index: int, n_documents: int) -> pd.Series:
    """One partition's texts, indexed by id: its own seeded archive of short articles."""
    archive = generated_archive(
        n_documents, n_stories=max(1, n_documents // PER_STORY), sentences=2, seed=index
    )
    return pd.Series(
        archive["text"].to_numpy(),
        index=pd.Index([f"p{index}-{i}" for i in range(n_documents)], dtype=object),
        dtype=object,
    )


def corpus(n_documents: int, partition_size: int, shuffle: bool = False) -> Any:
    """The generated texts, a seeded archive per partition; with ``shuffle``, dealt across
    the partitions by a hash of their ids, so that no partition holds a story together."""
    sizes = [partition_size] * (n_documents // partition_size)
    if n_documents % partition_size:
        sizes.append(n_documents % partition_size)
    parts = [dask.delayed(make_partition)(index, size) for index, size in enumerate(sizes)]
    texts = dd.from_delayed(
        parts, meta=pd.Series([], dtype=object, index=pd.Index([], dtype=object))
    )
    if not shuffle:
        return texts
    frame = texts.to_frame("text")
    frame["key"] = frame.index.to_series().map(
        lambda id_: zlib.crc32(id_.encode()), meta=("key", "int64")
    )
    # Task-based: the local peer computes it on the synchronous scheduler too.
    return frame.shuffle("key", npartitions=len(sizes), shuffle_method="tasks")["text"]


def run_dask(
    client: Client,
    n_documents: int,
    partition_size: int,
    task_times: bool = False,
    shuffle: bool = False,
) -> tuple[float, Any, list[float]]:
    """Seconds of ``stories`` (the corpus made and persisted before), labels, peaks (MB);
    with ``task_times``, the compute seconds of each kind of task on stderr."""
    texts = corpus(n_documents, partition_size, shuffle).persist()
    wait(texts)
    client.run(gc.collect)
    client.run(reset_peak)
    with get_task_stream(client) as stream:
        start = time.perf_counter()
        labels = storylens.dask.stories(texts).compute()
        seconds = time.perf_counter() - start
    if task_times:
        print_task_times(stream.data)
    peaks = list(client.run(peak_rss_mb).values())
    del texts
    return seconds, labels, peaks


def print_task_times(tasks: list[dict[str, Any]]) -> None:
    """Tasks and compute seconds by the function that ran them, most first, on stderr."""
    totals: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    for task in tasks:
        name = key_split(task["key"])
        if name.startswith("<"):  # a callable object: "<module.Class object at 0x...>"
            name = name[1:].split()[0].rsplit(".", 1)[-1]
        totals[name][0] += 1
        totals[name][1] += sum(
            part["stop"] - part["start"]
            for part in task["startstops"]
            if part["action"] == "compute"
        )
    for name, (count, seconds) in sorted(totals.items(), key=lambda item: -item[1][1])[:8]:
        print(f"  {name:<28} {count:7.0f} tasks {seconds:8.1f} s", file=sys.stderr)


def run_local(
    n_documents: int, partition_size: int, shuffle: bool = False
) -> tuple[float, Any, float]:
    """Seconds of the local ``ArticleSet.from_texts(...).stories()`` (2 threads), labels, and
    this process's peak (MB: the maximum over the run so far, as Linux can only reset it)."""
    with dask.config.set(scheduler="synchronous"):
        texts = corpus(n_documents, partition_size, shuffle).compute()
    reset_peak()
    start = time.perf_counter()
    labels = (
        ArticleSet.from_texts(texts.tolist(), ids=texts.index.tolist()).stories(n_jobs=2).labels
    )
    seconds = time.perf_counter() - start
    return seconds, labels, peak_rss_mb()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,20000,40000", help="documents, comma-separated")
    parser.add_argument("--partition-size", type=int, default=4000)
    parser.add_argument("--memory-limit", default="2GB", help="each worker's")
    parser.add_argument("--no-local", action="store_true", help="skip the local peer")
    parser.add_argument("--quick", action="store_true", help="a smoke run")
    parser.add_argument(
        "--task-times", action="store_true", help="compute seconds by kind of task, on stderr"
    )
    parser.add_argument(
        "--shuffle", action="store_true", help="deal the articles across partitions at random"
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    partition_size = 1000 if args.quick else args.partition_size

    print(
        "| documents | partitions | stories | storylens.dask.stories | local stories() | "
        "dask / local | peak MB per worker | local peak MB | equal |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |")
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            memory_limit=args.memory_limit,
            dashboard_address=":0",
        ) as cluster,
        Client(cluster) as client,
    ):
        for n in sizes:
            seconds, labels, peaks = run_dask(
                client, n, partition_size, args.task_times, args.shuffle
            )
            n_stories = int(labels.max()) + 1 if len(labels) else 0
            partitions = -(-n // partition_size)
            if args.no_local:
                local = "-", "-", "-", "-", "-"
            else:
                local_seconds, local_labels, local_peak = run_local(n, partition_size, args.shuffle)
                equal = local_labels.tolist() == labels.tolist() and (
                    local_labels.index.tolist() == labels.index.tolist()
                )
                local = (
                    f"{local_seconds:.1f} s",
                    f"{seconds / local_seconds:.2f}",
                    f"{local_peak:.0f}",
                    "yes" if equal else "NO",
                    "",
                )
            print(
                f"| {n:,} | {partitions} | {n_stories:,} | {seconds:.1f} s | {local[0]} | "
                f"{local[1]} | {peaks_text(peaks)} | {local[2]} | {local[3]} |",
                flush=True,
            )
    print(f"client peak: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Dask collections of texts in, dask arrays of CSR blocks out: one block per partition,
with known row counts, so that the blocks line up with the partitions they came from."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
import scipy.sparse as sp

from storylens._budget import check_budget, dense_bytes
from storylens.exceptions import DocumentTypeError, InvalidParameterError, StorylensError

__all__ = [
    "check_block_pairs",
    "check_blocks",
    "csr_blocks",
    "delayed_partitions",
    "partition_errors",
    "persisted_blocks",
    "text_partitions",
    "top_k_task_bytes",
    "tree_reduce",
]

#: What a message about a block-by-block task that is too large offers instead.
SMALLER_BLOCKS_HINT = (
    "cut the texts into more, smaller partitions (texts.repartition(npartitions=...)) "
    "before vectorizing, so that each block of rows is smaller, or ask for a smaller k"
)


def text_partitions(texts: Any) -> tuple[list[Any], list[int]]:
    """The delayed partitions of a dask Series, DataFrame column or Bag of texts, and their
    lengths (computed: known chunk sizes need them).

    >>> import dask.bag as db
    >>> parts, lengths = text_partitions(db.from_sequence(["a", "b", "c"], npartitions=2))
    >>> len(parts), lengths
    (2, [2, 1])
    """
    import dask

    parts = delayed_partitions(texts)
    lengths = dask.compute(*[dask.delayed(_length)(part) for part in parts])
    return parts, [int(n) for n in lengths]


def delayed_partitions(texts: Any) -> list[Any]:
    """The delayed partitions of a dask Series, DataFrame column or Bag of texts, without
    reading them (for work that learns their lengths on the way).

    >>> import dask.bag as db
    >>> len(delayed_partitions(db.from_sequence(["a", "b", "c"], npartitions=2)))
    2
    """
    import dask.bag as db
    import dask.dataframe as dd

    if isinstance(texts, dd.DataFrame):
        raise DocumentTypeError(
            "expected a dask Series, a DataFrame column or a Bag of texts, got a dask "
            "DataFrame; pass one column, such as frame['text']"
        )
    if not isinstance(texts, (dd.Series, db.Bag)):
        raise DocumentTypeError(
            f"expected a dask Series, a DataFrame column or a Bag of texts, got "
            f"{type(texts).__name__}; for texts in memory use the estimator's to_local()"
        )
    return list(texts.to_delayed())


def _length(partition: Any) -> int:
    return len(partition) if hasattr(partition, "__len__") else sum(1 for _ in partition)


def csr_blocks(blocks: Sequence[Any], lengths: Sequence[int], n_features: int, dtype: Any) -> Any:
    """A dask array stacked from delayed CSR ``blocks`` of ``lengths`` rows each.

    >>> import dask
    >>> block = dask.delayed(sp.csr_matrix)(np.eye(2))
    >>> csr_blocks([block, block], [2, 2], 2, np.float64).chunks
    ((2, 2), (2,))
    """
    import dask.array as da
    from dask.base import tokenize
    from dask.highlevelgraph import HighLevelGraph

    # Built by hand: da.concatenate would drop the blocks of empty partitions.
    name = f"csr-blocks-{tokenize(*blocks, n_features, dtype)}"
    layer = {(name, i, 0): block.key for i, block in enumerate(blocks)}
    graph = HighLevelGraph.from_collections(name, layer, dependencies=list(blocks))
    chunks = (tuple(int(n) for n in lengths), (int(n_features),))
    return da.Array(graph, name, chunks, meta=sp.csr_matrix((0, n_features), dtype=dtype))


def check_blocks(X: Any, name: str = "X") -> tuple[list[Any], list[int]]:
    """The delayed row blocks of a 2-D dask array with known row chunks (its column chunks
    joined into one), and the number of rows of each.

    >>> import dask.array as da
    >>> blocks, rows = check_blocks(da.zeros((5, 2), chunks=(2, 2)))
    >>> len(blocks), rows
    (3, [2, 2, 1])
    """
    import dask.array as da

    if not isinstance(X, da.Array):
        raise DocumentTypeError(
            f"{name} must be a dask array of CSR blocks (as storylens.dask's vectorizers "
            f"return), got {type(X).__name__}"
        )
    if X.ndim != 2:
        raise InvalidParameterError(f"{name} must be 2-D, got {X.ndim} dimensions")
    if any(np.isnan(n) for n in X.chunks[0]):
        raise InvalidParameterError(
            f"{name} has unknown chunk sizes; call {name}.compute_chunk_sizes() first"
        )
    if X.numblocks[1] != 1:
        X = X.rechunk({1: -1})
    # Unoptimised: fusing the linear chains of a from_delayed collection fails in dask 2026.
    return list(X.to_delayed(optimize_graph=False)[:, 0]), [int(n) for n in X.chunks[0]]


def persisted_blocks(X: Any) -> Any:
    """``X`` (a dask array of CSR blocks with known row chunks) computed and kept in memory
    where it is (on the workers under a distributed client), for work that reads it twice.
    ``X.persist()`` would optimise the graph, which fails on blocks that come from
    ``from_delayed`` collections in dask 2026; the blocks are persisted unoptimised instead.

    >>> import dask
    >>> block = dask.delayed(sp.csr_matrix)(np.eye(2))
    >>> persisted_blocks(csr_blocks([block, block], [2, 2], 2, np.float64)).chunks
    ((2, 2), (2,))
    """
    import dask

    blocks, rows = check_blocks(X)
    kept = dask.persist(*blocks, optimize_graph=False)
    return csr_blocks(kept, rows, X.shape[1], X.dtype)


@contextmanager
def partition_errors(index: int, first: int) -> Iterator[None]:
    """Re-raises a storylens error of one partition's work as the same exception, saying
    which partition, and the corpus position of its first document, it came from.

    >>> from storylens.exceptions import InvalidParameterError
    >>> try:
    ...     with partition_errors(2, 10):
    ...         raise InvalidParameterError("document 1: empty")
    ... except InvalidParameterError as error:
    ...     print(error)
    document 1: empty (in partition 2, whose first document is document 10 of the whole)
    """
    try:
        yield
    except StorylensError as error:
        raise type(error)(
            f"{error} (in partition {index}, whose first document is document {first} of the whole)"
        ) from error


def tree_reduce(parts: Sequence[Any], combine: Callable[..., Any], split_every: int) -> Any:
    """Combines delayed ``parts`` in a tree of fan-in ``split_every``, in order.

    >>> import dask
    >>> parts = [dask.delayed(n) for n in range(10)]
    >>> tree_reduce(parts, lambda *xs: sum(xs), 3).compute()
    45
    """
    import dask

    if isinstance(split_every, bool) or not isinstance(split_every, int) or split_every < 2:
        raise InvalidParameterError(
            f"split_every must be an int of at least 2, got {split_every!r}"
        )
    level = list(parts)
    while len(level) > 1:
        level = [
            dask.delayed(combine)(*level[start : start + split_every])
            for start in range(0, len(level), split_every)
        ]
    return level[0]


def top_k_task_bytes(
    query_rows: int,
    candidate_rows: int,
    k: int,
    *,
    split_every: int,
    labelled: bool = False,
    threads: int = 1,
) -> int:
    """The memory one task of a block-by-block top-k plans beside its two blocks, in bytes:
    the larger of a block pair's task (the top-k of ``query_rows`` rows, 16 bytes a slot, or
    24 with ``labelled`` ids, and each thread's accumulator of 12 bytes a candidate row) and
    a merge task, which holds ``split_every`` such results, their concatenation and its sort
    keys (64 bytes a slot of the concatenation, 84 with labels; measured: 60 and 77). The
    blocks' own sparse data is not counted: its size is known only when a task has them.

    >>> top_k_task_bytes(10_000, 10_000, 5, split_every=8)
    25600000
    """
    per_slot = 24 if labelled else 16
    pair_task = dense_bytes(query_rows, k, itemsize=per_slot)
    pair_task += dense_bytes(threads, candidate_rows, itemsize=12)
    merge_task = dense_bytes(split_every, query_rows, k, itemsize=84 if labelled else 64)
    return max(pair_task, merge_task)


def check_block_pairs(
    step: str,
    rows: Sequence[int],
    k: int,
    *,
    split_every: int,
    labelled: bool = False,
    hint: str = SMALLER_BLOCKS_HINT,
) -> None:
    """Refuses (:class:`~storylens.exceptions.ResourceLimitError`), on the client and before
    any task runs, a block-by-block top-k whose largest task (:func:`top_k_task_bytes`, for
    the largest block against the largest block) would pass
    ``storylens.set_config(memory_limit=...)``, a budget per task. Nothing is checked when
    no ``memory_limit`` is set (the workers' own ``memory_limit`` protects them). ``rows``
    are the blocks' row counts, as :func:`check_blocks` returns them.

    >>> import storylens
    >>> with storylens.config_context(memory_limit="1MB"):
    ...     check_block_pairs("nearest", [100_000, 50_000], 10, split_every=8)
    Traceback (most recent call last):
    ...
    storylens.exceptions.ResourceLimitError: nearest: one task of a block of 100,000 rows ...
    """
    largest = max(rows, default=0)
    check_budget(
        f"{step}: one task of a block of {largest:,} rows",
        top_k_task_bytes(largest, largest, k, split_every=split_every, labelled=labelled),
        hint=hint,
    )

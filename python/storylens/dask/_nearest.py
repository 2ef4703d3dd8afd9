"""``nearest`` over a corpus cut into blocks: exact top-k cosine neighbours, block by block.

A query block (of rows) first searches its own block in a task of its own, then the other
blocks, nearest in position first (an archive in date order keeps a story's articles close
together), in runs of ``split_every`` blocks, one task a run. Within a run the blocks are
searched one after the other, and each search passes the core, as a floor, the k-th best
score of each row known so far (in the run and in the own block) or ``min_score`` when
higher, so that candidates which cannot beat it are pruned early. Without the own block's
scores first, a block of unrelated articles would be searched with no floor at all, which
costs as much as the full search; and once pruned, a block's search can cost less than
scheduling a task for it, hence a task per run. The results are then merged in a tree,
keeping the best ``k`` by score descending, then global document index. A score does not
depend on the blocks (each row is normalised on its own and the sum runs over the query
row's terms in order), and a floor only leaves out candidates clearly below k scores already
found (or below ``min_score``), so the result equals the local
:func:`storylens.compare.nearest` for any partitioning and any search order. Memory per task
is bounded by ``split_every`` blocks and a top-k per query row, not by the corpus; the
number of tasks grows as blocks² / ``split_every``.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from storylens import _core
from storylens._config import Config
from storylens.compare._vectorize import as_csr
from storylens.compare.similarity import check_min_score, neighbours_frame, scores_at_least
from storylens.dask._blocks import check_block_pairs, check_blocks, tree_reduce
from storylens.dask._tasks import client_settings, task_settings
from storylens.exceptions import InvalidParameterError

__all__ = ["nearest"]

#: How many per-block results one merge task combines.
SPLIT_EVERY = 8

#: One top-k result: neighbours (global indices, -1 padding), scores, and the neighbours'
#: labels (None when the labels are the indices).
_TopK = tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any] | None]


def nearest(
    X: Any,
    k: int,
    *,
    ids: Any = None,
    min_score: float | None = None,
    split_every: int = SPLIT_EVERY,
) -> Any:
    """Each row's ``k`` most similar other rows by cosine similarity, over a dask array of
    CSR blocks (as :mod:`storylens.dask`'s vectorizers return, one block per partition).

    Returns a dask DataFrame with the columns of :func:`storylens.compare.nearest`
    (``article, rank, neighbour, score``), one partition per block, in row order: ``ids``
    (a dask Series partitioned like the blocks, or a sequence) label the rows, else they are
    row positions. The neighbours are exact, ties broken by score descending then document
    index, so ``nearest(X, k).compute()`` equals the local result (up to its index)
    whatever the partitioning. ``min_score`` keeps only neighbours scoring at least that
    (as the local function's), and makes the search faster: candidates below it are pruned.
    ``split_every`` is the fan-in of the per-row merge: a query block searches that many
    candidate blocks one after the other in one task (which holds them all), each above the
    best scores found before it, and those runs are merged in a tree.

    >>> import dask.array as da
    >>> import scipy.sparse as sp
    >>> X = sp.csr_matrix([[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    >>> blocks = da.concatenate([da.from_array(X[:2]), da.from_array(X[2:])])
    >>> nearest(blocks, 1, ids=["a", "b", "c"]).compute()["neighbour"].tolist()
    ['b', 'a', 'b']
    """
    import dask
    import dask.dataframe as dd

    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise InvalidParameterError(f"k must be a positive int, got {k!r}")
    blocks, rows = check_blocks(X)
    offsets = np.concatenate([[0], np.cumsum(rows)]).astype(int).tolist()
    id_blocks, id_dtype = _id_blocks(ids, rows)
    _check_split_every(split_every)
    min_score = check_min_score(min_score)
    k = min(int(k), max(offsets[-1] - 1, 1))
    # Before any task runs: a memory_limit that one task's top-k lists would pass is refused
    # on the client, naming the block size, rather than by a worker dying mid-graph.
    check_block_pairs(
        "storylens.dask.nearest", rows, k, split_every=split_every, labelled=ids is not None
    )
    settings = client_settings()
    frames = []
    for i, queries in enumerate(blocks):
        # The own block first: its k-th best scores are the floor of every later search.
        own = dask.delayed(_search_run)(
            None,
            queries,
            [queries],
            k,
            offsets[i],
            [offsets[i]],
            [id_blocks[i]],
            settings,
            min_score,
        )
        order = nearby_first(i, len(blocks))[1:]
        results = [own]
        for start in range(0, len(order), split_every):
            run = order[start : start + split_every]
            results.append(
                dask.delayed(_search_run)(
                    own,
                    queries,
                    [blocks[j] for j in run],
                    k,
                    offsets[i],
                    [offsets[j] for j in run],
                    [id_blocks[j] for j in run],
                    settings,
                    min_score,
                )
            )
        merged = tree_reduce(results, _Merge(k), split_every)
        frames.append(dask.delayed(_frame)(merged, id_blocks[i], offsets[i], rows[i], min_score))
    meta = pd.DataFrame(
        {
            "article": pd.Series([], dtype=id_dtype),
            "rank": pd.Series([], dtype=np.int64),
            "neighbour": pd.Series([], dtype=id_dtype),
            "score": pd.Series([], dtype=np.float64),
        }
    )
    if not frames:
        return dd.from_pandas(meta, npartitions=1)
    return dd.from_delayed(frames, meta=meta, verify_meta=False)


def _id_blocks(ids: Any, rows: list[int]) -> tuple[list[Any], Any]:
    """The ids cut like the blocks (None each when there are no ids), and their dtype."""
    import dask.dataframe as dd

    if ids is None:
        return [None] * len(rows), np.dtype(np.int64)
    if isinstance(ids, dd.Series):
        if ids.npartitions != len(rows):
            raise InvalidParameterError(
                f"ids has {ids.npartitions} partitions, but X has {len(rows)} blocks; "
                f"partition the ids like the texts"
            )
        return list(ids.to_delayed()), ids.dtype
    if isinstance(ids, (str, bytes)) or not hasattr(ids, "__len__"):
        raise InvalidParameterError(
            f"ids must be a dask Series or a sequence, got {type(ids).__name__}"
        )
    names = np.asarray(list(ids), dtype=object)
    if len(names) != sum(rows):
        raise InvalidParameterError(f"ids has {len(names)} entries, but X has {sum(rows)} rows")
    bounds = np.cumsum([0, *rows])
    return [names[start:end] for start, end in itertools.pairwise(bounds)], object


def _labels(ids: Any, expected: int, first_row: int) -> np.ndarray[Any, Any]:
    """One block's ids as an array, checked against the block's number of rows."""
    labels = np.asarray(ids, dtype=object) if not hasattr(ids, "to_numpy") else ids.to_numpy()
    if len(labels) != expected:
        raise InvalidParameterError(
            f"the ids of the block starting at row {first_row} number {len(labels)}, but "
            f"the block has {expected} rows"
        )
    return labels


def _check_split_every(split_every: Any) -> None:
    """Refuses a ``split_every`` that cannot cut the candidate blocks into runs."""
    if isinstance(split_every, bool) or not isinstance(split_every, int) or split_every < 2:
        raise InvalidParameterError(
            f"split_every must be an int of at least 2, got {split_every!r}"
        )


def nearby_first(block: int, n_blocks: int) -> list[int]:
    """The blocks in the order ``block`` searches them: itself, then the others nearest in
    position first (the next before the previous).

    >>> nearby_first(2, 5)
    [2, 3, 1, 4, 0]
    """
    order = [block]
    for distance in range(1, n_blocks):
        order.extend(j for j in (block + distance, block - distance) if 0 <= j < n_blocks)
    return order


def _search_run(
    own: _TopK | None,
    queries: Any,
    candidate_blocks: list[Any],
    k: int,
    query_offset: int,
    candidate_offsets: list[int],
    candidate_ids: list[Any],
    settings: Config,
    min_score: float | None,
) -> _TopK:
    """The best ``k`` of each query row among a run of candidate blocks, searched one after
    the other in one task, each above a floor: the k-th best score known so far (of the run,
    and of the query block's ``own`` block unless this is the own block's search, with
    ``own`` None) or ``min_score`` when higher. One task per run rather than per block pair,
    since a block's search, once pruned, can cost less than scheduling a task; the run's
    results are merged once, at its end."""
    queries = _own_csr(queries)
    floor = -np.inf if min_score is None else min_score
    # The k best scores known so far per row (-inf where fewer): their lowest is the floor.
    best = np.full((queries.shape[0], k), -np.inf) if own is None else best_scores(own[1], k)
    found = []
    for candidates, offset, ids in zip(
        candidate_blocks, candidate_offsets, candidate_ids, strict=True
    ):
        floors = np.maximum(best.min(axis=1), floor)
        more = _block_pair(queries, candidates, k, query_offset, offset, ids, settings, floors)
        found.append(more)
        best = best_scores(np.concatenate([best, more[1]], axis=1), k)
    return found[0] if len(found) == 1 else _Merge(k)(*found)


def best_scores(scores: np.ndarray[Any, Any], k: int) -> np.ndarray[Any, Any]:
    """Each row's ``k`` best of ``scores`` (NaN is padding), in no order, -inf where a row
    has fewer: its lowest is the score ``k`` candidates already reach.

    >>> best_scores(np.array([[0.9, 0.4, 0.7], [0.8, np.nan, np.nan]]), 2).min(axis=1).tolist()
    [0.7, -inf]
    """
    by_score = np.where(np.isnan(scores), np.inf, -scores)
    if by_score.shape[1] < k:
        padding = np.full((by_score.shape[0], k - by_score.shape[1]), np.inf)
        by_score = np.concatenate([by_score, padding], axis=1)
    return -np.partition(by_score, k - 1, axis=1)[:, :k]


def _block_pair(
    queries: Any,
    candidates: Any,
    k: int,
    query_offset: int,
    candidate_offset: int,
    candidate_ids: Any,
    settings: Config,
    floors: np.ndarray[Any, Any] | None = None,
) -> _TopK:
    """The top ``k`` of each query row (``queries`` as :func:`_own_csr` gives them) among one
    block of candidates (above ``floors``: the k-th best score of each row found elsewhere,
    if given)."""
    candidates = _own_csr(candidates)
    with task_settings(settings):
        neighbours, scores = _core.top_k_cosine_between(
            queries, candidates, k, query_offset, candidate_offset, True, floors=floors
        )
    if candidate_ids is None:
        return neighbours, scores, None
    names = _labels(candidate_ids, candidates.shape[0], candidate_offset)
    local = np.where(neighbours >= 0, neighbours - candidate_offset, 0)
    return neighbours, scores, names[local] if len(names) else np.full(local.shape, None)


def _own_csr(block: Any) -> Any:
    """A block as the kernel takes it (float64 CSR, sorted indices, as the local function
    gives it), in buffers of its own: sorting must not modify the caller's block, which other
    tasks (or a persisted collection) may share."""
    return as_csr(sp.csr_matrix(block, dtype=np.float64, copy=True))


class _Merge:
    """Merges per-block top-k results of the same query rows into the best ``k``."""

    def __init__(self, k: int) -> None:
        self.k = k

    def __call__(self, *parts: _TopK) -> _TopK:
        neighbours = np.concatenate([part[0] for part in parts], axis=1)
        scores = np.concatenate([part[1] for part in parts], axis=1)
        padding = neighbours < 0
        # Score descending, then index ascending; padding last (scores are finite).
        by_score = np.where(padding, np.inf, -scores)
        by_index = np.where(padding, np.iinfo(np.int64).max, neighbours)
        order = np.lexsort((by_index, by_score), axis=-1)[:, : self.k]
        labels = None
        if parts[0][2] is not None:
            stacked = np.concatenate([part[2] for part in parts if part[2] is not None], axis=1)
            labels = np.take_along_axis(stacked, order, axis=1)
        return (
            np.take_along_axis(neighbours, order, axis=1),
            np.take_along_axis(scores, order, axis=1),
            labels,
        )


def _frame(
    merged: _TopK, ids: Any, first_row: int, n_rows: int, min_score: float | None
) -> pd.DataFrame:
    """One block's rows of the result (neighbours below ``min_score`` left out)."""
    neighbours, scores, labels = merged
    if min_score is not None:
        neighbours = scores_at_least(neighbours, scores, min_score)
    if ids is None:
        articles = np.arange(first_row, first_row + n_rows, dtype=np.int64)
    else:
        articles = _labels(ids, n_rows, first_row)
    return neighbours_frame(articles, neighbours, scores, labels)

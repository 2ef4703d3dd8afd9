"""``storylens.dask.nearest`` equals the local ``storylens.compare.nearest`` whatever the
partitioning, and the local function ranks ties by score descending, then row position."""

from __future__ import annotations

import itertools
from typing import Any

import dask
import dask.array as da
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
import storylens.dask
from distributed import Client
from hypothesis import given, settings
from hypothesis import strategies as st
from storylens.compare import nearest
from storylens.dask._blocks import csr_blocks
from storylens.exceptions import InvalidParameterError


def corpus_matrix(n_rows: int, seed: int = 0) -> sp.csr_matrix:
    """Sparse non-negative rows whose values come from a short list, so that equal scores
    (ties) are common; some rows are empty."""
    rng = np.random.default_rng(seed)
    dense = rng.choice([0.0, 0.0, 0.0, 1.0, 2.0], size=(n_rows, 12))
    dense[rng.random(n_rows) < 0.1] = 0.0
    return sp.csr_matrix(dense)


def blocks(X: sp.csr_matrix, bounds: list[int]) -> Any:
    """``X`` as a dask array of CSR blocks cut at ``bounds`` (0 and n included)."""
    pieces = [dask.delayed(X[a:b]) for a, b in itertools.pairwise(bounds)]
    return csr_blocks(pieces, np.diff(bounds).tolist(), X.shape[1], X.dtype)


def even_bounds(n_rows: int, n_blocks: int) -> list[int]:
    return np.linspace(0, n_rows, n_blocks + 1).round().astype(int).tolist()


def assert_same(distributed_result: Any, local: pd.DataFrame) -> None:
    computed = distributed_result.compute().reset_index(drop=True)
    pd.testing.assert_frame_equal(computed, local, check_dtype=False)
    # Scores are bit-equal, not just close.
    assert computed["score"].to_numpy().tobytes() == local["score"].to_numpy().tobytes()


# -- the local function --------------------------------------------------------------------


def test_ties_go_to_the_higher_score_then_the_lower_row() -> None:
    # Rows 1, 2 and 4 are identical: for row 0 they tie, and the lower rows win.
    X = sp.csr_matrix([[1, 1, 0], [1, 0, 0], [1, 0, 0], [0, 0, 1], [1, 0, 0], [1, 1, 1]])
    found = nearest(X, 3)
    first = found[found["article"] == 0]
    assert first["neighbour"].tolist() == [5, 1, 2]
    assert first["rank"].tolist() == [1, 2, 3]
    assert first["score"].iloc[1] == first["score"].iloc[2]
    # Row 4's best are its two twins (score 1), the lower first.
    assert found[found["article"] == 4]["neighbour"].tolist()[:2] == [1, 2]


def test_ids_label_articles_and_neighbours_and_rows_without_terms_have_none() -> None:
    X = sp.csr_matrix([[1.0, 0.0], [0.0, 0.0], [2.0, 1.0]])
    found = nearest(X, 5, ids=["a", "b", "c"])
    assert found.to_dict("list") == {
        "article": ["a", "c"],
        "rank": [1, 1],
        "neighbour": ["c", "a"],
        "score": [pytest.approx(2 / 5**0.5)] * 2,
    }
    assert nearest(X, 1)["article"].tolist() == [0, 2]


@pytest.mark.parametrize("k", [0, -1, 1.5, True, "2"])
def test_k_must_be_a_positive_int(k: Any) -> None:
    with pytest.raises(InvalidParameterError, match="k must be a positive int"):
        nearest(sp.csr_matrix(np.eye(2)), k)
    with pytest.raises(InvalidParameterError, match="k must be a positive int"):
        storylens.dask.nearest(da.from_array(sp.csr_matrix(np.eye(2))), k)


def test_ids_must_match_the_rows() -> None:
    with pytest.raises(InvalidParameterError, match="ids has 1 entries, but X has 2 rows"):
        nearest(sp.csr_matrix(np.eye(2)), 1, ids=["a"])
    with pytest.raises(InvalidParameterError, match="ids has 1 entries, but X has 2 rows"):
        storylens.dask.nearest(da.from_array(sp.csr_matrix(np.eye(2))), 1, ids=["a"])


def test_comparison_nearest_is_the_local_function() -> None:
    from storylens.datasets import load_sample

    comparison = load_sample().clean().compare()
    expected = nearest(comparison.tfidf, 2, ids=comparison.ids)
    pd.testing.assert_frame_equal(comparison.nearest(2), expected)


# -- distributed equals local --------------------------------------------------------------


@pytest.mark.parametrize("n_blocks", [1, 2, 7, 40])
@pytest.mark.parametrize("with_ids", [False, True])
def test_every_partitioning_gives_the_local_result(
    synchronous: None, n_blocks: int, with_ids: bool
) -> None:
    X = corpus_matrix(40)  # 40 blocks: one per row
    ids = [f"doc{i}" for i in range(40)] if with_ids else None
    found = storylens.dask.nearest(blocks(X, even_bounds(40, n_blocks)), 4, ids=ids)
    assert found.npartitions == n_blocks
    assert_same(found, nearest(X, 4, ids=ids))


@settings(max_examples=25, deadline=None)
@given(
    n_rows=st.integers(1, 30),
    cuts=st.lists(st.integers(0, 30), max_size=5),
    k=st.integers(1, 6),
    seed=st.integers(0, 1000),
    split_every=st.integers(2, 4),
)
def test_random_boundaries_give_the_local_result(
    n_rows: int, cuts: list[int], k: int, seed: int, split_every: int
) -> None:
    X = corpus_matrix(n_rows, seed)
    bounds = [0, *sorted(c for c in cuts if c <= n_rows), n_rows]  # empty blocks allowed
    with dask.config.set(scheduler="synchronous"):
        found = storylens.dask.nearest(blocks(X, bounds), k, split_every=split_every)
        assert_same(found, nearest(X, k))


def test_ids_as_a_dask_series_partitioned_like_the_texts(synchronous: None) -> None:
    X = corpus_matrix(20)
    names = pd.Series([f"n{i}" for i in range(20)])
    ids = dd.from_pandas(names, npartitions=3)
    bounds = [0, *np.cumsum(ids.map_partitions(len).compute().tolist()).tolist()]
    found = storylens.dask.nearest(blocks(X, bounds), 3, ids=ids)
    assert_same(found, nearest(X, 3, ids=names.tolist()))
    with pytest.raises(InvalidParameterError, match="ids has 3 partitions, but X has 2"):
        storylens.dask.nearest(blocks(X, [0, 10, 20]), 3, ids=ids)


def test_on_worker_processes_started_by_spawn(process_client: Client) -> None:
    X = corpus_matrix(30, seed=3)
    with process_client.as_current():
        found = storylens.dask.nearest(blocks(X, even_bounds(30, 4)), 3, ids=list("x" * 30))
        assert_same(found, nearest(X, 3, ids=list("x" * 30)))


def test_on_a_threaded_worker(thread_client: Client) -> None:
    X = corpus_matrix(30, seed=4)
    with thread_client.as_current():
        assert_same(storylens.dask.nearest(blocks(X, even_bounds(30, 5)), 2), nearest(X, 2))


def unsorted(X: sp.csr_matrix) -> sp.csr_matrix:
    """``X`` with each row's columns stored in descending order."""
    rows = [X[i] for i in range(X.shape[0])]
    reversed_rows = [
        sp.csr_matrix((r.data[::-1], r.indices[::-1], [0, r.nnz]), shape=r.shape) for r in rows
    ]
    block = sp.csr_matrix(sp.vstack(reversed_rows, format="csr"), copy=True)
    block.has_sorted_indices = False
    return block


def test_blocks_with_unsorted_columns_are_searched_and_left_as_they_are(
    synchronous: None,
) -> None:
    X = corpus_matrix(12, seed=5)
    pieces = [unsorted(X[:5]), unsorted(X[5:])]
    before = [piece.indices.copy() for piece in pieces]
    blocks = csr_blocks([dask.delayed(piece) for piece in pieces], [5, 7], 12, X.dtype)
    assert_same(storylens.dask.nearest(blocks, 3), nearest(X, 3))
    for piece, indices in zip(pieces, before, strict=True):
        np.testing.assert_array_equal(piece.indices, indices)
    whole = unsorted(X)
    nearest(whole, 3)
    assert whole.indices.tolist() == unsorted(X).indices.tolist()

"""The pruned neighbour search: a block searched above the best scores found in other blocks
leaves out only what cannot make the top k, and ``storylens.dask.nearest`` over many blocks
of text-like rows (frequent terms in every row, where the pruning does most) equals the
local result bit for bit."""

from __future__ import annotations

import itertools
from typing import Any

import dask
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
import storylens.dask
from hypothesis import given, settings
from hypothesis import strategies as st
from storylens import _core
from storylens.compare import nearest
from storylens.dask._blocks import csr_blocks
from storylens.exceptions import InvalidParameterError


def text_like(n_rows: int, seed: int) -> sp.csr_matrix:
    """Rows of TF-IDF-like weights: four frequent columns in most rows with small weights,
    and a few heavy columns of the row's "story" (one of eight), from short value lists so
    that ties are common."""
    rng = np.random.default_rng(seed)
    dense = np.zeros((n_rows, 40))
    dense[:, :4] = rng.choice([0.0, 0.1, 0.2], size=(n_rows, 4))
    stories = rng.integers(0, 8, size=n_rows)
    for row, story in enumerate(stories):
        columns = 4 + story * 4 + rng.choice(4, size=2, replace=False)
        dense[row, columns] = rng.choice([1.0, 2.0, 3.0], size=2)
    return sp.csr_matrix(dense)


#: Text-like matrices cut into blocks at random: rows, cut positions, k and a seed.
ROWS = st.integers(2, 90)
CUTS = st.lists(st.integers(1, 89), max_size=6, unique=True)
KS = st.sampled_from([1, 3, 10])
SEEDS = st.integers(0, 1000)


def cut_at(n_rows: int, cuts: list[int]) -> list[int]:
    """The block bounds of ``n_rows`` rows cut at ``cuts`` (those inside the rows)."""
    return sorted({0, n_rows, *(c for c in cuts if c < n_rows)})


def blocks(X: sp.csr_matrix, bounds: list[int]) -> Any:
    pieces = [dask.delayed(X[a:b]) for a, b in itertools.pairwise(bounds)]
    return csr_blocks(pieces, np.diff(bounds).tolist(), X.shape[1], X.dtype)


def test_a_floor_leaves_out_the_candidates_below_it() -> None:
    X = sp.csr_matrix([[1.0, 0.0], [1.0, 1.0], [1.0, 0.1]])
    neighbours, scores = _core.top_k_cosine_between(X, X, 2, floors=np.array([0.9, np.nan, 2]))
    # Row 0: only row 2 (0.995) clears 0.9; row 1 has no floor; row 2's is out of reach.
    assert neighbours.tolist() == [[2, -1], [2, 0], [-1, -1]]
    assert np.isnan(scores[0, 1])
    unpruned, _ = _core.top_k_cosine_between(X, X, 2)
    assert unpruned[1].tolist() == neighbours[1].tolist()


def test_floors_must_match_the_query_rows() -> None:
    X = sp.csr_matrix([[1.0, 0.0], [1.0, 1.0]])
    with pytest.raises(InvalidParameterError, match="floors"):
        _core.top_k_cosine_between(X, X, 1, floors=np.zeros(3))


@settings(max_examples=15, deadline=None)
@given(
    n_rows=ROWS,
    cuts=CUTS,
    k=KS,
    seed=SEEDS,
    split_every=st.integers(2, 4),
)
def test_text_like_rows_in_many_blocks_equal_the_local_result(
    n_rows: int, cuts: list[int], k: int, seed: int, split_every: int
) -> None:
    X = text_like(n_rows, seed)
    with dask.config.set(scheduler="synchronous"):
        found = storylens.dask.nearest(
            blocks(X, cut_at(n_rows, cuts)), k, split_every=split_every
        ).compute()
    local = nearest(X, k)
    found = found.reset_index(drop=True)
    pd.testing.assert_frame_equal(found, local, check_dtype=False)
    assert found["score"].to_numpy().tobytes() == local["score"].to_numpy().tobytes()


@settings(max_examples=15, deadline=None)
@given(
    n_rows=ROWS,
    cuts=CUTS,
    k=KS,
    seed=SEEDS,
    min_score=st.sampled_from([0.0, 0.2, 0.5, 0.9, 1.0]),
)
def test_min_score_keeps_what_filtering_the_full_result_keeps(
    n_rows: int, cuts: list[int], k: int, seed: int, min_score: float
) -> None:
    X = text_like(n_rows, seed)
    full = nearest(X, k)
    expected = full[full["score"] >= min_score].reset_index(drop=True)
    local = nearest(X, k, min_score=min_score)
    pd.testing.assert_frame_equal(local, expected, check_dtype=False)
    with dask.config.set(scheduler="synchronous"):
        found = storylens.dask.nearest(
            blocks(X, cut_at(n_rows, cuts)), k, min_score=min_score
        ).compute()
    pd.testing.assert_frame_equal(found.reset_index(drop=True), expected, check_dtype=False)
    assert found["score"].to_numpy().tobytes() == expected["score"].to_numpy().tobytes()


def test_min_score_at_a_score_keeps_the_neighbours_with_that_score() -> None:
    X = sp.csr_matrix([[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    exact = float(nearest(X, 1)["score"].iloc[0])
    assert nearest(X, 1, min_score=exact)["neighbour"].tolist() == [1, 0, 1]
    with dask.config.set(scheduler="synchronous"):
        found = storylens.dask.nearest(blocks(X, [0, 1, 3]), 1, min_score=exact).compute()
    assert found["neighbour"].tolist() == [1, 0, 1]


@pytest.mark.parametrize("min_score", ["0.5", float("nan"), True, [0.5]])
def test_min_score_must_be_a_number(min_score: Any) -> None:
    X = sp.csr_matrix([[1.0, 0.0], [1.0, 1.0]])
    with pytest.raises(InvalidParameterError, match="min_score"):
        nearest(X, 1, min_score=min_score)
    with pytest.raises(InvalidParameterError, match="min_score"):
        storylens.dask.nearest(blocks(X, [0, 2]), 1, min_score=min_score)


def test_a_block_searches_itself_then_its_neighbours_by_position() -> None:
    from storylens.dask._nearest import nearby_first

    assert nearby_first(0, 4) == [0, 1, 2, 3]
    assert nearby_first(3, 4) == [3, 2, 1, 0]
    assert nearby_first(1, 5) == [1, 2, 0, 3, 4]
    for n_blocks in range(1, 8):
        for block in range(n_blocks):
            assert sorted(nearby_first(block, n_blocks)) == list(range(n_blocks))


def test_comparison_nearest_takes_min_score() -> None:
    from storylens.datasets import load_sample

    comparison = load_sample().clean().compare()
    every = comparison.nearest(3)
    kept = comparison.nearest(3, min_score=0.3)
    expected = every[every["score"] >= 0.3].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, expected)
    assert 0 < len(kept) < len(every)

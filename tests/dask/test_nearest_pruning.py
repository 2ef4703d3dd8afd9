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
    n_rows=st.integers(2, 90),
    cuts=st.lists(st.integers(1, 89), max_size=6, unique=True),
    k=st.sampled_from([1, 3, 10]),
    seed=st.integers(0, 1000),
    split_every=st.integers(2, 4),
)
def test_text_like_rows_in_many_blocks_equal_the_local_result(
    n_rows: int, cuts: list[int], k: int, seed: int, split_every: int
) -> None:
    X = text_like(n_rows, seed)
    bounds = sorted({0, n_rows, *(c for c in cuts if c < n_rows)})
    with dask.config.set(scheduler="synchronous"):
        found = storylens.dask.nearest(blocks(X, bounds), k, split_every=split_every).compute()
    local = nearest(X, k)
    found = found.reset_index(drop=True)
    pd.testing.assert_frame_equal(found, local, check_dtype=False)
    assert found["score"].to_numpy().tobytes() == local["score"].to_numpy().tobytes()

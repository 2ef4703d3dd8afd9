"""The comparison kernels of ``storylens._core`` against scikit-learn as the oracle.

* ``top_k_cosine`` and ``pairwise_cosine`` against ``sklearn.metrics.pairwise.cosine_similarity``
  (scores within 1e-12; neighbours ordered by score, ties to the lower index; padding).
* ``nmf`` against ``sklearn.decomposition.NMF(solver="cd")``: with the same init, max_iter, tol
  and random_state, the reconstruction error is at most 1.01 times scikit-learn's.
"""

from __future__ import annotations

import warnings
from types import SimpleNamespace
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
import scipy.sparse as sp
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity
from storylens import _core

FloatArray = npt.NDArray[np.float64]


def generated_texts(n_docs: int, seed: int, n_topics: int = 6) -> list[str]:
    """News-like toy documents: each mixes a few topics, each topic a Zipfian word list."""
    rng = np.random.default_rng(seed)
    vocabulary = np.array([f"w{i}" for i in range(1500)])
    topics = [rng.permutation(len(vocabulary))[:300] for _ in range(n_topics)]
    zipf = 1.0 / np.arange(1, 301)
    zipf /= zipf.sum()
    docs = []
    for _ in range(n_docs):
        weights = rng.dirichlet(np.full(n_topics, 0.3))
        length = int(rng.integers(15, 120))
        topic_of_word = rng.choice(n_topics, size=length, p=weights)
        words = [vocabulary[topics[t][rng.choice(300, p=zipf)]] for t in topic_of_word]
        docs.append(" ".join(words))
    return docs


def tfidf(n_docs: int, seed: int) -> sp.csr_matrix:
    matrix = TfidfVectorizer(min_df=2).fit_transform(generated_texts(n_docs, seed))
    return sp.csr_matrix(matrix)


def with_duplicates_and_empty_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Appends exact copies of some rows (ties) and rows with no stored values."""
    empty = sp.csr_matrix((3, matrix.shape[1]))
    stacked = sp.vstack([matrix, matrix[[0, 5, 5]], empty, matrix[[7]] * 3.0])
    return sp.csr_matrix(stacked)


def raw_csr(data: Any, indices: Any, indptr: Any, n_cols: int) -> SimpleNamespace:
    """A CSR matrix made of buffers taken as they are (scipy would check or convert them)."""
    return SimpleNamespace(
        data=data, indices=indices, indptr=indptr, shape=(max(len(indptr) - 1, 0), n_cols)
    )


def parts(matrix: sp.csr_matrix, index_dtype: Any = np.int32) -> SimpleNamespace:
    """``matrix`` with float64 values and indices of ``index_dtype``."""
    return raw_csr(
        matrix.data.astype(np.float64),
        matrix.indices.astype(index_dtype),
        matrix.indptr.astype(index_dtype),
        int(matrix.shape[1]),
    )


def check_top_k(
    matrix: sp.csr_matrix,
    neighbours: npt.NDArray[np.int64],
    scores: FloatArray,
    k: int,
    exclude_self: bool,
) -> None:
    """Checks one top-k result against the dense similarities scikit-learn computes."""
    n = matrix.shape[0]
    assert neighbours.shape == (n, k) and scores.shape == (n, k)
    assert neighbours.dtype == np.int64 and scores.dtype == np.float64
    expected = cosine_similarity(matrix)
    # Rows are candidates when they store a value in a common column.
    pattern = sp.csr_matrix(
        (np.ones_like(matrix.data), matrix.indices, matrix.indptr), shape=matrix.shape
    )
    shares_a_term = (pattern @ pattern.T).toarray() > 0
    for i in range(n):
        candidates = [j for j in np.flatnonzero(shares_a_term[i]) if not (exclude_self and j == i)]
        ranked = sorted(candidates, key=lambda j: (-expected[i, j], j))[:k]
        found = len(ranked)
        assert np.all(neighbours[i, found:] == -1)
        assert np.all(np.isnan(scores[i, found:]))
        row_neighbours = neighbours[i, :found]
        row_scores = scores[i, :found]
        assert len(set(row_neighbours.tolist())) == found
        np.testing.assert_allclose(row_scores, expected[i, ranked], rtol=0, atol=1e-12)
        np.testing.assert_allclose(row_scores, expected[i, row_neighbours], rtol=0, atol=1e-12)
        for position in range(found):
            if row_neighbours[position] != ranked[position]:
                # Only a tie (within rounding of scikit-learn's own scores) may reorder.
                difference = expected[i, row_neighbours[position]] - expected[i, ranked[position]]
                assert abs(difference) <= 1e-12
        # Sorted by score descending, exact ties by lower index.
        for a in range(found - 1):
            assert row_scores[a] >= row_scores[a + 1]
            if row_scores[a] == row_scores[a + 1]:
                assert row_neighbours[a] < row_neighbours[a + 1]
        assert all(shares_a_term[i, j] for j in row_neighbours)


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("k", [1, 5, 40])
@pytest.mark.parametrize("exclude_self", [True, False])
def test_top_k_equals_the_top_of_sklearns_cosine_similarity(
    seed: int, k: int, exclude_self: bool
) -> None:
    matrix = with_duplicates_and_empty_rows(tfidf(120, seed))
    neighbours, scores = _core.top_k_cosine(parts(matrix), k, exclude_self=exclude_self)
    check_top_k(matrix, neighbours, scores, k, exclude_self)


def test_top_k_accepts_int64_indices_and_unnormalised_rows() -> None:
    matrix = with_duplicates_and_empty_rows(tfidf(80, 3))
    matrix = sp.csr_matrix(matrix.multiply(np.arange(1, matrix.shape[0] + 1)[:, None]))
    neighbours, scores = _core.top_k_cosine(parts(matrix, np.int64), 7)
    check_top_k(matrix, neighbours, scores, 7, True)
    same = _core.top_k_cosine(parts(matrix, np.int32), 7)
    np.testing.assert_array_equal(neighbours, same[0])
    np.testing.assert_array_equal(scores, same[1])


def test_ties_go_to_the_lower_index_and_missing_candidates_are_padded() -> None:
    dense = np.array(
        [
            [1.0, 1.0, 0.0, 0.0],
            [2.0, 0.0, 0.0, 0.0],
            [0.0, 0.0, 0.0, 5.0],
            [2.0, 0.0, 0.0, 0.0],
            [0.0, 0.0, 0.0, 0.0],
        ]
    )
    neighbours, scores = _core.top_k_cosine(parts(sp.csr_matrix(dense)), 3)
    np.testing.assert_array_equal(
        neighbours, [[1, 3, -1], [3, 0, -1], [-1, -1, -1], [1, 0, -1], [-1, -1, -1]]
    )
    assert scores[0, 0] == scores[0, 1]
    assert scores[1, 0] == pytest.approx(1.0, abs=1e-15)
    assert np.isnan(scores[:, 2]).all() and np.isnan(scores[2]).all()


def test_results_are_numpy_arrays_owned_by_rust_and_independent_of_threads() -> None:
    matrix = tfidf(200, 4)
    one = _core.top_k_cosine(parts(matrix), 10, n_jobs=1)
    two = _core.top_k_cosine(parts(matrix), 10, n_jobs=2)
    np.testing.assert_array_equal(one[0], two[0])
    np.testing.assert_array_equal(one[1], two[1])
    for array in one:
        assert array.flags.c_contiguous and array.flags.writeable
        # Handed over without a copy: numpy does not own the buffer, the Rust Vec does.
        assert not array.flags.owndata and array.base is not None


def test_pairwise_equals_sklearns_cosine_similarity() -> None:
    matrix = with_duplicates_and_empty_rows(tfidf(150, 5))
    similarities = _core.pairwise_cosine(parts(matrix))
    expected = cosine_similarity(matrix)
    n = matrix.shape[0]
    assert similarities.shape == (n, n) and similarities.dtype == np.float64
    np.testing.assert_allclose(similarities, expected, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(similarities, similarities.T)
    non_zero = np.diff(matrix.indptr) > 0
    np.testing.assert_array_equal(np.diag(similarities), np.where(non_zero, 1.0, 0.0))
    two = _core.pairwise_cosine(parts(matrix), n_jobs=2)
    np.testing.assert_array_equal(similarities, two)


GOOD = sp.csr_matrix(np.array([[1.0, 0.0, 2.0], [0.0, 3.0, 0.0]]))


@pytest.mark.parametrize(
    ("data", "indices", "indptr", "n_cols", "message"),
    [
        (
            [1.0, 2.0, 3.0],
            [0, 2, 1],
            [0, 2],
            3,
            "indptr does not end at the number of stored values",
        ),
        ([1.0, 2.0, 3.0], [0, 2, 1], [0, 2, 1], 3, "indptr is not a valid row pointer"),
        ([1.0, 2.0, 3.0], [0, 2, 1], [1, 2, 3], 3, "indptr is not a valid row pointer"),
        ([1.0, 2.0, 3.0], [0, 2, 1], [0, 2, 4], 3, "indptr"),
        ([1.0, 2.0, 3.0], [0, 2, 1], [0, -1, 3], 3, "negative"),
        ([1.0, 2.0, 3.0], [0, 3, 1], [0, 2, 3], 3, "column index 3 is out of range"),
        ([1.0, 2.0, 3.0], [0, -2, 1], [0, 2, 3], 3, "column index -2 is negative"),
        ([1.0, 2.0], [0, 2, 1], [0, 2, 3], 3, "indices has 3 entries but data has 2"),
        ([1.0, np.nan, 3.0], [0, 2, 1], [0, 2, 3], 3, "finite"),
        ([], [], [], 3, "indptr is empty"),
    ],
)
def test_malformed_csr_input_raises_value_error_naming_the_problem(
    data: list[float], indices: list[int], indptr: list[int], n_cols: int, message: str
) -> None:
    for dtype in (np.int32, np.int64):
        matrix = raw_csr(
            np.asarray(data, dtype=np.float64),
            np.asarray(indices, dtype=dtype),
            np.asarray(indptr, dtype=dtype),
            n_cols,
        )
        with pytest.raises(ValueError, match=message):
            _core.top_k_cosine(matrix, 2)
        with pytest.raises(ValueError, match=message):
            _core.pairwise_cosine(matrix)
        with pytest.raises(ValueError, match=message):
            _core.nmf(matrix, 1)


def test_wrong_dtypes_and_parameters_are_rejected() -> None:
    good = parts(GOOD)
    data, indices, indptr, n_cols = good.data, good.indices, good.indptr, good.shape[1]
    with pytest.raises(TypeError, match=r"'data'.*numbers"):
        _core.top_k_cosine(raw_csr(data.astype(np.complex128), indices, indptr, n_cols), 2)
    with pytest.raises(TypeError, match=r"'indices'.*integers"):
        _core.top_k_cosine(raw_csr(data, indices.astype(np.float64), indptr, n_cols), 2)
    with pytest.raises(ValueError, match="'k'"):
        _core.top_k_cosine(good, 0)
    with pytest.raises(ValueError, match="n_jobs"):
        _core.top_k_cosine(good, 2, n_jobs=0)
    with pytest.raises(ValueError, match="'n_components'"):
        _core.nmf(good, 0)
    with pytest.raises(ValueError, match="'n_components'"):
        _core.nmf(good, 3, init="nndsvd")
    with pytest.raises(ValueError, match="'init'"):
        _core.nmf(good, 1, init="svd")
    with pytest.raises(ValueError, match="'tol'"):
        _core.nmf(good, 1, tol=-1.0)
    with pytest.raises(ValueError, match="'max_iter'"):
        _core.nmf(good, 1, max_iter=0)
    with pytest.raises(ValueError, match="'random_state'"):
        _core.nmf(good, 1, random_state=-1)
    with pytest.raises(ValueError, match="'X'"):
        _core.nmf(raw_csr(-data, indices, indptr, n_cols), 1)


def sklearn_nmf(matrix: sp.csr_matrix, k: int, init: str) -> tuple[FloatArray, FloatArray, float]:
    model = NMF(
        k, init=init, solver="cd", beta_loss="frobenius", max_iter=200, tol=1e-4, random_state=0
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        w = model.fit_transform(matrix)
    return w, model.components_, float(model.reconstruction_err_)


NMF_MATRICES = {seed: tfidf(n_docs, seed) for seed, n_docs in [(10, 150), (11, 300), (12, 400)]}


@pytest.mark.parametrize(("seed", "k"), [(10, 2), (11, 3), (11, 6), (12, 10), (12, 13)])
@pytest.mark.parametrize("init", ["nndsvd", "nndsvda", "nndsvdar", "random"])
def test_nmf_error_is_within_one_percent_of_sklearn(seed: int, k: int, init: str) -> None:
    matrix = NMF_MATRICES[seed]
    n, m = matrix.shape
    _, _, expected_error = sklearn_nmf(matrix, k, init)
    w, h, n_iter, error = _core.nmf(parts(matrix), k, init=init)
    assert w.shape == (n, k) and h.shape == (k, m)
    assert w.dtype == np.float64 and h.dtype == np.float64
    assert (w >= 0).all() and (h >= 0).all()
    assert 1 <= n_iter <= 200
    assert error <= 1.01 * expected_error
    # The reported error is the Frobenius norm of X - W H.
    assert error == pytest.approx(np.linalg.norm(matrix.toarray() - w @ h), rel=1e-9)


def test_nmf_is_the_same_for_any_thread_count() -> None:
    matrix = NMF_MATRICES[11]
    one = _core.nmf(parts(matrix), 5, init="nndsvda", n_jobs=1)
    two = _core.nmf(parts(matrix), 5, init="nndsvda", n_jobs=2)
    np.testing.assert_array_equal(one[0], two[0])
    np.testing.assert_array_equal(one[1], two[1])
    assert one[2:] == two[2:]
    other_seed = _core.nmf(parts(matrix), 5, init="nndsvdar", random_state=7)
    assert other_seed[3] > 0


def test_nmf_stops_on_the_violation_rule_like_sklearn() -> None:
    matrix = NMF_MATRICES[10]
    model = NMF(4, init="nndsvd", solver="cd", max_iter=500, tol=1e-3, random_state=0)
    model.fit(matrix)
    _, _, n_iter, error = _core.nmf(parts(matrix), 4, init="nndsvd", max_iter=500, tol=1e-3)
    assert abs(n_iter - model.n_iter_) <= 2
    assert error <= 1.01 * model.reconstruction_err_

"""``storylens.dask.TfidfTransformer``: the idf learned from the document frequencies of
every block, summed in a tree, so that it is bit-equal to the local (and scikit-learn's) idf
of the whole matrix; the weighting then runs block by block."""

from __future__ import annotations

from typing import Any

import numpy as np

from storylens import _core
from storylens._config import Config
from storylens.dask._blocks import check_blocks, tree_reduce
from storylens.dask._tasks import client_settings, task_settings
from storylens.exceptions import NotFittedError
from storylens.feature_extraction import TfidfTransformer as LocalTfidfTransformer
from storylens.feature_extraction._params import FLOAT_DTYPES

__all__ = ["TfidfTransformer"]

#: How many blocks' document frequencies one task sums.
SPLIT_EVERY = 8


class TfidfTransformer(LocalTfidfTransformer):
    """:class:`storylens.TfidfTransformer` on a dask array of count blocks (such as
    :class:`CountVectorizer` or :class:`HashingVectorizer` return): the same parameters, the
    same ``idf_``, and a dask array of CSR blocks with the same chunks.

    >>> import dask.array as da, numpy as np, scipy.sparse as sp
    >>> counts = da.from_array(sp.csr_matrix(np.array([[1, 0], [1, 1], [0, 2]])), chunks=(2, 2))
    >>> transformer = TfidfTransformer().fit(counts)
    >>> transformer.idf_.round(4).tolist()
    [1.2877, 1.2877]
    >>> transformer.transform(counts).chunks
    ((2, 1), (2,))
    """

    def to_local(self) -> LocalTfidfTransformer:
        """The single-machine estimator with the same parameters and, once fitted, the same
        fitted state.

        >>> TfidfTransformer(norm="l1").to_local().norm
        'l1'
        """
        local = LocalTfidfTransformer(**self.get_params())
        if hasattr(self, "n_features_in_"):
            local._restore_fitted_state(self._fitted_state())
        return local

    def fit(self, X: Any, y: Any = None, *, split_every: int = SPLIT_EVERY) -> TfidfTransformer:
        """Learn the idf from a dask array of counts: each block's document frequencies,
        summed in a tree of fan-in ``split_every``.

        >>> import dask.array as da, scipy.sparse as sp
        >>> counts = da.from_array(sp.csr_matrix([[1, 1], [0, 1]]), chunks=(1, 2))
        >>> TfidfTransformer(smooth_idf=False).fit(counts).idf_.round(3).tolist()
        [1.693, 1.0]
        """
        self._check_params()
        blocks, rows = check_blocks(X)
        n_features = int(X.shape[1])
        if sum(rows) == 0:
            LocalTfidfTransformer._as_csr(_empty(n_features, X.dtype))  # the local error
        dtype = np.dtype(X.dtype) if np.dtype(X.dtype) in FLOAT_DTYPES else np.dtype(np.float64)
        if self.use_idf:
            settings = client_settings()
            parts = [
                _delayed(_document_frequencies)(block, n_features, settings) for block in blocks
            ]
            df = np.zeros(n_features, dtype=np.int64)
            if parts:
                # A copy: an array that arrives from a worker may sit in a misaligned buffer.
                df = np.array(tree_reduce(parts, _sum, split_every).compute(), dtype=np.int64)
            idf = _core.idf_from_document_frequencies(
                df, sum(rows), bool(self.smooth_idf), dtype == np.float64
            )
        self.n_features_in_ = n_features
        self._idf_dtype = dtype
        if self.use_idf:
            self.idf_ = idf
        elif hasattr(self, "idf_"):
            del self.idf_
        return self

    def transform(self, X: Any, copy: bool = True) -> Any:
        """Weight the count blocks (tf, idf, row norms) lazily, block by block.

        >>> import dask.array as da, scipy.sparse as sp
        >>> counts = da.from_array(sp.csr_matrix([[3, 4]]), chunks=(1, 2))
        >>> TfidfTransformer(use_idf=False).fit(counts).transform(counts).compute().toarray()
        array([[0.6, 0.8]])
        """
        if not hasattr(self, "n_features_in_"):
            raise NotFittedError(
                "This TfidfTransformer instance is not fitted yet. Call 'fit' with "
                "appropriate arguments before using this estimator."
            )
        check_blocks(X)
        local = self.to_local()
        dtype = np.float32 if np.dtype(X.dtype) == np.float32 else np.float64
        meta = _empty(int(X.shape[1]), dtype)
        # One key for the fitted transformer (its idf can be MBs), not a copy in every task.
        shared = _delayed(local)
        return X.map_blocks(_weight_block, shared, client_settings(), dtype=dtype, meta=meta)

    def fit_transform(self, X: Any, y: Any = None, **fit_params: Any) -> Any:
        """``fit`` then ``transform`` (the counts are computed twice unless persisted).

        >>> import dask.array as da, scipy.sparse as sp
        >>> counts = da.from_array(sp.csr_matrix([[1, 0], [1, 1]]), chunks=(1, 2))
        >>> TfidfTransformer().fit_transform(counts).shape
        (2, 2)
        """
        return self.fit(X, **fit_params).transform(X)


def _delayed(function: Any) -> Any:
    import dask

    return dask.delayed(function)


def _empty(n_features: int, dtype: Any) -> Any:
    import scipy.sparse as sp

    return sp.csr_matrix((0, n_features), dtype=dtype)


def _document_frequencies(block: Any, n_features: int, settings: Config) -> Any:
    """The number of rows of ``block`` that store each column, as the local fit counts them."""
    if block.shape[0] == 0:  # an empty partition; the local check refuses 0 rows
        return np.zeros(n_features, dtype=np.int64)
    with task_settings(settings):
        rows = LocalTfidfTransformer._as_csr(block)
    return np.bincount(rows.indices, minlength=n_features).astype(np.int64)


def _sum(*parts: Any) -> Any:
    return np.sum(parts, axis=0)


def _weight_block(block: Any, transformer: LocalTfidfTransformer, settings: Config) -> Any:
    if block.shape[0] == 0:  # an empty partition; the local check refuses 0 rows
        dtype = np.float32 if np.dtype(block.dtype) == np.float32 else np.float64
        return _empty(block.shape[1], dtype)
    with task_settings(settings):
        return transformer.transform(block)

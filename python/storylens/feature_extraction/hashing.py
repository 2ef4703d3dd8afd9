"""``HashingVectorizer``: documents to a matrix of hashed token occurrences, with scikit-learn's
MurmurHash3 columns and signs (stateless: nothing to fit)."""

from __future__ import annotations

from numbers import Integral
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from storylens import _core
from storylens._progress import estimator_job_bar
from storylens.exceptions import InvalidParameterError
from storylens.feature_extraction._params import (
    FLOAT_DTYPES,
    TextParams,
    check_bool,
    check_dtype,
    sparse_output,
)
from storylens.feature_extraction._persistence import PersistableMixin
from storylens.text._analysis import AnalysisPlan, check_choice
from storylens.text._inputs import DEFAULT_TOKEN_PATTERN

__all__ = ["HashingVectorizer"]


class HashingVectorizer(TextParams, PersistableMixin, TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Convert a collection of text documents to a matrix of hashed token occurrences.

    scikit-learn's ``HashingVectorizer``: the same 32-bit MurmurHash3 columns and signs, so
    the two are interchangeable. Stateless: ``transform`` needs no ``fit``.

    >>> X = HashingVectorizer(n_features=16).transform(["wire story", "story"])
    >>> X.shape
    (2, 16)
    """

    def __init__(
        self,
        *,
        input: str = "content",
        encoding: str = "utf-8",
        decode_error: str = "strict",
        strip_accents: Any = None,
        lowercase: bool = True,
        preprocessor: Any = None,
        tokenizer: Any = None,
        stop_words: Any = None,
        token_pattern: str | None = DEFAULT_TOKEN_PATTERN,
        ngram_range: tuple[int, int] = (1, 1),
        analyzer: Any = "word",
        n_features: int = 2**20,
        binary: bool = False,
        norm: str | None = "l2",
        alternate_sign: bool = True,
        dtype: Any = np.float64,
        stem: str | None = None,
        n_jobs: int | None = None,
    ) -> None:
        self.input = input
        self.encoding = encoding
        self.decode_error = decode_error
        self.strip_accents = strip_accents
        self.lowercase = lowercase
        self.preprocessor = preprocessor
        self.tokenizer = tokenizer
        self.stop_words = stop_words
        self.token_pattern = token_pattern
        self.ngram_range = ngram_range
        self.analyzer = analyzer
        self.n_features = n_features
        self.binary = binary
        self.norm = norm
        self.alternate_sign = alternate_sign
        self.dtype = dtype
        self.stem = stem
        self.n_jobs = n_jobs

    def _check_hashing_params(self) -> None:
        if not (
            isinstance(self.n_features, Integral)
            and not isinstance(self.n_features, bool)
            and 1 <= self.n_features < np.iinfo(np.int32).max
        ):
            raise InvalidParameterError(
                "The 'n_features' parameter must be an int in the range [1, 2147483647), "
                f"got {self.n_features!r}"
            )
        check_choice("norm", self.norm, ("l1", "l2", None))
        check_bool("binary", self.binary)
        check_bool("alternate_sign", self.alternate_sign)
        check_dtype(self.dtype)

    def fit(self, X: Any, y: Any = None) -> HashingVectorizer:
        """Only validates the parameters (the vectorizer is stateless).

        >>> HashingVectorizer().fit(["x"]).n_features
        1048576
        """
        self._check_hashing_params()
        self._plan()
        self._warn_for_unused_params()
        if isinstance(X, (str, bytes)):
            raise InvalidParameterError(
                "Iterable over raw text documents expected, string object received."
            )
        return self

    def transform(self, X: Any) -> Any:
        """Hashed feature matrix of the documents ``X`` (CSR).

        >>> hasher = HashingVectorizer(n_features=8, norm=None, alternate_sign=False)
        >>> hasher.transform(["a1 a1"]).sum()
        np.float64(2.0)
        """
        self._check_hashing_params()
        plan = self._plan()
        documents = self._core_documents(X, plan)
        dtype = check_dtype(self.dtype, real=self.norm is not None)
        # In a float dtype the core applies binary and norm as it writes the matrix; other
        # dtypes get the float64 sums, converted and finished here as scikit-learn does.
        finished = dtype in FLOAT_DTYPES
        with estimator_job_bar("hashing", documents):
            data, indices, indptr, shape = _core.hash_documents(
                plan.core,
                documents,
                int(self.n_features),
                bool(self.alternate_sign),
                self.n_jobs,
                self.encoding,
                self.decode_error,
                binary=finished and bool(self.binary),
                norm=self.norm if finished else None,
                float32=dtype == np.float32,
            )
        if finished:
            return sparse_output(data, indices, indptr, shape)
        if dtype.kind == "u" and self.alternate_sign:
            self._refuse_negative_signs(plan, documents, data)
        if dtype != data.dtype:
            data = data.astype(dtype)
        if self.binary:
            data.fill(1)
        if self.norm is not None and len(data):
            if dtype not in FLOAT_DTYPES:
                data = data.astype(np.float64)
            _core.normalize_data_in_place(data, indptr, self.norm, self.n_jobs)
        return sparse_output(data, indices, indptr, shape)

    def _refuse_negative_signs(self, plan: AnalysisPlan, documents: list[Any], data: Any) -> None:
        """scikit-learn writes every token's signed 1 into the matrix's dtype, so an unsigned
        dtype fails as soon as one token hashes to the sign -1. The signed sums equal the
        unsigned ones exactly when no token did."""
        unsigned, *_ = _core.hash_documents(
            plan.core,
            documents,
            int(self.n_features),
            False,
            self.n_jobs,
            self.encoding,
            self.decode_error,
        )
        if not np.array_equal(unsigned, data):
            raise OverflowError(
                f"Python integer -1 out of bounds for {np.dtype(self.dtype).name}: with "
                "alternate_sign=True some tokens count -1, which an unsigned 'dtype' cannot "
                "hold; use a signed dtype or alternate_sign=False"
            )

    def fit_transform(self, X: Any, y: Any = None) -> Any:
        """Same as ``transform`` (nothing is learned).

        >>> HashingVectorizer(n_features=8, norm=None).fit_transform(["aa aa bb"]).nnz
        2
        """
        return self.fit(X).transform(X)

    def __sklearn_is_fitted__(self) -> bool:
        return True

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.requires_fit = False
        return tags

    def partial_fit(self, X: Any, y: Any = None) -> HashingVectorizer:
        """Does nothing but validate (the vectorizer is stateless), as in scikit-learn.

        >>> HashingVectorizer().partial_fit(["x"]) is not None
        True
        """
        return self.fit(X)

    def _fitted_state(self) -> _core.FittedState:
        # Stateless: the file holds the parameters and an empty state.
        return _core.FittedState()

    def _restore_fitted_state(self, state: _core.FittedState) -> None:
        pass

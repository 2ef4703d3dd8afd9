"""TF-IDF: ``TfidfTransformer`` (a count matrix to tf-idf) and ``TfidfVectorizer`` (counting
and weighting in one pass), with scikit-learn's parameters and results."""

from __future__ import annotations

import warnings
from typing import Any, cast

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin

from storylens import _core
from storylens.exceptions import (
    InvalidParameterError,
    ModelFileError,
    NotFittedError,
    ShapeMismatchError,
)
from storylens.feature_extraction._params import (
    FLOAT_DTYPES,
    check_dtype,
    record_feature_names,
    sparse_output,
)
from storylens.feature_extraction._persistence import PersistableMixin, keeps_state_on_error
from storylens.feature_extraction.count import CountVectorizer
from storylens.text._analysis import check_choice, check_n_jobs
from storylens.text._inputs import DEFAULT_TOKEN_PATTERN

__all__ = ["TfidfTransformer", "TfidfVectorizer"]


class TfidfTransformer(OneToOneFeatureMixin, PersistableMixin, TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Transform a count matrix to a normalized tf or tf-idf representation.

    scikit-learn's ``TfidfTransformer``, computed in Rust with the same operations in the same
    order (results agree to the last few ulp).

    >>> import numpy as np
    >>> t = TfidfTransformer().fit(np.array([[1, 0], [1, 1]]))
    >>> np.round(t.idf_, 4).tolist()
    [1.0, 1.4055]
    """

    def __init__(
        self,
        *,
        norm: str | None = "l2",
        use_idf: bool = True,
        smooth_idf: bool = True,
        sublinear_tf: bool = False,
        n_jobs: int | None = None,
    ) -> None:
        self.norm = norm
        self.use_idf = use_idf
        self.smooth_idf = smooth_idf
        self.sublinear_tf = sublinear_tf
        self.n_jobs = n_jobs

    def _check_params(self) -> None:
        check_choice("norm", self.norm, ("l1", "l2", None))
        for name in ("use_idf", "smooth_idf", "sublinear_tf"):
            if not isinstance(getattr(self, name), (bool, np.bool_)):
                raise InvalidParameterError(f"The '{name}' parameter must be a bool")
        check_n_jobs(self.n_jobs)

    @staticmethod
    def _as_csr(X: Any, *, for_transform: bool = False) -> Any:
        """``X`` checked as scikit-learn checks it (2-D, numeric, finite, non-empty), as CSR."""
        from sklearn.utils import check_array

        if for_transform:
            X = check_array(X, accept_sparse="csr", dtype=[np.float64, np.float32])
        else:
            X = check_array(X, accept_sparse=("csr", "csc"))
        return sp.csr_matrix(cast(Any, X))

    @keeps_state_on_error
    def fit(self, X: Any, y: Any = None) -> TfidfTransformer:
        """Learn the idf vector from a count matrix.

        >>> TfidfTransformer(smooth_idf=False).fit([[1, 1], [0, 1]]).idf_.round(3).tolist()
        [1.693, 1.0]
        """
        self._check_params()
        record_feature_names(self, X)
        X = self._as_csr(X)
        self.n_features_in_ = X.shape[1]
        dtype = X.dtype if X.dtype in FLOAT_DTYPES else np.dtype(np.float64)
        self._idf_dtype = dtype
        if self.use_idf:
            df = np.bincount(X.indices, minlength=X.shape[1]).astype(np.int64)
            self.idf_ = _core.idf_from_document_frequencies(
                df, X.shape[0], bool(self.smooth_idf), dtype == np.float64
            )
        return self

    def transform(self, X: Any, copy: bool = True) -> Any:
        """Apply tf (sublinear if set), idf and row normalisation; returns a new CSR matrix.

        >>> t = TfidfTransformer(use_idf=False).fit([[3, 4]])
        >>> t.transform([[3, 4]]).toarray().tolist()
        [[0.6, 0.8]]
        """
        if not hasattr(self, "n_features_in_"):
            raise NotFittedError(
                "This TfidfTransformer instance is not fitted yet. Call 'fit' with "
                "appropriate arguments before using this estimator."
            )
        X = self._as_csr(X, for_transform=True)
        if X.shape[1] != self.n_features_in_:
            raise ShapeMismatchError(
                f"X has {X.shape[1]} features, but TfidfTransformer is expecting "
                f"{self.n_features_in_} features as input."
            )
        # check_array made the data float64 or float32; weight a copy so that the caller's
        # matrix is never modified (its index arrays are shared unless copy=True).
        data = np.array(X.data, dtype=X.data.dtype, copy=True)
        idf = getattr(self, "idf_", None) if self.use_idf else None
        if idf is not None and idf.dtype != data.dtype:
            idf = idf.astype(data.dtype)
        keep = np.array if copy else np.ascontiguousarray
        indices = keep(X.indices)
        indptr = keep(X.indptr).astype(indices.dtype, copy=False)
        _core.tfidf_weight_in_place(
            data,
            indices,
            indptr,
            X.shape[1],
            idf,
            bool(self.sublinear_tf),
            self.norm,
            self.n_jobs,
        )
        return sparse_output(data, indices, indptr, X.shape)

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "n_features_in_")

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    _FITTED_ATTRIBUTES: tuple[str, ...] = ("n_features_in_", "_idf_dtype", "idf_")

    def _weighting_state(self) -> dict[str, Any]:
        """The weighting's part of the fitted state, as ``_core.FittedState`` arguments."""
        parts: dict[str, Any] = {
            "n_features": int(self.n_features_in_),
            "idf_dtype": str(self._idf_dtype),
        }
        if hasattr(self, "idf_"):
            # A float32 idf widens to float64 exactly, and narrows back on restore.
            parts["idf"] = np.asarray(self.idf_, dtype=np.float64)
        return parts

    def _fitted_state(self) -> _core.FittedState:
        return _core.FittedState(**self._weighting_state())

    def _restore_fitted_state(self, state: _core.FittedState) -> None:
        n_features, idf_dtype = state.n_features, state.idf_dtype
        if n_features is None or idf_dtype is None:
            raise ModelFileError(f"the fitted state of a {type(self).__name__} has no weighting")
        self.n_features_in_ = n_features
        self._idf_dtype = np.dtype(idf_dtype)
        idf = state.idf()
        if idf is not None:
            self.idf_ = idf.astype(self._idf_dtype)


def _fit_idf(transformer: TfidfTransformer, df: Any, n_documents: int, dtype: Any) -> None:
    """TfidfTransformer.fit on a count matrix with these document frequencies."""
    if n_documents == 0:
        raise InvalidParameterError(
            f"Found array with 0 sample(s) (shape=(0, {len(df)})) while a minimum of 1 "
            "is required by TfidfTransformer."
        )
    transformer.n_features_in_ = len(df)
    transformer._idf_dtype = dtype
    if transformer.use_idf:
        transformer.idf_ = _core.idf_from_document_frequencies(
            np.asarray(df, dtype=np.int64),
            n_documents,
            bool(transformer.smooth_idf),
            dtype == np.float64,
        )


class TfidfVectorizer(CountVectorizer):
    """Convert a collection of raw documents to a matrix of TF-IDF features.

    Equivalent to ``CountVectorizer`` followed by ``TfidfTransformer``, as in scikit-learn,
    with the same parameters and results. ``partial_fit``, ``finalize``, ``fit_from_stats``
    and ``keep_stats`` work as on ``CountVectorizer``; the idf comes from the document
    frequencies of all the documents, so it equals ``fit``'s to the last bit.

    >>> v = TfidfVectorizer()
    >>> X = v.fit_transform(["the wire story", "the rewrite of the wire story"])
    >>> v.get_feature_names_out().tolist()
    ['of', 'rewrite', 'story', 'the', 'wire']
    >>> round(float(X[0].multiply(X[0]).sum()), 6)
    1.0
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
        analyzer: Any = "word",
        stop_words: Any = None,
        token_pattern: str | None = DEFAULT_TOKEN_PATTERN,
        ngram_range: tuple[int, int] = (1, 1),
        max_df: float | int = 1.0,
        min_df: float | int = 1,
        max_features: int | None = None,
        vocabulary: Any = None,
        binary: bool = False,
        dtype: Any = np.float64,
        norm: str | None = "l2",
        use_idf: bool = True,
        smooth_idf: bool = True,
        sublinear_tf: bool = False,
        stem: str | None = None,
        n_jobs: int | None = None,
        keep_stats: bool = False,
    ) -> None:
        super().__init__(
            input=input,
            encoding=encoding,
            decode_error=decode_error,
            strip_accents=strip_accents,
            lowercase=lowercase,
            preprocessor=preprocessor,
            tokenizer=tokenizer,
            analyzer=analyzer,
            stop_words=stop_words,
            token_pattern=token_pattern,
            ngram_range=ngram_range,
            max_df=max_df,
            min_df=min_df,
            max_features=max_features,
            vocabulary=vocabulary,
            binary=binary,
            dtype=dtype,
            stem=stem,
            n_jobs=n_jobs,
            keep_stats=keep_stats,
        )
        self.norm = norm
        self.use_idf = use_idf
        self.smooth_idf = smooth_idf
        self.sublinear_tf = sublinear_tf

    def _transformer(self) -> TfidfTransformer:
        return TfidfTransformer(
            norm=self.norm,
            use_idf=self.use_idf,
            smooth_idf=self.smooth_idf,
            sublinear_tf=self.sublinear_tf,
            n_jobs=self.n_jobs,
        )

    def _float_dtype(self) -> np.dtype[Any]:
        dtype = check_dtype(self.dtype, real=True)
        if dtype not in FLOAT_DTYPES:
            warnings.warn(
                f"Only (<class 'numpy.float64'>, <class 'numpy.float32'>) 'dtype' should be used. "
                f"{self.dtype} 'dtype' will be converted to np.float64.",
                UserWarning,
                stacklevel=3,
            )
            return np.dtype(np.float64)
        return dtype

    def _weight_in_place(self, X: Any) -> Any:
        """Applies the fitted TF-IDF weighting to our own freshly counted float matrix."""
        transformer = self._tfidf
        idf = transformer.idf_ if transformer.use_idf else None
        if idf is not None and idf.dtype != X.data.dtype:
            # dtype was changed after fit (set_params): weight in the matrix's precision.
            idf = idf.astype(X.data.dtype)
        _core.tfidf_weight_in_place(
            X.data,
            X.indices,
            X.indptr,
            X.shape[1],
            idf,
            bool(transformer.sublinear_tf),
            transformer.norm,
            self.n_jobs,
        )
        return X

    @keeps_state_on_error
    def fit(self, raw_documents: Any, y: Any = None) -> TfidfVectorizer:
        """Learn the vocabulary and idf from ``raw_documents``.

        >>> TfidfVectorizer().fit(["aa bb cc", "bb cc"]).idf_.round(3).tolist()
        [1.405, 1.0, 1.0]
        """
        self.fit_transform(raw_documents)
        return self

    @keeps_state_on_error
    def fit_transform(self, raw_documents: Any, y: Any = None) -> Any:
        """Learn vocabulary and idf, and return the TF-IDF matrix.

        >>> TfidfVectorizer(norm=None).fit_transform(["aa bb", "bb"]).toarray().round(3).tolist()
        [[1.405, 1.0], [0.0, 1.0]]
        """
        transformer = self._transformer()
        transformer._check_params()
        dtype = self._float_dtype()
        if np.dtype(self.dtype) != dtype:
            # scikit-learn counts in the given dtype (bool counts are binary, int8 wraps) and
            # only then converts to float64 for the weighting: so does this.
            counts = CountVectorizer.fit_transform(self, raw_documents)
            self._tfidf = transformer.fit(counts)
            return transformer.transform(counts, copy=False)

        def fit_idf(df: Any, n_documents: int) -> None:
            _fit_idf(transformer, df, n_documents, dtype)

        weighed = []

        def weigh_as_written(corpus: Any, df: Any) -> Any:
            fit_idf(df, corpus.n_documents)
            weighed.append(True)
            return corpus.finish_tfidf(
                transformer.idf_ if transformer.use_idf else None,
                bool(self.binary),
                bool(transformer.sublinear_tf),
                transformer.norm,
                dtype == np.float64,
            )

        X = self._fit_counts(raw_documents, dtype, finish=weigh_as_written)
        self._tfidf = transformer
        if weighed:
            return X
        # Counts that the core could not weigh as it wrote them (fixed vocabulary, or terms
        # ranked on a narrow-dtype matrix): weigh them here.
        X = X.astype(dtype, copy=False)
        fit_idf(np.bincount(X.indices, minlength=X.shape[1]).astype(np.int64), X.shape[0])
        return self._weight_in_place(X)

    def transform(self, raw_documents: Any) -> Any:
        """TF-IDF matrix of ``raw_documents`` with the fitted vocabulary and idf.

        >>> v = TfidfVectorizer().fit(["red blue", "blue"])
        >>> v.transform(["blue"]).toarray().tolist()
        [[1.0, 0.0]]
        """
        self._check_finalized()
        if not hasattr(self, "_tfidf"):
            raise NotFittedError(
                "The TF-IDF vectorizer is not fitted. Call 'fit' with appropriate arguments "
                "before using this estimator."
            )
        self._check_fitted()
        dtype = self._float_dtype()
        if np.dtype(self.dtype) != dtype:
            counts = CountVectorizer.transform(self, raw_documents)
            return self._tfidf.transform(counts, copy=False)
        X = self._count(raw_documents, self._plan(), self._vocabulary, dtype)
        if X.shape[0] == 0:
            # scikit-learn's TfidfVectorizer refuses an empty batch here (its TfidfTransformer
            # checks for at least one sample); CountVectorizer returns an empty matrix.
            raise InvalidParameterError(
                f"Found array with 0 sample(s) (shape={X.shape}) while a minimum of 1 is "
                "required by TfidfTransformer."
            )
        return self._weight_in_place(X)

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "_tfidf") and not getattr(self, "_stats_pending", False)

    def _fit_stats(self, stats: Any) -> tuple[int, Any]:
        transformer = self._transformer()
        transformer._check_params()
        dtype = self._float_dtype()
        n_documents, df = super()._fit_stats(stats)
        _fit_idf(transformer, df, n_documents, dtype)
        self._tfidf = transformer
        return n_documents, df

    def _learned_from_documents(self) -> bool:
        return hasattr(self, "_tfidf")

    @property
    def idf_(self) -> np.ndarray[Any, Any]:
        """The inverse document frequency vector (only with ``use_idf=True``).

        >>> TfidfVectorizer().fit(["bb aa", "aa"]).idf_.round(3).tolist()
        [1.0, 1.405]
        """
        self._check_finalized()
        if not hasattr(self, "_tfidf"):
            raise NotFittedError("This TfidfVectorizer instance is not fitted yet.")
        return self._tfidf.idf_

    @idf_.setter
    def idf_(self, value: Any) -> None:
        if not self.use_idf:
            raise InvalidParameterError("`idf_` cannot be set when `user_idf=False`.")
        # Checked before anything is set, so that a refused value leaves no half-fitted state.
        self._check_fitted()
        value = np.asarray(value, dtype=np.float64)
        if len(value) != len(self._vocabulary):
            raise ShapeMismatchError(
                f"idf length = {len(value)} must be equal to vocabulary size = "
                f"{len(self._vocabulary)}"
            )
        tfidf = getattr(self, "_tfidf", None) or self._transformer()
        tfidf.idf_ = value
        tfidf.n_features_in_ = len(value)
        tfidf._idf_dtype = np.dtype(np.float64)
        self._tfidf = tfidf

    _FITTED_ATTRIBUTES: tuple[str, ...] = (*CountVectorizer._FITTED_ATTRIBUTES, "_tfidf")

    def _fitted_state(self) -> _core.FittedState:
        # The core checks that the weighting has one entry per term.
        return _core.FittedState(**self._vocabulary_state(), **self._tfidf._weighting_state())

    def _restore_fitted_state(self, state: _core.FittedState) -> None:
        super()._restore_fitted_state(state)
        self._tfidf = self._transformer()
        self._tfidf._restore_fitted_state(state)

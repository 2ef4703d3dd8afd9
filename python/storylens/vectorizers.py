"""scikit-learn-compatible vectorizers whose work runs in the Rust core.

Same parameter names, defaults and results as scikit-learn's (see the tests, which compare
them), plus ``stem`` (Snowball stemming after stop-word removal), ``tokenizer="news"`` (the
news-aware tokeniser) and ``n_jobs`` (threads; results never depend on it).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping
from numbers import Integral
from typing import Any, cast

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.exceptions import NotFittedError

from storylens import _core
from storylens._analysis import (
    AnalysisPlan,
    build_plan,
    check_n_jobs,
    is_scikit_learn_list,
    resolve_stop_words,
    warn_unused_parameters,
)
from storylens._errors import InvalidParameterError
from storylens._inputs import DEFAULT_TOKEN_PATTERN, as_document_list, read_inputs
from storylens._pattern import compile_token_pattern
from storylens._persistence import PersistableMixin

_FLOAT_DTYPES = (np.float64, np.float32)


def _sparse_output(data: Any, indices: Any, indptr: Any, shape: tuple[int, int]) -> Any:
    """A CSR matrix over the given buffers (no copy), in scikit-learn's configured interface."""
    from sklearn import get_config

    interface = get_config().get("sparse_interface", "spmatrix")
    cls = sp.csr_array if interface == "sparray" else sp.csr_matrix
    return cls((data, indices, indptr), shape=shape, copy=False)


def _check_choice(name: str, value: Any, choices: tuple[Any, ...]) -> None:
    if value not in choices:
        raise ValueError(f"The '{name}' parameter must be one of {choices}, got {value!r}")


def _record_feature_names(estimator: Any, X: Any) -> None:
    """Sets ``feature_names_in_`` from a DataFrame's columns, as scikit-learn's fit does."""
    try:
        from sklearn.utils.validation import _check_feature_names
    except ImportError:  # pragma: no cover - very old scikit-learn
        return
    _check_feature_names(estimator, X, reset=True)


def _check_bool(name: str, value: Any) -> None:
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"The '{name}' parameter must be a bool, got {value!r}")


def _check_dtype(dtype: Any, *, real: bool = False) -> np.dtype[Any]:
    """``dtype`` as a numpy dtype that scipy.sparse can hold (and, with ``real``, not complex:
    scikit-learn's TF-IDF and normalisation refuse complex data), or ValueError."""
    try:
        checked: np.dtype[Any] = np.dtype(dtype)
    except TypeError as error:
        raise ValueError(f"The 'dtype' parameter is not a numpy dtype: {error}") from None
    if checked.kind not in "biufc" or checked == np.float16:
        raise ValueError(
            f"scipy.sparse does not support dtype {checked.name}: the 'dtype' parameter must be "
            "a boolean, integer, float32/float64 or complex dtype"
        )
    if real and checked.kind == "c":
        raise ValueError(f"Complex data not supported (the 'dtype' parameter is {checked.name})")
    return checked


_NO_TERMS_REMAIN = "After pruning, no terms remain. Try a lower min_df or a higher max_df."

# Dtypes whose matrix holds every count exactly, so per-term totals from the core equal the
# column sums scikit-learn ranks by.
_EXACT_TOTAL_DTYPES = tuple(
    np.dtype(t) for t in (np.int32, np.int64, np.uint32, np.uint64, np.float32, np.float64)
)


def _limit_mask(mask: Any, tfs: Any, limit: Any) -> Any:
    """scikit-learn's ``max_features`` selection, with its numpy argsort, so that ties at the
    cut fall exactly where they fall there."""
    mask_inds = (-tfs[mask]).argsort()[:limit]
    new_mask = np.zeros(len(mask), dtype=bool)
    new_mask[np.where(mask)[0][mask_inds]] = True
    return new_mask


def _sum_dtype(dtype: np.dtype[Any]) -> np.dtype[Any]:
    """The dtype scipy sums a matrix of ``dtype`` in (scipy's ``get_sum_dtype``)."""
    if dtype.kind == "u" and np.can_cast(dtype, np.uint):
        return np.dtype(np.uint)
    if np.can_cast(dtype, np.int_):
        return np.dtype(np.int_)
    return dtype


class _TextParams:
    """Parameter handling shared by the text vectorizers."""

    input: str
    encoding: str
    decode_error: str
    strip_accents: Any
    lowercase: bool
    preprocessor: Any
    tokenizer: Any
    stop_words: Any
    token_pattern: str | None
    ngram_range: tuple[int, int]
    analyzer: Any
    stem: str | None
    n_jobs: int | None

    def _plan(self) -> AnalysisPlan:
        _check_choice("input", self.input, ("content", "filename", "file"))
        _check_choice("decode_error", self.decode_error, ("strict", "ignore", "replace"))
        if not isinstance(self.encoding, str):
            raise ValueError(f"The 'encoding' parameter must be a str, got {self.encoding!r}")
        check_n_jobs(self.n_jobs)
        plan = build_plan(
            analyzer=self.analyzer,
            tokenizer=self.tokenizer,
            token_pattern=self.token_pattern,
            lowercase=self.lowercase,
            strip_accents=self.strip_accents,
            preprocessor=self.preprocessor,
            stop_words=self.stop_words,
            stem=self.stem,
            ngram_range=self.ngram_range,
        )
        if self.analyzer == "word" and self.stop_words is not None:
            self._check_stop_words_consistency()
        return plan

    def _warn_for_unused_params(self) -> None:
        warn_unused_parameters(self, stacklevel=4)

    def _check_stop_words_consistency(self) -> None:
        """scikit-learn's warning when a stop word tokenises into tokens that are not stop
        words (such a word can never be removed), given once per stop-word object."""
        if id(self.stop_words) == getattr(self, "_stop_words_id", None):
            return
        self._stop_words_id = id(self.stop_words)
        words = self.get_stop_words() or frozenset()
        try:
            tokens_only = build_plan(
                tokenizer=self.tokenizer,
                token_pattern=self.token_pattern,
                lowercase=bool(self.lowercase),
                strip_accents=self.strip_accents,
                preprocessor=self.preprocessor,
            )
            ordered = sorted(words)
            rows = tokens_only.core.analyze_many(tokens_only.prepare(ordered, "utf-8", "strict"))
        except Exception:
            return  # as in scikit-learn: a tokenizer that fails on stop words is not checked
        if isinstance(self.stop_words, str) and not is_scikit_learn_list(self.stop_words):
            # A built-in list is ours, not the user's: a stray entry the tokenization splits
            # ("quelqu'un") is harmless, but a list it mostly splits removes almost nothing.
            unusable = sum(row != [word] for word, row in zip(ordered, rows, strict=True))
            if 2 * unusable > len(ordered):
                warnings.warn(
                    f"{unusable} of the {len(ordered)} '{self.stop_words}' stop words are "
                    "never whole tokens with this tokenization, so they are not removed; "
                    "tokenizer='news' keeps words with combining marks and apostrophes whole.",
                    UserWarning,
                    stacklevel=4,
                )
            return
        inconsistent = {token for row in rows for token in row if token not in words}
        if inconsistent:
            warnings.warn(
                "Your stop_words may be inconsistent with your preprocessing. Tokenizing the "
                f"stop words generated tokens {sorted(inconsistent)!r} not in stop_words.",
                UserWarning,
                stacklevel=4,
            )

    def _core_documents(self, raw_documents: Any, plan: AnalysisPlan) -> list[Any]:
        documents = read_inputs(as_document_list(raw_documents), self.input)
        return plan.prepare(documents, self.encoding, self.decode_error)

    def decode(self, doc: Any) -> str:
        """Read (for ``input='filename'`` or ``'file'``) and decode one document to str.

        >>> CountVectorizer(encoding="latin-1").decode(b"caf\\xe9")
        'café'
        """
        from storylens._inputs import decode_one

        (content,) = read_inputs([doc], self.input)
        return decode_one(content, 0, self.encoding, self.decode_error)

    def build_preprocessor(self) -> Any:
        """The preprocessing (lowercase, accents) as a callable, like scikit-learn's.

        >>> CountVectorizer(strip_accents="ascii").build_preprocessor()("Café")
        'cafe'
        """
        from storylens._analysis import python_preprocessor

        if not (self.strip_accents is None or callable(self.strip_accents)):
            _check_choice("strip_accents", self.strip_accents, ("ascii", "unicode", None))
        return python_preprocessor(bool(self.lowercase), self.strip_accents, self.preprocessor)

    def build_tokenizer(self) -> Any:
        """A callable splitting a preprocessed string into tokens, like scikit-learn's.

        >>> CountVectorizer().build_tokenizer()("hot news, a b")
        ['hot', 'news']
        """
        if callable(self.tokenizer):
            return self.tokenizer
        if self.tokenizer is not None:
            plan = build_plan(tokenizer=self.tokenizer, lowercase=False)
            return lambda doc: plan.core.analyze_many([doc], 1)[0]
        compiled = compile_token_pattern(str(self.token_pattern))
        return compiled.python.findall

    def get_stop_words(self) -> frozenset[str] | None:
        """The effective stop-word set (None when there is none).

        >>> "the" in CountVectorizer(stop_words="english").get_stop_words()
        True
        """
        words = resolve_stop_words(self.stop_words)
        if words is None:
            return None
        if is_scikit_learn_list(self.stop_words):
            from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

            return ENGLISH_STOP_WORDS  # type: ignore[no-any-return]
        return frozenset(words)

    def build_analyzer(self) -> Any:
        """A callable turning one document into its list of features, like scikit-learn's.

        >>> CountVectorizer(ngram_range=(1, 2)).build_analyzer()("Hot news")
        ['hot', 'news', 'hot news']
        """
        plan = self._plan()
        encoding, decode_error, input_kind = self.encoding, self.decode_error, self.input

        def analyze(doc: Any) -> list[str]:
            prepared = plan.prepare(read_inputs([doc], input_kind), encoding, decode_error)
            features: list[str] = plan.core.analyze_many(prepared, 1, encoding, decode_error)[0]
            return features

        return analyze


# Like scikit-learn's CountVectorizer, not a TransformerMixin (its tags say so).
class CountVectorizer(_TextParams, PersistableMixin, BaseEstimator):  # type: ignore[misc]
    """Convert a collection of text documents to a matrix of token counts.

    Parameters and results are scikit-learn's ``CountVectorizer``'s; the work runs in Rust
    on all cores. Extra parameters: ``stem`` (a Snowball language, applied after stop-word
    removal), ``tokenizer="news"`` and ``n_jobs``.

    >>> vectorizer = CountVectorizer()
    >>> X = vectorizer.fit_transform(["Wire copy spreads", "copy the wire"])
    >>> list(vectorizer.get_feature_names_out())
    ['copy', 'spreads', 'the', 'wire']
    >>> X.toarray().tolist()
    [[1, 1, 0, 1], [1, 0, 1, 1]]
    """

    _vocabulary_dict: dict[str, int] | None

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
        max_df: float | int = 1.0,
        min_df: float | int = 1,
        max_features: int | None = None,
        vocabulary: Any = None,
        binary: bool = False,
        dtype: Any = np.int64,
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
        self.max_df = max_df
        self.min_df = min_df
        self.max_features = max_features
        self.vocabulary = vocabulary
        self.binary = binary
        self.dtype = dtype
        self.stem = stem
        self.n_jobs = n_jobs

    # -- validation ---------------------------------------------------------------------

    def _check_count_params(self) -> None:
        for name in ("max_df", "min_df"):
            value = getattr(self, name)
            # bool is an int here, as in scikit-learn (min_df=True means 1).
            valid = (isinstance(value, Integral) and int(value) >= 1) or (
                isinstance(value, float) and 0.0 <= value <= 1.0
            )
            if not valid:
                raise ValueError(
                    f"The '{name}' parameter must be a float in [0.0, 1.0] or an int >= 1, "
                    f"got {value!r}"
                )
        if self.max_features is not None and not (
            isinstance(self.max_features, Integral) and int(self.max_features) >= 1
        ):
            raise ValueError(
                f"The 'max_features' parameter must be None or an int >= 1, "
                f"got {self.max_features!r}"
            )
        _check_bool("binary", self.binary)
        _check_dtype(self.dtype)

    def _validated_vocabulary(self) -> Any:
        """The user's ``vocabulary`` as a core Vocabulary, checked as scikit-learn checks it."""
        vocabulary = self.vocabulary
        if vocabulary is None:
            return None
        if isinstance(vocabulary, Mapping):
            indices = set(vocabulary.values())
            if len(indices) != len(vocabulary):
                raise ValueError("Vocabulary contains repeated indices.")
            for i in range(len(vocabulary)):
                if i not in indices:
                    raise ValueError(
                        f"Vocabulary of size {len(vocabulary)} doesn't contain index {i}."
                    )
            terms = [""] * len(vocabulary)
            for term, index in vocabulary.items():
                # Every index equals one of 0..n-1 (checked above); scikit-learn also takes
                # them as floats such as 1.0.
                terms[int(index)] = term
        elif isinstance(vocabulary, Iterable) and not isinstance(vocabulary, (str, bytes)):
            # scikit-learn sorts a set, whose iteration order is arbitrary.
            terms = (
                sorted(vocabulary) if isinstance(vocabulary, (set, frozenset)) else list(vocabulary)
            )
            seen: set[str] = set()
            for term in terms:
                if term in seen:
                    raise ValueError(f"Duplicate term in vocabulary: {term!r}")
                seen.add(term)
        else:
            raise ValueError(
                f"The 'vocabulary' parameter must be a mapping or an iterable, got {vocabulary!r}"
            )
        if not terms:
            raise ValueError("empty vocabulary passed to fit")
        for position, term in enumerate(terms):
            if not isinstance(term, str):
                raise InvalidParameterError(
                    f"invalid value for parameter 'vocabulary': term {position} is a "
                    f"{type(term).__name__}, not str"
                )
        return _core.Vocabulary(terms)

    # -- fitting ------------------------------------------------------------------------

    def _count(
        self, raw_documents: Any, plan: AnalysisPlan, vocabulary: Any, dtype: np.dtype[Any]
    ) -> Any:
        documents = self._core_documents(raw_documents, plan)
        data, indices, indptr, shape = _core.count_transform(
            plan.core,
            vocabulary,
            documents,
            self.n_jobs,
            self.encoding,
            self.decode_error,
            dtype.kind == "f",
        )
        return self._finish_matrix(data, indices, indptr, shape, dtype)

    def _finish_matrix(
        self, data: Any, indices: Any, indptr: Any, shape: Any, dtype: np.dtype[Any]
    ) -> Any:
        if self.binary:
            data.fill(1)
        if data.dtype != dtype:
            data = data.astype(dtype)
        return _sparse_output(data, indices, indptr, shape)

    def _fit_counts(
        self,
        raw_documents: Any,
        dtype: np.dtype[Any],
        finish: Callable[[Any, Any], Any] | None = None,
    ) -> Any:
        """Learn the vocabulary and count, with values of ``dtype``.

        ``finish(corpus, document_frequencies)``, when given, turns the core's counts (with
        the columns already chosen) into the final ``(vocabulary, data, indices, indptr,
        shape)`` instead of plain counts: TfidfVectorizer weighs the matrix as it is written.
        It is not used with a fixed vocabulary, or when ``max_features`` must rank terms on a
        matrix in a narrow dtype; the caller then gets counts (float64 when ``dtype`` is a
        float) and weighs them itself."""
        self._check_count_params()
        plan = self._plan()
        self._warn_for_unused_params()
        fixed = self._validated_vocabulary()
        if fixed is not None:
            self._vocabulary = fixed
            self.fixed_vocabulary_ = True
            self._vocabulary_dict = None
            return self._count(raw_documents, plan, fixed, dtype)

        documents = self._core_documents(raw_documents, plan)
        corpus = _core.count_fit(
            plan.core, documents, self.n_jobs, self.encoding, self.decode_error
        )
        n_doc = corpus.n_documents
        max_df, min_df = self.max_df, self.min_df
        max_doc_count = max_df if isinstance(max_df, Integral) else max_df * n_doc
        min_doc_count = min_df if isinstance(min_df, Integral) else min_df * n_doc
        if max_doc_count < min_doc_count:
            raise ValueError("max_df corresponds to < documents than min_df")
        dfs = corpus.document_frequencies()
        mask = np.ones(len(dfs), dtype=bool)
        mask &= dfs <= max_doc_count
        mask &= dfs >= min_doc_count
        limit = self.max_features
        over_limit = limit is not None and mask.sum() > limit
        if over_limit and dtype not in _EXACT_TOTAL_DTYPES:
            # Counts wrap or saturate in this dtype (bool, int8, ...): rank the terms on the
            # matrix scikit-learn would sum, which means building it first.
            return self._fit_counts_ranked_in_dtype(corpus, mask, dtype)
        if over_limit:
            totals = dfs if self.binary else corpus.term_totals()
            mask = _limit_mask(mask, totals.astype(_sum_dtype(dtype)), limit)
        if not mask.any():
            raise ValueError(_NO_TERMS_REMAIN)
        if not mask.all():
            corpus.select_columns(mask)
            dfs = dfs[mask]
        self._vocabulary_dict = None
        self.fixed_vocabulary_ = False
        if finish is not None:
            vocabulary, data, indices, indptr, shape = finish(corpus, dfs)
            self._vocabulary = vocabulary
            return _sparse_output(data, indices, indptr, shape)
        vocabulary, data, indices, indptr, shape = corpus.finish(dtype.kind == "f")
        self._vocabulary = vocabulary
        return self._finish_matrix(data, indices, indptr, shape, dtype)

    def _fit_counts_ranked_in_dtype(self, corpus: Any, mask: Any, dtype: np.dtype[Any]) -> Any:
        vocabulary, data, indices, indptr, shape = corpus.finish(False)
        X = self._finish_matrix(data, indices, indptr, shape, dtype)
        tfs = np.asarray(X.sum(axis=0)).ravel()
        mask = _limit_mask(mask, tfs, self.max_features)
        if not mask.any():
            raise ValueError(_NO_TERMS_REMAIN)
        kept = np.where(mask)[0]
        terms = vocabulary.terms()
        self._vocabulary = _core.Vocabulary([terms[i] for i in kept])
        self._vocabulary_dict = None
        self.fixed_vocabulary_ = False
        return X[:, kept]

    def fit(self, raw_documents: Any, y: Any = None) -> CountVectorizer:
        """Learn the vocabulary of all tokens in ``raw_documents``.

        >>> CountVectorizer().fit(["a wire story"]).get_feature_names_out().tolist()
        ['story', 'wire']
        """
        self.fit_transform(raw_documents)
        return self

    def fit_transform(self, raw_documents: Any, y: Any = None) -> Any:
        """Learn the vocabulary and return the document-term count matrix (CSR).

        >>> CountVectorizer().fit_transform(["bb aa bb", "aa"]).toarray().tolist()
        [[1, 2], [1, 0]]
        """
        _check_dtype(self.dtype)
        return self._fit_counts(raw_documents, np.dtype(self.dtype))

    def transform(self, raw_documents: Any) -> Any:
        """Count the fitted vocabulary's terms in ``raw_documents``.

        >>> v = CountVectorizer().fit(["red blue"])
        >>> v.transform(["blue blue green"]).toarray().tolist()
        [[2, 0]]
        """
        self._check_fitted()
        _check_dtype(self.dtype)
        return self._count(raw_documents, self._plan(), self._vocabulary, np.dtype(self.dtype))

    # -- fitted state -------------------------------------------------------------------

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "_vocabulary")

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    def _check_fitted(self) -> None:
        if not hasattr(self, "_vocabulary"):
            if self.vocabulary is not None:
                # scikit-learn accepts transform with a fixed vocabulary and no fit.
                self._vocabulary = self._validated_vocabulary()
                self.fixed_vocabulary_ = True
                self._vocabulary_dict = None
                return
            raise NotFittedError(
                f"This {type(self).__name__} instance is not fitted yet. Call 'fit' with "
                "appropriate arguments before using this estimator."
            )

    @property
    def vocabulary_(self) -> dict[str, int]:
        """A mapping of terms to feature indices (built on first access).

        >>> CountVectorizer().fit(["bb aa bb", "aa cc"]).vocabulary_
        {'aa': 0, 'bb': 1, 'cc': 2}
        """
        self._check_fitted()
        if getattr(self, "_vocabulary_dict", None) is None:
            terms = self._vocabulary.terms()
            self._vocabulary_dict = dict(zip(terms, range(len(terms)), strict=True))
        assert self._vocabulary_dict is not None
        return self._vocabulary_dict

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray[Any, Any]:
        """Feature names in column order, as an object array (scikit-learn's format).

        >>> CountVectorizer().fit(["to be or not"]).get_feature_names_out().tolist()
        ['be', 'not', 'or', 'to']
        """
        self._check_fitted()
        return np.asarray(self._vocabulary.terms(), dtype=object)

    def inverse_transform(self, X: Any) -> list[np.ndarray[Any, Any]]:
        """The terms with non-zero entries in each row of ``X`` (scikit-learn's result).

        >>> v = CountVectorizer().fit(["big dog", "small cat"])
        >>> [t.tolist() for t in v.inverse_transform(v.transform(["dog cat"]))]
        [['cat', 'dog']]
        """
        self._check_fitted()
        names = np.array(self._vocabulary.terms())
        if sp.issparse(X):
            rows = sp.csr_matrix(cast(Any, X))
            return [names[rows[i, :].nonzero()[-1]].ravel() for i in range(rows.shape[0])]
        dense = np.asarray(X)
        if dense.ndim != 2:
            raise ValueError(f"Expected a 2-D array, got {dense.ndim}-D")
        return [names[np.flatnonzero(dense[i, :])].ravel() for i in range(dense.shape[0])]

    def _fitted_state(self) -> dict[str, Any]:
        return {
            "terms": self._vocabulary.terms(),
            "fixed_vocabulary_": bool(self.fixed_vocabulary_),
        }

    def _restore_fitted_state(self, state: dict[str, Any]) -> None:
        self._vocabulary = _core.Vocabulary(list(state["terms"]))
        self._vocabulary_dict = None
        self.fixed_vocabulary_ = bool(state["fixed_vocabulary_"])

    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())
        state.pop("_vocabulary_dict", None)
        return state


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
        _check_choice("norm", self.norm, ("l1", "l2", None))
        for name in ("use_idf", "smooth_idf", "sublinear_tf"):
            if not isinstance(getattr(self, name), (bool, np.bool_)):
                raise ValueError(f"The '{name}' parameter must be a bool")
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

    def fit(self, X: Any, y: Any = None) -> TfidfTransformer:
        """Learn the idf vector from a count matrix.

        >>> TfidfTransformer(smooth_idf=False).fit([[1, 1], [0, 1]]).idf_.round(3).tolist()
        [1.693, 1.0]
        """
        self._check_params()
        _record_feature_names(self, X)
        X = self._as_csr(X)
        self.n_features_in_ = X.shape[1]
        dtype = X.dtype if X.dtype in _FLOAT_DTYPES else np.dtype(np.float64)
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
            raise ValueError(
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
        return _sparse_output(data, indices, indptr, X.shape)

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "n_features_in_")

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    def _fitted_state(self) -> dict[str, Any]:
        state: dict[str, Any] = {
            "n_features_in_": int(self.n_features_in_),
            "idf_dtype": str(self._idf_dtype),
        }
        if hasattr(self, "idf_"):
            state["idf"] = [float(v) for v in self.idf_]
        return state

    def _restore_fitted_state(self, state: dict[str, Any]) -> None:
        self.n_features_in_ = int(state["n_features_in_"])
        self._idf_dtype = np.dtype(state["idf_dtype"])
        if "idf" in state:
            idf = np.asarray(state["idf"], dtype=np.float64)
            if idf.shape != (self.n_features_in_,) or not np.all(np.isfinite(idf)):
                raise ValueError(
                    f"idf must hold {self.n_features_in_} finite numbers, got shape {idf.shape}"
                )
            self.idf_ = idf.astype(self._idf_dtype)


class TfidfVectorizer(CountVectorizer):
    """Convert a collection of raw documents to a matrix of TF-IDF features.

    Equivalent to ``CountVectorizer`` followed by ``TfidfTransformer``, as in scikit-learn,
    with the same parameters and results.

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
        dtype = _check_dtype(self.dtype, real=True)
        if dtype not in _FLOAT_DTYPES:
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

    def fit(self, raw_documents: Any, y: Any = None) -> TfidfVectorizer:
        """Learn the vocabulary and idf from ``raw_documents``.

        >>> TfidfVectorizer().fit(["aa bb cc", "bb cc"]).idf_.round(3).tolist()
        [1.405, 1.0, 1.0]
        """
        self.fit_transform(raw_documents)
        return self

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
            if n_documents == 0:
                raise ValueError(
                    f"Found array with 0 sample(s) (shape=(0, {len(df)})) while a minimum of 1 "
                    "is required by TfidfTransformer."
                )
            transformer.n_features_in_ = len(df)
            transformer._idf_dtype = dtype
            if transformer.use_idf:
                transformer.idf_ = _core.idf_from_document_frequencies(
                    df, n_documents, bool(transformer.smooth_idf), dtype == np.float64
                )

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
            raise ValueError(
                f"Found array with 0 sample(s) (shape={X.shape}) while a minimum of 1 is "
                "required by TfidfTransformer."
            )
        return self._weight_in_place(X)

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "_tfidf")

    @property
    def idf_(self) -> np.ndarray[Any, Any]:
        """The inverse document frequency vector (only with ``use_idf=True``).

        >>> TfidfVectorizer().fit(["bb aa", "aa"]).idf_.round(3).tolist()
        [1.0, 1.405]
        """
        if not hasattr(self, "_tfidf"):
            raise NotFittedError("This TfidfVectorizer instance is not fitted yet.")
        return self._tfidf.idf_

    @idf_.setter
    def idf_(self, value: Any) -> None:
        if not self.use_idf:
            raise ValueError("`idf_` cannot be set when `user_idf=False`.")
        if not hasattr(self, "_tfidf"):
            self._tfidf = self._transformer()
        self._check_fitted()
        value = np.asarray(value, dtype=np.float64)
        if len(value) != len(self._vocabulary):
            raise ValueError(
                f"idf length = {len(value)} must be equal to vocabulary size = "
                f"{len(self._vocabulary)}"
            )
        self._tfidf.idf_ = value
        self._tfidf.n_features_in_ = len(value)
        self._tfidf._idf_dtype = np.dtype(np.float64)

    def _fitted_state(self) -> dict[str, Any]:
        state = super()._fitted_state()
        state["tfidf"] = self._tfidf._fitted_state()
        return state

    def _restore_fitted_state(self, state: dict[str, Any]) -> None:
        super()._restore_fitted_state(state)
        self._tfidf = self._transformer()
        self._tfidf._restore_fitted_state(state["tfidf"])
        if self._tfidf.n_features_in_ != len(self._vocabulary):
            raise ValueError(
                f"the TF-IDF state has {self._tfidf.n_features_in_} features for a "
                f"vocabulary of {len(self._vocabulary)} terms"
            )


class HashingVectorizer(_TextParams, PersistableMixin, TransformerMixin, BaseEstimator):  # type: ignore[misc]
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
            raise ValueError(
                "The 'n_features' parameter must be an int in the range [1, 2147483647), "
                f"got {self.n_features!r}"
            )
        _check_choice("norm", self.norm, ("l1", "l2", None))
        _check_bool("binary", self.binary)
        _check_bool("alternate_sign", self.alternate_sign)
        _check_dtype(self.dtype)

    def fit(self, X: Any, y: Any = None) -> HashingVectorizer:
        """Only validates the parameters (the vectorizer is stateless).

        >>> HashingVectorizer().fit(["x"]).n_features
        1048576
        """
        self._check_hashing_params()
        self._plan()
        self._warn_for_unused_params()
        if isinstance(X, (str, bytes)):
            raise ValueError("Iterable over raw text documents expected, string object received.")
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
        dtype = _check_dtype(self.dtype, real=self.norm is not None)
        # In a float dtype the core applies binary and norm as it writes the matrix; other
        # dtypes get the float64 sums, converted and finished here as scikit-learn does.
        finished = dtype in _FLOAT_DTYPES
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
            return _sparse_output(data, indices, indptr, shape)
        if dtype.kind == "u" and self.alternate_sign:
            self._refuse_negative_signs(plan, documents, data)
        if dtype != data.dtype:
            data = data.astype(dtype)
        if self.binary:
            data.fill(1)
        if self.norm is not None and len(data):
            if dtype not in _FLOAT_DTYPES:
                data = data.astype(np.float64)
            _core.normalize_data_in_place(data, indptr, self.norm, self.n_jobs)
        return _sparse_output(data, indices, indptr, shape)

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

    def _fitted_state(self) -> dict[str, Any]:
        return {}

    def _restore_fitted_state(self, state: dict[str, Any]) -> None:
        pass

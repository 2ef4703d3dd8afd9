"""``CountVectorizer``: documents to a matrix of token counts, scikit-learn's results from the
Rust core (which learns the vocabulary and counts on all cores)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from numbers import Integral
from typing import Any, cast

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator

from storylens import _core
from storylens._progress import estimator_job_bar
from storylens.exceptions import (
    EmptyVocabularyError,
    InvalidParameterError,
    ModelFileError,
    NotFittedError,
    ShapeMismatchError,
)
from storylens.feature_extraction._params import (
    TextParams,
    check_bool,
    check_dtype,
    sparse_output,
)
from storylens.feature_extraction._persistence import PersistableMixin, keeps_state_on_error
from storylens.feature_extraction.corpus_stats import (
    CorpusStats,
    analysis_key,
    check_same_analysis,
    count_stats,
)
from storylens.text._analysis import AnalysisPlan
from storylens.text._inputs import DEFAULT_TOKEN_PATTERN, as_document_list, lone_surrogate

__all__ = ["CountVectorizer"]

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


def _ranks_counts_exactly(dtype: np.dtype[Any], binary: bool) -> bool:
    """Whether ``max_features``'s ranking in a matrix of ``dtype`` follows from the corpus
    statistics: binary values and bools sum to the document frequency, wide dtypes to the
    total count; narrow integers wrap per document, which totals cannot tell."""
    return binary or dtype.kind in "bc" or dtype in _EXACT_TOTAL_DTYPES


def _sum_dtype(dtype: np.dtype[Any]) -> np.dtype[Any]:
    """The dtype scipy sums a matrix of ``dtype`` in (scipy's ``get_sum_dtype``)."""
    if dtype.kind == "u" and np.can_cast(dtype, np.uint):
        return np.dtype(np.uint)
    if np.can_cast(dtype, np.int_):
        return np.dtype(np.int_)
    return dtype


# Like scikit-learn's CountVectorizer, not a TransformerMixin (its tags say so).
class CountVectorizer(TextParams, PersistableMixin, BaseEstimator):  # type: ignore[misc]
    """Convert a collection of text documents to a matrix of token counts.

    Parameters and results are scikit-learn's ``CountVectorizer``'s; the work runs in Rust
    on all cores. Extra parameters: ``stem`` (a Snowball language, applied after stop-word
    removal), ``tokenizer="news"``, ``n_jobs``, and ``keep_stats``: with ``True``, ``fit``
    also keeps the unfiltered :class:`CorpusStats` of the training documents in
    ``corpus_stats_`` (never saved or pickled with the estimator), to which ``partial_fit``
    can add documents before ``finalize()`` fits again.

    Fitting in parts: ``partial_fit(texts)`` adds the texts' statistics, and ``finalize()``
    fits from all of them (``min_df``, ``max_df`` and ``max_features`` on the global
    counts), giving what ``fit`` gives on all the texts at once;
    ``fit_from_stats(stats)`` fits from statistics counted elsewhere.

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
        keep_stats: bool = False,
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
        self.keep_stats = keep_stats

    # -- validation ---------------------------------------------------------------------

    def _check_count_params(self) -> None:
        for name in ("max_df", "min_df"):
            value = getattr(self, name)
            # bool is an int here, as in scikit-learn (min_df=True means 1).
            valid = (isinstance(value, Integral) and int(value) >= 1) or (
                isinstance(value, float) and 0.0 <= value <= 1.0
            )
            if not valid:
                raise InvalidParameterError(
                    f"The '{name}' parameter must be a float in [0.0, 1.0] or an int >= 1, "
                    f"got {value!r}"
                )
        if self.max_features is not None and not (
            isinstance(self.max_features, Integral) and int(self.max_features) >= 1
        ):
            raise InvalidParameterError(
                f"The 'max_features' parameter must be None or an int >= 1, "
                f"got {self.max_features!r}"
            )
        check_bool("binary", self.binary)
        check_bool("keep_stats", self.keep_stats)
        check_dtype(self.dtype)

    def _validated_vocabulary(self) -> Any:
        """The user's ``vocabulary`` as a core Vocabulary, checked as scikit-learn checks it."""
        vocabulary = self.vocabulary
        if vocabulary is None:
            return None
        if isinstance(vocabulary, Mapping):
            indices = set(vocabulary.values())
            if len(indices) != len(vocabulary):
                raise InvalidParameterError("Vocabulary contains repeated indices.")
            for i in range(len(vocabulary)):
                if i not in indices:
                    raise InvalidParameterError(
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
                    raise InvalidParameterError(f"Duplicate term in vocabulary: {term!r}")
                seen.add(term)
        else:
            raise InvalidParameterError(
                f"The 'vocabulary' parameter must be a mapping or an iterable, got {vocabulary!r}"
            )
        if not terms:
            raise InvalidParameterError("empty vocabulary passed to fit")
        for position, term in enumerate(terms):
            if not isinstance(term, str):
                raise InvalidParameterError(
                    f"invalid value for parameter 'vocabulary': term {position} is a "
                    f"{type(term).__name__}, not str"
                )
            if lone_surrogate(term) is not None:
                raise InvalidParameterError(
                    f"invalid value for parameter 'vocabulary': term {position} is not valid "
                    "Unicode text (it contains a lone surrogate)"
                )
        return _core.Vocabulary(terms)

    # -- fitting ------------------------------------------------------------------------

    def _count(
        self, raw_documents: Any, plan: AnalysisPlan, vocabulary: Any, dtype: np.dtype[Any]
    ) -> Any:
        documents = self._core_documents(raw_documents, plan)
        with estimator_job_bar("counting", documents):
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
        return sparse_output(data, indices, indptr, shape)

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
        self._forget_partial_fit()
        fixed = self._validated_vocabulary()
        if fixed is not None:
            if self.keep_stats:
                raw_documents = as_document_list(raw_documents)  # read twice
                self.corpus_stats_ = CorpusStats(count_stats(self, raw_documents))
            self._vocabulary = fixed
            self.fixed_vocabulary_ = True
            self._vocabulary_dict = None
            self._corpus_stats = None
            return self._count(raw_documents, plan, fixed, dtype)

        documents = self._core_documents(raw_documents, plan)
        with estimator_job_bar("counting", documents):
            corpus = _core.count_fit(
                plan.core, documents, self.n_jobs, self.encoding, self.decode_error
            )
        if self.keep_stats:
            # Every term, before any is dropped.
            self.corpus_stats_ = CorpusStats(corpus.corpus_stats(analysis_key(self)))
        n_doc = corpus.n_documents
        dfs = corpus.document_frequencies()
        mask = self._document_frequency_mask(n_doc, dfs)
        limit = self.max_features
        over_limit = limit is not None and mask.sum() > limit
        if over_limit and dtype not in _EXACT_TOTAL_DTYPES:
            # Counts wrap or saturate in this dtype (bool, int8, ...): rank the terms on the
            # matrix scikit-learn would sum, which means building it first.
            return self._fit_counts_ranked_in_dtype(corpus, mask, dtype, dfs)
        # What max_features ranks by, kept in the fitted state for every learned term.
        totals = dfs if self.binary else corpus.term_totals()
        if over_limit:
            mask = _limit_mask(mask, totals.astype(_sum_dtype(dtype)), limit)
        if not mask.any():
            raise EmptyVocabularyError(_NO_TERMS_REMAIN)
        if not mask.all():
            corpus.select_columns(mask)
            dfs = dfs[mask]
        # The learned vocabulary is already in its final (sorted) order, so the kept columns'
        # statistics line up with it.
        self._corpus_stats = (n_doc, dfs, totals[mask])
        self._vocabulary_dict = None
        self.fixed_vocabulary_ = False
        if finish is not None:
            vocabulary, data, indices, indptr, shape = finish(corpus, dfs)
            self._vocabulary = vocabulary
            return sparse_output(data, indices, indptr, shape)
        vocabulary, data, indices, indptr, shape = corpus.finish(dtype.kind == "f")
        self._vocabulary = vocabulary
        return self._finish_matrix(data, indices, indptr, shape, dtype)

    def _document_frequency_mask(self, n_doc: int, dfs: Any) -> Any:
        """The terms ``min_df`` and ``max_df`` keep (scikit-learn's ``_limit_features``, and
        its error when the two conflict), judged on the counts of all ``n_doc`` documents."""
        max_df, min_df = self.max_df, self.min_df
        max_doc_count = max_df if isinstance(max_df, Integral) else max_df * n_doc
        min_doc_count = min_df if isinstance(min_df, Integral) else min_df * n_doc
        if max_doc_count < min_doc_count:
            raise InvalidParameterError("max_df corresponds to < documents than min_df")
        mask = np.ones(len(dfs), dtype=bool)
        mask &= dfs <= max_doc_count
        mask &= dfs >= min_doc_count
        return mask

    def _fit_counts_ranked_in_dtype(
        self, corpus: Any, mask: Any, dtype: np.dtype[Any], dfs: Any
    ) -> Any:
        n_doc = corpus.n_documents
        all_totals = dfs if self.binary else corpus.term_totals()
        vocabulary, data, indices, indptr, shape = corpus.finish(False)
        X = self._finish_matrix(data, indices, indptr, shape, dtype)
        tfs = np.asarray(X.sum(axis=0)).ravel()
        mask = _limit_mask(mask, tfs, self.max_features)
        if not mask.any():
            raise EmptyVocabularyError(_NO_TERMS_REMAIN)
        kept = np.where(mask)[0]
        terms = vocabulary.terms()
        self._vocabulary = _core.Vocabulary([terms[i] for i in kept])
        self._corpus_stats = (n_doc, dfs[kept], all_totals[kept])
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

    @keeps_state_on_error
    def fit_transform(self, raw_documents: Any, y: Any = None) -> Any:
        """Learn the vocabulary and return the document-term count matrix (CSR).

        >>> CountVectorizer().fit_transform(["bb aa bb", "aa"]).toarray().tolist()
        [[1, 2], [1, 0]]
        """
        check_dtype(self.dtype)
        return self._fit_counts(raw_documents, np.dtype(self.dtype))

    def transform(self, raw_documents: Any) -> Any:
        """Count the fitted vocabulary's terms in ``raw_documents``.

        >>> v = CountVectorizer().fit(["red blue"])
        >>> v.transform(["blue blue green"]).toarray().tolist()
        [[2, 0]]
        """
        self._check_fitted()
        check_dtype(self.dtype)
        return self._count(raw_documents, self._plan(), self._vocabulary, np.dtype(self.dtype))

    # -- fitting in parts and from statistics ------------------------------------------

    @keeps_state_on_error
    def partial_fit(self, raw_documents: Any, y: Any = None) -> CountVectorizer:
        """Add the statistics of ``raw_documents`` to ``corpus_stats_``; ``finalize()`` then
        fits from all the documents added so far. Until then the estimator does not
        transform (so a transform never changes its state).

        >>> v = CountVectorizer(min_df=2)
        >>> v.partial_fit(["red sky", "red sea"]).partial_fit(["blue sea"]).finalize()
        CountVectorizer(min_df=2)
        >>> v.get_feature_names_out().tolist()
        ['red', 'sea']
        """
        self._check_count_params()
        self._check_can_add_stats()
        self._add_stats(CorpusStats(count_stats(self, raw_documents)))
        return self

    def _check_can_add_stats(self) -> None:
        if getattr(self, "corpus_stats_", None) is None and self._learned_from_documents():
            raise InvalidParameterError(
                f"This {type(self).__name__} was fitted without keep_stats=True, so the counts "
                "of its training documents are gone and partial_fit cannot add to them. Fit "
                "with keep_stats=True, or fit_from_stats(old_stats + CorpusStats.from_texts(new))."
            )

    def _add_stats(self, added: CorpusStats) -> None:
        """``partial_fit``'s bookkeeping: ``added`` joins ``corpus_stats_``."""
        current: CorpusStats | None = getattr(self, "corpus_stats_", None)
        self.corpus_stats_ = added if current is None else current.merge(added)
        self._stats_pending = True

    @keeps_state_on_error
    def finalize(self) -> CountVectorizer:
        """Fit from the statistics ``partial_fit`` gathered (``corpus_stats_``): ``min_df``,
        ``max_df`` and ``max_features`` apply to the counts of all the documents, and the
        result equals ``fit`` on all of them. The statistics stay, so more ``partial_fit``
        and another ``finalize()`` (or new ``min_df`` / ``max_features`` and
        ``finalize()``) refit without reading the texts again.

        >>> v = CountVectorizer(max_features=1).partial_fit(["aa bb", "bb"]).finalize()
        >>> v.get_feature_names_out().tolist()
        ['bb']
        >>> v.set_params(max_features=None).finalize().get_feature_names_out().tolist()
        ['aa', 'bb']
        """
        stats: CorpusStats | None = getattr(self, "corpus_stats_", None)
        if stats is None:
            raise NotFittedError(
                f"This {type(self).__name__} has no statistics to finalize: call "
                "partial_fit(texts) first (or fit with keep_stats=True)."
            )
        self._fit_stats(stats)
        self._stats_pending = False
        return self

    @keeps_state_on_error
    def fit_from_stats(self, stats: CorpusStats) -> CountVectorizer:
        """Fit from corpus statistics (see :class:`CorpusStats`) instead of texts: the same
        vocabulary (and, for TfidfVectorizer, idf) as ``fit`` on the documents they count.
        With ``keep_stats=True`` the statistics become ``corpus_stats_``.

        >>> from storylens import CorpusStats
        >>> stats = CorpusStats.from_texts(["aa bb", "bb cc"])
        >>> CountVectorizer(min_df=2).fit_from_stats(stats).get_feature_names_out().tolist()
        ['bb']
        """
        if not isinstance(stats, CorpusStats):
            raise InvalidParameterError(
                f"fit_from_stats takes CorpusStats, not {type(stats).__name__}"
            )
        self._forget_partial_fit()
        self._fit_stats(stats)
        if self.keep_stats:
            self.corpus_stats_ = stats
        return self

    def _fit_stats(self, stats: CorpusStats) -> tuple[int, Any]:
        """Sets the vocabulary from ``stats`` as ``fit`` sets it from the documents; returns
        the number of documents and the kept columns' document frequencies."""
        self._check_count_params()
        self._plan()
        check_same_analysis(
            stats._stats.analysis,
            analysis_key(self),
            what="These corpus statistics",
            against="this vectorizer's",
        )
        self._warn_for_unused_params()
        dtype = check_dtype(self.dtype)
        core = stats._stats
        n_doc = core.n_documents
        fixed = self._validated_vocabulary()
        if fixed is not None:
            dfs, _ = core.counts_of(fixed)
            self._vocabulary = fixed
            self.fixed_vocabulary_ = True
            self._vocabulary_dict = None
            self._corpus_stats = None
            return n_doc, dfs
        if core.n_terms == 0:
            raise EmptyVocabularyError(
                "empty vocabulary; perhaps the documents only contain stop words"
            )
        dfs = core.document_frequencies()
        mask = self._document_frequency_mask(n_doc, dfs)
        totals = core.term_totals()
        limit = self.max_features
        if limit is not None and mask.sum() > limit:
            binary_values = bool(self.binary) or dtype.kind == "b"
            if not _ranks_counts_exactly(dtype, binary_values):
                raise InvalidParameterError(
                    f"max_features ranks terms by their column sums in dtype {dtype.name}, where "
                    "a count wraps in each document, which corpus statistics cannot tell: use "
                    "a dtype of 32 bits or more (or binary=True), or fit on the texts."
                )
            ranking = dfs if binary_values else totals
            mask = _limit_mask(mask, ranking.astype(_sum_dtype(dtype)), limit)
        if not mask.any():
            raise EmptyVocabularyError(_NO_TERMS_REMAIN)
        self._vocabulary = core.select(mask)
        self._vocabulary_dict = None
        self.fixed_vocabulary_ = False
        kept_dfs = dfs[mask]
        ranked_by = kept_dfs if self.binary else totals[mask]
        self._corpus_stats = (n_doc, kept_dfs, ranked_by)
        return n_doc, kept_dfs

    def _forget_partial_fit(self) -> None:
        """A new fit starts afresh: statistics from earlier calls go."""
        self.__dict__.pop("corpus_stats_", None)
        self._stats_pending = False

    def _learned_from_documents(self) -> bool:
        """Whether the fitted state came from documents (not only a given vocabulary)."""
        return hasattr(self, "_vocabulary") and not getattr(self, "fixed_vocabulary_", True)

    def _check_finalized(self) -> None:
        if getattr(self, "_stats_pending", False):
            raise NotFittedError(
                f"This {type(self).__name__} has statistics from partial_fit that are not "
                "fitted yet: call finalize() before transform."
            )

    def __getstate__(self) -> dict[str, Any]:
        """As :class:`PersistableMixin`'s; statistics still waiting for ``finalize()`` would
        be lost (the estimator never pickles its statistics), so they refuse to pickle."""
        self._check_finalized_before("pickling")
        return super().__getstate__()

    def __setstate__(self, state: dict[str, Any]) -> None:
        # Pickles from before keep_stats existed.
        super().__setstate__({"keep_stats": False, **state})

    def save(self, path: Any) -> None:
        """Write the estimator (parameters and fitted state, never ``corpus_stats_``) to a
        JSON file; see :meth:`PersistableMixin.save`.

        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "model.json")
        >>> CountVectorizer(keep_stats=True).fit(["kept words"]).save(path)
        >>> hasattr(CountVectorizer.load(path), "corpus_stats_")
        False
        """
        self._check_finalized_before("saving")
        super().save(path)

    def _check_finalized_before(self, action: str) -> None:
        if getattr(self, "_stats_pending", False):
            raise NotFittedError(
                f"This {type(self).__name__} has statistics from partial_fit that are not "
                f"fitted yet, and {action} keeps only the fitted state: call finalize() first "
                "(and keep corpus_stats_ yourself: it pickles and saves on its own)."
            )

    # -- fitted state -------------------------------------------------------------------

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "_vocabulary") and not getattr(self, "_stats_pending", False)

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    def _check_fitted(self) -> None:
        self._check_finalized()
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
            raise ShapeMismatchError(f"Expected a 2-D array, got {dense.ndim}-D")
        return [names[np.flatnonzero(dense[i, :])].ravel() for i in range(dense.shape[0])]

    _FITTED_ATTRIBUTES: tuple[str, ...] = (
        "_vocabulary",
        "_vocabulary_dict",
        "fixed_vocabulary_",
        "_corpus_stats",
        # Never saved or pickled: the unfiltered statistics hold every training term.
        "corpus_stats_",
        "_stats_pending",
    )
    #: (documents, document frequency per column, total per column) of a learned vocabulary.
    _corpus_stats: tuple[int, Any, Any] | None

    def _vocabulary_state(self) -> dict[str, Any]:
        """The vocabulary's part of the fitted state, as ``_core.FittedState`` arguments."""
        parts: dict[str, Any] = {
            "vocabulary": self._vocabulary,
            "fixed_vocabulary": bool(self.fixed_vocabulary_),
        }
        stats = getattr(self, "_corpus_stats", None)
        if stats is not None:
            n_documents, document_frequencies, term_totals = stats
            parts["n_documents"] = int(n_documents)
            parts["document_frequencies"] = np.asarray(document_frequencies, dtype=np.int64)
            parts["term_totals"] = np.asarray(term_totals, dtype=np.int64)
        return parts

    def _fitted_state(self) -> _core.FittedState:
        return _core.FittedState(**self._vocabulary_state())

    def _restore_fitted_state(self, state: _core.FittedState) -> None:
        vocabulary = state.vocabulary()
        if vocabulary is None:
            raise ModelFileError(f"the fitted state of a {type(self).__name__} has no vocabulary")
        self._vocabulary = vocabulary
        self._vocabulary_dict = None
        self.fixed_vocabulary_ = state.fixed_vocabulary
        n_documents = state.n_documents
        self._corpus_stats = (
            None
            if n_documents is None
            else (n_documents, state.document_frequencies(), state.term_totals())
        )

"""Parameter handling the vectorizers share: the text parameters (turned into an analysis plan
by :mod:`storylens.text`), checks of the numeric ones, and the sparse output scikit-learn is
configured for."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import scipy.sparse as sp

from storylens.exceptions import InvalidParameterError
from storylens.text._analysis import (
    AnalysisPlan,
    build_plan,
    check_choice,
    check_n_jobs,
    is_scikit_learn_list,
    plan_of,
    python_preprocessor,
    resolve_stop_words,
    warn_unused_parameters,
)
from storylens.text._inputs import as_document_list, decode_one, read_inputs
from storylens.text._patterns import compile_token_pattern

FLOAT_DTYPES = (np.float64, np.float32)


def sparse_output(data: Any, indices: Any, indptr: Any, shape: tuple[int, int]) -> Any:
    """A CSR matrix over the given buffers (no copy), in scikit-learn's configured interface."""
    from sklearn import get_config

    interface = get_config().get("sparse_interface", "spmatrix")
    cls = sp.csr_array if interface == "sparray" else sp.csr_matrix
    return cls((data, indices, indptr), shape=shape, copy=False)


def record_feature_names(estimator: Any, X: Any) -> None:
    """Sets ``feature_names_in_`` from a DataFrame's columns, as scikit-learn's fit does."""
    try:
        from sklearn.utils.validation import _check_feature_names
    except ImportError:  # pragma: no cover - very old scikit-learn
        return
    _check_feature_names(estimator, X, reset=True)


def check_bool(name: str, value: Any) -> None:
    if not isinstance(value, (bool, np.bool_)):
        raise InvalidParameterError(f"The '{name}' parameter must be a bool, got {value!r}")


def check_dtype(dtype: Any, *, real: bool = False) -> np.dtype[Any]:
    """``dtype`` as a numpy dtype that scipy.sparse can hold (and, with ``real``, not complex:
    scikit-learn's TF-IDF and normalisation refuse complex data), or ValueError."""
    try:
        checked: np.dtype[Any] = np.dtype(dtype)
    except TypeError as error:
        raise InvalidParameterError(
            f"The 'dtype' parameter is not a numpy dtype: {error}"
        ) from None
    if checked.kind not in "biufc" or checked == np.float16:
        raise InvalidParameterError(
            f"scipy.sparse does not support dtype {checked.name}: the 'dtype' parameter must be "
            "a boolean, integer, float32/float64 or complex dtype"
        )
    if real and checked.kind == "c":
        raise InvalidParameterError(
            f"Complex data not supported (the 'dtype' parameter is {checked.name})"
        )
    return checked


class TextParams:
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
        check_choice("input", self.input, ("content", "filename", "file"))
        check_choice("decode_error", self.decode_error, ("strict", "ignore", "replace"))
        if not isinstance(self.encoding, str):
            raise InvalidParameterError(
                f"The 'encoding' parameter must be a str, got {self.encoding!r}"
            )
        check_n_jobs(self.n_jobs)
        plan = plan_of(self)
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

        >>> from storylens import CountVectorizer
        >>> CountVectorizer(encoding="latin-1").decode(b"caf\\xe9")
        'café'
        """
        (content,) = read_inputs([doc], self.input)
        return decode_one(content, 0, self.encoding, self.decode_error)

    def build_preprocessor(self) -> Any:
        """The preprocessing (lowercase, accents) as a callable, like scikit-learn's.

        >>> from storylens import CountVectorizer
        >>> CountVectorizer(strip_accents="ascii").build_preprocessor()("Café")
        'cafe'
        """
        if not (self.strip_accents is None or callable(self.strip_accents)):
            check_choice("strip_accents", self.strip_accents, ("ascii", "unicode", None))
        return python_preprocessor(bool(self.lowercase), self.strip_accents, self.preprocessor)

    def build_tokenizer(self) -> Any:
        """A callable splitting a preprocessed string into tokens, like scikit-learn's.

        >>> from storylens import CountVectorizer
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

        >>> from storylens import CountVectorizer
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

        >>> from storylens import CountVectorizer
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

"""``CorpusStats``: what a vectorizer's fit needs to know about a set of documents, in a form
where two sets add up.

The statistics hold the number of documents and, for every term, its document frequency and
total count, computed by the Rust core (``src/vectorize/corpus_stats.rs``). Two statistics
merge by addition, so a corpus counted in parts, on one machine or on a cluster, gives the
statistics of the whole; a vectorizer fits from them (``fit_from_stats``) exactly as ``fit``
fits from the texts, and can fit again with other ``min_df``, ``max_df`` or ``max_features``
without reading the texts again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from storylens import _core
from storylens.exceptions import InvalidParameterError, ModelFileError
from storylens.feature_extraction._params import TextParams
from storylens.feature_extraction._persistence import (
    _decode_param,
    _encode_param,
    write_atomically,
)
from storylens.text._analysis import PLAN_PARAMETERS
from storylens.text._inputs import DEFAULT_TOKEN_PATTERN

__all__ = ["CorpusStats"]

#: The parameters that decide which terms a text yields: statistics counted with different
#: values do not merge, and a vectorizer only fits from statistics of its own analysis.
ANALYSIS_PARAMETERS: tuple[str, ...] = (*PLAN_PARAMETERS, "encoding", "decode_error")

#: Vectorizer parameters that choose or weigh columns: statistics hold every term, so they
#: do not depend on these, and ``from_texts`` accepts and ignores them.
_FIT_ONLY_PARAMETERS = frozenset(
    {
        "max_df",
        "min_df",
        "max_features",
        "vocabulary",
        "binary",
        "dtype",
        "keep_stats",
        "norm",
        "use_idf",
        "smooth_idf",
        "sublinear_tf",
    }
)


def _describe(name: str, value: Any) -> Any:
    """A parameter value as JSON; a callable by its qualified name (statistics cannot tell two
    callables of the same name apart)."""
    if callable(value) and not isinstance(value, type):
        module = getattr(value, "__module__", None) or "builtins"
        return {"callable": f"{module}.{getattr(value, '__qualname__', type(value).__name__)}"}
    try:
        return _encode_param(name, value)
    except InvalidParameterError:
        return {"repr": repr(value)}


def analysis_key(owner: TextParams) -> str:
    """How ``owner`` analyses text, as JSON text: the statistics' ``analysis``."""
    described = {name: _describe(name, getattr(owner, name)) for name in ANALYSIS_PARAMETERS}
    return json.dumps(described, ensure_ascii=False, sort_keys=True)


def _decoded(described: Any) -> Any:
    """A described parameter value as the user gave it; a callable stays a description."""
    try:
        return _decode_param(described)
    except ModelFileError:
        return described


def _shown(described: Any) -> str:
    """A described parameter value as the user wrote it, where it can be decoded."""
    try:
        return repr(_decode_param(described))
    except ModelFileError:
        return json.dumps(described)


def check_same_analysis(first: str, second: str, *, what: str, against: str) -> None:
    """Raises InvalidParameterError naming every parameter whose value differs."""
    if first == second:
        return
    ours, theirs = json.loads(first), json.loads(second)
    differing = sorted(name for name in {*ours, *theirs} if ours.get(name) != theirs.get(name))
    details = "; ".join(
        f"{name}={_shown(ours.get(name))}, not {_shown(theirs.get(name))}" for name in differing
    )
    raise InvalidParameterError(
        f"{what} were counted with other analyzer settings than {against} ({details}), so "
        "their terms do not match: count them with the same settings."
    )


def count_stats(owner: TextParams, raw_documents: Any) -> _core.CorpusStats:
    """The core statistics of ``raw_documents`` analysed with ``owner``'s parameters (a set
    without any term gives statistics without terms)."""
    plan = owner._plan()
    documents = owner._core_documents(raw_documents, plan)
    counted = _core.count_fit(
        plan.core, documents, owner.n_jobs, owner.encoding, owner.decode_error, True
    )
    return counted.corpus_stats(analysis_key(owner))


class _TextAnalysis(TextParams):
    """The analysis parameters alone, with the vectorizers' defaults (a test keeps them
    equal), for :meth:`CorpusStats.from_texts`."""

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
        self.stem = stem
        self.n_jobs = n_jobs


class CorpusStats:
    """The statistics of a set of documents: the number of documents and, per term, its
    document frequency and total count. Statistics merge with ``+`` (or :meth:`merge`), so a
    corpus counted in parts gives the statistics of the whole; a vectorizer fits from them
    with ``fit_from_stats``, exactly as ``fit`` would on the texts.

    Statistics hold every term of the documents: keep them as you keep the texts. A fitted
    vectorizer never saves or pickles them (only its vocabulary); they pickle and save
    (:meth:`save`, :meth:`load`) on their own.

    >>> from storylens import CorpusStats, TfidfVectorizer
    >>> today = CorpusStats.from_texts(["rain in the north", "rain again"])
    >>> tomorrow = CorpusStats.from_texts(["sun in the north"])
    >>> both = today + tomorrow
    >>> both
    CorpusStats(n_documents=3, n_terms=6)
    >>> v = TfidfVectorizer().fit_from_stats(both)
    >>> v.get_feature_names_out().tolist()
    ['again', 'in', 'north', 'rain', 'sun', 'the']
    >>> bool((v.idf_ == TfidfVectorizer().fit(["rain in the north", "rain again",
    ...                                         "sun in the north"]).idf_).all())
    True
    """

    __slots__ = ("_stats",)

    def __init__(self, stats: _core.CorpusStats) -> None:
        """Wraps the core's statistics; build statistics with :meth:`from_texts` or a
        vectorizer's ``partial_fit``."""
        if not isinstance(stats, _core.CorpusStats):
            raise InvalidParameterError(
                "CorpusStats(...) wraps the core's statistics; use CorpusStats.from_texts(texts)"
            )
        self._stats = stats

    @classmethod
    def from_texts(cls, raw_documents: Any, **params: Any) -> CorpusStats:
        """The statistics of ``raw_documents``, analysed as a vectorizer with ``params``
        analyses them (``analyzer``, ``ngram_range``, ``stop_words``, ``token_pattern``,
        ``lowercase``, ``strip_accents``, ``stem``, ...). Parameters that only choose or
        weigh columns (``min_df``, ``max_features``, ``norm``, ...) are accepted and
        ignored, so ``**vectorizer.get_params()`` works.

        >>> CorpusStats.from_texts(["a wire story", "wire"], ngram_range=(1, 2)).n_terms
        3
        """
        analysis = {k: v for k, v in params.items() if k not in _FIT_ONLY_PARAMETERS}
        try:
            owner = _TextAnalysis(**analysis)
        except TypeError as error:
            raise InvalidParameterError(f"CorpusStats.from_texts: {error}") from None
        return cls(count_stats(owner, raw_documents))

    @property
    def n_documents(self) -> int:
        """How many documents were counted.

        >>> CorpusStats.from_texts(["one", "two", ""]).n_documents
        3
        """
        return self._stats.n_documents

    @property
    def n_terms(self) -> int:
        """How many distinct terms the documents have.

        >>> CorpusStats.from_texts(["to be or not to be"]).n_terms
        4
        """
        return self._stats.n_terms

    @property
    def analysis(self) -> dict[str, Any]:
        """The analyzer settings the documents were counted with (callables by name).

        >>> CorpusStats.from_texts(["x"], ngram_range=(1, 2)).analysis["ngram_range"]
        (1, 2)
        """
        described: dict[str, Any] = json.loads(self._stats.analysis)
        return {name: _decoded(value) for name, value in described.items()}

    def merge(self, other: CorpusStats) -> CorpusStats:
        """The statistics of both sets of documents (the same as ``self + other``).

        >>> a, b = CorpusStats.from_texts(["red sky"]), CorpusStats.from_texts(["red sea"])
        >>> a.merge(b).n_terms
        3
        """
        if not isinstance(other, CorpusStats):
            raise InvalidParameterError(
                f"CorpusStats merge with CorpusStats, not {type(other).__name__}"
            )
        check_same_analysis(
            self._stats.analysis, other._stats.analysis, what="These statistics", against="those"
        )
        return CorpusStats(self._stats.merge(other._stats))

    def __add__(self, other: Any) -> CorpusStats:
        if not isinstance(other, CorpusStats):
            return NotImplemented
        return self.merge(other)

    def __radd__(self, other: Any) -> CorpusStats:
        # sum(parts) starts from 0.
        if isinstance(other, int) and other == 0:
            return self
        return NotImplemented

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CorpusStats) and self._stats == other._stats

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"CorpusStats(n_documents={self.n_documents}, n_terms={self.n_terms})"

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (CorpusStats.from_json, (self.to_json(),))

    def to_json(self) -> str:
        """The statistics as versioned JSON text (what :meth:`save` writes).

        >>> CorpusStats.from_texts(["cat"]).to_json()[:40]
        '{"format":"storylens-corpus-stats","form'
        """
        return self._stats.to_json()

    @classmethod
    def from_json(cls, text: str) -> CorpusStats:
        """Statistics from :meth:`to_json`'s text, validated: a broken or foreign text raises
        :class:`~storylens.exceptions.ModelFileError`.

        >>> stats = CorpusStats.from_texts(["cat"])
        >>> CorpusStats.from_json(stats.to_json()) == stats
        True
        """
        if not isinstance(text, str):
            raise ModelFileError(f"corpus statistics are JSON text, not {type(text).__name__}")
        return cls(_core.CorpusStats.from_json(text))

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the statistics to a JSON file.

        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "stats.json")
        >>> CorpusStats.from_texts(["saved words"]).save(path)
        >>> CorpusStats.load(path).n_terms
        2
        """
        write_atomically(Path(path), self.to_json())

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> CorpusStats:
        """Read statistics written by :meth:`save`, validated (see :meth:`from_json`).

        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "stats.json")
        >>> CorpusStats.from_texts(["one", "two"]).save(path)
        >>> CorpusStats.load(path).n_documents
        2
        """
        try:
            text = Path(path).read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise ModelFileError(f"{path} holds no corpus statistics: {error}") from None
        try:
            return cls.from_json(text)
        except ModelFileError as error:
            raise ModelFileError(f"{path}: {error}") from None

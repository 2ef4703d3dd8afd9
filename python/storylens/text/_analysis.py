"""From scikit-learn-style text parameters to a core analyzer (plus, where a Python callable or
a pattern Rust cannot run exactly is involved, the Python step that runs before it)."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from numbers import Integral
from typing import Any

import numpy as np

from storylens import _core
from storylens.exceptions import InvalidParameterError
from storylens.text._inputs import DEFAULT_TOKEN_PATTERN, apply_python_stage, lone_surrogate
from storylens.text._offsets import (
    Located,
    Traced,
    builtin_trace,
    callable_locator,
    callable_trace,
    regex_locator,
)
from storylens.text._patterns import compile_token_pattern
from storylens.text._unicode import ensure_tables

NEWS = "news"


def is_scikit_learn_list(stop_words: Any) -> bool:
    """Whether ``stop_words`` names English (``'english'``, ``'English'``, ``'en'``), which
    means scikit-learn's own list."""
    return isinstance(stop_words, str) and _core.resolve_language(stop_words) == "english"


def resolve_stop_words(stop_words: Any) -> list[str] | None:
    """``'english'`` (or ``'English'``, ``'en'``) is scikit-learn's own list (read from it,
    never copied); other language names and ISO codes come from the stop-words crate; a list or
    set is used as given."""
    if stop_words is None:
        return None
    if isinstance(stop_words, str):
        if is_scikit_learn_list(stop_words):
            from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

            return sorted(ENGLISH_STOP_WORDS)
        try:
            return list(_core.stop_words(stop_words))
        except ValueError as error:
            raise InvalidParameterError(
                f"not a built-in stop list: {stop_words} ({error})"
            ) from None
    if isinstance(stop_words, Iterable):
        words = list(stop_words)
        for position, word in enumerate(words):
            if not isinstance(word, str):
                raise InvalidParameterError(
                    f"invalid value for parameter 'stop_words': item {position} is a "
                    f"{type(word).__name__}, expected str"
                )
            if lone_surrogate(word) is not None:
                raise InvalidParameterError(
                    f"invalid value for parameter 'stop_words': item {position} is not valid "
                    "Unicode text (it contains a lone surrogate)"
                )
        return words
    raise InvalidParameterError(
        "invalid value for parameter 'stop_words': expected None, a language name or a list, "
        f"got {stop_words!r}"
    )


def python_preprocessor(
    lowercase: bool, strip_accents: Any, preprocessor: Callable[[str], str] | None
) -> Callable[[str], str]:
    """scikit-learn's preprocessing, for the paths where Python runs before the core."""
    if preprocessor is not None:
        return preprocessor
    from sklearn.feature_extraction.text import strip_accents_ascii, strip_accents_unicode

    if callable(strip_accents):
        accents: Callable[[str], str] | None = strip_accents
    elif strip_accents == "ascii":
        accents = strip_accents_ascii
    elif strip_accents == "unicode":
        accents = strip_accents_unicode
    else:
        accents = None

    def preprocess(doc: str) -> str:
        if lowercase:
            doc = doc.lower()
        if accents is not None:
            doc = accents(doc)
        return doc

    return preprocess


@dataclass
class AnalysisPlan:
    """A core analyzer and the optional Python step that feeds it.

    ``stage_kind`` is ``None`` (the core reads the documents), ``"text"`` (Python preprocesses,
    the core tokenises), ``"tokens"`` (Python tokenises) or ``"features"`` (Python analyses).
    """

    core: Any
    stage: Callable[[str], Any] | None = None
    stage_kind: str | None = None
    #: For ``"tokens"``: the Python tokenisation again, with each token's span in the original.
    locate: Callable[[str], list[Located]] | None = None
    #: For ``"text"``: the Python preprocessing again, with each char's source in the original.
    trace: Callable[[str], Traced] | None = None

    def prepare(self, documents: list[Any], encoding: str, decode_error: str) -> list[Any]:
        """What the core receives: the documents themselves, or the Python step's output."""
        if self.stage is None:
            return documents
        return apply_python_stage(
            documents, self.stage, encoding, decode_error, self.stage_kind != "text"
        )


def unused_parameters(
    *,
    analyzer: Any,
    tokenizer: Any,
    token_pattern: str | None,
    preprocessor: Any,
    ngram_range: Any,
    stop_words: Any,
) -> list[str]:
    """scikit-learn's warnings for parameters the other parameters make unused, in its order
    and words (its ``_warn_for_unused_params``, given at fit). ``tokenizer="news"`` with the
    default pattern is not warned of: the pattern is simply the default."""
    messages = []
    if tokenizer is not None and token_pattern is not None:
        if not (tokenizer == NEWS and token_pattern == DEFAULT_TOKEN_PATTERN):
            messages.append(
                "The parameter 'token_pattern' will not be used since 'tokenizer' is not None'"
            )
    if preprocessor is not None and callable(analyzer):
        messages.append(
            "The parameter 'preprocessor' will not be used since 'analyzer' is callable'"
        )
    if ngram_range != (1, 1) and ngram_range is not None and callable(analyzer):
        messages.append(
            "The parameter 'ngram_range' will not be used since 'analyzer' is callable'"
        )
    if callable(analyzer) or analyzer != "word":
        if stop_words is not None:
            messages.append(
                "The parameter 'stop_words' will not be used since 'analyzer' != 'word'"
            )
        if token_pattern is not None and token_pattern != DEFAULT_TOKEN_PATTERN:
            messages.append(
                "The parameter 'token_pattern' will not be used since 'analyzer' != 'word'"
            )
        if tokenizer is not None:
            messages.append("The parameter 'tokenizer' will not be used since 'analyzer' != 'word'")
    return messages


def warn_unused_parameters(owner: Any, *, stacklevel: int, token_pattern: Any = ...) -> None:
    """Gives :func:`unused_parameters`' warnings for the text parameters of ``owner``
    (``token_pattern`` overrides the owner's)."""
    for message in unused_parameters(
        analyzer=owner.analyzer,
        tokenizer=owner.tokenizer,
        token_pattern=owner.token_pattern if token_pattern is ... else token_pattern,
        preprocessor=owner.preprocessor,
        ngram_range=owner.ngram_range,
        stop_words=owner.stop_words,
    ):
        warnings.warn(message, UserWarning, stacklevel=stacklevel + 1)


def check_n_jobs(n_jobs: Any) -> None:
    """``n_jobs`` is None (all cores) or a non-zero int (negative counts back from all)."""
    if n_jobs is not None and (
        not isinstance(n_jobs, Integral)
        or isinstance(n_jobs, bool)
        or n_jobs == 0
        or not -(2**63) <= int(n_jobs) < 2**63
    ):
        raise InvalidParameterError(
            f"The 'n_jobs' parameter must be None or a non-zero int, got {n_jobs!r}"
        )


def check_choice(name: str, value: Any, choices: tuple[Any, ...]) -> None:
    if value not in choices:
        raise InvalidParameterError(
            f"The '{name}' parameter must be one of {choices}, got {value!r}"
        )


#: The estimator parameters an analysis plan is built from (same names on the vectorizers and
#: the Tokenizer).
PLAN_PARAMETERS = (
    "analyzer",
    "tokenizer",
    "token_pattern",
    "lowercase",
    "strip_accents",
    "preprocessor",
    "stop_words",
    "stem",
    "ngram_range",
)


def plan_of(estimator: Any) -> AnalysisPlan:
    """The analysis plan of an estimator's current parameters (see :data:`PLAN_PARAMETERS`)."""
    return build_plan(**{name: getattr(estimator, name) for name in PLAN_PARAMETERS})


def build_plan(
    *,
    analyzer: Any = "word",
    tokenizer: Any = None,
    token_pattern: str | None = DEFAULT_TOKEN_PATTERN,
    lowercase: bool = True,
    strip_accents: Any = None,
    preprocessor: Callable[[str], str] | None = None,
    stop_words: Any = None,
    stem: str | None = None,
    ngram_range: tuple[int, int] = (1, 1),
) -> AnalysisPlan:
    """Compiles the parameters; invalid ones raise ValueError naming the parameter."""
    ensure_tables()
    if not isinstance(lowercase, (bool, np.bool_)):
        raise InvalidParameterError(f"The 'lowercase' parameter must be a bool, got {lowercase!r}")
    lowercase = bool(lowercase)
    if preprocessor is not None and not callable(preprocessor):
        raise InvalidParameterError("The 'preprocessor' parameter must be None or a callable")
    if not (
        isinstance(ngram_range, tuple)
        and len(ngram_range) == 2
        and all(isinstance(n, Integral) and not isinstance(n, bool) for n in ngram_range)
        and 1 <= ngram_range[0] <= ngram_range[1]
    ):
        raise InvalidParameterError(
            f"Invalid value for ngram_range={ngram_range!r}: need a tuple (min_n, max_n) of "
            "integers with 1 <= min_n <= max_n (lower boundary larger than the upper boundary?)"
        )
    if not (strip_accents is None or callable(strip_accents)):
        check_choice("strip_accents", strip_accents, ("ascii", "unicode", None))
    # No document has 2**40 tokens, so longer n-grams than that are as absent as those of any
    # length beyond the document's; the core takes machine-sized integers.
    ngram_range = (min(int(ngram_range[0]), 2**40), min(int(ngram_range[1]), 2**40))
    if stem is not None:
        if not isinstance(stem, str) or _core.resolve_language(stem) is None:
            raise InvalidParameterError(
                f"The 'stem' parameter must be None or one of {sorted(_core.stem_languages())} "
                f"(or its ISO 639-1 code), got {stem!r}"
            )
    if callable(analyzer):
        return AnalysisPlan(_core.Analyzer(kind="features"), analyzer, "features")
    check_choice("analyzer", analyzer, ("word", "char", "char_wb"))
    python_preprocessing = preprocessor is not None or callable(strip_accents)
    core_lowercase = lowercase and not python_preprocessing
    core_accents = None if python_preprocessing else strip_accents
    preprocess = python_preprocessor(lowercase, strip_accents, preprocessor)
    trace = (
        callable_trace(preprocess)
        if python_preprocessing
        else builtin_trace(lowercase, strip_accents)
    )
    text_stage: dict[str, Any] = (
        {"stage": preprocess, "stage_kind": "text", "trace": trace} if python_preprocessing else {}
    )

    if analyzer in ("char", "char_wb"):
        if stem is not None:
            raise InvalidParameterError("The 'stem' parameter only applies to analyzer='word'")
        core = _core.Analyzer(
            kind=analyzer,
            lowercase=core_lowercase,
            strip_accents=core_accents,
            ngram_range=ngram_range,
        )
        return AnalysisPlan(core, **text_stage)

    stop_list = resolve_stop_words(stop_words)
    common: dict[str, Any] = {"stop_words": stop_list, "stem": stem, "ngram_range": ngram_range}
    if callable(tokenizer):

        def tokenize(doc: str) -> Any:
            return tokenizer(preprocess(doc))

        return AnalysisPlan(
            _core.Analyzer(kind="tokens", **common),
            tokenize,
            "tokens",
            locate=callable_locator(tokenizer, trace),
        )
    if tokenizer == NEWS:
        core = _core.Analyzer(
            kind="word",
            tokenizer="news",
            lowercase=core_lowercase,
            strip_accents=core_accents,
            fold_typography=True,
            **common,
        )
        return AnalysisPlan(core, **text_stage)
    if tokenizer is not None:
        raise InvalidParameterError(
            f"The 'tokenizer' parameter must be None, 'news' or a callable, got {tokenizer!r}"
        )
    if not isinstance(token_pattern, str):
        raise InvalidParameterError(
            "The 'token_pattern' parameter must be a str when no tokenizer is given, "
            f"got {token_pattern!r}"
        )
    try:
        compiled = compile_token_pattern(token_pattern)
    except re.error as error:
        raise InvalidParameterError(
            f"The 'token_pattern' parameter is not a valid regex: {error}"
        ) from None
    core_options: dict[str, Any] = {
        "kind": "word",
        "lowercase": core_lowercase,
        "strip_accents": core_accents,
        **common,
    }
    if compiled.kind == "runs":
        core = _core.Analyzer(
            tokenizer="runs", min_len=compiled.min_len, max_len=compiled.max_len, **core_options
        )
        return AnalysisPlan(core, **text_stage)
    if compiled.kind == "regex":
        try:
            core = _core.Analyzer(tokenizer="regex", pattern=compiled.rust, **core_options)
            return AnalysisPlan(core, **text_stage)
        except ValueError:
            pass  # Too large for the Rust engine: Python's re gives the same tokens.
    findall = compiled.python.findall

    def tokenize_with_re(doc: str) -> Any:
        return findall(preprocess(doc))

    return AnalysisPlan(
        _core.Analyzer(kind="tokens", **common),
        tokenize_with_re,
        "tokens",
        locate=regex_locator(compiled.python, trace),
    )

"""``Tokenizer``: the vectorizers' text analysis on its own, with offsets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

from sklearn.base import BaseEstimator

from storylens import _core
from storylens.exceptions import InvalidParameterError
from storylens.text._analysis import (
    AnalysisPlan,
    check_n_jobs,
    plan_of,
    warn_unused_parameters,
)
from storylens.text._inputs import DEFAULT_TOKEN_PATTERN, as_document_list, decode_one
from storylens.text._offsets import map_core_offsets
from storylens.text.sentences import Sentence, split_sentences

__all__ = ["Token", "Tokenizer"]

T = TypeVar("T")


def _per_document(documents: list[Any], step: Callable[[str], T]) -> list[T]:
    """``step`` on every document (decoded as UTF-8); an error names the document."""
    results = []
    for index, item in enumerate(documents):
        doc = decode_one(item, index, "utf-8", "strict")
        try:
            results.append(step(doc))
        except (ValueError, TypeError) as error:
            try:
                named = type(error)(f"document {index}: {error}")
            except Exception:  # a type whose constructor wants more (UnicodeDecodeError)
                error.add_note(f"in document {index}")
                raise error from None
            raise named from error
    return results


class Token(NamedTuple):
    """A token and where it came from: ``text[start:end]`` (code-point offsets).

    >>> text = "Hello world"
    >>> token = Tokenizer().tokenize_with_offsets([text])[0][1]
    >>> token, text[token.start : token.end]
    (Token(text='world', start=6, end=11), 'world')
    """

    text: str
    start: int
    end: int


class Tokenizer(BaseEstimator):  # type: ignore[misc]
    """Tokenise texts exactly as the vectorizers do (scikit-learn's rules by default).

    ``tokenizer="news"`` picks the news-aware rules: typographic apostrophes folded, the
    possessive 's dropped, hyphenated words and abbreviations such as U.S. kept whole (and
    US, written in capitals, is U.S.), numbers kept. ``stem`` names a Snowball language; stop
    words are removed before stemming.

    >>> Tokenizer().tokenize(["Russia’s build-up in the U.S. story"])
    [['russia', 'build', 'up', 'in', 'the', 'story']]
    >>> news = Tokenizer(tokenizer="news", stop_words="english")
    >>> news.tokenize(["Russia’s build-up in the U.S."])
    [['russia', 'build-up', 'u.s.']]

    An initialism in capitals is its dotted spelling, so "US" is the country and "us" the
    pronoun (a stop word):

    >>> news.tokenize(["The US warned us"])
    [['u.s.', 'warned']]
    """

    def __init__(
        self,
        *,
        lowercase: bool = True,
        strip_accents: Any = None,
        token_pattern: str | None = DEFAULT_TOKEN_PATTERN,
        tokenizer: Any = None,
        stop_words: Any = None,
        stem: str | None = None,
        ngram_range: tuple[int, int] = (1, 1),
        analyzer: Any = "word",
        preprocessor: Any = None,
        n_jobs: int | None = None,
    ) -> None:
        self.lowercase = lowercase
        self.strip_accents = strip_accents
        self.token_pattern = token_pattern
        self.tokenizer = tokenizer
        self.stop_words = stop_words
        self.stem = stem
        self.ngram_range = ngram_range
        self.analyzer = analyzer
        self.preprocessor = preprocessor
        self.n_jobs = n_jobs

    def _plan(self) -> AnalysisPlan:
        check_n_jobs(self.n_jobs)
        # Unlike scikit-learn's vectorizers, no warning that a callable tokenizer leaves the
        # default pattern unused: Tokenizer(tokenizer=f) should not need token_pattern=None.
        default = self.token_pattern == DEFAULT_TOKEN_PATTERN
        warn_unused_parameters(
            self, stacklevel=3, token_pattern=None if default else self.token_pattern
        )
        return plan_of(self)

    def _core_analyzer(self) -> _core.Analyzer:
        """The compiled core analyzer, for core functions that find words as this Tokenizer
        does without handing them to Python (the reuse map's shingles). Only settings that
        run wholly in the core have one.

        >>> Tokenizer(tokenizer="news")._core_analyzer().analyze_many(["U.S. ports"])
        [['u.s.', 'ports']]
        """
        plan = self._plan()
        if plan.stage is not None:
            raise InvalidParameterError(
                "this Tokenizer runs a Python step (a callable, or a pattern only Python's re "
                "can run), so the core cannot tokenise with it alone"
            )
        analyzer: _core.Analyzer = plan.core
        return analyzer

    def tokenize(self, texts: Any) -> list[list[str]]:
        """The tokens (or n-grams) of each text, one list per input row, in order.

        >>> Tokenizer(stem="english").tokenize(["Talks were running late"])
        [['talk', 'were', 'run', 'late']]
        """
        plan = self._plan()
        documents = plan.prepare(as_document_list(texts), "utf-8", "strict")
        result: list[list[str]] = plan.core.analyze_many(documents, self.n_jobs)
        return result

    def tokenize_with_offsets(self, texts: Any) -> list[list[Token]]:
        """Tokens with their ``(start, end)`` offsets into the original text, counted in Python
        str indices, so ``text[start:end]`` is the stretch of text the token was made from.

        A word n-gram spans its first to its last token, and a char n-gram its first to its
        last char (a collapsed run of whitespace spans the whole run; the spaces that pad a
        word for ``analyzer='char_wb'`` are empty spans at its edges). Every setting has
        offsets except a callable ``analyzer``, whose features are not located in the text:
        - a ``token_pattern`` only Python's ``re`` can run is matched again with
          ``re.finditer``;
        - a callable ``tokenizer``'s tokens are found in order in the text it was given (a
          token it rewrote, so that it is not in that text, raises ValueError);
        - a callable ``preprocessor`` or ``strip_accents`` is traced char by char (one that
          does not rewrite char by char raises ValueError).

        >>> text = "Défense chiefs"
        >>> [(t.text, text[t.start:t.end]) for t in Tokenizer().tokenize_with_offsets([text])[0]]
        [('défense', 'Défense'), ('chiefs', 'chiefs')]
        >>> Tokenizer(token_pattern=r"\\w+(?=,)").tokenize_with_offsets(["Yes, no"])
        [[Token(text='yes', start=0, end=3)]]
        """
        plan = self._plan()
        documents = as_document_list(texts)
        if plan.stage is None:
            rows = plan.core.analyze_many_with_offsets(documents, self.n_jobs)
        elif plan.locate is not None:
            locate = plan.locate
            located = _per_document(documents, lambda doc: locate(doc))
            rows = plan.core.analyze_located_tokens_many(located, self.n_jobs)
        elif plan.trace is not None:
            trace = plan.trace
            traced = _per_document(documents, lambda doc: trace(doc))
            processed = [text for text, _starts, _ends in traced]
            core_rows = plan.core.analyze_many_with_offsets(processed, self.n_jobs)
            originals = [
                decode_one(doc, index, "utf-8", "strict") for index, doc in enumerate(documents)
            ]
            rows = map_core_offsets(core_rows, traced, originals)
        else:
            raise InvalidParameterError(
                "tokenize_with_offsets is not available with a callable analyzer: the features "
                "it returns are not located in the text"
            )
        return [[Token(*token) for token in row] for row in rows]

    def split_sentences(self, text: str, language: str | None = "english") -> list[Sentence]:
        """Sentences of ``text`` with offsets (see :func:`storylens.split_sentences`).

        >>> [s.start for s in Tokenizer().split_sentences("One. Two.")]
        [0, 5]
        """
        return split_sentences(text, language)

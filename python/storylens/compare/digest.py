"""The story digest (an extractive summary of the set) and each article's unique facts (the
sentences no other article reports)."""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from storylens import _core
from storylens.compare._coverage import cover_concepts, reading_order
from storylens.compare._readable import readability, sentence_shapes, starts_mid_word
from storylens.compare._vectorize import as_csr
from storylens.exceptions import InvalidParameterError
from storylens.text import Tokenizer
from storylens.views.html import digest_html

# Shorter sentences are fragments, datelines or captions; longer ones run-ons or unsplit lists.
MIN_WORDS = 6
MAX_SENTENCE_WORDS = 60

__all__ = ["Digest", "select_digest", "starts_mid_word", "unique_facts", "unique_sentences"]


@dataclass(frozen=True, eq=False)
class Digest:
    """The sentences that carry a story's common core, without repeats, in reading order
    (see :meth:`Comparison.digest`). ``str(digest)`` is the summary text; ``sentences`` a
    DataFrame of the chosen sentences: ``article``, ``sentence`` (index in the article),
    ``position`` (relative position in the article, 0 to 1), ``words`` and ``text``.

    >>> from storylens.datasets import load_sample
    >>> digest = load_sample().clean().compare().digest(max_words=80)
    >>> digest.words <= 80, list(digest.sentences.columns)
    (True, ['article', 'sentence', 'position', 'words', 'text'])
    """

    sentences: pd.DataFrame
    max_words: int

    @property
    def words(self) -> int:
        """Words in the digest (never more than ``max_words``).

        >>> from storylens.datasets import load_sample
        >>> load_sample().clean().compare().digest(max_words=50).words <= 50
        True
        """
        return int(self.sentences["words"].sum())

    def __str__(self) -> str:
        return " ".join(self.sentences["text"])

    def __repr__(self) -> str:
        return f"Digest({len(self.sentences)} sentences, {self.words}/{self.max_words} words)"

    def _repr_html_(self) -> str:
        return digest_html(repr(self), self.sentences)


def select_digest(
    sentences: pd.DataFrame,
    sentence_tfidf: Any,
    max_words: int,
    n_jobs: int | None,
    *,
    language: str | None = "english",
    stop_words: Any = None,
    stem: str | None = None,
    excluded: Iterable[int] = (),
) -> Digest:
    """The digest of a sentence table within ``max_words`` words: the sentences that cover
    most of the story's concepts (content-word bigrams, weighed by how many articles report
    them), favouring each article's opening, in reading order (see :mod:`_coverage`).

    Readability rules: a sentence that starts in the middle of a word, looks like a caption,
    opens on a pronoun whose antecedent is not chosen, names someone by surname only before a
    chosen sentence has given the full name, or repeats a chosen sentence is never taken; nor
    is any sentence of the articles in ``excluded`` (positions, e.g. those ``outliers``
    flags). ``stop_words`` and ``stem`` are the comparison's (concepts are stemmed content
    words). ``n_jobs`` is kept for the signature: the choice runs in one thread.

    >>> from storylens.datasets import load_sample
    >>> comparison = load_sample().clean().compare()
    >>> select_digest(comparison.sentences, comparison._sentence_tfidf, 40, None).words <= 40
    True
    """
    if isinstance(max_words, bool) or not isinstance(max_words, (int, np.integer)):
        raise InvalidParameterError(f"max_words must be an int, got {max_words!r}")
    if max_words < 1:
        raise InvalidParameterError(f"max_words must be positive, got {max_words}")
    texts = sentences["text"].tolist()
    article_of = sentences["article_index"].to_numpy(dtype=np.int64)
    index_in_article = sentences["sentence"].to_numpy(dtype=np.int64)
    words = sentences["words"].to_numpy(dtype=np.int64)
    stems = Tokenizer(tokenizer="news", stop_words=stop_words, stem=stem).tokenize(texts)
    shapes = sentence_shapes(texts, language)
    rules = readability(texts, index_in_article, language, shapes)
    counted = ~np.isin(article_of, np.fromiter(excluded, dtype=np.int64))
    # A sentence that starts in the middle of a word ("he tank at the plant split ...",
    # a drop cap lost in scraping) reads as a mistake in a summary.
    whole = ~shapes.starts_mid_word
    sized = (words >= MIN_WORDS) & (words <= MAX_SENTENCE_WORDS)
    allowed = rules.allowed & counted & whole & sized
    if not allowed.any():
        # Nothing passes the rules (a set of headlines, say): the digest still says something.
        allowed = counted & (words >= 1) if counted.any() else words >= 1
    chosen = cover_concepts(
        texts,
        stems,
        words,
        article_of,
        index_in_article,
        allowed,
        counted,
        rules,
        unit_rows(as_csr(sentence_tfidf)),
        int(max_words),
    )
    if len(chosen) == 0 and allowed.any():
        _warn_nothing_fits(int(max_words), int(words[allowed].min()))
    order = reading_order(chosen, sentences["position"].to_numpy(dtype=float), article_of, rules)
    picked = sentences.iloc[order]
    frame = picked[["article", "sentence", "position", "words", "text"]].reset_index(drop=True)
    return Digest(sentences=frame, max_words=int(max_words))


def _warn_nothing_fits(max_words: int, shortest: int) -> None:
    """An empty digest says why: the digest never cuts a sentence, and none fits the budget."""
    warnings.warn(
        f"the digest is empty: no sentence fits in max_words={max_words} (the shortest that "
        f"may go in the digest has {shortest} words, and sentences are never cut); "
        f"ask for max_words={shortest} or more",
        stacklevel=4,
    )


def unit_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """``matrix`` with every non-empty row scaled to unit length.

    >>> unit_rows(sp.csr_matrix([[3.0, 4.0], [0.0, 0.0]])).toarray().round(3).tolist()
    [[0.6, 0.8], [0.0, 0.0]]
    """
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)


def unique_sentences(
    reuse_rows: _core.ReuseRows,
    sentences: pd.DataFrame,
    sentence_tfidf: Any,
    n_articles: int,
    n_jobs: int | None,
) -> np.ndarray[Any, Any]:
    """The rows of the sentence table that no other article reports (no verbatim,
    near-verbatim or paraphrase match), by article, most relevant to the story first.

    >>> from storylens.datasets import load_sample
    >>> c = load_sample().clean().compare()
    >>> len(unique_sentences(c._reuse_rows, c.sentences, c._sentence_tfidf, 7, None)) > 0
    True
    """
    unique: np.ndarray[Any, Any] = _core.unique_sentences(
        reuse_rows,
        sentences["article_index"].to_numpy(dtype=np.int64),
        None,
        as_csr(sentence_tfidf),
        n_articles=n_articles,
        n_jobs=n_jobs,
    )
    return unique


def unique_facts(
    sentences: pd.DataFrame, unique: np.ndarray[Any, Any], article: int, top: int | None
) -> pd.DataFrame:
    """The unique sentences (rows ``unique`` of the sentence table) of the article at
    position ``article``, the first ``top`` of them (all with None).

    >>> import numpy as np, pandas as pd
    >>> table = pd.DataFrame({"article": ["a", "b"], "article_index": [0, 1],
    ...                       "sentence": [0, 0], "text": ["Acid.", "Tank."]})
    >>> unique_facts(table, np.array([1, 0]), 1, None)["text"].tolist()
    ['Tank.']
    """
    chosen = unique[sentences["article_index"].to_numpy(dtype=np.int64)[unique] == article]
    picked: pd.DataFrame = sentences.iloc[chosen[:top] if top is not None else chosen]
    return picked[["article", "sentence", "text"]].reset_index(drop=True)

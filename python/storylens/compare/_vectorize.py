"""How a comparison vectorises its set: the default stop words, the background that gives the
IDF a sense of common words, the surface words that name stemmed features, and the CSR parts
the core's comparison kernels take."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from storylens import _core
from storylens.articles import ArticleSet
from storylens.exceptions import DocumentTypeError, InvalidDocumentError, InvalidParameterError
from storylens.feature_extraction import TfidfVectorizer
from storylens.text import Tokenizer


def background_texts(background: Any) -> list[str] | None:
    """The texts of a ``background`` given as an ArticleSet or a list of texts (None for no
    background or a fitted TfidfVectorizer, whose IDF is used as it is)."""
    if background is None or isinstance(background, TfidfVectorizer):
        return None
    if isinstance(background, ArticleSet):
        return [article.text for article in background]
    if isinstance(background, (str, bytes)):
        raise InvalidParameterError(
            "background must be an ArticleSet, a list of texts or a TfidfVectorizer"
        )
    texts = list(background)
    for position, text in enumerate(texts):
        if not isinstance(text, str):
            raise DocumentTypeError(
                f"background[{position}] must be a str, got {type(text).__name__}"
            )
    if not texts:
        raise InvalidDocumentError("background holds no texts")
    return texts


def language_stop_words(language: str, tokenizer: Any) -> list[str] | None:
    """The full stopwords-iso list of ``language`` (None for a language without one), less
    the words ``tokenizer`` never yields whole ("quelqu'un" under scikit-learn's pattern):
    those can never match a token, and scikit-learn's consistency check would warn of them.
    """
    try:
        words = list(_core.stop_words(language))
    except ValueError:
        return None
    tokenized = Tokenizer(tokenizer=tokenizer).tokenize(words)
    return [word for word, tokens in zip(words, tokenized, strict=True) if tokens == [word]]


def display_names(
    texts: Sequence[str], terms: np.ndarray[Any, Any], stem: str | None, stop_words: Any
) -> np.ndarray[Any, Any]:
    """Each feature's most frequent surface word in ``texts`` (stems are not words; an
    n-gram's parts are named one by one); the features themselves when nothing is stemmed."""
    if stem is None:
        return terms
    surface = Tokenizer(tokenizer="news", stop_words=stop_words, lowercase=True)
    stemmer = Tokenizer(tokenizer="news", stop_words=stop_words, stem=stem)
    # One Counter of (stem, word) pairs, counted at C speed, then the best word of each stem:
    # a Counter per stem filled in a Python loop took a second at 1,000 articles.
    pairs: Counter[tuple[str, str]] = Counter()
    for words, stems in zip(surface.tokenize(texts), stemmer.tokenize(texts), strict=True):
        if len(words) == len(stems):
            pairs.update(zip(stems, words, strict=True))
    best: dict[str, tuple[int, str]] = {}
    for (stemmed, word), count in pairs.items():
        known = best.get(stemmed)
        if known is None or (-count, word) < known:
            best[stemmed] = (-count, word)
    forms = {stemmed: word for stemmed, (_, word) in best.items()}
    display = np.empty(len(terms), dtype=object)
    for position, term in enumerate(terms):
        parts = str(term).split(" ")
        display[position] = " ".join(forms.get(part, part) for part in parts)
    return display


def as_csr(matrix: Any) -> sp.csr_matrix:
    """``matrix`` as float64 CSR in canonical form, what the core's kernels take: sorted
    indices, duplicate entries summed (scipy's meaning of them) and no stored zeros (which
    the kernels would read as shared terms). The caller's matrix is never changed: a
    matrix that needs any of this is copied first.

    >>> as_csr([[0.0, 2.0], [1.0, 0.0]]).indices.tolist()
    [1, 0]
    >>> as_csr(sp.csr_matrix(([1.0, 1.0, 0.0], [0, 0, 1], [0, 3]), shape=(1, 2))).toarray()
    array([[2., 0.]])
    """
    csr = sp.csr_matrix(matrix, dtype=np.float64)
    if not csr.has_canonical_format or not csr.data.all():
        csr = csr.copy()
        csr.sum_duplicates()
        csr.eliminate_zeros()
    return csr

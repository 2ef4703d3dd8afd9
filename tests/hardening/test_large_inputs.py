"""Large and many documents, at a size CI can afford: one 5 MB document and 50,000 tiny
documents with empty strings among them give scikit-learn's vocabulary and matrix exactly,
with one row per input in order (an empty string's row is empty). The full sizes (200 MB,
a million documents) and their peak memory are measured in benches/large_inputs.py."""

from __future__ import annotations

import itertools
import random
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction import text as sk
from storylens import (
    ArticleSet,
    CountVectorizer,
    HashingVectorizer,
    TfidfVectorizer,
    Tokenizer,
    split_sentences,
)
from storylens.exceptions import InvalidDocumentError

MB = 1_000_000
TINY_COUNT = 50_000
#: Where the empty strings sit among the tiny documents: the first, some inside, the last.
EMPTY_AT = (0, 1, 777, 25_000, 25_001, TINY_COUNT - 1)
SYLLABLES = ["ka", "lo", "mer", "tun", "si", "bra", "ve", "dor", "pel", "qui", "han", "zo"]


def _words(rng: random.Random, size: int) -> list[str]:
    return sorted({"".join(rng.choices(SYLLABLES, k=rng.randint(1, 4))) for _ in range(size)})


def _sentences(size_bytes: int) -> list[str]:
    """Invented prose, sentence by sentence, each ending with a full stop."""
    rng = random.Random(5)
    words = _words(rng, 20_000)
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))
    sentences, length = [], 0
    while length < size_bytes:
        sentence = (
            " ".join(rng.choices(words, cum_weights=cumulative, k=rng.randint(6, 20))).capitalize()
            + "."
        )
        sentences.append(sentence)
        length += len(sentence) + 1
    return sentences


@pytest.fixture(scope="module")
def large_document() -> tuple[str, int]:
    """A single 5 MB document (paragraph breaks every tenth sentence) and its sentence count."""
    sentences = _sentences(5 * MB)
    text = "".join(
        sentence + ("\n\n" if index % 10 == 9 else " ") for index, sentence in enumerate(sentences)
    )
    return text, len(sentences)


@pytest.fixture(scope="module")
def tiny_documents() -> list[str]:
    """50,000 documents of one to five words, empty strings at ``EMPTY_AT``."""
    rng = random.Random(50)
    words = _words(rng, 5_000)
    documents = [" ".join(rng.choices(words, k=rng.randint(1, 5))) for _ in range(TINY_COUNT)]
    for index in EMPTY_AT:
        documents[index] = ""
    return documents


def _assert_same_matrix(ours: Any, theirs: Any, exact: bool) -> None:
    ours, theirs = sp.csr_matrix(ours), sp.csr_matrix(theirs)
    ours.sort_indices()
    theirs.sort_indices()
    assert ours.shape == theirs.shape
    np.testing.assert_array_equal(ours.indptr, theirs.indptr)
    np.testing.assert_array_equal(ours.indices, theirs.indices)
    if exact:
        np.testing.assert_array_equal(ours.data, theirs.data)
    else:
        np.testing.assert_allclose(ours.data, theirs.data, rtol=1e-12, atol=1e-15)


VECTORIZERS = [
    pytest.param(CountVectorizer, sk.CountVectorizer, True, id="count"),
    pytest.param(TfidfVectorizer, sk.TfidfVectorizer, False, id="tfidf"),
    pytest.param(HashingVectorizer, sk.HashingVectorizer, False, id="hashing"),
]


@pytest.mark.parametrize(("ours", "theirs", "exact"), VECTORIZERS)
def test_a_large_document_gives_scikit_learns_matrix(
    large_document: tuple[str, int], ours: type, theirs: type, exact: bool
) -> None:
    text, _ = large_document
    documents = ["", text, ""]
    ours_vectorizer, theirs_vectorizer = ours(), theirs()
    ours_matrix = ours_vectorizer.fit_transform(documents)
    _assert_same_matrix(ours_matrix, theirs_vectorizer.fit_transform(documents), exact)
    if hasattr(theirs_vectorizer, "vocabulary_"):
        assert ours_vectorizer.vocabulary_ == theirs_vectorizer.vocabulary_
    assert [ours_matrix[row].nnz for row in (0, 2)] == [0, 0]
    assert ours_matrix[1].nnz > 1_000


@pytest.mark.parametrize(("ours", "theirs", "exact"), VECTORIZERS)
def test_many_tiny_documents_with_empty_strings_give_scikit_learns_matrix(
    tiny_documents: list[str], ours: type, theirs: type, exact: bool
) -> None:
    original = list(tiny_documents)
    ours_vectorizer, theirs_vectorizer = ours(), theirs()
    ours_matrix = sp.csr_matrix(ours_vectorizer.fit_transform(tiny_documents))
    _assert_same_matrix(ours_matrix, theirs_vectorizer.fit_transform(tiny_documents), exact)
    if hasattr(theirs_vectorizer, "vocabulary_"):
        assert ours_vectorizer.vocabulary_ == theirs_vectorizer.vocabulary_
    row_sizes = np.diff(ours_matrix.indptr)
    assert ours_matrix.shape[0] == TINY_COUNT
    assert [index for index in range(TINY_COUNT) if row_sizes[index] == 0] == list(EMPTY_AT)
    assert tiny_documents == original


def test_the_tokenizer_gives_one_row_per_tiny_document_in_order(
    tiny_documents: list[str],
) -> None:
    analyze = sk.CountVectorizer().build_analyzer()
    token_lists = Tokenizer().tokenize(tiny_documents)
    assert len(token_lists) == TINY_COUNT
    assert token_lists == [analyze(document) for document in tiny_documents]
    assert all(token_lists[index] == [] for index in EMPTY_AT)


def test_a_large_document_splits_into_its_sentences_and_cleans(
    large_document: tuple[str, int],
) -> None:
    text, sentence_count = large_document
    sentences = split_sentences(text)
    assert len(sentences) == sentence_count
    assert all(text[s.start : s.end] == s.text for s in sentences[:: sentence_count // 100])
    article = ArticleSet.from_texts([text]).clean()[0]
    assert len(article.text) > 0.9 * len(text)


def test_an_empty_text_among_tiny_article_texts_raises_naming_its_row(
    tiny_documents: list[str],
) -> None:
    with pytest.raises(InvalidDocumentError, match=r"^texts\[0\] \(id '0'\): the article is empty"):
        ArticleSet.from_texts(tiny_documents)
    with pytest.raises(InvalidDocumentError, match=r"^texts\[77\] \(id '777'\)"):
        ArticleSet.from_texts(
            tiny_documents[700:800], ids=[str(index) for index in range(700, 800)]
        )


def test_empty_texts_are_skipped_and_listed_under_on_error_skip(
    tiny_documents: list[str],
) -> None:
    documents = tiny_documents[:30_000]
    with pytest.warns(UserWarning, match="skipped 5 bad input item"):
        articles = ArticleSet.from_texts(documents, on_error="skip")
    empty = [index for index in EMPTY_AT if index < len(documents)]
    assert [skipped.item for skipped in articles.skipped] == [
        f"texts[{index}] (id '{index}')" for index in empty
    ]
    # Each skipped item is named once: the reason does not repeat it.
    assert {skipped.reason for skipped in articles.skipped} == {"the article is empty"}
    kept = [str(index) for index in range(len(documents)) if index not in empty]
    assert articles.ids == kept
    assert [article.original for article in articles][:3] == [
        documents[2],
        documents[3],
        documents[4],
    ]

"""Lone surrogates (code points U+D800-U+DFFF in a Python str) are not text and can only come
from Python. Every entry point that takes text refuses them with a ValueError that names the
offending row, rather than an encoding error from deep inside or a silently altered result.
(scikit-learn tokenizes around them; storylens's core works on UTF-8, which cannot hold them,
so it takes the issue's other pinned choice: a ValueError naming the row.)"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from storylens import (
    Abbreviations,
    ArticleSet,
    CountVectorizer,
    HashingVectorizer,
    TfidfVectorizer,
)
from storylens.exceptions import InvalidDocumentError, InvalidParameterError
from storylens.text import Tokenizer, split_sentences

SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
#: Text without surrogates (hypothesis's "Cs" category is the surrogates).
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=30)


@st.composite
def texts_with_a_surrogate(draw: Any) -> tuple[list[str], int]:
    """Article-like texts, one or more holding a lone surrogate; the index of the first."""
    texts = draw(st.lists(TEXT.map(lambda t: f"Port strike talks {t} resume"), min_size=1))
    bad = draw(st.lists(st.integers(0, len(texts) - 1), min_size=1, unique=True))
    for index in bad:
        text = texts[index]
        at = draw(st.integers(0, len(text)))
        texts[index] = text[:at] + draw(SURROGATES) + text[at:]
    return texts, min(bad)


VECTORIZERS = {
    "CountVectorizer": lambda texts: CountVectorizer().fit_transform(texts),
    "CountVectorizer char_wb": lambda texts: CountVectorizer(
        analyzer="char_wb", ngram_range=(2, 3)
    ).fit_transform(texts),
    "TfidfVectorizer": lambda texts: TfidfVectorizer().fit_transform(texts),
    "TfidfVectorizer transform": lambda texts: (
        TfidfVectorizer().fit(["port strike talks resume"]).transform(texts)
    ),
    "HashingVectorizer": lambda texts: HashingVectorizer(n_features=64).transform(texts),
    "Tokenizer.tokenize": lambda texts: Tokenizer().tokenize(texts),
    "Tokenizer.tokenize_with_offsets": lambda texts: Tokenizer().tokenize_with_offsets(texts),
}


@pytest.mark.parametrize("name", list(VECTORIZERS))
@given(case=texts_with_a_surrogate())
def test_vectorizers_and_the_tokenizer_name_the_row(name: str, case: tuple[list[str], int]) -> None:
    texts, first_bad = case
    with pytest.raises(InvalidDocumentError, match=rf"document {first_bad}\b.*lone surrogate"):
        VECTORIZERS[name](texts)


@given(text=TEXT, at=st.integers(0, 30), surrogate=SURROGATES)
def test_split_sentences_names_the_surrogate(text: str, at: int, surrogate: str) -> None:
    at = min(at, len(text))
    with pytest.raises(InvalidDocumentError, match=rf"lone surrogate at index {at}\b"):
        split_sentences(text[:at] + surrogate + text[at:])


@given(case=texts_with_a_surrogate())
def test_article_sets_name_the_row(case: tuple[list[str], int]) -> None:
    texts, first_bad = case
    ids = [f"story-{i}" for i in range(len(texts))]
    with pytest.raises(InvalidDocumentError, match=rf"texts\[{first_bad}\] .*lone surrogate"):
        ArticleSet.from_texts(texts, ids=ids)


def test_a_surrogate_in_metadata_names_the_row_and_field() -> None:
    # Object columns: pandas' Arrow-backed strings (with pyarrow installed) refuse a lone
    # surrogate themselves, so only an object column can bring one to storylens.
    frame = pd.DataFrame(
        {"text": ["The port reopened on Monday.", "Ships wait."], "title": ["Port", "A \udc80"]},
        dtype=object,
    )
    with pytest.raises(InvalidDocumentError, match=r"row 1 .*title .*lone surrogate"):
        ArticleSet.from_frame(frame)


def test_skipping_leaves_out_only_the_rows_with_a_surrogate() -> None:
    texts = ["The port reopened on Monday.", "The \ud83d port closed.", "Ships wait."]
    with pytest.warns(UserWarning, match="skipped 1 bad input item"):
        articles = ArticleSet.from_texts(texts, on_error="skip")
    assert articles.ids == ["0", "2"]
    assert "lone surrogate" in articles.skipped[0].reason
    assert articles.clean().ids == ["0", "2"]


@pytest.mark.parametrize("estimator", [CountVectorizer, TfidfVectorizer, HashingVectorizer])
def test_a_surrogate_in_a_word_list_parameter_names_the_parameter_and_item(
    estimator: type,
) -> None:
    with pytest.raises(InvalidParameterError, match=r"'stop_words': item 1 .*lone surrogate"):
        estimator(stop_words=["the", "a\ud800"]).fit_transform(["fine text"])
    if estimator is not HashingVectorizer:
        with pytest.raises(InvalidParameterError, match=r"'vocabulary': term 0 .*lone surrogate"):
            estimator(vocabulary={"x\udfff": 0}).fit_transform(["fine text"])


def test_a_surrogate_in_abbreviations_names_the_item() -> None:
    with pytest.raises(InvalidParameterError, match=r"abbreviations\[1\] .*lone surrogate"):
        split_sentences("Mr. Lee left. He came back.", abbreviations=["mr", "g\ud800n"])
    with pytest.raises(InvalidDocumentError, match=r"texts\[1\] .*lone surrogate"):
        Abbreviations.learn(["Fine text.", "Sen. Lee \udc80 spoke."])


def test_a_surrogate_in_an_id_names_the_row() -> None:
    with pytest.raises(InvalidDocumentError, match=r"ids\[1\].*lone surrogate"):
        ArticleSet.from_texts(["The port reopened.", "Ships wait."], ids=["a", "b\ud800"])

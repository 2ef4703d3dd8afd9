"""Pickles and saved models made before the package became layered still load, into the
classes of the new layout, and give what a fresh fit gives (tests/fixtures/legacy_pickles,
written by make_legacy_pickles.py there with storylens 0.1.0 as it was then)."""

from __future__ import annotations

import json
import pickle
import warnings
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import pytest
import storylens as sl
from conftest import FIXTURES, assert_same_matrix

LEGACY = FIXTURES / "legacy_pickles"
CORPUS = json.loads((LEGACY / "corpus.json").read_text(encoding="utf-8"))
FIT, TRANSFORM = CORPUS["documents"]["fit"], CORPUS["documents"]["transform"]


@pytest.fixture(autouse=True)
def python_string_storage() -> Any:
    """The pickles hold frames whose strings pandas stored as Python objects; with pyarrow
    installed (dask brings it), new frames would store them in Arrow, an equal value of
    another dtype."""
    with pd.option_context("mode.string_storage", "python"):
        yield


def load(name: str) -> Any:
    """A legacy pickle (its module paths are the deprecated aliases, which warn)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return pickle.loads((LEGACY / f"{name}.pkl").read_bytes())


def fresh(legacy: Any) -> Any:
    """A new estimator of the legacy one's class and parameters."""
    return type(legacy)(**legacy.get_params())


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("count_vectorizer", sl.CountVectorizer),
        ("tfidf_vectorizer", sl.TfidfVectorizer),
        ("hashing_vectorizer", sl.HashingVectorizer),
    ],
)
def test_legacy_vectorizer_pickle_transforms_as_a_fresh_fit(name: str, cls: type) -> None:
    legacy = load(name)
    assert type(legacy) is cls
    assert_same_matrix(legacy.transform(TRANSFORM), fresh(legacy).fit(FIT).transform(TRANSFORM))
    if name != "hashing_vectorizer":
        assert legacy.vocabulary_ == fresh(legacy).fit(FIT).vocabulary_


def test_legacy_tfidf_vectorizer_keeps_its_stemming_and_stop_words() -> None:
    legacy = load("tfidf_vectorizer")
    assert legacy.stem == "english" and legacy.stop_words == "english"
    assert "offici" in legacy.vocabulary_ and "the" not in legacy.vocabulary_


def test_legacy_tfidf_transformer_pickle_transforms_as_a_fresh_fit() -> None:
    legacy = load("tfidf_transformer")
    assert type(legacy) is sl.TfidfTransformer
    counter = fresh(load("count_vectorizer")).fit(FIT)
    counts, new_counts = counter.transform(FIT), counter.transform(TRANSFORM)
    np.testing.assert_array_equal(legacy.idf_, fresh(legacy).fit(counts).idf_)
    assert_same_matrix(
        legacy.transform(new_counts), fresh(legacy).fit(counts).transform(new_counts)
    )


def test_legacy_tokenizer_pickle_tokenizes_as_a_new_one() -> None:
    legacy = load("tokenizer")
    assert type(legacy) is sl.Tokenizer
    assert legacy.tokenize(TRANSFORM) == fresh(legacy).tokenize(TRANSFORM)


@pytest.mark.parametrize(
    "name", ["count_vectorizer", "tfidf_vectorizer", "hashing_vectorizer", "tfidf_transformer"]
)
def test_legacy_saved_model_loads_and_transforms_as_the_pickle(name: str) -> None:
    pickled = load(name)
    loaded = type(pickled).load(LEGACY / f"{name}.json")
    assert loaded.get_params() == pickled.get_params()
    if name == "tfidf_transformer":
        counts = fresh(load("count_vectorizer")).fit(FIT).transform(TRANSFORM)
        assert_same_matrix(loaded.transform(counts), pickled.transform(counts))
    else:
        assert_same_matrix(loaded.transform(TRANSFORM), pickled.transform(TRANSFORM))


# -- articles, comparisons and their results --------------------------------------------------


def fresh_articles() -> sl.ArticleSet:
    texts = [*CORPUS["articles"].values(), np.nan]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the skipped NaN row is reported by a warning
        raw = sl.ArticleSet.from_texts(
            texts, ids=[*CORPUS["articles"], "missing"], language="english", on_error="skip"
        )
    return raw.clean()


def unscored(article: sl.Article) -> sl.Article:
    """The article with every removal's score set to 1.0, as pickles made before scores."""
    return replace(article, removed=tuple(replace(r, score=1.0) for r in article.removed))


def test_legacy_article_set_pickle_equals_a_fresh_one() -> None:
    legacy = load("article_set")
    assert type(legacy) is sl.ArticleSet
    new = fresh_articles()
    # Removals pickled before scores existed load with score 1.0; all else is equal.
    assert {r.score for article in legacy for r in article.removed} == {1.0}
    assert [unscored(article) for article in legacy] == [unscored(article) for article in new]
    # A skipped item's reason once repeated its name; the pickle keeps the text it was made
    # with, and a new set names the item once.
    assert [s.item for s in legacy.skipped] == [s.item for s in new.skipped]
    assert [s.reason for s in legacy.skipped] == [f"{s.item}: {s.reason}" for s in new.skipped]
    assert type(legacy.skipped[0]) is sl.Skipped
    assert legacy[0].sentences == new[0].sentences
    assert type(legacy[0].sentences[0]) is sl.Sentence
    assert type(legacy["copy"].removed[0]) is sl.Removal
    pd.testing.assert_frame_equal(legacy.to_frame(), new.to_frame())


def test_legacy_comparison_pickle_answers_as_a_fresh_one() -> None:
    legacy = load("comparison")
    assert type(legacy) is sl.Comparison
    new = fresh_articles().compare()
    pd.testing.assert_frame_equal(legacy.similarity, new.similarity)
    pd.testing.assert_frame_equal(legacy.outliers, new.outliers)
    pd.testing.assert_frame_equal(legacy.reuse_summary(), new.reuse_summary())
    pd.testing.assert_frame_equal(legacy.shared_terms(), new.shared_terms())
    pd.testing.assert_frame_equal(legacy.nearest(1), new.nearest(1))
    pd.testing.assert_frame_equal(legacy.digest(40).sentences, new.digest(40).sentences)
    pd.testing.assert_frame_equal(legacy.topics(2, top=3).terms, new.topics(2, top=3).terms)
    assert "<h2>Digest</h2>" in legacy.to_html()


@pytest.mark.parametrize(("name", "cls"), [("digest", "Digest"), ("topics", "Topics")])
def test_legacy_results_load_into_the_new_classes(name: str, cls: str) -> None:
    from storylens import compare

    legacy = load(name)
    assert type(legacy) is getattr(compare, cls)
    new = fresh_articles().compare()
    if name == "digest":
        # The digest chooses other sentences since it covers concepts (issue 15): the pickled
        # one answers as a Digest of its own sentences, laid out as a fresh one is.
        expected = compare.Digest(sentences=legacy.sentences, max_words=legacy.max_words)
        assert type(new.digest(max_words=40)) is compare.Digest
    else:
        expected = new.topics(2, top=3)
    assert repr(legacy) == repr(expected)
    assert legacy._repr_html_() == expected._repr_html_()


def test_legacy_reuse_map_loads_into_the_new_class() -> None:
    from storylens.compare import ReuseMap

    legacy = load("reuse_map")
    assert type(legacy) is ReuseMap
    # The legacy map holds every row in sentence order; reuse() now lists the matches first.
    expected = fresh_articles().compare().reuse(include_unique=True)
    keys = ["article", "sentence", "other"]
    pd.testing.assert_frame_equal(
        pd.DataFrame(legacy).sort_values(keys).reset_index(drop=True),
        pd.DataFrame(expected).sort_values(keys).reset_index(drop=True),
    )
    first_row = legacy._repr_html_().split("<tbody>")[1].split("</tr>")[0]
    assert "#ffffff" not in first_row  # its notebook view shows the matches first


def test_legacy_sentences_and_tokens_load_as_the_new_named_tuples() -> None:
    sentences, tokens = load("sentences"), load("tokens")
    assert sentences == sl.split_sentences(CORPUS["articles"]["wire"])
    assert all(type(sentence) is sl.Sentence for sentence in sentences)
    assert tokens == sl.Tokenizer().tokenize_with_offsets([CORPUS["articles"]["analysis"]])[0]
    assert all(type(token) is sl.Token for token in tokens)

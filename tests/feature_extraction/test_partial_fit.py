"""Fitting in parts and from corpus statistics: ``partial_fit`` + ``finalize()`` and
``fit_from_stats`` give exactly what ``fit`` gives on all the documents, and the unfiltered
statistics never travel with a saved or pickled estimator."""

from __future__ import annotations

import inspect
import itertools
import json
import pickle

import numpy as np
import pytest
import storylens as sl
from conftest import (
    assert_same_error,
    assert_same_matrix,
    assert_same_vocabulary,
    corpus,
    examples,
    run,
    tie_corpus,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.feature_extraction import text as sk
from storylens.exceptions import (
    EmptyVocabularyError,
    InvalidParameterError,
    ModelFileError,
    NotFittedError,
)
from storylens.feature_extraction.corpus_stats import _TextAnalysis

VECTORIZERS = ["CountVectorizer", "TfidfVectorizer"]

fit_params = st.fixed_dictionaries(
    {
        "min_df": st.one_of(st.just(1), st.integers(1, 3), st.sampled_from([0.2, 0.5])),
        "max_df": st.one_of(st.just(1.0), st.integers(1, 6), st.sampled_from([0.9, 0.5])),
        "max_features": st.one_of(st.none(), st.integers(1, 8)),
        "binary": st.booleans(),
        "ngram_range": st.sampled_from([(1, 1), (1, 2)]),
    }
)


def split(documents: list[str], cuts: list[int]) -> list[list[str]]:
    bounds = sorted({0, len(documents), *(min(c, len(documents)) for c in cuts)})
    return [documents[a:b] for a, b in itertools.pairwise(bounds)]


def assert_same_fit(ours, theirs, documents) -> None:
    """Same vocabulary, fitted state (idf to the bit) and matrix."""
    assert_same_vocabulary(ours, theirs)
    assert ours._fitted_state() == theirs._fitted_state()
    if hasattr(theirs, "idf_"):
        np.testing.assert_array_equal(ours.idf_, theirs.idf_)
    a, b = ours.transform(documents), theirs.transform(documents)
    np.testing.assert_array_equal(a.indptr, b.indptr)
    np.testing.assert_array_equal(a.indices, b.indices)
    np.testing.assert_array_equal(a.data, b.data)


@pytest.mark.parametrize("name", VECTORIZERS)
@settings(max_examples=examples(40), deadline=None)
@given(documents=tie_corpus, cuts=st.lists(st.integers(0, 12), max_size=4), params=fit_params)
def test_partial_fit_over_any_split_equals_fit(name, documents, cuts, params):
    cls = getattr(sl, name)
    whole, whole_error = run(lambda: cls(**params).fit(documents))
    parts = cls(**params)
    for part in split(documents, cuts):
        parts.partial_fit(part)
    finalized, error = run(parts.finalize)
    if whole_error is not None:
        assert type(error) is type(whole_error), (error, whole_error)
        assert str(error) == str(whole_error)
        return
    assert error is None, error
    assert_same_fit(finalized, whole, documents)


@pytest.mark.parametrize("name", VECTORIZERS)
@settings(max_examples=examples(30), deadline=None)
@given(documents=corpus, cuts=st.lists(st.integers(0, 12), max_size=3), params=fit_params)
def test_fit_from_merged_stats_matches_sklearn(name, documents, cuts, params):
    """The statistics of the parts, merged, fit what scikit-learn fits on the whole corpus."""
    stats = sum(sl.CorpusStats.from_texts(p, **params) for p in split(documents, cuts))
    if not isinstance(stats, sl.CorpusStats):  # no parts: an empty corpus
        stats = sl.CorpusStats.from_texts([], **params)
    ours = run(lambda: getattr(sl, name)(**params).fit_from_stats(stats))
    theirs = run(lambda: getattr(sk, name)(**params).fit(documents))
    if theirs[1] is not None:
        assert_same_error(ours, theirs, ValueError)
        return
    assert ours[1] is None, ours[1]
    assert_same_vocabulary(ours[0], theirs[0])
    if name == "TfidfVectorizer":
        np.testing.assert_array_equal(ours[0].idf_, theirs[0].idf_)
    assert_same_matrix(ours[0].transform(documents), theirs[0].transform(documents))


@pytest.mark.parametrize("name", VECTORIZERS)
def test_max_features_ties_at_the_cut_straddling_parts(name):
    cls = getattr(sl, name)
    v = cls(max_features=2).partial_fit(["zz aa"]).partial_fit(["yy bb"]).finalize()
    assert v.get_feature_names_out().tolist() == ["aa", "bb"]
    # More than 16 tied terms: numpy's argsort leaves insertion sort for introsort there,
    # and scikit-learn's order is that unstable sort's.
    words = [f"w{i:02d}" for i in range(40)]
    documents = [" ".join(words[i : i + 3]) for i in range(0, 40, 3)]
    for binary in (False, True):
        for limit in (5, 17, 20):
            ours = cls(max_features=limit, binary=binary)
            for document in documents:
                ours.partial_fit([document])
            theirs = getattr(sk, name)(max_features=limit, binary=binary).fit(documents)
            assert_same_vocabulary(ours.finalize(), theirs)


def test_merge_laws_and_sum():
    a = sl.CorpusStats.from_texts(["red sky", "red sea"])
    b = sl.CorpusStats.from_texts(["blue sea", ""])
    c = sl.CorpusStats.from_texts(["sky sky sky"])
    assert a + b == b + a
    assert (a + b) + c == a + (b + c)
    assert sum([a, b, c]) == a + b + c
    assert a + sl.CorpusStats.from_texts([]) == a
    whole = sl.CorpusStats.from_texts(["red sky", "red sea", "blue sea", "", "sky sky sky"])
    assert a + b + c == whole
    assert (whole.n_documents, whole.n_terms) == (5, 4)
    assert repr(whole) == "CorpusStats(n_documents=5, n_terms=4)"


def test_stats_of_other_analyses_do_not_merge_or_fit():
    words = sl.CorpusStats.from_texts(["red sky"])
    pairs = sl.CorpusStats.from_texts(["red sky"], ngram_range=(1, 2))
    with pytest.raises(InvalidParameterError, match="ngram_range"):
        words + pairs
    with pytest.raises(InvalidParameterError, match="ngram_range"):
        sl.CountVectorizer().fit_from_stats(pairs)
    with pytest.raises(InvalidParameterError, match="fit_from_stats takes CorpusStats"):
        sl.CountVectorizer().fit_from_stats(["red sky"])
    with pytest.raises(TypeError):
        words + 1


def test_from_texts_takes_the_vectorizers_parameters():
    """Its defaults are the vectorizers' (so the statistics of `from_texts(texts)` fit a
    default vectorizer), and a vectorizer's parameters pass through unchanged."""
    ours = inspect.signature(_TextAnalysis.__init__).parameters
    theirs = inspect.signature(sl.CountVectorizer.__init__).parameters
    for name, parameter in ours.items():
        assert parameter.default == theirs[name].default, name
    v = sl.TfidfVectorizer(stop_words="english", min_df=2, norm="l1")
    stats = sl.CorpusStats.from_texts(["the wire", "a wire story"], **v.get_params())
    assert v.fit_from_stats(stats).get_feature_names_out().tolist() == ["wire"]
    with pytest.raises(InvalidParameterError, match="unexpected keyword"):
        sl.CorpusStats.from_texts(["x"], ngram=(1, 2))


def test_stats_pickle_save_and_load(tmp_path):
    stats = sl.CorpusStats.from_texts(["one story", "two stories"], analyzer="char_wb")
    assert pickle.loads(pickle.dumps(stats)) == stats
    path = tmp_path / "stats.json"
    stats.save(path)
    assert sl.CorpusStats.load(path) == stats
    document = json.loads(path.read_text(encoding="utf-8"))
    assert (document["format"], document["format_version"]) == ("storylens-corpus-stats", 1)
    document["document_frequencies"][0] = 99
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ModelFileError, match="document frequency 99"):
        sl.CorpusStats.load(path)
    with pytest.raises(ModelFileError):
        sl.CorpusStats.from_json('{"format": "storylens-estimator"}')


@pytest.mark.parametrize("name", VECTORIZERS)
def test_saved_or_pickled_estimator_holds_the_filtered_state_only(name, tmp_path):
    """scikit-learn removed ``stop_words_`` because it leaked training tokens: the terms
    that min_df dropped are in ``corpus_stats_`` only, never in a pickle or a saved file."""
    documents = ["common term zqxsecret", "common term", "common"]
    v = getattr(sl, name)(min_df=2, keep_stats=True).fit(documents)
    assert "zqxsecret" in v.corpus_stats_.to_json()
    assert "zqxsecret" not in v.get_feature_names_out()
    pickled = pickle.dumps(v)
    assert b"zqxsecret" not in pickled
    assert not hasattr(pickle.loads(pickled), "corpus_stats_")
    path = tmp_path / "model.json"
    v.save(path)
    assert "zqxsecret" not in path.read_text(encoding="utf-8")
    loaded = getattr(sl, name).load(path)
    assert not hasattr(loaded, "corpus_stats_")
    assert_same_fit(loaded, v, documents)


@pytest.mark.parametrize("name", VECTORIZERS)
def test_transform_before_finalize_raises_and_changes_nothing(name):
    v = getattr(sl, name)().partial_fit(["aa bb"])
    for attempt in (
        lambda: v.transform(["aa"]),
        lambda: v.get_feature_names_out(),
        lambda: pickle.dumps(v),
        lambda: v.save("never-written.json"),
    ):
        with pytest.raises(NotFittedError, match=r"finalize\(\)"):
            attempt()
    assert v.corpus_stats_.n_documents == 1
    v.finalize()
    assert (
        v.transform(["aa"]).toarray().tolist()
        == getattr(sl, name)().fit(["aa bb"]).transform(["aa"]).toarray().tolist()
    )
    # A fitted estimator with more statistics waiting refuses too.
    v.partial_fit(["cc"])
    with pytest.raises(NotFittedError, match=r"finalize\(\)"):
        v.transform(["aa"])
    assert v.finalize().get_feature_names_out().tolist() == ["aa", "bb", "cc"]


@pytest.mark.parametrize("name", VECTORIZERS)
def test_finalize_errors(name):
    cls = getattr(sl, name)
    with pytest.raises(NotFittedError, match=r"partial_fit"):
        cls().finalize()
    with pytest.raises(InvalidParameterError, match="keep_stats=True"):
        cls().fit(["aa bb"]).partial_fit(["cc"])
    # Global counts decide: each part alone has too few documents for min_df=2 ...
    v = cls(min_df=2).partial_fit(["aa"]).partial_fit(["aa"]).finalize()
    assert v.get_feature_names_out().tolist() == ["aa"]
    # ... and max_df/min_df are judged on the whole corpus: on a part of 2 documents they
    # would conflict (max_df=0.5 is 1 document, fewer than min_df=2), on all 4 they do not.
    v = cls(max_df=0.5, min_df=2).partial_fit(["aa bb", "bb"]).partial_fit(["cc", "dd"])
    assert v.finalize().get_feature_names_out().tolist() == ["bb"]
    v = cls(max_df=0.5, min_df=3).partial_fit(["aa", "bb"]).partial_fit(["cc", "dd"])
    with pytest.raises(InvalidParameterError, match="max_df corresponds to < documents"):
        v.finalize()
    with pytest.raises(EmptyVocabularyError, match="empty vocabulary"):
        cls().partial_fit(["a", ""]).finalize()
    # A failed finalize leaves the statistics, and a later one succeeds.
    v = cls(min_df=3).partial_fit(["aa bb", "bb cc", "cc"])
    with pytest.raises(EmptyVocabularyError, match="no terms remain"):
        v.finalize()
    assert v.corpus_stats_.n_documents == 3
    assert v.set_params(min_df=2).finalize().get_feature_names_out().tolist() == ["bb", "cc"]


def test_max_features_in_a_narrow_dtype_needs_the_texts():
    v = sl.CountVectorizer(max_features=1, dtype=np.int8).partial_fit(["aa bb bb"])
    with pytest.raises(InvalidParameterError, match="int8"):
        v.finalize()
    # Binary counts rank by document frequency, which the statistics hold.
    v = sl.CountVectorizer(max_features=1, dtype=np.int8, binary=True).partial_fit(["aa", "bb aa"])
    assert v.finalize().get_feature_names_out().tolist() == ["aa"]


@pytest.mark.parametrize("name", VECTORIZERS)
def test_updating_a_fitted_model(name):
    """Tomorrow's texts join today's statistics, and the refit equals a fit on both days;
    new min_df/max_features refit without the texts."""
    cls = getattr(sl, name)
    today, tomorrow = ["rain in the north", "rain again"], ["sun in the north", "sun"]
    v = cls(keep_stats=True).fit(today)
    v.partial_fit(tomorrow).finalize()
    assert_same_fit(v, cls().fit(today + tomorrow), today + tomorrow)
    v.set_params(min_df=2, max_features=3).finalize()
    assert_same_fit(v, cls(min_df=2, max_features=3).fit(today + tomorrow), today + tomorrow)
    stats = v.corpus_stats_
    assert stats.n_documents == 4
    refit = cls(max_df=0.5).fit_from_stats(stats)
    assert_same_fit(refit, cls(max_df=0.5).fit(today + tomorrow), today)
    assert not hasattr(refit, "corpus_stats_")


@pytest.mark.parametrize("name", VECTORIZERS)
def test_fixed_vocabulary_from_stats(name):
    cls = getattr(sl, name)
    documents = ["aa bb", "bb cc", "cc cc dd"]
    stats = sl.CorpusStats.from_texts(documents)
    ours = cls(vocabulary=["cc", "zz", "aa"]).fit_from_stats(stats)
    assert_same_fit(ours, cls(vocabulary=["cc", "zz", "aa"]).fit(documents), documents)
    theirs = getattr(sk, name)(vocabulary=["cc", "zz", "aa"]).fit(documents)
    if name == "TfidfVectorizer":
        np.testing.assert_array_equal(ours.idf_, theirs.idf_)
    v = cls(vocabulary=["cc", "aa"], keep_stats=True).fit(iter(documents))
    assert v.corpus_stats_ == stats


@pytest.mark.parametrize("name", VECTORIZERS)
def test_keep_stats_is_a_parameter_that_clone_keeps(name):
    """``keep_stats`` is a constructor parameter (it says what fit keeps, as scikit-learn's
    ``store_cv_results`` does): get_params lists it and clone copies it, but not the
    statistics, which are fitted state."""
    v = getattr(sl, name)(keep_stats=True).fit(["aa bb"])
    assert v.get_params()["keep_stats"] is True
    cloned = clone(v)
    assert cloned.keep_stats is True
    assert not hasattr(cloned, "corpus_stats_")
    assert cloned.fit(["aa"]).corpus_stats_.n_documents == 1
    with pytest.raises(InvalidParameterError, match="keep_stats"):
        getattr(sl, name)(keep_stats="yes").fit(["aa"])
    # A plain refit forgets the statistics of an earlier fit.
    v.set_params(keep_stats=False).fit(["cc"])
    assert not hasattr(v, "corpus_stats_")

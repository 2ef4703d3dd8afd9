"""storylens.dask's CountVectorizer and TfidfVectorizer give scikit-learn's ``fit_transform``
on the concatenated corpus, whatever the partitioning: the same ``vocabulary_``, feature
names and ``idf_`` (to the bit), and the same matrix."""

from __future__ import annotations

import itertools

import dask
import dask.bag as db
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
import storylens as sl
import storylens.dask as sld
from conftest import (
    assert_same_error,
    assert_same_matrix,
    assert_same_vocabulary,
    examples,
    run,
    tie_corpus,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction import text as sk
from storylens.exceptions import (
    DocumentTypeError,
    EmptyVocabularyError,
    InvalidDocumentError,
    InvalidParameterError,
    NotFittedError,
)

VECTORIZERS = ["CountVectorizer", "TfidfVectorizer"]

CORPUS = [
    "The wire story ran at dawn.",
    "A rewrite of the wire story, with quotes.",
    "Quotes from the minister; no wire.",
    "",
    "Dawn raids: the minister denies the story",
    "the the the",
    "Late edition: raids, quotes and a rewrite",
    "minister",
    "Another story entirely about trains",
    "trains at dawn, trains at dusk",
    "A final word",
]


@pytest.fixture(autouse=True, scope="module")
def _synchronous():
    """Property tests run on the synchronous scheduler (fast, deterministic)."""
    with dask.config.set(scheduler="synchronous"):
        yield


def as_series(documents, npartitions):
    return dd.from_pandas(pd.Series(documents, dtype=object), npartitions=npartitions, sort=False)


def as_bag(parts):
    """A Bag with exactly these partitions (some may be empty)."""
    return db.from_delayed([dask.delayed(list)(part) for part in parts])


def cut(documents, cuts):
    """The documents cut at ``cuts`` (a repeated cut gives an empty partition)."""
    bounds = [0, *sorted(min(c, len(documents)) for c in cuts), len(documents)]
    return [documents[a:b] for a, b in itertools.pairwise(bounds)]


def assert_matches_sklearn(name, params, collection, documents):
    ours = getattr(sld, name)(**params)
    X = ours.fit_transform(collection)
    theirs = getattr(sk, name)(**params)
    expected = theirs.fit_transform(documents)
    assert_same_vocabulary(ours, theirs)
    if name == "TfidfVectorizer":
        np.testing.assert_array_equal(ours.idf_, theirs.idf_)
    assert not any(np.isnan(c) for c in X.chunks[0])
    assert X.chunks[1] == (len(theirs.vocabulary_),)
    matrix = X.compute()
    assert_same_matrix(matrix, expected)
    # Bit for bit the local estimator's transform (indices, indptr and data).
    local = getattr(sl, name)(**params).fit(documents)
    again = local.transform(documents)
    np.testing.assert_array_equal(matrix.indptr, again.indptr)
    np.testing.assert_array_equal(matrix.indices, again.indices)
    np.testing.assert_array_equal(matrix.data, again.data)
    return ours


@pytest.mark.parametrize("name", VECTORIZERS)
@pytest.mark.parametrize("npartitions", [1, 2, 7, len(CORPUS)])
def test_equals_sklearn_on_every_partitioning(name, npartitions):
    assert_matches_sklearn(name, {}, as_series(CORPUS, npartitions), CORPUS)


@pytest.mark.parametrize("name", VECTORIZERS)
def test_inputs_series_column_and_bag(name):
    frame = dd.from_pandas(pd.DataFrame({"text": CORPUS, "n": range(len(CORPUS))}), npartitions=3)
    assert_matches_sklearn(name, {}, frame["text"], CORPUS)
    assert_matches_sklearn(name, {}, db.from_sequence(CORPUS, npartitions=4), CORPUS)
    strings = dd.from_pandas(pd.Series(CORPUS, dtype="string"), npartitions=2)
    assert_matches_sklearn(name, {}, strings, CORPUS)
    with pytest.raises(DocumentTypeError, match=r"frame\['text'\]"):
        getattr(sld, name)().fit(frame)
    with pytest.raises(DocumentTypeError, match="to_local"):
        getattr(sld, name)().fit(CORPUS)


PARAMS = [
    {"min_df": 2},
    {"min_df": 0.2},
    {"max_df": 0.3},
    {"max_df": 2, "min_df": 1},
    {"max_features": 5},
    {"max_features": 4, "binary": True},
    {"vocabulary": ["wire", "story", "absent", "dawn"]},
    {"stop_words": "english"},
    {"analyzer": "char_wb", "ngram_range": (2, 3)},
    {"ngram_range": (1, 2), "min_df": 2},
    {"sublinear_tf": True, "norm": "l1", "smooth_idf": False},
]


@pytest.mark.parametrize("name", VECTORIZERS)
@pytest.mark.parametrize("params", PARAMS, ids=str)
def test_parameters_on_the_global_counts(name, params):
    if name == "CountVectorizer":
        params = {
            k: v for k, v in params.items() if k not in ("sublinear_tf", "norm", "smooth_idf")
        }
    assert_matches_sklearn(name, params, as_series(CORPUS, 4), CORPUS)


@pytest.mark.parametrize("name", VECTORIZERS)
def test_max_features_ties_straddling_partitions(name):
    ours = assert_matches_sklearn(
        name, {"max_features": 2}, as_bag([["zz aa"], ["yy bb"]]), ["zz aa", "yy bb"]
    )
    assert ours.get_feature_names_out().tolist() == ["aa", "bb"]
    # A tie among more than 16 terms (numpy's introsort, not its insertion sort).
    words = [f"w{i:02d}" for i in range(40)]
    documents = [" ".join(words[i : i + 3]) for i in range(0, 40, 3)]
    for params in ({"max_features": 17}, {"max_features": 20, "binary": True}):
        assert_matches_sklearn(name, params, as_series(documents, 5), documents)


@pytest.mark.parametrize("name", VECTORIZERS)
@settings(max_examples=examples(25), deadline=None)
@given(
    documents=tie_corpus,
    cuts=st.lists(st.integers(0, 12), max_size=5),
    params=st.fixed_dictionaries(
        {
            "min_df": st.one_of(st.just(1), st.integers(1, 3), st.sampled_from([0.3])),
            "max_features": st.one_of(st.none(), st.integers(1, 6)),
            "binary": st.booleans(),
        }
    ),
)
def test_random_partition_boundaries(name, documents, cuts, params):
    collection = as_bag(cut(documents, cuts))
    theirs = run(lambda: getattr(sk, name)(**params).fit(documents))
    if theirs[1] is not None:
        ours = run(lambda: getattr(sld, name)(**params).fit(collection))
        assert_same_error(ours, theirs, ValueError)
        return
    assert_matches_sklearn(name, params, collection, documents)


@pytest.mark.parametrize("name", VECTORIZERS)
def test_empty_and_stop_word_partitions(name):
    parts = [[], ["the and of"], ["wire story"], [], ["", "story"], []]
    documents = [d for part in parts for d in part]
    fitted = assert_matches_sklearn(name, {"stop_words": "english"}, as_bag(parts), documents)
    assert fitted.transform(as_bag(parts)).chunks[0] == (0, 1, 1, 0, 2, 0)
    with pytest.raises(EmptyVocabularyError, match="empty vocabulary"):
        getattr(sld, name)(stop_words="english").fit(as_bag([[], ["the"], ["and of"]]))


@pytest.mark.parametrize("name", VECTORIZERS)
def test_errors_are_the_local_ones_on_global_counts(name):
    # On one partition of 2 documents, max_df=0.5 (1 document) and min_df=2 would conflict;
    # on the whole corpus of 4 they do not. min_df=3 conflicts on the whole corpus.
    parts = as_bag([["aa bb", "bb"], ["cc", "dd"]])
    fitted = getattr(sld, name)(max_df=0.5, min_df=2).fit(parts)
    assert fitted.get_feature_names_out().tolist() == ["bb"]
    with pytest.raises(InvalidParameterError, match="max_df corresponds to < documents"):
        getattr(sld, name)(max_df=0.5, min_df=3).fit(parts)
    with pytest.raises(ValueError, match="no terms remain"):
        getattr(sld, name)(min_df=9).fit(as_series(CORPUS, 3))
    with pytest.raises(NotFittedError):
        getattr(sld, name)().transform(as_series(CORPUS, 3))
    with pytest.raises(InvalidParameterError, match="split_every"):
        getattr(sld, name)().fit(as_series(CORPUS, 3), split_every=1)


@pytest.mark.parametrize("name", VECTORIZERS)
@pytest.mark.parametrize(
    ("missing", "error"),
    [(None, DocumentTypeError), (pd.NA, DocumentTypeError), (np.nan, InvalidDocumentError)],
)
def test_missing_documents_raise_the_local_error(name, missing, error):
    documents = ["aa bb", "cc", missing, "dd"]
    with pytest.raises(error, match="document 2"):
        getattr(sl, name)().fit(documents)
    with pytest.raises(error, match=r"document 0.*\(in partition 1\)"):
        getattr(sld, name)().fit(as_bag([documents[:2], documents[2:]]))
    # Dask may hold texts as a string dtype, where NaN becomes NA: the local estimator's error
    # on the Series dask holds is the one to expect.
    series = as_series(documents, 2)
    with pytest.raises((DocumentTypeError, InvalidDocumentError)) as local:
        getattr(sl, name)().fit(series.compute())
    with pytest.raises(type(local.value), match="in partition 1"):
        getattr(sld, name)().fit(series)
    fitted = getattr(sld, name)().fit(as_bag([["aa bb"]]))
    with pytest.raises(error, match="in partition 1"):
        fitted.transform(as_bag([documents[:2], documents[2:]])).compute()


@pytest.mark.parametrize("name", VECTORIZERS)
def test_to_local_partial_fit_kept_stats_and_save(name, tmp_path):
    collection = as_series(CORPUS, 3)
    ours = getattr(sld, name)(min_df=2, keep_stats=True).fit(collection, split_every=2)
    local = ours.to_local()
    assert type(local) is getattr(sl, name)
    expected = getattr(sl, name)(min_df=2, keep_stats=True).fit(CORPUS)
    assert local._fitted_state() == expected._fitted_state()
    assert local.corpus_stats_ == expected.corpus_stats_ == sl.CorpusStats.from_texts(CORPUS)
    # Parts added on the cluster, then one finalize: the fit of the whole.
    parts = getattr(sld, name)(min_df=2)
    parts.partial_fit(as_series(CORPUS[:5], 2)).partial_fit(as_bag([CORPUS[5:], []]))
    assert parts.finalize()._fitted_state() == expected._fitted_state()
    # Same parameters as the local estimator; a saved dask estimator loads as the local one.
    assert ours.get_params() == local.get_params()
    ours.save(tmp_path / "model.json")
    loaded = getattr(sl, name).load(tmp_path / "model.json")
    assert type(loaded) is getattr(sl, name)
    assert loaded._fitted_state() == expected._fitted_state()


@pytest.fixture(scope="module")
def process_cluster():
    """One small cluster of two single-threaded worker processes for the module (starting
    one is slow)."""
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def test_on_a_process_cluster(process_cluster):
    """The estimators, their statistics and blocks pickle to spawned worker processes."""
    with dask.config.set(scheduler="distributed"):
        assert dask.base.get_scheduler() == process_cluster.get
        assert_matches_sklearn("TfidfVectorizer", {"min_df": 2}, as_series(CORPUS, 4), CORPUS)
        ours = sld.CountVectorizer(max_features=3).fit(db.from_sequence(CORPUS, npartitions=3))
    expected = sl.CountVectorizer(max_features=3).fit(CORPUS)
    assert ours.vocabulary_ == expected.vocabulary_
    blocks = process_cluster.compute(ours.transform(as_series(CORPUS, 2))).result()
    assert isinstance(blocks, sp.csr_matrix)
    np.testing.assert_array_equal(blocks.toarray(), expected.transform(CORPUS).toarray())

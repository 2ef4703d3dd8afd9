"""The scikit-learn estimator contract: parameters, cloning, pipelines, grid search, fitted
state, and the small API details scikit-learn users rely on."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
import sklearn
import storylens as sl
from conftest import assert_same_matrix, assert_same_values, assert_same_vocabulary
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction import text as sk
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

DOCS = [
    "Wire copy spreads fast across the news desk",
    "The desk rewrites the wire copy",
    "Officials said the talks were running late",
    "Talks ran late, officials said; the wire story spread",
    "",
    "Café naïve ΟΔΟΣ İstanbul 中文",
]
COUNTS = np.array([[1, 0, 2], [0, 0, 1], [3, 1, 0], [0, 0, 0]])

TEXT_ESTIMATORS = ["CountVectorizer", "TfidfVectorizer", "HashingVectorizer"]
ALL_ESTIMATORS = [*TEXT_ESTIMATORS, "TfidfTransformer"]


def fitted_input(name):
    return COUNTS if name == "TfidfTransformer" else DOCS


# -- parameters and cloning ---------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_ESTIMATORS)
def test_default_params_are_sklearns(name):
    """Every scikit-learn parameter exists with the same default; the only extras are
    stem, n_jobs (text estimators), keep_stats (Count and Tfidf vectorizers) and n_jobs
    (TfidfTransformer)."""
    ours = getattr(sl, name)().get_params()
    theirs = getattr(sk, name)().get_params()
    for key, value in theirs.items():
        assert key in ours, key
        assert ours[key] == value or (ours[key] is value), (key, ours[key], value)
    extras = set(ours) - set(theirs)
    allowed = {"n_jobs"} if name == "TfidfTransformer" else {"stem", "n_jobs"}
    if name in ("CountVectorizer", "TfidfVectorizer"):
        allowed.add("keep_stats")
    assert extras <= allowed, extras


@pytest.mark.parametrize("name", [*ALL_ESTIMATORS, "Tokenizer"])
def test_get_set_params_and_clone(name):
    cls = getattr(sl, name)
    estimator = cls()
    params = estimator.get_params()
    assert params == cls().get_params()
    changes = {"n_jobs": 2}
    if name != "TfidfTransformer":
        changes.update({"lowercase": False, "ngram_range": (1, 2)})
    if name in ("TfidfVectorizer", "TfidfTransformer", "HashingVectorizer"):
        changes["norm"] = "l1"
    assert estimator.set_params(**changes) is estimator
    for key, value in changes.items():
        assert estimator.get_params()[key] == value
        assert getattr(estimator, key) == value
    cloned = clone(estimator)
    assert type(cloned) is cls
    assert cloned is not estimator
    assert cloned.get_params() == estimator.get_params()
    with pytest.raises(ValueError):
        estimator.set_params(not_a_parameter=1)


@pytest.mark.parametrize("name", ALL_ESTIMATORS)
def test_clone_of_fitted_is_unfitted_and_equivalent(name):
    estimator = getattr(sl, name)(n_jobs=1).fit(fitted_input(name))
    cloned = clone(estimator)
    if name != "HashingVectorizer":  # stateless: always "fitted"
        with pytest.raises(NotFittedError):
            check_is_fitted(cloned)
    refit = cloned.fit(fitted_input(name))
    a = estimator.transform(fitted_input(name))
    b = refit.transform(fitted_input(name))
    assert_same_matrix(a, b)


def test_clone_keeps_non_default_params_identical():
    vocabulary = {"wire": 0, "copy": 1}
    estimator = sl.CountVectorizer(vocabulary=vocabulary, stop_words=["the"], dtype=np.float32)
    cloned = clone(estimator)
    assert cloned.vocabulary == vocabulary
    assert cloned.stop_words == ["the"]
    assert cloned.dtype is np.float32


# -- pipelines and model selection -----------------------------------------------------------


def labelled_corpus(n=60, seed=0):
    rng = np.random.default_rng(seed)
    sport = ["match", "goal", "team", "coach", "season", "league", "score", "player"]
    politics = ["vote", "senate", "minister", "policy", "election", "party", "law", "budget"]
    shared = ["the", "a", "news", "today", "report", "said", "new", "big"]
    docs, labels = [], []
    for i in range(n):
        label = i % 2
        topic = sport if label == 0 else politics
        words = list(rng.choice(topic, size=5)) + list(rng.choice(shared, size=4))
        rng.shuffle(words)
        docs.append(" ".join(words))
        labels.append(label)
    return docs, np.array(labels)


def test_pipeline_fit_predict_matches_sklearn():
    docs, labels = labelled_corpus()
    ours = Pipeline([("tfidf", sl.TfidfVectorizer()), ("clf", LogisticRegression())])
    theirs = Pipeline([("tfidf", sk.TfidfVectorizer()), ("clf", LogisticRegression())])
    ours.fit(docs, labels)
    theirs.fit(docs, labels)
    test = ["the coach and the team", "a new budget policy vote", "unknown words only"]
    np.testing.assert_array_equal(ours.predict(test), theirs.predict(test))
    np.testing.assert_allclose(ours.predict_proba(test), theirs.predict_proba(test), rtol=1e-9)
    assert (ours.predict(docs) == labels).mean() == 1.0


def test_grid_search_matches_sklearn():
    docs, labels = labelled_corpus(n=40, seed=1)
    grid = {"tfidf__ngram_range": [(1, 1), (1, 2)], "tfidf__min_df": [1, 2, 0.1]}
    results = []
    for module in (sl, sk):
        pipe = Pipeline([("tfidf", module.TfidfVectorizer()), ("clf", LogisticRegression())])
        search = GridSearchCV(pipe, grid, cv=2)
        search.fit(docs, labels)
        results.append(search)
    ours, theirs = results
    assert ours.best_params_ == theirs.best_params_
    np.testing.assert_allclose(
        ours.cv_results_["mean_test_score"], theirs.cv_results_["mean_test_score"]
    )
    assert isinstance(ours.best_estimator_.named_steps["tfidf"], sl.TfidfVectorizer)


def test_pipeline_with_count_and_transformer():
    docs, labels = labelled_corpus(n=30, seed=2)
    ours = Pipeline(
        [
            ("count", sl.CountVectorizer()),
            ("tfidf", sl.TfidfTransformer()),
            ("clf", LogisticRegression()),
        ]
    ).fit(docs, labels)
    theirs = Pipeline(
        [
            ("count", sk.CountVectorizer()),
            ("tfidf", sk.TfidfTransformer()),
            ("clf", LogisticRegression()),
        ]
    ).fit(docs, labels)
    np.testing.assert_array_equal(ours.predict(docs), theirs.predict(docs))


# -- fitted state ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["CountVectorizer", "TfidfVectorizer", "TfidfTransformer"])
def test_transform_before_fit_raises_not_fitted(name):
    estimator = getattr(sl, name)()
    with pytest.raises(NotFittedError):
        estimator.transform(fitted_input(name))
    with pytest.raises(NotFittedError):
        check_is_fitted(estimator)
    # NotFittedError is both a ValueError and an AttributeError, as in scikit-learn.
    assert issubclass(NotFittedError, ValueError)


@pytest.mark.parametrize("name", ["CountVectorizer", "TfidfVectorizer"])
def test_fitted_attributes_before_fit_raise(name):
    estimator = getattr(sl, name)()
    with pytest.raises(NotFittedError):
        estimator.get_feature_names_out()
    with pytest.raises((NotFittedError, AttributeError)):
        estimator.vocabulary_  # noqa: B018


def test_fixed_vocabulary_transform_without_fit():
    vocabulary = ["copy", "wire", "desk", "absent"]
    ours = sl.CountVectorizer(vocabulary=vocabulary)
    theirs = sk.CountVectorizer(vocabulary=vocabulary)
    assert_same_matrix(ours.transform(DOCS), theirs.transform(DOCS))
    assert_same_vocabulary(ours, theirs)
    assert ours.fixed_vocabulary_ is True


def test_tfidf_fixed_vocabulary_transform_without_fit_is_not_fitted():
    """scikit-learn needs the idf, so TfidfVectorizer(vocabulary=...) must still be fitted."""
    with pytest.raises(NotFittedError):
        sk.TfidfVectorizer(vocabulary=["wire"]).transform(DOCS)
    with pytest.raises(NotFittedError):
        sl.TfidfVectorizer(vocabulary=["wire"]).transform(DOCS)


@pytest.mark.parametrize("name", ALL_ESTIMATORS)
def test_fit_returns_self(name):
    estimator = getattr(sl, name)()
    assert estimator.fit(fitted_input(name)) is estimator
    assert estimator.fit(fitted_input(name), y=np.arange(len(fitted_input(name)))) is estimator
    check_is_fitted(estimator)


@pytest.mark.parametrize("name", ALL_ESTIMATORS)
@pytest.mark.parametrize("params", [{}, {"norm": None}, {"binary": True}, {"ngram_range": (1, 2)}])
def test_fit_transform_equals_fit_then_transform(name, params):
    cls = getattr(sl, name)
    params = {k: v for k, v in params.items() if k in cls().get_params()}
    data = fitted_input(name)
    a = cls(**params).fit_transform(data)
    b = cls(**params).fit(data).transform(data)
    # As in scikit-learn, fit_transform's rows follow the document and transform's are sorted
    # by column, so a row norm may be summed in another order: equal to a few ulp.
    assert_same_matrix(a, b)


@pytest.mark.parametrize("name", ["CountVectorizer", "TfidfVectorizer"])
def test_get_feature_names_out_is_object_array(name):
    ours = getattr(sl, name)().fit(DOCS)
    theirs = getattr(sk, name)().fit(DOCS)
    names = ours.get_feature_names_out()
    assert isinstance(names, np.ndarray)
    assert names.dtype == object
    assert names.ndim == 1
    assert all(isinstance(n, str) for n in names)
    assert_same_vocabulary(ours, theirs)


def test_tfidf_transformer_get_feature_names_out_like_sklearn():
    """TfidfTransformer is a one-to-one transformer in scikit-learn: x0, x1, ... or the
    column names it was fitted on."""
    import pandas as pd

    ours = sl.TfidfTransformer().fit(COUNTS)
    theirs = sk.TfidfTransformer().fit(COUNTS)
    assert ours.n_features_in_ == theirs.n_features_in_
    assert ours.get_feature_names_out().tolist() == theirs.get_feature_names_out().tolist()
    frame = pd.DataFrame(COUNTS, columns=["a", "b", "c"])
    ours = sl.TfidfTransformer().fit(frame)
    theirs = sk.TfidfTransformer().fit(frame)
    assert ours.get_feature_names_out().tolist() == theirs.get_feature_names_out().tolist()


def test_pipeline_get_feature_names_out():
    ours = Pipeline([("count", sl.CountVectorizer()), ("tfidf", sl.TfidfTransformer())])
    theirs = Pipeline([("count", sk.CountVectorizer()), ("tfidf", sk.TfidfTransformer())])
    ours.fit(DOCS)
    theirs.fit(DOCS)
    assert ours.get_feature_names_out().tolist() == theirs.get_feature_names_out().tolist()


# -- inverse_transform ------------------------------------------------------------------------


def _inverse_inputs(fitted):
    X = fitted.transform([*DOCS, "wire wire copy", "nothing known"])
    explicit_zero = sp.csr_matrix(
        (np.array([0, 1, 2]), np.array([0, 1, 3]), np.array([0, 2, 3, 3])),
        shape=(3, len(fitted.vocabulary_)),
    )
    unsorted = sp.csr_matrix(
        (np.array([1, 1, 1]), np.array([3, 0, 2]), np.array([0, 3, 3])),
        shape=(2, len(fitted.vocabulary_)),
    )
    return {
        "csr": X,
        "dense": X.toarray(),
        "csr_array": sp.csr_array(X),
        "csc": sp.csc_matrix(X),
        "explicit_zero": explicit_zero,
        "unsorted_indices": unsorted,
    }


@pytest.mark.parametrize(
    "kind", ["csr", "dense", "csr_array", "csc", "explicit_zero", "unsorted_indices"]
)
def test_inverse_transform_matches_sklearn(kind):
    ours = sl.CountVectorizer().fit(DOCS)
    theirs = sk.CountVectorizer().fit(DOCS)
    X_ours = _inverse_inputs(ours)[kind]
    X_theirs = _inverse_inputs(theirs)[kind]
    got = ours.inverse_transform(X_ours)
    expected = theirs.inverse_transform(X_theirs)
    assert isinstance(got, list)
    assert len(got) == len(expected)
    assert [row.tolist() for row in got] == [row.tolist() for row in expected]


def test_inverse_transform_row_dtype_matches_sklearn():
    """scikit-learn returns arrays of str ('<U'), not object arrays."""
    ours = sl.CountVectorizer().fit(DOCS)
    theirs = sk.CountVectorizer().fit(DOCS)
    got = ours.inverse_transform(ours.transform(DOCS))
    expected = theirs.inverse_transform(theirs.transform(DOCS))
    assert [row.dtype.kind for row in got] == [row.dtype.kind for row in expected]


# -- sparse output interface --------------------------------------------------------------------


@pytest.mark.parametrize("interface", ["spmatrix", "sparray"])
@pytest.mark.parametrize("name", ALL_ESTIMATORS)
def test_sparse_interface_config(interface, name):
    """The output type follows sklearn.set_config(sparse_interface=...), as scikit-learn's
    own vectorizers do."""
    with sklearn.config_context(sparse_interface=interface):
        ours_est = getattr(sl, name)().fit(fitted_input(name))
        theirs_est = getattr(sk, name)().fit(fitted_input(name))
        ours = ours_est.transform(fitted_input(name))
        theirs = theirs_est.transform(fitted_input(name))
        assert type(ours) is type(theirs)
        expected = sp.csr_array if interface == "sparray" else sp.csr_matrix
        assert type(theirs) is expected  # what scikit-learn 1.9 does
        assert_same_matrix(ours, theirs)
        ours_ft = getattr(sl, name)().fit_transform(fitted_input(name))
        theirs_ft = getattr(sk, name)().fit_transform(fitted_input(name))
        assert type(ours_ft) is type(theirs_ft)


def test_sparse_interface_set_config_globally():
    try:
        sklearn.set_config(sparse_interface="sparray")
        assert type(sl.CountVectorizer().fit_transform(DOCS)) is sp.csr_array
        assert type(sl.TfidfVectorizer().fit_transform(DOCS)) is sp.csr_array
    finally:
        sklearn.set_config(sparse_interface="spmatrix")
    assert type(sl.CountVectorizer().fit_transform(DOCS)) is sp.csr_matrix


# -- misc sklearn API details -------------------------------------------------------------------


def test_idf_setter_like_sklearn():
    ours = sl.TfidfVectorizer().fit(DOCS)
    theirs = sk.TfidfVectorizer().fit(DOCS)
    new_idf = np.linspace(1.0, 2.0, len(theirs.vocabulary_))
    ours.idf_ = new_idf
    theirs.idf_ = new_idf
    assert_same_values(np.asarray(ours.idf_), np.asarray(theirs.idf_))
    assert_same_matrix(ours.transform(DOCS), theirs.transform(DOCS))
    # (scikit-learn 1.9 means to raise ValueError here but trips over its own message.)
    with pytest.raises(ValueError, match="idf length"):
        sl.TfidfVectorizer().fit(DOCS).idf_ = np.ones(2)


def test_tfidf_transformer_feature_count_mismatch():
    ours = sl.TfidfTransformer().fit(COUNTS)
    theirs = sk.TfidfTransformer().fit(COUNTS)
    with pytest.raises(ValueError):
        theirs.transform(np.ones((2, COUNTS.shape[1] + 1)))
    with pytest.raises(ValueError):
        ours.transform(np.ones((2, COUNTS.shape[1] + 1)))


def test_tfidf_transformer_copy_false_does_not_alias_counts():
    """``transform`` returns a new matrix; the caller's count matrix keeps its values."""
    X = sp.csr_matrix(COUNTS.astype(np.float64))
    before = X.toarray().copy()
    sl.TfidfTransformer().fit(X).transform(X)
    np.testing.assert_array_equal(X.toarray(), before)


def test_build_analyzer_matches_sklearn():
    params = {"ngram_range": (1, 2), "stop_words": "english"}
    ours = sl.CountVectorizer(**params).build_analyzer()
    theirs = sk.CountVectorizer(**params).build_analyzer()
    for doc in DOCS:
        assert ours(doc) == theirs(doc)


# -- the rest of scikit-learn's public API -------------------------------------------------------


@pytest.mark.parametrize("name", TEXT_ESTIMATORS)
@pytest.mark.parametrize(
    "params",
    [
        {},
        {
            "lowercase": False,
            "strip_accents": "unicode",
            "stop_words": ["the", "desk"],
            "token_pattern": r"[a-z]+",
        },
    ],
    ids=["defaults", "options"],
)
def test_vectorizer_mixin_methods_like_sklearn(name, params):
    """build_preprocessor, build_tokenizer, decode and get_stop_words are public methods of
    every scikit-learn text vectorizer."""
    ours = getattr(sl, name)(**params)
    theirs = getattr(sk, name)(**params)
    for doc in DOCS:
        assert ours.build_preprocessor()(doc) == theirs.build_preprocessor()(doc)
        assert ours.build_tokenizer()(doc) == theirs.build_tokenizer()(doc)
        assert ours.build_analyzer()(doc) == theirs.build_analyzer()(doc)
        assert ours.decode(doc) == theirs.decode(doc)
        assert ours.decode(doc.encode("utf-8")) == theirs.decode(doc.encode("utf-8"))
    assert ours.get_stop_words() == theirs.get_stop_words()


def test_hashing_vectorizer_partial_fit():
    """Out-of-core learning calls HashingVectorizer.partial_fit, which returns self."""
    ours = sl.HashingVectorizer(n_features=64)
    theirs = sk.HashingVectorizer(n_features=64)
    assert ours.partial_fit(DOCS) is ours
    assert theirs.partial_fit(DOCS) is theirs
    assert_same_matrix(ours.transform(DOCS), theirs.transform(DOCS))


@pytest.mark.parametrize("name", ALL_ESTIMATORS)
def test_estimator_tags_like_sklearn(name):
    """sklearn's tags say what input an estimator takes (text, not a 2-D array), whether it
    needs fitting and which dtypes it preserves; tools such as check_estimator and
    ColumnTransformer read them."""
    from sklearn.utils import get_tags

    ours, theirs = get_tags(getattr(sl, name)()), get_tags(getattr(sk, name)())
    assert ours.input_tags.string == theirs.input_tags.string
    assert ours.input_tags.two_d_array == theirs.input_tags.two_d_array
    assert ours.input_tags.sparse == theirs.input_tags.sparse
    assert ours.requires_fit == theirs.requires_fit
    our_dtypes = ours.transformer_tags.preserves_dtype if ours.transformer_tags else None
    their_dtypes = theirs.transformer_tags.preserves_dtype if theirs.transformer_tags else None
    assert our_dtypes == their_dtypes


@pytest.mark.parametrize("name", ["CountVectorizer", "TfidfVectorizer"])
def test_vocabulary_as_set_is_sorted_like_sklearn(name):
    """scikit-learn sorts a vocabulary given as a set (sets have no order of their own)."""
    vocabulary = {"wire", "copy", "desk", "talks", "the", "zeta", "alpha", "officials"}
    ours = getattr(sl, name)(vocabulary=vocabulary)
    theirs = getattr(sk, name)(vocabulary=vocabulary)
    assert_same_matrix(ours.fit_transform(DOCS), theirs.fit_transform(DOCS))
    assert_same_vocabulary(ours, theirs)


@pytest.mark.parametrize(
    "vocabulary",
    [
        ("wire", "copy", "desk"),
        np.array(["wire", "copy", "desk"]),
        np.array(["wire", "copy"], dtype=object),
        iter(["wire", "copy", "desk"]),
    ],
    ids=["tuple", "ndarray", "object-ndarray", "iterator"],
)
def test_vocabulary_as_other_iterables_like_sklearn(vocabulary):
    import copy

    ours = sl.CountVectorizer(vocabulary=copy.copy(vocabulary))
    theirs = sk.CountVectorizer(vocabulary=copy.copy(vocabulary))
    assert_same_matrix(ours.fit_transform(DOCS), theirs.fit_transform(DOCS))
    assert_same_vocabulary(ours, theirs)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("CountVectorizer", {}),
        ("CountVectorizer", {"ngram_range": (1, 2), "dtype": np.float32, "min_df": 2}),
        ("TfidfVectorizer", {"norm": None, "sublinear_tf": True}),
        ("HashingVectorizer", {"n_features": 16, "alternate_sign": False}),
        ("TfidfTransformer", {"smooth_idf": False}),
    ],
)
def test_repr_like_sklearn(name, params):
    assert repr(getattr(sl, name)(**params)) == repr(getattr(sk, name)(**params))


@pytest.mark.parametrize(
    ("name", "changes"),
    [
        ("CountVectorizer", {"binary": True}),
        ("CountVectorizer", {"lowercase": False}),
        ("CountVectorizer", {"dtype": np.float32}),
        ("CountVectorizer", {"ngram_range": (1, 2)}),
        ("CountVectorizer", {"vocabulary": ["wire", "desk"]}),
        ("TfidfVectorizer", {"norm": "l1"}),
        ("TfidfVectorizer", {"sublinear_tf": True}),
        ("TfidfVectorizer", {"use_idf": False}),
        ("TfidfVectorizer", {"binary": True}),
        ("TfidfVectorizer", {"dtype": np.float32}),
        ("TfidfVectorizer", {"stop_words": "english"}),
    ],
)
def test_set_params_after_fit_like_sklearn(name, changes):
    """Which parameters transform reads again after fit (and which it takes from the fitted
    state) is scikit-learn's business; storylens must agree."""
    ours = getattr(sl, name)().fit(DOCS)
    theirs = getattr(sk, name)().fit(DOCS)
    ours.set_params(**changes)
    theirs.set_params(**changes)
    a = run_quiet(lambda: ours.transform(DOCS))
    b = run_quiet(lambda: theirs.transform(DOCS))
    assert (a[1] is None) == (b[1] is None), (a, b)
    if b[1] is None:
        assert_same_matrix(a[0], b[0])


def test_refit_after_vocabulary_reset_like_sklearn():
    ours = sl.CountVectorizer(vocabulary=["wire", "desk"]).fit(DOCS)
    theirs = sk.CountVectorizer(vocabulary=["wire", "desk"]).fit(DOCS)
    ours.set_params(vocabulary=None).fit(DOCS[:3])
    theirs.set_params(vocabulary=None).fit(DOCS[:3])
    assert ours.fixed_vocabulary_ == theirs.fixed_vocabulary_ is False
    assert_same_vocabulary(ours, theirs)
    assert_same_matrix(ours.transform(DOCS), theirs.transform(DOCS))


def test_grid_search_in_worker_processes():
    """GridSearchCV with n_jobs=2 sends the estimators to other processes (pickle)."""
    docs, labels = labelled_corpus(n=24, seed=3)
    pipe = Pipeline([("tfidf", sl.TfidfVectorizer()), ("clf", LogisticRegression())])
    search = GridSearchCV(pipe, {"tfidf__ngram_range": [(1, 1), (1, 2)]}, cv=2, n_jobs=2)
    search.fit(docs, labels)
    reference = Pipeline([("tfidf", sk.TfidfVectorizer()), ("clf", LogisticRegression())])
    reference_search = GridSearchCV(reference, {"tfidf__ngram_range": [(1, 1), (1, 2)]}, cv=2)
    reference_search.fit(docs, labels)
    np.testing.assert_allclose(
        search.cv_results_["mean_test_score"], reference_search.cv_results_["mean_test_score"]
    )


def run_quiet(func):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return func(), None
        except Exception as error:
            return None, error

# ruff: noqa: RUF001, RUF002, B023
"""Property tests: storylens gives scikit-learn 1.9's results, exactly, on random unicode text.

Exactness means: the same feature names in the same order, the same ``vocabulary_`` and
``idf_``, the same matrix type, shape and dtype, and values equal within 1e-12 relative for
float64 (a few ulp for float32, exact for integers). When scikit-learn raises, storylens
raises the same kind of exception.
"""

from __future__ import annotations

import string
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
import storylens as sl
from conftest import (
    ALL_PATTERNS,
    FAST_PATTERNS,
    PYTHON_PATTERNS,
    REGEX_PATTERNS,
    VOCABULARY_ERRORS,
    assert_same_error,
    assert_same_matrix,
    assert_same_result,
    assert_same_result_or_error,
    assert_same_values,
    assert_same_vocabulary,
    corpus,
    document,
    examples,
    run,
    tie_corpus,
)
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction import text as sk

# -- parameter strategies -------------------------------------------------------------------

STOP_LISTS = [None, "english", ["the", "and", "a", "of", "é", "σ", "über", "ab"]]
WORD_NGRAMS = [(1, 1), (1, 2), (2, 3), (1, 3)]
CHAR_NGRAMS = [(1, 1), (1, 2), (2, 3), (1, 3), (3, 5), (4, 4)]

max_df = st.one_of(
    st.just(1.0),
    st.just(1.0),
    st.sampled_from([0.99, 0.8, 0.5, 0.3, 0.0]),
    st.integers(min_value=1, max_value=12),
)
min_df = st.one_of(
    st.just(1),
    st.just(1),
    st.sampled_from([0.0, 0.1, 0.25, 0.5, 1.0]),
    st.integers(min_value=1, max_value=4),
)
max_features = st.one_of(st.none(), st.integers(min_value=1, max_value=12))

text_params = st.fixed_dictionaries(
    {
        "lowercase": st.booleans(),
        "strip_accents": st.sampled_from([None, "ascii", "unicode"]),
    }
)
word_params = st.fixed_dictionaries(
    {
        "analyzer": st.just("word"),
        "stop_words": st.sampled_from(STOP_LISTS),
        "token_pattern": st.sampled_from(ALL_PATTERNS),
        "ngram_range": st.sampled_from(WORD_NGRAMS),
    }
)
char_params = st.fixed_dictionaries(
    {
        "analyzer": st.sampled_from(["char", "char_wb"]),
        "ngram_range": st.sampled_from(CHAR_NGRAMS),
    }
)
analysis_params = st.builds(
    lambda a, b: {**a, **b}, text_params, st.one_of(word_params, word_params, char_params)
)
count_params = st.fixed_dictionaries(
    {
        "max_df": max_df,
        "min_df": min_df,
        "max_features": max_features,
        "binary": st.booleans(),
        "dtype": st.sampled_from([np.int64, np.int32, np.float32, np.float64]),
    }
)
tfidf_params = st.fixed_dictionaries(
    {
        "max_df": max_df,
        "min_df": min_df,
        "max_features": max_features,
        "binary": st.booleans(),
        "dtype": st.sampled_from([np.float64, np.float32, np.float64, np.float32, np.int64]),
        "norm": st.sampled_from([None, "l1", "l2"]),
        "use_idf": st.booleans(),
        "smooth_idf": st.booleans(),
        "sublinear_tf": st.booleans(),
    }
)


def merge(*dicts):
    out = {}
    for d in dicts:
        out.update(d)
    return out


# -- comparison drivers ---------------------------------------------------------------------


def compare_fit_transform(name, params, train, test=None):
    """fit_transform on ``train`` (and transform on ``test``) with both libraries."""
    ours_est = getattr(sl, name)(**params)
    theirs_est = getattr(sk, name)(**params)
    ours = run(lambda: ours_est.fit_transform(train))
    theirs = run(lambda: theirs_est.fit_transform(train))
    # A generated corpus may leave nothing to learn (all stop words, pruned by min_df/max_df).
    if not assert_same_result_or_error(ours, theirs, VOCABULARY_ERRORS):
        return
    assert_same_vocabulary(ours_est, theirs_est)
    assert_same_matrix(ours[0], theirs[0])
    if name == "TfidfVectorizer" and params.get("use_idf", True):
        assert_same_values(np.asarray(ours_est.idf_), np.asarray(theirs_est.idf_))
    if test is not None:
        ours_t = run(lambda: ours_est.transform(test))
        theirs_t = run(lambda: theirs_est.transform(test))
        assert_same_matrix(*assert_same_result(ours_t, theirs_t))


# -- analyzers ------------------------------------------------------------------------------


@settings(max_examples=examples(300))
@given(doc=document, params=analysis_params)
def test_build_analyzer_matches(doc, params):
    """The features of one document, in order, are scikit-learn's."""
    ours = run(lambda: sl.CountVectorizer(**params).build_analyzer()(doc))
    theirs = run(lambda: sk.CountVectorizer(**params).build_analyzer()(doc))
    our_features, their_features = assert_same_result(ours, theirs)
    assert our_features == their_features


@pytest.mark.parametrize("pattern", ALL_PATTERNS)
@settings(max_examples=examples(60))
@given(docs=corpus, lowercase=st.booleans(), strip_accents=st.sampled_from([None, "unicode"]))
def test_every_token_pattern(pattern, docs, lowercase, strip_accents):
    """Each token pattern (fast path, Rust regex or Python re) gives sklearn's tokens."""
    params = {"token_pattern": pattern, "lowercase": lowercase, "strip_accents": strip_accents}
    for doc in docs:
        ours = run(lambda: sl.CountVectorizer(**params).build_analyzer()(doc))
        theirs = run(lambda: sk.CountVectorizer(**params).build_analyzer()(doc))
        our_tokens, their_tokens = assert_same_result(ours, theirs)
        assert our_tokens == their_tokens, (pattern, doc)
    compare_fit_transform("CountVectorizer", params, docs)


def test_pattern_lists_are_disjoint_tiers():
    """The three lists really exercise the three tiers (the fixtures mean what they say)."""
    from storylens.text._patterns import compile_token_pattern

    assert {compile_token_pattern(p).kind for p in FAST_PATTERNS} == {"runs"}
    assert {compile_token_pattern(p).kind for p in REGEX_PATTERNS} == {"regex"}
    assert {compile_token_pattern(p).kind for p in PYTHON_PATTERNS} == {"python"}


# -- vectorizers ----------------------------------------------------------------------------


@settings(max_examples=examples(300))
@given(train=corpus, test=corpus, analysis=analysis_params, counting=count_params)
def test_count_vectorizer(train, test, analysis, counting):
    compare_fit_transform("CountVectorizer", merge(analysis, counting), train, test)


@settings(max_examples=examples(300))
@given(train=corpus, test=corpus, analysis=analysis_params, weighting=tfidf_params)
def test_tfidf_vectorizer(train, test, analysis, weighting):
    compare_fit_transform("TfidfVectorizer", merge(analysis, weighting), train, test)


@settings(max_examples=examples(300))
@given(
    train=tie_corpus,
    test=tie_corpus,
    limit=st.integers(min_value=1, max_value=9),
    binary=st.booleans(),
    count_dtype=st.sampled_from([np.int64, np.int32, np.float32, np.float64]),
    min_df=st.sampled_from([1, 2, 0.0]),
    ngram_range=st.sampled_from([(1, 1), (1, 2), (2, 2)]),
)
def test_ties_at_max_features_cut(train, test, limit, binary, count_dtype, min_df, ngram_range):
    """Many terms share a count: which ones survive ``max_features`` is sklearn's choice."""
    params = {
        "max_features": limit,
        "binary": binary,
        "min_df": min_df,
        "ngram_range": ngram_range,
    }
    compare_fit_transform("CountVectorizer", {**params, "dtype": count_dtype}, train, test)
    tfidf_dtype = count_dtype if count_dtype in (np.float32, np.float64) else np.float64
    compare_fit_transform("TfidfVectorizer", {**params, "dtype": tfidf_dtype}, train, test)


@example(docs=["b a c"] * 30, limit=2)
@settings(max_examples=examples(150))
@given(
    docs=st.lists(
        st.lists(st.sampled_from([f"w{i:02d}" for i in range(40)]), max_size=30).map(" ".join),
        min_size=1,
        max_size=60,
    ),
    limit=st.integers(min_value=1, max_value=35),
)
def test_ties_at_max_features_cut_large_vocabulary(docs, limit):
    """Vocabularies larger than 16 terms (numpy's introsort switches algorithm there)."""
    for name in ("CountVectorizer", "TfidfVectorizer"):
        compare_fit_transform(name, {"max_features": limit}, docs, docs[::-1])


VOCAB_TERMS = [
    "the",
    "cat",
    "news",
    "story",
    "café",
    "cafe",
    "über",
    "ab",
    "abc",
    "σς",
    "ς",
    "i̇stanbul",
    "中文",
    "the cat",
    "a",
    "Report",
    "ab ",
    " ab",
    "ca",
    "bc",
    "é",
    "e",
    "123",
    "ﬁ",
    "fi",
]


@settings(max_examples=examples(200))
@given(
    data=st.data(),
    train=corpus,
    test=corpus,
    analysis=analysis_params,
    extra_terms=st.lists(st.sampled_from(VOCAB_TERMS), max_size=6),
    as_dict=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
    binary=st.booleans(),
)
def test_fixed_vocabulary(data, train, test, analysis, extra_terms, as_dict, seed, binary):
    """``vocabulary=`` as a list or as a dict with shuffled indices, holding some of the
    corpus's own features and some foreign terms."""
    learned, _ = run(lambda: sk.CountVectorizer(**analysis).fit(train).get_feature_names_out())
    own = (
        []
        if learned is None
        else data.draw(st.lists(st.sampled_from(learned.tolist()), max_size=10))
    )
    terms = list(dict.fromkeys(own + extra_terms))
    if not terms:
        terms = ["the"]
    if as_dict:
        order = np.random.default_rng(seed).permutation(len(terms))
        vocabulary = {term: int(i) for term, i in zip(terms, order, strict=True)}
    else:
        vocabulary = list(terms)
    params = {**analysis, "vocabulary": vocabulary, "binary": binary}
    compare_fit_transform("CountVectorizer", params, train, test)
    compare_fit_transform("TfidfVectorizer", params, train, test)
    # Without any fit, transform uses the given vocabulary (as in scikit-learn).
    ours = run(lambda: sl.CountVectorizer(**params).transform(test))
    theirs = run(lambda: sk.CountVectorizer(**params).transform(test))
    assert_same_matrix(*assert_same_result(ours, theirs))


def upper(text):
    return text.upper()


def split_on_space(text):
    return text.split(" ")


def bigram_chars(text):
    return [text[i : i + 2] for i in range(0, len(text), 2)]


@settings(max_examples=examples(150))
@given(
    train=corpus,
    test=corpus,
    preprocessor=st.sampled_from([None, upper, str.strip]),
    tokenizer=st.sampled_from([None, split_on_space, str.split]),
    analyzer=st.sampled_from(["word", "word", bigram_chars, "char_wb"]),
    strip_accents=st.sampled_from([None, "unicode", "ascii", str.swapcase]),
    stop_words=st.sampled_from(STOP_LISTS),
    ngram_range=st.sampled_from(WORD_NGRAMS),
    lowercase=st.booleans(),
)
def test_callables(
    train,
    test,
    preprocessor,
    tokenizer,
    analyzer,
    strip_accents,
    stop_words,
    ngram_range,
    lowercase,
):
    """Callable preprocessor / tokenizer / analyzer / strip_accents behave as in sklearn."""
    params = {
        "preprocessor": preprocessor,
        "tokenizer": tokenizer,
        "analyzer": analyzer,
        "strip_accents": strip_accents,
        "stop_words": stop_words,
        "ngram_range": ngram_range,
        "lowercase": lowercase,
    }
    compare_fit_transform("CountVectorizer", params, train, test)
    compare_fit_transform("TfidfVectorizer", params, train, test)


# -- hashing --------------------------------------------------------------------------------


@settings(max_examples=examples(300))
@given(
    docs=corpus,
    analysis=analysis_params,
    n_features=st.sampled_from([1, 2, 8, 13, 1024, 2**20, 2**31 - 2]),
    alternate_sign=st.booleans(),
    binary=st.booleans(),
    norm=st.sampled_from([None, "l1", "l2"]),
    dtype=st.sampled_from([np.float64, np.float32]),
)
def test_hashing_vectorizer(docs, analysis, n_features, alternate_sign, binary, norm, dtype):
    """sklearn's columns, signs and values (including cancelled collisions in tiny spaces)."""
    params = {
        **analysis,
        "n_features": n_features,
        "alternate_sign": alternate_sign,
        "binary": binary,
        "norm": norm,
        "dtype": dtype,
    }
    ours = run(lambda: sl.HashingVectorizer(**params).fit_transform(docs))
    theirs = run(lambda: sk.HashingVectorizer(**params).fit_transform(docs))
    assert_same_matrix(*assert_same_result(ours, theirs))
    assert_same_stored_entries(ours[0], theirs[0])
    ours = run(lambda: sl.HashingVectorizer(**params).transform(docs))
    theirs = run(lambda: sk.HashingVectorizer(**params).transform(docs))
    assert_same_matrix(*assert_same_result(ours, theirs))
    assert_same_stored_entries(ours[0], theirs[0])


def assert_same_stored_entries(ours, theirs):
    """The same stored entries, including the explicit zeros sklearn keeps where a +1 and a
    -1 cancel in one column (they matter: binary=True turns them into ones)."""
    a, b = ours.copy(), theirs.copy()
    a.sort_indices()
    b.sort_indices()
    np.testing.assert_array_equal(a.indptr, b.indptr)
    np.testing.assert_array_equal(a.indices, b.indices)
    assert_same_values(a.data, b.data)


def test_hashing_vectorizer_cancelled_collisions_small_space():
    """With n_features=8 signs cancel inside a column; binary turns a stored 0 into 1 in
    sklearn, which storylens must reproduce."""
    docs = [" ".join(f"t{i}" for i in range(40)), "a1 b2 c3 d4 e5 f6 g7 h8 i9", "zz"]
    for binary in (False, True):
        for norm in (None, "l1", "l2"):
            params = {"n_features": 8, "binary": binary, "norm": norm}
            ours = sl.HashingVectorizer(**params).transform(docs)
            theirs = sk.HashingVectorizer(**params).transform(docs)
            assert_same_matrix(ours, theirs)
            assert_same_stored_entries(ours, theirs)


# -- TfidfTransformer -----------------------------------------------------------------------


@st.composite
def count_matrices(draw, n_rows=None, n_cols=None):
    rows = n_rows if n_rows is not None else draw(st.integers(1, 12))
    cols = n_cols if n_cols is not None else draw(st.integers(1, 10))
    kind = draw(st.sampled_from(["int", "float"]))
    density = draw(st.sampled_from([0.0, 0.2, 0.5, 1.0]))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    mask = rng.random((rows, cols)) < density
    if kind == "int":
        values = rng.integers(1, 20, size=(rows, cols))
        dtype = draw(st.sampled_from([np.int64, np.int32, np.float64, np.float32]))
    else:
        values = rng.random((rows, cols)) * 10 + 0.01
        dtype = draw(st.sampled_from([np.float64, np.float32]))
    return (values * mask).astype(dtype)


def as_format(dense, fmt):
    if fmt == "dense":
        return dense
    if fmt == "list":
        return dense.tolist()
    return getattr(sp, fmt)(dense)


FORMATS = ["dense", "csr_matrix", "csr_array", "csc_matrix", "coo_matrix"]


@settings(max_examples=examples(300))
@given(
    data=st.data(),
    fit_format=st.sampled_from(FORMATS),
    transform_format=st.sampled_from(FORMATS),
    norm=st.sampled_from([None, "l1", "l2"]),
    use_idf=st.booleans(),
    smooth_idf=st.booleans(),
    sublinear_tf=st.booleans(),
)
def test_tfidf_transformer(
    data, fit_format, transform_format, norm, use_idf, smooth_idf, sublinear_tf
):
    train = data.draw(count_matrices())
    test = data.draw(count_matrices(n_cols=train.shape[1]))
    params = {
        "norm": norm,
        "use_idf": use_idf,
        "smooth_idf": smooth_idf,
        "sublinear_tf": sublinear_tf,
    }
    ours_est, theirs_est = sl.TfidfTransformer(**params), sk.TfidfTransformer(**params)
    ours = run(lambda: ours_est.fit(as_format(train, fit_format)))
    theirs = run(lambda: theirs_est.fit(as_format(train, fit_format)))
    assert_same_result(ours, theirs)
    if use_idf:
        assert_same_values(np.asarray(ours_est.idf_), np.asarray(theirs_est.idf_))
    for X in (train, test):
        ours = run(lambda: ours_est.transform(as_format(X, transform_format)))
        theirs = run(lambda: theirs_est.transform(as_format(X, transform_format)))
        # Without smoothing, a term in no training row has an infinite idf, which a row
        # holding that term turns into an infinite weight: both refuse it.
        infinite = not smooth_idf and use_idf and X is test
        if assert_same_result_or_error(ours, theirs, ("infinity",) if infinite else ()):
            assert_same_matrix(ours[0], theirs[0])
    ours = run(lambda: sl.TfidfTransformer(**params).fit_transform(as_format(test, fit_format)))
    theirs = run(lambda: sk.TfidfTransformer(**params).fit_transform(as_format(test, fit_format)))
    assert_same_matrix(*assert_same_result(ours, theirs))


def test_tfidf_transformer_non_canonical_csr():
    """Unsorted indices and duplicate entries in a CSR input are handled as sklearn does."""
    data = np.array([1.0, 2.0, 3.0, 1.0, 4.0])
    indices = np.array([2, 0, 2, 1, 1], dtype=np.int32)
    indptr = np.array([0, 3, 5], dtype=np.int32)
    X = sp.csr_matrix((data, indices, indptr), shape=(2, 3))
    for params in ({}, {"sublinear_tf": True}, {"norm": "l1"}, {"use_idf": False}):
        ours = run(lambda: sl.TfidfTransformer(**params).fit(X.copy()).transform(X.copy()))
        theirs = run(lambda: sk.TfidfTransformer(**params).fit(X.copy()).transform(X.copy()))
        assert_same_matrix(*assert_same_result(ours, theirs))


def test_tfidf_transformer_explicit_zeros():
    """A stored zero counts toward the document frequency in sklearn (bincount of indices)."""
    X = sp.csr_matrix(
        (np.array([0.0, 2.0, 1.0]), np.array([0, 1, 0]), np.array([0, 2, 3])), shape=(2, 2)
    )
    ours = sl.TfidfTransformer().fit(X)
    theirs = sk.TfidfTransformer().fit(X)
    assert_same_values(ours.idf_, theirs.idf_)
    assert_same_matrix(ours.transform(X), theirs.transform(X))


# -- hand-picked unicode cases --------------------------------------------------------------

UNICODE_CASES = [
    "ΟΔΟΣ ΣΑ ΑΣ. Σ1 ΑΣ\u0301 ὈΔΥΣΣΕΎΣ",
    "İstanbul İ I ı",
    "cafe\u0301 café CAFÉ",
    "\u0301\u0301 a\u0301b",
    "٣٤ ५५ x²y ½ ﬁne ＡＢＣ ａｂｃ",
    "Russia’s officials' don't build-up U.S.",
    "😀😀 👍🏽 🇫🇷 👨\u200d👩\u200d👧",
    "tab\tnbsp\xa0em\u2003fs\x1cline\u2028end",
    "ﷺ ㎏ ℡ ǅungla ǆ ẞ ß",
    "snake_case __init__ _ __",
    "a" * 300 + " " + "b" * 3,
    "\u093f\u0e31 \u0345\u0345",
    "Kelvin K Ångström Å Ω",
    string.printable,
]


@pytest.mark.parametrize("analyzer", ["word", "char", "char_wb"])
@pytest.mark.parametrize("strip_accents", [None, "ascii", "unicode"])
@pytest.mark.parametrize("lowercase", [True, False])
def test_unicode_cases(analyzer, strip_accents, lowercase):
    params = {"analyzer": analyzer, "strip_accents": strip_accents, "lowercase": lowercase}
    if analyzer != "word":
        params["ngram_range"] = (1, 3)
    for doc in UNICODE_CASES:
        ours = sl.CountVectorizer(**params).build_analyzer()(doc)
        theirs = sk.CountVectorizer(**params).build_analyzer()(doc)
        assert ours == theirs, doc
    compare_fit_transform("CountVectorizer", params, UNICODE_CASES, UNICODE_CASES[::-1])
    compare_fit_transform("TfidfVectorizer", params, UNICODE_CASES, UNICODE_CASES[::-1])
    for n_features in (8, 2**20):
        hashing = {**params, "n_features": n_features}
        assert_same_matrix(
            sl.HashingVectorizer(**hashing).transform(UNICODE_CASES),
            sk.HashingVectorizer(**hashing).transform(UNICODE_CASES),
        )


@settings(max_examples=examples(200))
@given(
    doc=st.text(max_size=60),
    strip_accents=st.sampled_from([None, "ascii", "unicode"]),
    lowercase=st.booleans(),
    analyzer=st.sampled_from(["word", "char", "char_wb"]),
)
def test_arbitrary_text_analysis(doc, strip_accents, lowercase, analyzer):
    """Completely arbitrary code points (no surrogates) through every analyzer."""
    params = {"analyzer": analyzer, "strip_accents": strip_accents, "lowercase": lowercase}
    ours = run(lambda: sl.CountVectorizer(**params).build_analyzer()(doc))
    theirs = run(lambda: sk.CountVectorizer(**params).build_analyzer()(doc))
    our_features, their_features = assert_same_result(ours, theirs)
    assert our_features == their_features


# -- exhaustive: lowercasing of capital sigma next to every code point ----------------------


def _all_code_points():
    import sys

    points = np.arange(sys.maxunicode + 1, dtype=np.uint32)
    points = points[(points < 0xD800) | (points > 0xDFFF)]
    return points.tobytes().decode("utf-32-le")


def test_final_sigma_next_to_every_code_point():
    """``str.lower`` (which scikit-learn uses) lowercases Σ to final ς or to σ depending on
    the cased / case-ignorable properties of its neighbours in *this Python's* Unicode
    database. Every code point is tried before and after Σ, directly and across another
    char."""
    import re

    chars = _all_code_points()
    # Four contexts per code point c, separated by spaces (neither cased nor case-ignorable):
    # c before Σ, c between a cased letter and Σ, c after Σ, c between Σ and a cased letter.
    docs = [f"{c}Σ A{c}Σ AΣ{c} AΣ{c}A" for c in chars]
    ours = sl.Tokenizer(analyzer="char").tokenize(docs)
    collapse = re.compile(r"\s\s+")
    mismatched = [
        doc
        for doc, features in zip(docs, ours, strict=True)
        if features != list(collapse.sub(" ", doc.lower()))
    ]
    if mismatched:
        sk_analyze = sk.CountVectorizer(analyzer="char").build_analyzer()
        sl_analyze = sl.CountVectorizer(analyzer="char").build_analyzer()
        report = [(doc, sl_analyze(doc), sk_analyze(doc)) for doc in mismatched[:10]]
        raise AssertionError(
            f"{len(mismatched)} documents lowercase differently from scikit-learn, e.g. "
            f"(doc, storylens, scikit-learn): {report}"
        )


# -- other count dtypes -----------------------------------------------------------------------


OTHER_DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.uint32, np.uint64]


@pytest.mark.parametrize("dtype", OTHER_DTYPES, ids=lambda d: np.dtype(d).name)
def test_count_dtype_decides_max_features_like_sklearn(dtype):
    """scikit-learn ranks terms for ``max_features`` by the column sums of the matrix *in the
    requested dtype*: with dtype=bool that is the document frequency, with int8 counts wrap
    around above 127."""
    docs = ["aa " * 200 + "bb cc", "bb cc dd", "dd ee", "ee"]
    for limit in (1, 2, 3):
        params = {"dtype": dtype, "max_features": limit}
        compare_fit_transform("CountVectorizer", params, docs, docs[::-1])


@example(docs=["aa aa aa bb", "bb cc"], dtype=np.bool_, limit=1, binary=False)
@example(docs=["aa " * 130 + "bb", "bb cc"], dtype=np.int8, limit=1, binary=False)
@settings(max_examples=examples(150))
@given(
    docs=st.lists(
        st.lists(
            st.tuples(st.sampled_from(["aa", "bb", "cc", "dd", "ee"]), st.integers(1, 300)),
            max_size=4,
        ).map(lambda pairs: " ".join(" ".join([w] * n) for w, n in pairs)),
        min_size=1,
        max_size=6,
    ),
    dtype=st.sampled_from([*OTHER_DTYPES, np.int64, np.int32, np.float32]),
    limit=st.one_of(st.none(), st.integers(1, 5)),
    binary=st.booleans(),
)
def test_count_dtypes_property(docs, dtype, limit, binary):
    params = {"dtype": dtype, "max_features": limit, "binary": binary}
    compare_fit_transform("CountVectorizer", params, docs, docs[::-1])


# -- int64 indices ----------------------------------------------------------------------------

INT64_CASES = {
    "count": ("CountVectorizer", {}),
    "count-pruned": ("CountVectorizer", {"max_features": 4, "min_df": 2, "max_df": 0.9}),
    "count-float": ("CountVectorizer", {"dtype": np.float32, "binary": True}),
    "tfidf": ("TfidfVectorizer", {"sublinear_tf": True}),
    "tfidf-ngrams": ("TfidfVectorizer", {"ngram_range": (1, 2), "max_features": 6}),
    "hashing": ("HashingVectorizer", {"n_features": 64}),
    "hashing-unnormed": ("HashingVectorizer", {"norm": None, "alternate_sign": False}),
}


@pytest.fixture
def int64_from_five_values(monkeypatch):
    """The core hands over int64 indices for matrices of more than five stored values, as it
    does for more than 2**31 (which would not fit in memory here). Yields the index dtypes of
    every matrix the vectorizers build. scipy narrows indices whose values fit in int32, so
    those dtypes are recorded as the core gave them."""
    from storylens.feature_extraction import _params, count, hashing, tfidf

    given = []
    build = _params.sparse_output

    def recording(data, indices, indptr, shape):
        given.append((indices.dtype, indptr.dtype))
        return build(data, indices, indptr, shape)

    for module in (count, tfidf, hashing):
        monkeypatch.setattr(module, "sparse_output", recording)
    sl._core._set_int32_nnz_limit_for_tests(5)
    try:
        yield given
    finally:
        sl._core._set_int32_nnz_limit_for_tests(None)


@pytest.mark.parametrize("case", sorted(INT64_CASES))
def test_int64_indices_give_the_same_matrices(case, int64_from_five_values):
    name, params = INT64_CASES[case]
    train = ["the wire story ran", "the story ran again today", "a wire report", "the report"]
    test = ["wire story report", "nothing known", "the wire", "the story ran again"]
    theirs = getattr(sk, name)(**params)
    ours = getattr(sl, name)(**params)
    steps = [
        (lambda: ours.fit_transform(train), lambda: theirs.fit_transform(train)),
        (lambda: ours.transform(test), lambda: theirs.transform(test)),
    ]
    for our_step, their_step in steps:
        int64_from_five_values.clear()
        matrix = our_step()
        assert matrix.nnz > 5
        # The core's buffers (a later step may rebuild the matrix from scipy's narrowed ones).
        assert int64_from_five_values[0] == (np.int64, np.int64), case
        assert_same_matrix(matrix, their_step())
    if name != "HashingVectorizer":
        assert list(ours.get_feature_names_out()) == list(theirs.get_feature_names_out())


def test_int64_indices_through_the_tfidf_transformer():
    counts = sl.CountVectorizer().fit_transform(["a bb cc bb", "cc dd ee", "bb ee ff gg"])
    wide = sp.csr_matrix(
        (counts.data, counts.indices.astype(np.int64), counts.indptr.astype(np.int64)),
        shape=counts.shape,
    )
    wide.indices, wide.indptr = wide.indices.astype(np.int64), wide.indptr.astype(np.int64)
    assert wide.indices.dtype == np.int64
    ours = sl.TfidfTransformer().fit(wide).transform(wide)
    theirs = sk.TfidfTransformer().fit(counts).transform(counts)
    assert_same_matrix(ours, theirs)


def test_int32_indices_below_the_limit():
    matrix = sl.CountVectorizer().fit_transform(["a bb cc bb", "cc dd ee"])
    assert matrix.indices.dtype == np.int32 and matrix.indptr.dtype == np.int32
    with pytest.raises(ValueError):
        sl._core._set_int32_nnz_limit_for_tests(-1)


# -- every dtype, as scikit-learn handles it ----------------------------------------------------

ODD_DTYPES = [
    bool,
    np.int8,
    np.uint8,
    np.int16,
    np.uint64,
    np.float16,
    np.complex128,
    object,
    "U5",
]


@pytest.mark.parametrize("dtype", ODD_DTYPES, ids=str)
@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("CountVectorizer", {}),
        ("CountVectorizer", {"max_features": 2}),
        ("TfidfVectorizer", {}),
        ("TfidfVectorizer", {"max_features": 2, "sublinear_tf": True}),
        ("HashingVectorizer", {"n_features": 16}),
        ("HashingVectorizer", {"n_features": 16, "norm": None}),
        ("HashingVectorizer", {"n_features": 16, "norm": None, "alternate_sign": False}),
    ],
)
def test_odd_dtypes_like_sklearn(name, params, dtype):
    """Counts are made in the given dtype (bool counts are binary, int8 wraps at 128) before
    any weighting; dtypes scipy.sparse cannot hold, complex TF-IDF and negative signs in an
    unsigned dtype raise as in scikit-learn (see :func:`odd_dtype_error`)."""
    train = ["aa aa aa bb", "bb cc", "cc cc dd", "aa " * 300 + "ee"]
    test = ["aa " * 130 + "cc", "dd"]

    def outcome(module):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            vectorizer = getattr(module, name)(dtype=dtype, **params)
            return vectorizer.fit_transform(train), vectorizer.transform(test)

    ours, theirs = run(lambda: outcome(sl)), run(lambda: outcome(sk))
    error = odd_dtype_error(name, params, dtype)
    if error is not None:
        assert_same_error(ours, theirs, *error)
        return
    for our_matrix, their_matrix in zip(*assert_same_result(ours, theirs), strict=True):
        assert_same_matrix(our_matrix, their_matrix)


def odd_dtype_error(name, params, dtype):
    """The error (class, phrase) scikit-learn gives for ``dtype`` in test_odd_dtypes_like_sklearn,
    or None where it returns a result."""
    kind = np.dtype(dtype)
    if kind == np.float16 or kind.kind in "OU":
        return ValueError, "scipy.sparse does not support dtype"
    normalised = name == "TfidfVectorizer" or params.get("norm", "l2") is not None
    if kind.kind == "c" and name != "CountVectorizer" and normalised:
        return ValueError, "Complex data not supported"
    if kind.kind == "u" and name == "HashingVectorizer" and params.get("alternate_sign", True):
        return OverflowError, "out of bounds"
    if kind == np.int8 and params.get("sublinear_tf"):
        # 300 "aa" wrap to a negative int8 count, whose logarithm is NaN.
        return ValueError, "NaN"
    return None

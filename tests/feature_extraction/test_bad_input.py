# ruff: noqa: B023
"""Bad documents and bad parameters: clear exceptions naming the position or the parameter,
the same exception kinds as scikit-learn, and never a crashed interpreter."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
import storylens as sl
from conftest import assert_same_error, assert_same_result, builtin_base, run
from sklearn.feature_extraction import text as sk

VECTORIZERS = ["CountVectorizer", "TfidfVectorizer", "HashingVectorizer"]
# The paths a document can take: Rust reads it directly, or a Python step runs first.
PATHS = {
    "default": {},
    "char": {"analyzer": "char_wb", "ngram_range": (2, 3)},
    "regex_pattern": {"token_pattern": r"[a-z]+"},
    "python_pattern": {"token_pattern": r"(?i)[a-z]+"},
    "callable_preprocessor": {"preprocessor": str.lower},
    "callable_tokenizer": {"tokenizer": str.split},
    "callable_analyzer": {"analyzer": str.split},
    "news": {"tokenizer": "news"},
}


def fit_transform(name, params, docs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return getattr(sl, name)(**params).fit_transform(docs)


# -- bad documents ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nan",
    [float("nan"), np.nan, np.float64("nan"), np.float32("nan"), np.float16("nan")],
    ids=["float", "np", "f64", "f32", "f16"],
)
@pytest.mark.parametrize("path", sorted(PATHS))
@pytest.mark.parametrize("name", VECTORIZERS)
def test_nan_document_names_position(name, path, nan):
    docs = ["alpha beta", "beta gamma", "gamma", nan, "delta"]
    with pytest.raises(ValueError, match=r"document 3\b"):
        fit_transform(name, PATHS[path], docs)


def test_nan_in_series_names_position():
    series = pd.Series(["alpha beta", None, "x"], index=[10, 20, 30]).astype(object)
    series.iloc[1] = np.nan
    with pytest.raises(ValueError, match=r"document 1\b"):
        sl.CountVectorizer().fit_transform(series)
    # scikit-learn also refuses NaN with a ValueError
    with pytest.raises(ValueError):
        sk.CountVectorizer().fit_transform(series)


def test_nan_in_transform_and_tokenizer():
    fitted = sl.TfidfVectorizer().fit(["alpha beta", "beta"])
    with pytest.raises(ValueError, match=r"document 2\b"):
        fitted.transform(["alpha", "beta", np.nan])
    with pytest.raises(ValueError, match=r"document 1\b"):
        sl.Tokenizer().tokenize(["alpha", np.nan])


@pytest.mark.parametrize(
    "bad",
    [None, 7, 3.5, {"a": 1}, ["a", "b"], ("a",), object()],
    ids=["None", "int", "float", "dict", "list", "tuple", "object"],
)
@pytest.mark.parametrize("path", sorted(PATHS))
@pytest.mark.parametrize("name", VECTORIZERS)
def test_non_text_document_type_error_names_position(name, path, bad):
    docs = ["alpha beta", "beta gamma", bad, "gamma"]
    with pytest.raises(TypeError, match=r"document 2\b"):
        fit_transform(name, PATHS[path], docs)


@pytest.mark.parametrize(
    "bad", [None, 7, {"a": 1}, ["a", "b"]], ids=["None", "int", "dict", "list"]
)
def test_non_text_document_in_transform_and_tokenizer(bad):
    fitted = sl.CountVectorizer().fit(["alpha beta"])
    with pytest.raises(TypeError, match=r"document 1\b"):
        fitted.transform(["alpha", bad])
    with pytest.raises(TypeError, match=r"document 1\b"):
        sl.Tokenizer().tokenize(["alpha", bad])
    with pytest.raises(TypeError, match=r"document 1\b"):
        sl.Tokenizer().tokenize_with_offsets(["alpha", bad])


@pytest.mark.parametrize("single", ["a single string", b"single bytes"], ids=["str", "bytes"])
@pytest.mark.parametrize("method", ["fit", "fit_transform", "transform"])
@pytest.mark.parametrize("name", VECTORIZERS)
def test_single_string_raises_value_error_like_sklearn(name, method, single):
    ours_est = getattr(sl, name)()
    if method == "transform" and name != "HashingVectorizer":
        ours_est.fit(["a fitted corpus"])
    with pytest.raises(ValueError, match="Iterable over raw text documents expected"):
        getattr(ours_est, method)(single)
    if isinstance(single, str):
        theirs_est = getattr(sk, name)()
        if method == "transform" and name != "HashingVectorizer":
            theirs_est.fit(["a fitted corpus"])
        with pytest.raises(ValueError, match="Iterable over raw text documents expected"):
            getattr(theirs_est, method)(single)


@pytest.mark.parametrize("name", ["CountVectorizer", "TfidfVectorizer"])
def test_empty_corpus_like_sklearn(name):
    ours = run(lambda: getattr(sl, name)().fit_transform([]))
    theirs = run(lambda: getattr(sk, name)().fit_transform([]))
    assert_same_error(ours, theirs, ValueError, "empty vocabulary")
    # With a fixed vocabulary, an empty corpus gives CountVectorizer an empty (0, n) matrix;
    # TfidfVectorizer refuses it, as its TfidfTransformer needs at least one row.
    ours = run(lambda: getattr(sl, name)(vocabulary=["a", "bb"]).fit_transform([]))
    theirs = run(lambda: getattr(sk, name)(vocabulary=["a", "bb"]).fit_transform([]))
    if name == "TfidfVectorizer":
        assert_same_error(ours, theirs, ValueError, "Found array with 0 sample(s)")
    else:
        our_matrix, their_matrix = assert_same_result(ours, theirs)
        assert our_matrix.shape == their_matrix.shape == (0, 2)


def test_hashing_empty_corpus_gives_empty_matrix():
    X = sl.HashingVectorizer(n_features=16).transform([])
    assert X.shape == (0, 16)


@pytest.mark.parametrize("name", ["CountVectorizer", "TfidfVectorizer"])
def test_all_stop_words_empty_vocabulary(name):
    docs = ["the and of", "a an the", "", "   "]
    with pytest.raises(ValueError, match="empty vocabulary"):
        getattr(sl, name)(stop_words="english").fit(docs)
    with pytest.raises(ValueError, match="empty vocabulary"):
        getattr(sl, name)(stop_words=["one", "two"]).fit(["one two", "two"])


@pytest.mark.parametrize(
    "params",
    [
        {"min_df": 3},
        {"max_df": 0.1},
        {"max_df": 1, "min_df": 1},  # every term is in 2 documents
        {"min_df": 0.9},
        {"max_df": 0.0},
    ],
)
@pytest.mark.parametrize("name", ["CountVectorizer", "TfidfVectorizer"])
def test_pruning_everything_raises(name, params):
    docs = ["alpha beta", "alpha beta", "gamma delta", "gamma delta"]
    ours = run(lambda: getattr(sl, name)(**params).fit(docs))
    theirs = run(lambda: getattr(sk, name)(**params).fit(docs))
    assert_same_error(ours, theirs, ValueError)


def test_max_df_below_min_df_raises_like_sklearn():
    docs = ["alpha beta", "alpha", "beta gamma"]
    for params in ({"max_df": 1, "min_df": 2}, {"max_df": 0.2, "min_df": 0.5}):
        ours = run(lambda: sl.CountVectorizer(**params).fit(docs))
        theirs = run(lambda: sk.CountVectorizer(**params).fit(docs))
        assert_same_error(ours, theirs, ValueError, "max_df corresponds to < documents than min_df")


@pytest.mark.parametrize("path", sorted(PATHS))
@pytest.mark.parametrize("name", VECTORIZERS)
def test_lone_surrogate_value_error_names_document(name, path):
    docs = ["alpha beta", "beta gamma", "ok \ud800 broken"]
    with pytest.raises(ValueError, match=r"document 2\b"):
        fit_transform(name, PATHS[path], docs)


def test_lone_surrogate_in_tokenizer_and_transform():
    with pytest.raises(ValueError, match=r"document 1\b"):
        sl.Tokenizer().tokenize(["fine", "\udfff"])
    with pytest.raises(ValueError, match=r"document 1\b"):
        sl.Tokenizer().tokenize_with_offsets(["fine", "x\ud800y"])
    fitted = sl.CountVectorizer().fit(["alpha beta"])
    with pytest.raises(ValueError, match=r"document 0\b"):
        fitted.transform(["\ud83d alpha"])


# -- bad parameters ---------------------------------------------------------------------------

# (parameter, bad value, estimators it applies to)
BAD_PARAMS = [
    ("analyzer", "bogus", VECTORIZERS),
    ("strip_accents", "x", VECTORIZERS),
    ("ngram_range", (2, 1), VECTORIZERS),
    ("max_df", 2.5, ["CountVectorizer", "TfidfVectorizer"]),
    ("min_df", -1, ["CountVectorizer", "TfidfVectorizer"]),
    ("max_features", 0, ["CountVectorizer", "TfidfVectorizer"]),
    ("norm", "l3", ["TfidfVectorizer", "HashingVectorizer", "TfidfTransformer"]),
    ("n_jobs", 0, [*VECTORIZERS, "TfidfTransformer"]),
    ("stem", "klingon", VECTORIZERS),
    ("stop_words", "klingon", VECTORIZERS),
    ("decode_error", "x", VECTORIZERS),
    ("input", "x", VECTORIZERS),
    ("n_features", 0, ["HashingVectorizer"]),
    ("dtype", "notadtype", VECTORIZERS),
    # Wrong types: a ValueError too (and a TypeError, as scikit-learn's own error is).
    ("stop_words", 5, VECTORIZERS),
    ("stop_words", ["fine", 2], VECTORIZERS),
    ("vocabulary", ["fine", 2], ["CountVectorizer", "TfidfVectorizer"]),
]


def _message_names(error, parameter, value):
    """True when the message names ``parameter`` outside the repr of the bad value itself."""
    message = str(error)
    for shown in (repr(value), str(value)):
        message = message.replace(shown, "")
    return parameter in message


def _fit_data(name):
    return np.array([[1, 0], [2, 1]]) if name == "TfidfTransformer" else ["alpha beta", "beta"]


@pytest.mark.parametrize(
    ("parameter", "value", "name"),
    [(p, v, n) for p, v, names in BAD_PARAMS for n in names],
)
def test_invalid_parameter_value_error_at_fit(parameter, value, name):
    estimator = getattr(sl, name)(**{parameter: value})  # constructing never validates
    assert estimator.get_params()[parameter] == value
    with pytest.raises(ValueError) as info:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            estimator.fit(_fit_data(name))
    assert _message_names(info.value, parameter, value), str(info.value)


# Further invalid values that scikit-learn rejects with a ValueError (InvalidParameterError).
MORE_BAD_PARAMS = [
    ("binary", "yes", ["CountVectorizer", "TfidfVectorizer", "HashingVectorizer"]),
    ("lowercase", "yes", VECTORIZERS),
    ("alternate_sign", "x", ["HashingVectorizer"]),
    ("use_idf", "x", ["TfidfVectorizer", "TfidfTransformer"]),
    ("smooth_idf", "x", ["TfidfVectorizer", "TfidfTransformer"]),
    ("sublinear_tf", "x", ["TfidfVectorizer", "TfidfTransformer"]),
    ("max_df", -0.5, ["CountVectorizer", "TfidfVectorizer"]),
    ("min_df", 1.5, ["CountVectorizer", "TfidfVectorizer"]),
    ("max_features", -3, ["CountVectorizer", "TfidfVectorizer"]),
    ("max_features", 2.5, ["CountVectorizer", "TfidfVectorizer"]),
    ("norm", "L2", ["TfidfVectorizer", "HashingVectorizer", "TfidfTransformer"]),
    ("n_features", -8, ["HashingVectorizer"]),
    ("n_features", 8.0, ["HashingVectorizer"]),
    ("n_features", 2**31 - 1, ["HashingVectorizer"]),
    ("n_features", 2**31, ["HashingVectorizer"]),
    ("tokenizer", "bogus", VECTORIZERS),
    ("token_pattern", 5, VECTORIZERS),
    ("preprocessor", 5, VECTORIZERS),
    ("vocabulary", 5, ["CountVectorizer", "TfidfVectorizer"]),
]


@pytest.mark.parametrize(
    ("parameter", "value", "name"),
    [(p, v, n) for p, v, names in MORE_BAD_PARAMS for n in names],
)
def test_more_invalid_parameters_like_sklearn(parameter, value, name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValueError):
            getattr(sk, name)(**{parameter: value}).fit(_fit_data(name))
        with pytest.raises(ValueError) as info:
            getattr(sl, name)(**{parameter: value}).fit(_fit_data(name))
    assert _message_names(info.value, parameter, value), str(info.value)


@pytest.mark.parametrize(
    "vocabulary",
    [{"a": 1}, {"a": 0, "b": 0}, ["a", "a"], [], {}],
    ids=["missing-index", "repeated-index", "duplicate-term", "empty-list", "empty-dict"],
)
@pytest.mark.parametrize("name", ["CountVectorizer", "TfidfVectorizer"])
def test_invalid_vocabulary_like_sklearn(name, vocabulary):
    ours = run(lambda: getattr(sl, name)(vocabulary=vocabulary).fit(["a b"]))
    theirs = run(lambda: getattr(sk, name)(vocabulary=vocabulary).fit(["a b"]))
    assert_same_error(ours, theirs, ValueError)


@pytest.mark.parametrize("name", VECTORIZERS)
def test_token_pattern_with_two_groups(name):
    ours = run(lambda: getattr(sl, name)(token_pattern=r"(\w)(\w)").fit_transform(["ab cd"]))
    theirs = run(lambda: getattr(sk, name)(token_pattern=r"(\w)(\w)").fit_transform(["ab cd"]))
    assert_same_error(ours, theirs, ValueError, "More than 1 capturing group")
    with pytest.raises(ValueError, match="capturing group"):
        sl.Tokenizer(token_pattern=r"(a)|(b)").tokenize(["ab"])


@pytest.mark.parametrize("pattern", ["(", "[a-", "a{2,1}", "(?<=a+)b", "\\"])
@pytest.mark.parametrize("name", VECTORIZERS)
def test_invalid_regex_value_error(name, pattern):
    with pytest.raises(ValueError, match="token_pattern"):
        getattr(sl, name)(token_pattern=pattern).fit_transform(["ab cd"])


@pytest.mark.parametrize(
    "tokenizer",
    [lambda s: [1, 2], lambda s: ["ok", None], lambda s: [b"bytes"], lambda s: None, lambda s: 5],
    ids=["ints", "none-token", "bytes-token", "returns-none", "returns-int"],
)
@pytest.mark.parametrize("name", VECTORIZERS)
@pytest.mark.filterwarnings("ignore:The parameter 'token_pattern' will not be used")
def test_callable_tokenizer_returning_non_str(name, tokenizer):
    with pytest.raises(TypeError):
        getattr(sl, name)(tokenizer=tokenizer).fit_transform(["alpha beta", "gamma"])


@pytest.mark.parametrize("name", VECTORIZERS)
def test_callable_analyzer_returning_non_str(name):
    with pytest.raises(TypeError):
        getattr(sl, name)(analyzer=lambda s: [s, 3]).fit_transform(["alpha", "beta"])


@pytest.mark.parametrize("name", VECTORIZERS)
@pytest.mark.parametrize("stage", ["tokenizer", "analyzer"])
@pytest.mark.filterwarnings("ignore:The parameter 'token_pattern' will not be used")
def test_a_callable_returning_no_tokens_names_the_document(name, stage):
    def tokens(text):
        return None if text == "gamma" else text.split()

    with pytest.raises(sl.exceptions.DocumentTypeError, match=r"document 1: .*returned a NoneType"):
        getattr(sl, name)(**{stage: tokens}).fit_transform(["alpha beta", "gamma"])


def test_missing_file_raises_like_sklearn(tmp_path):
    missing = str(tmp_path / "missing.txt")
    with pytest.raises(FileNotFoundError):
        sk.CountVectorizer(input="filename").fit([missing])
    with pytest.raises(FileNotFoundError, match="document 0"):
        sl.CountVectorizer(input="filename").fit([missing])


def test_internal_errors_are_not_raised_for_ordinary_mistakes():
    """No mistake below may surface as a RuntimeError ("internal error in storylens")."""
    attempts = [
        lambda: sl.CountVectorizer(ngram_range=(1, 1000)).fit_transform(["a bb ccc"] * 3),
        lambda: sl.CountVectorizer(analyzer="char_wb", ngram_range=(50, 60)).fit_transform(
            ["short words"]
        ),
        lambda: sl.HashingVectorizer(n_features=1).transform(["a b c"] * 10),
        lambda: sl.TfidfTransformer().fit(np.zeros((3, 0))).transform(np.zeros((3, 0))),
        lambda: sl.TfidfTransformer().fit(np.zeros((0, 3))),
        lambda: sl.CountVectorizer(vocabulary=["x"]).transform([]),
    ]
    for attempt in attempts:
        _, error = run(attempt)
        assert not isinstance(error, RuntimeError), error


#: Matrices scikit-learn's TfidfTransformer refuses, and a phrase of the error it gives.
DEGENERATE_MATRICES = {
    "no-rows": (lambda: np.zeros((0, 3)), "0 sample(s)"),
    "no-columns": (lambda: np.zeros((3, 0)), "0 feature(s)"),
    "no-rows-sparse": (lambda: sp.csr_matrix((0, 3)), "0 sample(s)"),
    "one-dimensional": (lambda: np.array([1, 2]), "Expected 2D array"),
    "nan": (lambda: np.array([[np.nan, 1.0]]), "NaN"),
    "inf": (lambda: np.array([[np.inf, 1.0]]), "infinity"),
    "nan-sparse": (lambda: sp.csr_matrix(np.array([[np.nan, 1.0]])), "NaN"),
}


@pytest.mark.parametrize("kind", sorted(DEGENERATE_MATRICES))
@pytest.mark.parametrize("method", ["fit", "fit_transform"])
def test_tfidf_transformer_degenerate_inputs_like_sklearn(kind, method):
    make, phrase = DEGENERATE_MATRICES[kind]
    ours = run(lambda: getattr(sl.TfidfTransformer(), method)(make()))
    theirs = run(lambda: getattr(sk.TfidfTransformer(), method)(make()))
    assert_same_error(ours, theirs, ValueError, phrase)


def test_tfidf_transformer_rejects_non_numeric():
    with pytest.raises((ValueError, TypeError)):
        sl.TfidfTransformer().fit(np.array([["a", "b"]]))


# -- nothing crashes the interpreter -----------------------------------------------------------

NASTY_SCRIPT = textwrap.dedent(
    """
    import sys, warnings
    warnings.simplefilter("ignore")
    import numpy as np
    import storylens as sl

    def attempt(label, func):
        try:
            func()
        except (ValueError, TypeError, MemoryError, OverflowError) as error:
            print(label, "raised", type(error).__name__, str(error)[:80])
        else:
            print(label, "ok")

    which = sys.argv[1]
    if which == "huge":
        doc = ("breaking news from the wire desk " * 700_000)[: 20 * 1024 * 1024]
        attempt("count", lambda: sl.CountVectorizer().fit_transform([doc, doc[:100]]))
        attempt("tfidf", lambda: sl.TfidfVectorizer(ngram_range=(1, 3)).fit_transform([doc]))
        attempt("hash", lambda: sl.HashingVectorizer().transform([doc]))
        attempt("char", lambda: sl.CountVectorizer(analyzer="char_wb",
                                                   ngram_range=(2, 4)).fit_transform([doc]))
        attempt("offsets", lambda: sl.Tokenizer().tokenize_with_offsets([doc[:2_000_000]]))
        attempt("sentences", lambda: sl.split_sentences(doc[:2_000_000]))
        attempt("no-spaces", lambda: sl.CountVectorizer().fit_transform(["x" * 20_000_000]))
    elif which == "empty":
        docs = [""] * 100_000
        attempt("count", lambda: sl.CountVectorizer().fit_transform(docs))
        attempt("tfidf-vocab", lambda: sl.TfidfVectorizer(vocabulary=["a"]).fit_transform(docs))
        attempt("hash", lambda: sl.HashingVectorizer().transform(docs))
        attempt("tokens", lambda: sl.Tokenizer().tokenize(docs))
        attempt("count-n_jobs", lambda: sl.CountVectorizer(n_jobs=-1).fit_transform(docs + ["ab"]))
    elif which == "unicode":
        all_chars = "".join(chr(c) for c in range(sys.maxunicode + 1)
                            if not 0xD800 <= c <= 0xDFFF)
        docs = [
            "\\u0301" * 1_000_000,
            "Σ" * 1_000_000,
            "AΣ\\u0301" * 300_000,
            "Z\\u0351\\u0352\\u0357\\u0310\\u0300" * 200_000,
            "\\U0010FFFF" * 100_000,
            "\\x00" * 100_000,
            "İ" * 300_000,
            "ﷺ" * 100_000,
            "\\u3000\\x1c\\x85 " * 200_000,
            all_chars,
            all_chars[::-1],
            "\\ufeff" + "\\u200d" * 100_000,
        ]
        for accents in (None, "ascii", "unicode"):
            for analyzer in ("word", "char", "char_wb"):
                attempt(f"count-{accents}-{analyzer}", lambda: sl.CountVectorizer(
                    analyzer=analyzer, strip_accents=accents,
                    ngram_range=(1, 2)).fit_transform(docs))
            attempt(f"offsets-{accents}", lambda: sl.Tokenizer(
                strip_accents=accents).tokenize_with_offsets(docs))
            attempt(f"news-{accents}", lambda: sl.Tokenizer(
                tokenizer="news", strip_accents=accents, stem="english").tokenize(docs))
        attempt("hash", lambda: sl.HashingVectorizer(n_features=8).transform(docs))
        attempt("regex", lambda: sl.CountVectorizer(token_pattern=r"[^\\W\\d_]{2,}").fit(docs))
        for doc in docs:
            attempt("sentences", lambda: sl.split_sentences(doc[:300_000]))
    print("FINISHED")
    """
)


@pytest.mark.parametrize("which", ["huge", "empty", "unicode"])
def test_nasty_inputs_do_not_crash_the_interpreter(which, tmp_path):
    script = tmp_path / "nasty.py"
    script.write_text(NASTY_SCRIPT, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), which],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, (result.returncode, result.stdout[-2000:], result.stderr[-2000:])
    assert "FINISHED" in result.stdout
    assert "internal error" not in result.stdout + result.stderr
    assert not re.search(r"raised (RuntimeError|SystemError)", result.stdout)


@pytest.mark.parametrize("on_worker", [False, True], ids=["caller", "rayon-worker"])
def test_a_rust_panic_becomes_a_runtime_error(on_worker):
    """A panic in core work (a bug) reaches Python as an ordinary exception that names itself,
    not as pyo3's PanicException (a BaseException) or a crash, and the process goes on."""
    from storylens import _core

    with pytest.raises(RuntimeError, match=r"internal error in storylens.*boom"):
        _core._panic_for_tests("boom", on_worker)
    assert sl.CountVectorizer().fit_transform(["still works"]).nnz == 2


# -- the smaller differences from scikit-learn an audit found -------------------------------

STOP_WORD_CASES = {
    "apostrophe": {"stop_words": ["don't", "Hello"]},
    "english": {"stop_words": "english"},
    "accents": {"stop_words": ["Café", "naïve-x"], "strip_accents": "unicode"},
    "no-lowercase": {"stop_words": ["ab cd", "Zed"], "lowercase": False},
    "pattern": {"stop_words": ["x-y"], "token_pattern": r"(?u)\b\w+\b"},
    "python-pattern": {"stop_words": ["x-y"], "token_pattern": r"(?u)\b\w+(?=-)"},
    "callable-tokenizer": {"stop_words": ["don't go"], "tokenizer": str.split},
    "tokenizer-fails": {"stop_words": ["ok"], "tokenizer": lambda s: s.split()[1:2] or 1 / 0},
}


def _stop_word_warnings(module, name, params):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        vectorizer = getattr(module, name)(**params)
        vectorizer.fit(["hello world don't x-y go"])
        vectorizer.transform(["hello again"])
    return [str(w.message) for w in caught if "stop_words may be" in str(w.message)]


@pytest.mark.parametrize("case", sorted(STOP_WORD_CASES))
@pytest.mark.parametrize("name", VECTORIZERS)
def test_stop_words_inconsistency_warning_like_sklearn(name, case):
    """scikit-learn warns, once per stop-word list, when a stop word tokenises into tokens
    that are not stop words (such a stop word can never be removed)."""
    params = STOP_WORD_CASES[case]
    ours = _stop_word_warnings(sl, name, params)
    assert ours == _stop_word_warnings(sk, name, params)
    assert len(ours) == (
        case
        in (
            "apostrophe",
            "accents",
            "no-lowercase",
            "pattern",
            "python-pattern",
            "callable-tokenizer",
        )
    )


def test_stop_words_warning_for_a_language_list():
    # Tamil words are cut at their vowel signs by scikit-learn's pattern, so the list cannot
    # match: the warning says so. The news tokenizer keeps them whole, and no warning is given.
    with pytest.warns(UserWarning, match=r"123 of the 125 'tamil' stop words are never whole"):
        sl.CountVectorizer(stop_words="tamil").fit(["இந்த வீடு அந்த புத்தகம்"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sl.CountVectorizer(stop_words="tamil", tokenizer="news").fit(["இந்த வீடு"])


def test_tfidf_transform_of_no_documents_like_sklearn():
    for module in (sk, sl):
        fitted = module.TfidfVectorizer().fit(["aa bb"])
        with pytest.raises(ValueError, match="0 sample"):
            fitted.transform([])
        assert module.CountVectorizer().fit(["aa bb"]).transform([]).shape == (0, 2)


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("lowercase", "yes"),
        ("lowercase", None),
        ("n_jobs", 0),
        ("n_jobs", "2"),
        ("preprocessor", 5),
    ],
)
def test_tokenizer_rejects_wrong_parameters(parameter, value):
    tokenizer = sl.Tokenizer(**{parameter: value})
    for method in (tokenizer.tokenize, tokenizer.tokenize_with_offsets):
        with pytest.raises(ValueError, match=parameter):
            method(["some text"])


@pytest.mark.parametrize("language", ["klingon", "englsh", "xx"])
def test_split_sentences_rejects_unknown_language(language):
    with pytest.raises(ValueError, match=f"unknown language '{language}'"):
        sl.split_sentences("One. Two.", language=language)


def test_split_sentences_languages_and_generic_rules():
    text = "Mr. Smith left. He came back."
    assert [s.text for s in sl.split_sentences(text, "EN")] == ["Mr. Smith left.", "He came back."]
    assert [s.text for s in sl.split_sentences(text, None)] == [
        "Mr.",
        "Smith left.",
        "He came back.",
    ]
    with pytest.raises(TypeError, match="language"):
        sl.split_sentences(text, 5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "params",
    [
        {"min_df": True},
        {"max_features": True},
        {"ngram_range": (np.int64(1), np.int64(2))},
        {"ngram_range": (1, 2**70)},
        {"vocabulary": {"cc": 1.0, "aa": 0.0}},
        {"stem": "en"},
        {"stem": "FR"},
    ],
    ids=str,
)
def test_parameters_scikit_learn_accepts(params):
    docs = ["aa bb cc", "bb cc dd", "cc dd aa"]
    reference = {k: v for k, v in params.items() if k != "stem"}
    ours = sl.CountVectorizer(**params).fit_transform(docs)
    if "stem" in params:
        name = sl._core.resolve_language(params["stem"])
        assert (ours != sl.CountVectorizer(stem=name).fit_transform(docs)).nnz == 0
    else:
        theirs = sk.CountVectorizer(**reference).fit_transform(docs)
        assert ours.shape == theirs.shape and (ours != theirs).nnz == 0


def test_huge_n_jobs_names_the_parameter():
    with pytest.raises(ValueError, match="n_jobs"):
        sl.CountVectorizer(n_jobs=2**70).fit(["aa bb"])


@pytest.mark.parametrize("path", ["default", "callable_preprocessor"])
def test_decoding_error_names_the_document(path):
    params = {**PATHS[path], "encoding": "ascii"}
    for name in ("CountVectorizer", "HashingVectorizer"):
        with pytest.raises(UnicodeDecodeError, match=r"in document 2\)"):
            getattr(sl, name)(**params).fit_transform([b"ok", "fine", b"caf\xc3\xa9"])
    with pytest.raises(UnicodeDecodeError, match=r"in document 1\)"):
        sl.Tokenizer().tokenize(["ok", b"caf\xe9"])


def test_filename_input_that_is_not_a_path_names_the_document(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("some words", encoding="utf-8")
    with pytest.raises(TypeError, match="document 1"):
        sl.CountVectorizer(input="filename").fit([str(good), None])


def _unused_parameter_outcome(cls, params, how):
    """The exception raised, or the set of warnings (scikit-learn's TfidfVectorizer gives some
    twice; Python's default filter shows them once anyway)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            vectorizer = cls(**params)
            if how == "fit":
                vectorizer.fit(["hello world don't x-y go"])
                vectorizer.transform(["hello again"])
            elif how == "fit_transform":
                vectorizer.fit_transform(["hello world don't x-y go"])
            else:
                vectorizer.transform(["hello world"])
        except Exception as error:
            return error
    return {str(w.message) for w in caught if "stop_words may be" not in str(w.message)}


UNUSED_OPTIONS = {
    "analyzer": ["word", "char", str.split],
    "tokenizer": [None, str.split],
    "token_pattern": [r"(?u)\b\w\w+\b", None, r"\w+"],
    "preprocessor": [None, str.lower],
    "ngram_range": [(1, 1), (1, 2)],
    "stop_words": [None, ["x"]],
}


@pytest.mark.parametrize("name", VECTORIZERS)
def test_unused_parameter_warnings_like_sklearn(name):
    """The same 'parameter will not be used' warnings as scikit-learn, for every combination
    of the parameters that make others unused, given at fit (and by HashingVectorizer's
    transform, which warns of nothing)."""
    import itertools

    hows = ["fit", "fit_transform"] + (["transform"] if name == "HashingVectorizer" else [])
    for values in itertools.product(*UNUSED_OPTIONS.values()):
        params = dict(zip(UNUSED_OPTIONS, values, strict=True))
        for how in hows:
            ours = _unused_parameter_outcome(getattr(sl, name), params, how)
            theirs = _unused_parameter_outcome(getattr(sk, name), params, how)
            if isinstance(theirs, Exception):
                assert isinstance(ours, builtin_base(theirs)), (params, how, ours, theirs)
            else:
                assert ours == theirs, (params, how)

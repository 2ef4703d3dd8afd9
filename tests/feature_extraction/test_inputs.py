# ruff: noqa: RUF001
"""What users pass as documents: containers, bytes and encodings, files; never mutated, and
one output row per input row, in order."""

from __future__ import annotations

import copy
import io

import numpy as np
import pandas as pd
import pytest
import storylens as sl
from conftest import (
    assert_same_error,
    assert_same_matrix,
    assert_same_result,
    assert_same_vocabulary,
    run,
)
from sklearn.feature_extraction import text as sk

DOCS = [
    "Officials said the talks ran late",
    "",
    "   \t\n ",
    "Café naïve ΟΔΟΣ İstanbul 中文 😀",
    "the wire story, the wire copy",
    "\xa0\u2003",
    "build-up U.S. 3.5 240,000",
    "the",
]

VECTORIZERS = ["CountVectorizer", "TfidfVectorizer", "HashingVectorizer"]


def fit_both(name, make_input, params=None, method="fit_transform", raises=None):
    """Calls ``method`` on both libraries with a fresh input from ``make_input()``: both give
    the same matrix (and vocabulary), or, with ``raises``, both raise that error."""
    params = params or {}
    ours_est = getattr(sl, name)(**params)
    theirs_est = getattr(sk, name)(**params)
    ours = run(lambda: getattr(ours_est, method)(make_input()))
    theirs = run(lambda: getattr(theirs_est, method)(make_input()))
    if raises is not None:
        assert_same_error(ours, theirs, raises)
        return ours_est, ours
    assert_same_matrix(*assert_same_result(ours, theirs))
    if name != "HashingVectorizer":
        assert_same_vocabulary(ours_est, theirs_est)
    return ours_est, ours


# -- containers -----------------------------------------------------------------------------


def _shuffled_series():
    index = [7, 2, 9, 0, 5, 1, 8, 3]
    return pd.Series(DOCS, index=index)


CONTAINERS = {
    "list": lambda: list(DOCS),
    "tuple": lambda: tuple(DOCS),
    "ndarray_unicode": lambda: np.array(DOCS),
    "ndarray_object": lambda: np.array(DOCS, dtype=object),
    "series_default_index": lambda: pd.Series(DOCS),
    "series_shuffled_index": _shuffled_series,
    "series_string_dtype": lambda: pd.Series(DOCS, index=range(10, 18), dtype="string"),
    "series_from_frame": lambda: pd.DataFrame({"text": DOCS}, index=list("hgfedcba"))["text"],
    "generator": lambda: (d for d in DOCS),
    "map": lambda: map(str, DOCS),
    "list_of_numpy_str": lambda: list(np.array(DOCS)),
    "pandas_index": lambda: pd.Index(DOCS),
    "dict_keys": lambda: dict.fromkeys(DOCS).keys(),
}


@pytest.mark.parametrize("container", sorted(CONTAINERS))
@pytest.mark.parametrize("name", VECTORIZERS)
def test_containers_match_sklearn(container, name):
    fit_both(name, CONTAINERS[container])


@pytest.mark.parametrize("container", sorted(CONTAINERS))
def test_containers_transform_after_fit(container):
    for name in ("CountVectorizer", "TfidfVectorizer"):
        ours = getattr(sl, name)().fit(DOCS)
        theirs = getattr(sk, name)().fit(DOCS)
        make = CONTAINERS[container]
        assert_same_matrix(ours.transform(make()), theirs.transform(make()))


def test_series_rows_follow_position_not_index():
    series = _shuffled_series()
    X = sl.CountVectorizer().fit_transform(series)
    Y = sl.CountVectorizer().fit_transform(list(series.values))
    np.testing.assert_array_equal(X.toarray(), Y.toarray())
    # and not the index order
    Z = sl.CountVectorizer().fit_transform(list(series.sort_index().values))
    assert not np.array_equal(X.toarray(), Z.toarray())


class CountingIterable:
    """An iterable that counts how often it is iterated."""

    def __init__(self, docs):
        self.docs = docs
        self.iterations = 0

    def __iter__(self):
        self.iterations += 1
        return iter(self.docs)


@pytest.mark.parametrize("name", VECTORIZERS)
def test_iterable_read_once(name):
    source = CountingIterable(DOCS)
    X = getattr(sl, name)().fit_transform(source)
    assert source.iterations == 1
    expected = getattr(sl, name)().fit_transform(list(DOCS))
    np.testing.assert_array_equal(X.toarray(), expected.toarray())


@pytest.mark.parametrize("name", VECTORIZERS)
def test_generator_fit_transform_equals_list(name):
    X = getattr(sl, name)().fit_transform(d for d in DOCS)
    Y = getattr(sl, name)().fit_transform(DOCS)
    assert X.shape[0] == len(DOCS)
    np.testing.assert_array_equal(X.toarray(), Y.toarray())


def test_tokenizer_accepts_the_same_containers():
    expected = sl.Tokenizer().tokenize(DOCS)
    for make in CONTAINERS.values():
        if make is CONTAINERS["dict_keys"]:
            continue  # duplicates collapse in a dict; not the same rows
        assert sl.Tokenizer().tokenize(make()) == expected


# -- bytes and encodings ----------------------------------------------------------------------

LATIN1_DOCS = [d.encode("latin-1", "replace") for d in DOCS] + ["Ça coûte été".encode("latin-1")]
BROKEN_UTF8 = [b"caf\xc3\xa9 ok", b"bad \xff\xfe bytes here", b"\xc3", "plain str mixed in"]


@pytest.mark.parametrize("decode_error", ["strict", "ignore", "replace"])
@pytest.mark.parametrize("name", VECTORIZERS)
def test_latin1_bytes(name, decode_error):
    fit_both(name, lambda: list(LATIN1_DOCS), {"encoding": "latin-1", "decode_error": decode_error})


@pytest.mark.parametrize("decode_error", ["strict", "ignore", "replace"])
@pytest.mark.parametrize("name", VECTORIZERS)
def test_invalid_utf8_bytes(name, decode_error):
    """strict raises UnicodeDecodeError (as sklearn); ignore / replace give sklearn's tokens."""
    raises = UnicodeDecodeError if decode_error == "strict" else None
    fit_both(name, lambda: list(BROKEN_UTF8), {"decode_error": decode_error}, raises=raises)


@pytest.mark.parametrize("analyzer", ["word", "char", "char_wb"])
def test_bytes_with_other_analyzers_and_python_paths(analyzer):
    for params in (
        {"analyzer": analyzer, "encoding": "latin-1"},
        {
            "analyzer": analyzer,
            "encoding": "latin-1",
            "preprocessor": str.upper,
            "lowercase": False,
        },
        {
            "analyzer": analyzer,
            "encoding": "utf-8",
            "decode_error": "replace",
            "strip_accents": "unicode",
        },
    ):
        docs = LATIN1_DOCS if params["encoding"] == "latin-1" else BROKEN_UTF8
        fit_both("CountVectorizer", lambda d=docs: list(d), params)


def test_bytes_in_numpy_bytes_array():
    data = np.array([d.encode("utf-8") for d in ["alpha beta", "beta gamma", "café"]])
    assert data.dtype.kind == "S"
    fit_both("CountVectorizer", lambda: data.copy())


def test_cp1252_encoding():
    docs = ["“Quoted” – dash € sign".encode("cp1252"), b"plain"]
    fit_both("CountVectorizer", lambda: list(docs), {"encoding": "cp1252"})
    fit_both("TfidfVectorizer", lambda: list(docs), {"encoding": "cp1252"})


# -- files ----------------------------------------------------------------------------------


@pytest.fixture
def doc_files(tmp_path):
    paths = []
    contents = [*DOCS, "café latin-1 text"]
    for i, text in enumerate(contents):
        path = tmp_path / f"doc{i}.txt"
        encoding = "latin-1" if i == len(contents) - 1 else "utf-8"
        path.write_bytes(text.encode(encoding))
        paths.append(path)
    return paths


@pytest.mark.parametrize("decode_error", ["strict", "replace", "ignore"])
@pytest.mark.parametrize("name", VECTORIZERS)
def test_input_filename(doc_files, name, decode_error):
    """The last file is latin-1: read as UTF-8, strict decoding refuses it."""
    params = {"input": "filename", "decode_error": decode_error}
    raises = UnicodeDecodeError if decode_error == "strict" else None
    fit_both(name, lambda: [str(p) for p in doc_files], params, raises=raises)
    fit_both(name, lambda: list(doc_files), params, raises=raises)  # pathlib.Path objects


@pytest.mark.parametrize("name", VECTORIZERS)
def test_input_filename_latin1(doc_files, name):
    fit_both(
        name, lambda: [str(p) for p in doc_files], {"input": "filename", "encoding": "latin-1"}
    )


@pytest.mark.parametrize("mode", ["rb", "r"])
@pytest.mark.parametrize("name", VECTORIZERS)
def test_input_file(doc_files, name, mode):
    params = {"input": "file", "decode_error": "replace"}
    handles = []

    def make():
        opened = [
            open(p, mode, **({} if mode == "rb" else {"encoding": "utf-8", "errors": "replace"}))
            for p in doc_files
        ]
        handles.extend(opened)
        return opened

    try:
        fit_both(name, make, params)
    finally:
        for handle in handles:
            handle.close()


def test_input_file_in_memory():
    params = {"input": "file"}
    fit_both("CountVectorizer", lambda: [io.StringIO(d) for d in DOCS], params)
    fit_both("TfidfVectorizer", lambda: [io.BytesIO(d.encode()) for d in DOCS], params)


def test_input_filename_transform(doc_files):
    ours = sl.TfidfVectorizer(input="filename", decode_error="replace").fit(doc_files)
    theirs = sk.TfidfVectorizer(input="filename", decode_error="replace").fit(doc_files)
    assert_same_matrix(ours.transform(doc_files[::-1]), theirs.transform(doc_files[::-1]))


# -- inputs are never mutated -----------------------------------------------------------------


@pytest.mark.parametrize("name", VECTORIZERS)
def test_inputs_not_mutated(name):
    docs_list = list(DOCS)
    docs_list_copy = copy.deepcopy(docs_list)
    series = _shuffled_series()
    series_copy = series.copy(deep=True)
    array = np.array(DOCS)
    array_copy = array.copy()
    objects = np.array(DOCS, dtype=object)
    objects_copy = copy.deepcopy(objects)
    byte_docs = [d.encode() for d in DOCS]
    byte_docs_copy = copy.deepcopy(byte_docs)
    params = {}
    if name != "HashingVectorizer":
        params["vocabulary"] = {"the": 2, "wire": 0, "talks": 1, "café": 3}
    params["stop_words"] = ["the", "a"]
    params_copy = copy.deepcopy(params)

    for data in (docs_list, series, array, objects, byte_docs):
        estimator = getattr(sl, name)(**params)
        estimator.fit_transform(data)
        estimator.transform(data)
        if name != "HashingVectorizer":
            getattr(sl, name)(stop_words=["the"]).fit(data).transform(data)

    assert docs_list == docs_list_copy
    pd.testing.assert_series_equal(series, series_copy)
    assert list(series.index) == list(series_copy.index)
    np.testing.assert_array_equal(array, array_copy)
    assert array.dtype == array_copy.dtype
    np.testing.assert_array_equal(objects, objects_copy)
    assert byte_docs == byte_docs_copy
    assert params == params_copy
    assert type(params.get("vocabulary", {})) is dict


def test_vocabulary_param_is_not_the_fitted_mapping():
    """Mutating ``vocabulary_`` after fit must not change the user's dict (sklearn copies)."""
    vocabulary = {"wire": 0, "talks": 1}
    estimator = sl.CountVectorizer(vocabulary=vocabulary).fit(DOCS)
    assert estimator.vocabulary == {"wire": 0, "talks": 1}
    assert estimator.get_params()["vocabulary"] is vocabulary


def test_tfidf_transformer_input_not_mutated():
    import scipy.sparse as sp

    counts = sp.csr_matrix(np.array([[1, 0, 2], [0, 3, 1], [0, 0, 0]], dtype=np.float64))
    before = (counts.data.copy(), counts.indices.copy(), counts.indptr.copy())
    transformer = sl.TfidfTransformer(sublinear_tf=True).fit(counts)
    transformer.transform(counts)
    transformer.transform(counts, copy=True)
    for a, b in zip(before, (counts.data, counts.indices, counts.indptr), strict=True):
        np.testing.assert_array_equal(a, b)
    dense = np.array([[1, 0, 2], [0, 3, 1]])
    dense_copy = dense.copy()
    sl.TfidfTransformer().fit_transform(dense)
    np.testing.assert_array_equal(dense, dense_copy)


# -- one output row per input row ------------------------------------------------------------


@pytest.mark.parametrize("name", VECTORIZERS)
def test_one_row_per_document_in_order(name):
    docs = ["", "alpha beta", " ", "\n\n", "beta", "", "gamma alpha", "\t"] * 3
    ours = getattr(sl, name)().fit_transform(docs)
    theirs = getattr(sk, name)().fit_transform(docs)
    assert ours.shape[0] == len(docs)
    assert_same_matrix(ours, theirs)
    empty_rows = [i for i, d in enumerate(docs) if not d.strip()]
    assert all(ours[i].nnz == 0 for i in empty_rows)
    assert all(ours[i].nnz > 0 for i in range(len(docs)) if i not in empty_rows)


def test_rows_in_order_for_many_documents():
    rng = np.random.default_rng(3)
    words = np.array([f"w{i}" for i in range(50)])
    docs = [" ".join(rng.choice(words, size=rng.integers(0, 6))) for _ in range(3000)]
    ours = sl.CountVectorizer(n_jobs=2).fit_transform(docs)
    theirs = sk.CountVectorizer().fit_transform(docs)
    assert_same_matrix(ours, theirs)
    tokens = sl.Tokenizer(n_jobs=2).tokenize(docs)
    assert tokens == [d.split() for d in docs]

"""Pickle and JSON save/load: round trips are exact, bad files are refused clearly."""

from __future__ import annotations

import json
import pickle

import joblib
import numpy as np
import pytest
import scipy.sparse as sp
import storylens as sl
from conftest import FIXTURES
from storylens.exceptions import ModelFileError

DOCS = [
    "Officials said the talks ran late",
    "the wire story, the wire copy; the desk",
    'Café naïve ΟΔΟΣ İstanbul 中文 😀 "quoted" back\\slash',
    "",
    "running runners ran",
]
NEW_DOCS = ["late talks", "unknown words only", "the café desk ran", ""]
COUNTS = np.array([[1, 0, 2], [0, 0, 1], [3, 1, 0]])


def split_words(text):
    return text.split()


# (estimator factory, training data, data to transform)
CASES = {
    "count-default": (lambda: sl.CountVectorizer(), DOCS, NEW_DOCS),
    "count-options": (
        lambda: sl.CountVectorizer(
            ngram_range=(1, 2),
            stop_words=["the", "a"],
            min_df=1,
            max_df=0.9,
            max_features=20,
            binary=True,
            dtype=np.float32,
            strip_accents="unicode",
            lowercase=False,
            token_pattern=r"[^\W\d_]{2,}",
            n_jobs=2,
        ),
        DOCS,
        NEW_DOCS,
    ),
    "count-vocabulary-dict": (
        lambda: sl.CountVectorizer(vocabulary={"late": 1, "talks": 0, "café": 2}),
        DOCS,
        NEW_DOCS,
    ),
    "count-vocabulary-list": (
        lambda: sl.CountVectorizer(vocabulary=["late", "talks", "ΟΔΟΣ".lower()]),
        DOCS,
        NEW_DOCS,
    ),
    "count-vocabulary-array": (
        lambda: sl.CountVectorizer(vocabulary=np.array(["late", "talks", "wire"])),
        DOCS,
        NEW_DOCS,
    ),
    "count-vocabulary-object-array": (
        lambda: sl.CountVectorizer(vocabulary=np.array(["late", "wire"], dtype=object)),
        DOCS,
        NEW_DOCS,
    ),
    "count-python-int-dtype": (lambda: sl.CountVectorizer(dtype=int), DOCS, NEW_DOCS),
    "tfidf-dtype-instance": (
        lambda: sl.TfidfVectorizer(dtype=np.dtype("float32")),
        DOCS,
        NEW_DOCS,
    ),
    "tfidf-python-float-dtype": (lambda: sl.TfidfVectorizer(dtype=float), DOCS, NEW_DOCS),
    "hashing-python-bool-dtype": (
        lambda: sl.HashingVectorizer(dtype=bool, norm=None, n_features=64),
        DOCS,
        NEW_DOCS,
    ),
    "count-news-stem": (
        lambda: sl.CountVectorizer(tokenizer="news", stem="english", stop_words="english"),
        DOCS,
        NEW_DOCS,
    ),
    "count-char": (
        lambda: sl.CountVectorizer(analyzer="char_wb", ngram_range=(2, 4)),
        DOCS,
        NEW_DOCS,
    ),
    "count-char-weird-terms": (
        lambda: sl.CountVectorizer(analyzer="char", ngram_range=(1, 2), lowercase=False),
        ['\x00\x01 \u2028\u2029 "\\ \ud7ff\U0010ffff \ufeff', "</script> {}[]"],
        ["\x00 x"],
    ),
    "tfidf-default": (lambda: sl.TfidfVectorizer(), DOCS, NEW_DOCS),
    "tfidf-float32": (
        lambda: sl.TfidfVectorizer(
            dtype=np.float32, sublinear_tf=True, norm="l1", smooth_idf=False
        ),
        DOCS,
        NEW_DOCS,
    ),
    "tfidf-no-idf": (lambda: sl.TfidfVectorizer(use_idf=False, norm=None), DOCS, NEW_DOCS),
    "tfidf-python-pattern": (
        lambda: sl.TfidfVectorizer(token_pattern=r"(?i)[a-z]+", stop_words="english"),
        DOCS,
        NEW_DOCS,
    ),
    "hashing": (
        lambda: sl.HashingVectorizer(n_features=2**10, alternate_sign=False),
        DOCS,
        NEW_DOCS,
    ),
    "hashing-float32": (lambda: sl.HashingVectorizer(dtype=np.float32, norm="l1"), DOCS, NEW_DOCS),
    "transformer": (lambda: sl.TfidfTransformer(), COUNTS, COUNTS[::-1]),
    "transformer-float32": (
        lambda: sl.TfidfTransformer(sublinear_tf=True, smooth_idf=False),
        COUNTS.astype(np.float32),
        COUNTS[::-1].astype(np.float32),
    ),
}

PICKLE_ONLY_CASES = {
    "count-callable-tokenizer": (
        lambda: sl.CountVectorizer(tokenizer=split_words, token_pattern=None),
        DOCS,
        NEW_DOCS,
    ),
    "tfidf-callable-preprocessor": (
        lambda: sl.TfidfVectorizer(preprocessor=str.upper, lowercase=False),
        DOCS,
        NEW_DOCS,
    ),
}


def assert_identical_matrices(a, b):
    assert type(a) is type(b)
    assert a.shape == b.shape
    assert a.dtype == b.dtype
    a, b = sp.csr_matrix(a), sp.csr_matrix(b)
    np.testing.assert_array_equal(a.indptr, b.indptr)
    np.testing.assert_array_equal(a.indices, b.indices)
    # bit-identical values
    assert a.data.tobytes() == b.data.tobytes()


def assert_same_params(a, b):
    pa, pb = a.get_params(), b.get_params()
    assert set(pa) == set(pb)
    for key in pa:
        va, vb = pa[key], pb[key]
        if isinstance(va, np.ndarray) or isinstance(vb, np.ndarray):
            assert type(va) is type(vb), (key, type(va), type(vb))
            assert va.dtype == vb.dtype, key
            np.testing.assert_array_equal(va, vb)
        elif isinstance(va, type) or isinstance(vb, type):
            assert np.dtype(va) == np.dtype(vb), key
            assert va is vb, (key, va, vb)
        else:
            assert va == vb, (key, va, vb)
            assert type(va) is type(vb), (key, type(va), type(vb))


def assert_equivalent(original, restored, data, new_data):
    assert type(restored) is type(original)
    assert_same_params(original, restored)
    assert_identical_matrices(original.transform(new_data), restored.transform(new_data))
    assert_identical_matrices(original.transform(data), restored.transform(data))
    if hasattr(original, "vocabulary_") and not isinstance(original, sl.HashingVectorizer):
        assert restored.vocabulary_ == original.vocabulary_
        assert (
            restored.get_feature_names_out().tolist() == original.get_feature_names_out().tolist()
        )
        assert restored.fixed_vocabulary_ == original.fixed_vocabulary_
    if getattr(original, "use_idf", False) and not isinstance(original, sl.HashingVectorizer):
        assert restored.idf_.dtype == original.idf_.dtype
        assert restored.idf_.tobytes() == original.idf_.tobytes()


# -- pickle ------------------------------------------------------------------------------------


@pytest.mark.parametrize("protocol", [2, pickle.HIGHEST_PROTOCOL])
@pytest.mark.parametrize("case", sorted({**CASES, **PICKLE_ONLY_CASES}))
def test_pickle_round_trip_fitted(case, protocol):
    make, data, new_data = {**CASES, **PICKLE_ONLY_CASES}[case]
    original = make().fit(data)
    restored = pickle.loads(pickle.dumps(original, protocol=protocol))
    assert_equivalent(original, restored, data, new_data)
    # the restored estimator keeps working: refit gives the same model again
    refit = restored.fit(data)
    assert_identical_matrices(original.transform(new_data), refit.transform(new_data))


@pytest.mark.parametrize("case", sorted({**CASES, **PICKLE_ONLY_CASES}))
def test_pickle_round_trip_unfitted(case):
    make, data, new_data = {**CASES, **PICKLE_ONLY_CASES}[case]
    original = make()
    restored = pickle.loads(pickle.dumps(original))
    assert_same_params(original, restored)
    assert_identical_matrices(
        original.fit(data).transform(new_data), restored.fit(data).transform(new_data)
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_joblib_round_trip(case, tmp_path):
    make, data, new_data = CASES[case]
    original = make().fit(data)
    joblib.dump(original, tmp_path / "model.joblib")
    restored = joblib.load(tmp_path / "model.joblib")
    assert_equivalent(original, restored, data, new_data)


def test_pickle_after_vocabulary_access():
    original = sl.CountVectorizer().fit(DOCS)
    _ = original.vocabulary_
    restored = pickle.loads(pickle.dumps(original))
    restored_vocab = restored.vocabulary_
    assert restored_vocab == original.vocabulary_


# -- JSON save / load --------------------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(CASES))
def test_save_load_fitted(case, tmp_path):
    make, data, new_data = CASES[case]
    original = make().fit(data)
    path = tmp_path / "model.json"
    original.save(path)
    restored = type(original).load(path)
    assert_equivalent(original, restored, data, new_data)
    # str paths work too, and a loaded model saves to the same file content
    restored.save(str(tmp_path / "again.json"))
    first = json.loads(path.read_text(encoding="utf-8"))
    second = json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))
    assert first == second
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.json", "model.json"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_save_load_unfitted(case, tmp_path):
    make, data, new_data = CASES[case]
    original = make()
    original.save(tmp_path / "model.json")
    restored = type(original).load(tmp_path / "model.json")
    assert_same_params(original, restored)
    assert_identical_matrices(
        original.fit(data).transform(new_data), restored.fit(data).transform(new_data)
    )


def test_save_load_via_generic_base_class(tmp_path):
    """CountVectorizer.load accepts a saved TfidfVectorizer (a subclass) and returns it."""
    original = sl.TfidfVectorizer().fit(DOCS)
    original.save(tmp_path / "m.json")
    restored = sl.CountVectorizer.load(tmp_path / "m.json")
    assert type(restored) is sl.TfidfVectorizer
    assert_identical_matrices(original.transform(NEW_DOCS), restored.transform(NEW_DOCS))


def test_tfidf_idf_bit_identical_with_awkward_values(tmp_path):
    """Many distinct document frequencies: every idf_ float must survive JSON exactly."""
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(300)]
    docs = [" ".join(rng.choice(words, size=rng.integers(1, 60))) for _ in range(997)]
    for dtype in (np.float64, np.float32):
        original = sl.TfidfVectorizer(dtype=dtype, smooth_idf=False).fit(docs)
        original.save(tmp_path / "m.json")
        restored = sl.TfidfVectorizer.load(tmp_path / "m.json")
        assert restored.idf_.dtype == np.dtype(dtype)
        assert restored.idf_.tobytes() == original.idf_.tobytes()
        assert_identical_matrices(original.transform(docs[:50]), restored.transform(docs[:50]))


def test_saved_file_is_json_with_header(tmp_path):
    sl.CountVectorizer().fit(DOCS).save(tmp_path / "m.json")
    document = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert document["format"] == "storylens-estimator"
    assert document["format_version"] == 2
    assert document["class"] == "CountVectorizer"
    vocabulary = document["state"]["vocabulary"]
    assert vocabulary["terms"] == sl.CountVectorizer().fit(DOCS).get_feature_names_out().tolist()
    corpus = vocabulary["corpus"]
    assert corpus["n_documents"] == len(DOCS)
    counts = sl.CountVectorizer().fit_transform(DOCS)
    assert corpus["document_frequencies"] == np.bincount(counts.indices).tolist()
    assert corpus["term_totals"] == np.asarray(counts.sum(axis=0)).ravel().tolist()


def test_saved_state_is_the_core_struct_pickle_carries(tmp_path):
    """save() and pickle carry the same fitted state: the core's FittedState."""
    vectorizer = sl.TfidfVectorizer(binary=True, max_features=5).fit(DOCS)
    vectorizer.save(tmp_path / "m.json")
    saved = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))["state"]
    pickled = vectorizer.__getstate__()["_storylens_fitted_state"]
    assert json.loads(pickled.to_json()) == saved
    assert saved["weighting"]["idf"] == vectorizer.idf_.tolist()
    # binary=True: max_features ranks by document frequency, and that is what is kept.
    corpus = saved["vocabulary"]["corpus"]
    assert corpus["term_totals"] == corpus["document_frequencies"]
    assert "_vocabulary" not in vectorizer.__getstate__()


# -- refusing bad files --------------------------------------------------------------------------


def _saved(tmp_path, estimator=None):
    estimator = estimator if estimator is not None else sl.TfidfVectorizer().fit(DOCS)
    path = tmp_path / "model.json"
    estimator.save(path)
    return path, json.loads(path.read_text(encoding="utf-8"))


def _write(tmp_path, content, name="bad.json"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "content",
    [
        "",
        "not json at all",
        '{"format": "storylens-estimator", "format_version": 1, "class": "Count',
        b"\xff\xfe\x00garbage\x80",
        "[1, 2, 3]",
        "42",
        "null",
        '{"some": "other json"}',
        '{"format": "something-else", "format_version": 1}',
    ],
    ids=[
        "empty",
        "text",
        "truncated",
        "binary",
        "list",
        "number",
        "null",
        "other-dict",
        "other-format",
    ],
)
@pytest.mark.parametrize(
    "cls", ["CountVectorizer", "TfidfVectorizer", "HashingVectorizer", "TfidfTransformer"]
)
def test_load_refuses_non_model_files(tmp_path, content, cls):
    path = _write(tmp_path, content)
    with pytest.raises(ValueError) as info:
        getattr(sl, cls).load(path)
    assert str(path) in str(info.value) or "model file" in str(info.value)


def test_load_refuses_newer_format_version(tmp_path):
    _path, document = _saved(tmp_path)
    document["format_version"] = 99
    bad = _write(tmp_path, document)
    with pytest.raises(ValueError, match="99") as info:
        sl.TfidfVectorizer.load(bad)
    message = str(info.value).lower()
    assert "newer" in message or "version" in message


@pytest.mark.parametrize("version", [0, -1, "1", 1.5, None])
def test_load_refuses_bad_format_version(tmp_path, version):
    _path, document = _saved(tmp_path)
    document["format_version"] = version
    with pytest.raises(ValueError, match="version"):
        sl.TfidfVectorizer.load(_write(tmp_path, document))


def _corruptions():
    def drop(key):
        def apply(d):
            d.pop(key)

        return apply

    def set_path(path, value):
        def apply(d):
            target = d
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = value

        return apply

    def weighting(d):
        return d["state"]["weighting"]

    def vocabulary(d):
        return d["state"]["vocabulary"]

    return {
        "no-params": drop("params"),
        "params-not-dict": set_path(["params"], [1, 2]),
        "unknown-param": set_path(["params", "bogus_param"], 1),
        "no-state": set_path(["state"], None),
        "state-not-dict": set_path(["state"], "nope"),
        "state-unknown-field": set_path(["state", "bogus"], 1),
        "vocabulary-missing": lambda d: d["state"].pop("vocabulary"),
        "terms-missing": lambda d: vocabulary(d).pop("terms"),
        "terms-not-list": lambda d: vocabulary(d).__setitem__("terms", 5),
        "terms-not-str": lambda d: vocabulary(d).__setitem__("terms", [1, 2, 3]),
        "terms-duplicated": lambda d: vocabulary(d).__setitem__("terms", ["a", "a"]),
        "corpus-too-short": lambda d: vocabulary(d)["corpus"]["term_totals"].pop(),
        "corpus-negative": lambda d: vocabulary(d)["corpus"]["document_frequencies"].__setitem__(
            0, -1
        ),
        "corpus-df-above-n-documents": lambda d: vocabulary(d)["corpus"].__setitem__(
            "n_documents", 0
        ),
        "tfidf-missing": lambda d: d["state"].pop("weighting"),
        "idf-not-numbers": lambda d: weighting(d).__setitem__(
            "idf", ["x"] * len(weighting(d)["idf"])
        ),
        "idf-too-short": lambda d: weighting(d).__setitem__("idf", weighting(d)["idf"][:-2]),
        "idf-too-long": lambda d: weighting(d).__setitem__("idf", weighting(d)["idf"] + [1.0, 2.0]),
        "n-features-mismatch": lambda d: weighting(d).__setitem__(
            "n_features", weighting(d)["n_features"] + 3
        ),
        "idf-dtype-bogus": lambda d: weighting(d).__setitem__("idf_dtype", "bogus"),
        "unknown-class": set_path(["class"], "LogisticRegression"),
        "class-missing": drop("class"),
        "bad-param-encoding": set_path(["params", "ngram_range"], {"weird": [1, 2]}),
        "bad-dtype-encoding": set_path(["params", "dtype"], {"dtype": "notadtype"}),
    }


def _version_1_corruptions():
    """The same damage to a file of the first format version, whose state the package laid
    out (terms, fixed_vocabulary_, tfidf)."""

    def tfidf(d):
        return d["state"]["tfidf"]

    return {
        "terms-missing": lambda d: d["state"].pop("terms"),
        "terms-not-str": lambda d: d["state"].__setitem__("terms", [1, 2, 3]),
        "terms-duplicated": lambda d: d["state"].__setitem__("terms", ["a", "a"]),
        "state-unknown-field": lambda d: d["state"].__setitem__("bogus", 1),
        "tfidf-missing": lambda d: d["state"].pop("tfidf"),
        "idf-too-short": lambda d: tfidf(d).__setitem__("idf", tfidf(d)["idf"][:-2]),
        "idf-not-numbers": lambda d: tfidf(d).__setitem__("idf", ["x"] * len(tfidf(d)["idf"])),
        "n-features-mismatch": lambda d: tfidf(d).__setitem__(
            "n_features_in_", tfidf(d)["n_features_in_"] + 3
        ),
        "idf-dtype-bogus": lambda d: tfidf(d).__setitem__("idf_dtype", "bogus"),
    }


LEGACY_TFIDF_FILE = FIXTURES / "legacy_pickles" / "tfidf_vectorizer.json"


def test_version_1_file_still_loads():
    document = json.loads(LEGACY_TFIDF_FILE.read_text(encoding="utf-8"))
    assert document["format_version"] == 1
    loaded = sl.TfidfVectorizer.load(LEGACY_TFIDF_FILE)
    assert loaded.get_feature_names_out().tolist() == document["state"]["terms"]
    assert loaded.idf_.tolist() == document["state"]["tfidf"]["idf"]


@pytest.mark.parametrize("corruption", sorted(_version_1_corruptions()))
def test_load_refuses_corrupt_version_1_model(tmp_path, corruption):
    document = json.loads(LEGACY_TFIDF_FILE.read_text(encoding="utf-8"))
    _version_1_corruptions()[corruption](document)
    with pytest.raises(ModelFileError):
        sl.TfidfVectorizer.load(_write(tmp_path, document))


@pytest.mark.parametrize("corruption", sorted(_corruptions()))
def test_load_refuses_corrupt_model(tmp_path, corruption):
    """A damaged file fails at load with ValueError, never later with something obscure."""
    _path, document = _saved(tmp_path)
    _corruptions()[corruption](document)
    bad = _write(tmp_path, document)
    with pytest.raises(ModelFileError):
        sl.TfidfVectorizer.load(bad)


@pytest.mark.parametrize("where", ["top", "param"])
def test_load_refuses_deeply_nested_file(tmp_path, where):
    """A file nested deeper than the recursion limit is a ValueError, not a RecursionError."""
    nested = "[" * 200_000 + "]" * 200_000
    bad = tmp_path / "nested.json"
    if where == "top":
        bad.write_text(nested, encoding="utf-8")
    else:
        _path, document = _saved(tmp_path)
        text = json.dumps(document).replace('"lowercase": true', f'"lowercase": {nested}')
        assert nested in text
        bad.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="model file"):
        sl.TfidfVectorizer.load(bad)


@pytest.mark.parametrize(
    ("saved", "loader"),
    [
        ("HashingVectorizer", "TfidfVectorizer"),
        ("HashingVectorizer", "CountVectorizer"),
        ("CountVectorizer", "TfidfVectorizer"),
        ("CountVectorizer", "HashingVectorizer"),
        ("TfidfTransformer", "TfidfVectorizer"),
        ("TfidfVectorizer", "TfidfTransformer"),
        ("TfidfVectorizer", "HashingVectorizer"),
    ],
)
def test_load_via_wrong_class(tmp_path, saved, loader):
    data = COUNTS if saved == "TfidfTransformer" else DOCS
    getattr(sl, saved)().fit(data).save(tmp_path / "m.json")
    with pytest.raises(ValueError, match=saved):
        getattr(sl, loader).load(tmp_path / "m.json")


@pytest.mark.parametrize(
    "params",
    [
        {"tokenizer": split_words},
        {"preprocessor": str.lower},
        {"analyzer": split_words},
        {"strip_accents": str.upper},
        {"tokenizer": lambda s: s.split()},
    ],
    ids=["tokenizer", "preprocessor", "analyzer", "strip_accents", "lambda"],
)
@pytest.mark.parametrize("name", ["CountVectorizer", "TfidfVectorizer", "HashingVectorizer"])
@pytest.mark.filterwarnings("ignore:The parameter 'token_pattern' will not be used")
def test_save_with_callable_names_parameter(tmp_path, name, params):
    estimator = getattr(sl, name)(**params).fit(DOCS)
    (parameter,) = params
    with pytest.raises(ValueError, match=parameter):
        estimator.save(tmp_path / "m.json")
    # nothing is left behind: no model file and no temporary file
    assert list(tmp_path.iterdir()) == []


def test_save_does_not_clobber_existing_file_on_failure(tmp_path):
    path = tmp_path / "m.json"
    sl.CountVectorizer().fit(DOCS).save(path)
    before = path.read_bytes()
    with pytest.raises(ValueError):
        sl.CountVectorizer(tokenizer=split_words, token_pattern=None).fit(DOCS).save(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json"]


def test_load_missing_file(tmp_path):
    with pytest.raises(OSError):
        sl.CountVectorizer.load(tmp_path / "missing.json")


# -- the registry of estimators a file may name ----------------------------------------------


def test_storylens_estimators_register_themselves_for_loading():
    from storylens.feature_extraction import _persistence

    assert _persistence._REGISTRY == {
        "CountVectorizer": sl.CountVectorizer,
        "TfidfVectorizer": sl.TfidfVectorizer,
        "TfidfTransformer": sl.TfidfTransformer,
        "HashingVectorizer": sl.HashingVectorizer,
    }


def test_a_users_subclass_is_not_loaded_from_a_file(tmp_path):
    """A file may only name storylens's own classes: loading never imports code by name."""
    from storylens.exceptions import ModelFileError
    from storylens.feature_extraction import _persistence

    class MyVectorizer(sl.CountVectorizer):
        pass

    assert "MyVectorizer" not in _persistence._REGISTRY
    MyVectorizer().fit(DOCS).save(tmp_path / "model.json")
    with pytest.raises(ModelFileError, match="unknown estimator class 'MyVectorizer'"):
        sl.CountVectorizer.load(tmp_path / "model.json")


@pytest.mark.filterwarnings("ignore:divide by zero")
def test_infinite_idf_survives_pickle_deepcopy_and_save(tmp_path):
    """smooth_idf=False gives +inf to a vocabulary term no document has, as in scikit-learn;
    every way of keeping the estimator keeps that weight."""
    import copy

    vectorizer = sl.TfidfVectorizer(smooth_idf=False, vocabulary=["late", "absent"]).fit(DOCS)
    transformer = sl.TfidfTransformer(smooth_idf=False).fit(np.array([[1, 0], [2, 0]]))
    for estimator in (vectorizer, transformer):
        assert np.isinf(estimator.idf_).any()
        path = tmp_path / f"{type(estimator).__name__}.json"
        estimator.save(path)
        for copied in (
            pickle.loads(pickle.dumps(estimator)),
            copy.deepcopy(estimator),
            type(estimator).load(path),
        ):
            assert copied.idf_.tobytes() == estimator.idf_.tobytes()


def test_fitted_state_checks_what_it_is_given():
    """The core's FittedState refuses parts that do not fit, naming the part."""
    from storylens import _core
    from storylens.exceptions import InvalidParameterError

    vocabulary = _core.Vocabulary(["a", "b"])
    with pytest.raises(InvalidParameterError, match="document_frequencies"):
        _core.FittedState(
            vocabulary=vocabulary,
            n_documents=2,
            document_frequencies=np.array([1, -1]),
            term_totals=np.array([1, 1]),
        )
    with pytest.raises(InvalidParameterError, match="n_documents"):
        _core.FittedState(vocabulary=vocabulary, n_documents=2)
    with pytest.raises(ModelFileError, match="2 terms"):
        _core.FittedState(vocabulary=vocabulary, n_features=3, idf=np.ones(3))
    state = _core.FittedState(
        vocabulary=vocabulary,
        n_documents=3,
        document_frequencies=np.array([1, 3], dtype=np.int32),
        term_totals=[2, 5],
        n_features=2,
        idf_dtype="float32",
        idf=np.array([1.5, 1.0], dtype=np.float32),
    )
    assert state == pickle.loads(pickle.dumps(state))
    assert state.document_frequencies().tolist() == [1, 3]
    assert state.idf().tolist() == [1.5, 1.0]
    assert (state.n_features, state.idf_dtype, state.n_documents) == (2, "float32", 3)


def test_a_failed_refit_leaves_the_fitted_state_as_it_was():
    """A refit that raises must not pair the new vocabulary with the old idf (transform would
    weigh the wrong columns) nor leave a state that cannot be pickled."""
    vectorizer = sl.TfidfVectorizer().fit(["aa bb cc", "bb cc dd"])
    before = vectorizer.transform(["bb dd"]).toarray()
    vectorizer.set_params(vocabulary=["bb", "cc"])
    with pytest.raises(TypeError):
        vectorizer.fit(["bb cc", None])
    assert vectorizer.get_feature_names_out().tolist() == ["aa", "bb", "cc", "dd"]
    assert (vectorizer.transform(["bb dd"]).toarray() == before).all()
    assert pickle.loads(pickle.dumps(vectorizer)).idf_.tolist() == vectorizer.idf_.tolist()

    counts = sl.CountVectorizer().fit(["aa bb"])
    with pytest.raises(TypeError):
        counts.fit_transform(["cc", 5])
    assert counts.get_feature_names_out().tolist() == ["aa", "bb"]


def test_a_refused_idf_leaves_an_unfitted_vectorizer_unfitted():
    from storylens.exceptions import NotFittedError

    vectorizer = sl.TfidfVectorizer()
    with pytest.raises(NotFittedError):
        vectorizer.idf_ = [1.0, 2.0]
    assert not hasattr(vectorizer, "_tfidf")
    pickle.loads(pickle.dumps(vectorizer))


def test_fitted_state_refuses_parts_without_their_owner():
    from storylens import _core
    from storylens.exceptions import InvalidParameterError

    with pytest.raises(InvalidParameterError, match="vocabulary"):
        _core.FittedState(n_documents=1, document_frequencies=[1], term_totals=[1])
    with pytest.raises(InvalidParameterError, match="n_features"):
        _core.FittedState(idf=np.ones(2))


@pytest.mark.parametrize("saved", ["vectorizer", "stats"])
def test_a_save_that_cannot_be_written_names_the_target_and_leaves_nothing(saved, tmp_path):
    model = (
        sl.TfidfVectorizer().fit(["saved words", "more words"])
        if saved == "vectorizer"
        else sl.CorpusStats.from_texts(["saved words"])
    )
    missing = tmp_path / "missing" / "model.json"
    with pytest.raises(FileNotFoundError, match=r"missing/model\.json"):
        model.save(missing)
    with pytest.raises(IsADirectoryError) as raised:
        model.save(tmp_path)
    assert str(tmp_path) in str(raised.value) and ".tmp" not in str(raised.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("max_bytes", ["1000", -1, 0, 1.5, True, None])
def test_max_bytes_must_be_a_positive_int(max_bytes, tmp_path):
    path = tmp_path / "model.json"
    sl.CountVectorizer().fit(["saved words"]).save(path)
    with pytest.raises(sl.exceptions.InvalidParameterError, match="max_bytes must be"):
        sl.CountVectorizer.load(path, max_bytes=max_bytes)

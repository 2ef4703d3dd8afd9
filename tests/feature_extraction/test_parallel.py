# ruff: noqa: RUF001
"""Threads never change results, and the GIL is released while the Rust core works."""

from __future__ import annotations

import sys
import threading
import time

import numpy as np
import pytest
import scipy.sparse as sp
import storylens as sl
from conftest import assert_same_matrix, assert_same_vocabulary
from sklearn.feature_extraction import text as sk

N_JOBS = [1, 2, 3, None, -1, 8]


def generated_corpus(n_docs=3000, seed=0):
    rng = np.random.default_rng(seed)
    words = [f"w{i}" for i in range(400)] + [
        "café",
        "cafe\u0301",
        "ΟΔΟΣ",
        "Σ",
        "İstanbul",
        "中文",
        "naïve",
        "the",
        "and",
        "running",
        "U.S.",
        "build-up",
        "Russia’s",
        "3.5",
        "😀",
        "ﬁne",
        "Ａbc",
        "x",
        "٣٤",
    ]
    docs = []
    for i in range(n_docs):
        length = int(rng.integers(0, 80)) if i % 97 else int(rng.integers(500, 3000))
        docs.append(" ".join(rng.choice(words, size=length)))
    return docs


CORPUS = generated_corpus()
NEW = generated_corpus(500, seed=1)

CONFIGS = {
    "count": ("CountVectorizer", {}),
    "count-bigrams-binary": ("CountVectorizer", {"ngram_range": (1, 2), "binary": True}),
    "count-max-features": ("CountVectorizer", {"max_features": 150, "min_df": 2, "max_df": 0.9}),
    "count-char": ("CountVectorizer", {"analyzer": "char_wb", "ngram_range": (2, 3)}),
    "count-regex": (
        "CountVectorizer",
        {"token_pattern": r"[^\W\d_]{2,}", "strip_accents": "unicode"},
    ),
    "count-python-pattern": ("CountVectorizer", {"token_pattern": r"(?i)\b[a-z]+\b"}),
    "count-stem-news": (
        "CountVectorizer",
        {"tokenizer": "news", "stem": "english", "stop_words": "english"},
    ),
    "tfidf": ("TfidfVectorizer", {}),
    "tfidf-float32-sublinear": (
        "TfidfVectorizer",
        {"dtype": np.float32, "sublinear_tf": True, "norm": "l1"},
    ),
    "tfidf-max-features": ("TfidfVectorizer", {"max_features": 77, "ngram_range": (1, 3)}),
    "hashing": ("HashingVectorizer", {}),
    "hashing-small": ("HashingVectorizer", {"n_features": 8, "binary": True}),
    "hashing-float32": ("HashingVectorizer", {"dtype": np.float32, "norm": None}),
}


def assert_bit_identical(a, b):
    assert type(a) is type(b)
    assert a.shape == b.shape and a.dtype == b.dtype
    np.testing.assert_array_equal(a.indptr, b.indptr)
    np.testing.assert_array_equal(a.indices, b.indices)
    assert a.data.tobytes() == b.data.tobytes()


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_results_do_not_depend_on_n_jobs(config):
    name, params = CONFIGS[config]
    reference = getattr(sl, name)(n_jobs=1, **params)
    expected = reference.fit_transform(CORPUS)
    expected_new = reference.transform(NEW)
    for n_jobs in N_JOBS[1:]:
        estimator = getattr(sl, name)(n_jobs=n_jobs, **params)
        got = estimator.fit_transform(CORPUS)
        assert_bit_identical(got, expected)
        assert_bit_identical(estimator.transform(NEW), expected_new)
        if name != "HashingVectorizer":
            assert estimator.vocabulary_ == reference.vocabulary_
            assert (
                estimator.get_feature_names_out().tolist()
                == reference.get_feature_names_out().tolist()
            )
        if name == "TfidfVectorizer":
            assert estimator.idf_.tobytes() == reference.idf_.tobytes()


@pytest.mark.parametrize(
    "config",
    ["count", "count-max-features", "tfidf", "tfidf-max-features", "hashing-small", "count-char"],
)
def test_parallel_results_equal_sklearn(config):
    name, params = CONFIGS[config]
    ours = getattr(sl, name)(n_jobs=None, **params)
    theirs = getattr(sk, name)(**params)
    assert_same_matrix(ours.fit_transform(CORPUS), theirs.fit_transform(CORPUS))
    if name != "HashingVectorizer":
        assert_same_vocabulary(ours, theirs)


@pytest.mark.parametrize("n_jobs", N_JOBS[1:])
def test_tfidf_transformer_n_jobs(n_jobs):
    counts = sl.CountVectorizer().fit_transform(CORPUS)
    reference = sl.TfidfTransformer(n_jobs=1, sublinear_tf=True).fit(counts)
    other = sl.TfidfTransformer(n_jobs=n_jobs, sublinear_tf=True).fit(counts)
    assert reference.idf_.tobytes() == other.idf_.tobytes()
    assert_bit_identical(reference.transform(counts), other.transform(counts))


@pytest.mark.parametrize("n_jobs", N_JOBS[1:])
def test_tokenizer_n_jobs(n_jobs):
    for params in ({}, {"tokenizer": "news", "stem": "english"}, {"ngram_range": (1, 2)}):
        reference = sl.Tokenizer(n_jobs=1, **params)
        other = sl.Tokenizer(n_jobs=n_jobs, **params)
        assert other.tokenize(CORPUS) == reference.tokenize(CORPUS)
        assert other.tokenize_with_offsets(CORPUS[:500]) == reference.tokenize_with_offsets(
            CORPUS[:500]
        )


def test_many_chunks_of_mixed_input_do_not_change_results():
    """Several MB of text is cut into many chunks, encoded while earlier chunks are being
    processed; ASCII str, non-ASCII str and bytes mixed in any order give the same matrix for
    any n_jobs, equal to scikit-learn's."""
    docs: list[str | bytes] = []
    for i, doc in enumerate(CORPUS * 4):
        if i % 5 == 0:
            docs.append(doc.encode("utf-8"))
        elif i % 3 == 0:
            docs.append(doc.encode("ascii", "ignore").decode("ascii"))
        else:
            docs.append(doc)
    assert sum(len(d) for d in docs) > 2_000_000
    for name in ("HashingVectorizer", "CountVectorizer", "TfidfVectorizer"):
        reference = getattr(sk, name)().fit_transform(docs)
        fitted = getattr(sl, name)(n_jobs=1)
        expected_fit = fitted.fit_transform(docs)
        expected = fitted.transform(docs)
        # fit_transform keeps each row in document order, transform sorts it by column (as
        # scikit-learn's do): the same matrix, its norms summed in another order.
        assert_same_matrix(expected_fit, reference)
        assert_same_matrix(expected, reference)
        for n_jobs in (2, 3, None):
            estimator = getattr(sl, name)(n_jobs=n_jobs)
            assert_bit_identical(estimator.fit_transform(docs), expected_fit)
            assert_bit_identical(estimator.transform(docs), expected)


@pytest.mark.parametrize("n_jobs", [1, 2, 3])
@pytest.mark.parametrize("name", ["HashingVectorizer", "CountVectorizer", "TfidfVectorizer"])
def test_bad_document_deep_in_a_large_input_is_named(name, n_jobs):
    """An error found while later chunks are already being processed still names the
    document, and leaves the estimator usable."""
    docs: list[object] = list(CORPUS * 4)
    bad = len(docs) - 1000
    docs[bad] = "ok \ud800 broken"
    with pytest.raises(ValueError, match=rf"document {bad}\b"):
        getattr(sl, name)(n_jobs=n_jobs).fit_transform(docs)
    docs[bad] = None
    with pytest.raises(TypeError, match=rf"document {bad}\b"):
        getattr(sl, name)(n_jobs=n_jobs).fit_transform(docs)
    assert getattr(sl, name)(n_jobs=n_jobs).fit_transform(CORPUS).shape[0] == len(CORPUS)


def test_concurrent_use_from_python_threads():
    """One fitted estimator used from several Python threads at once gives the same result
    in every thread."""
    estimator = sl.TfidfVectorizer().fit(CORPUS)
    expected = estimator.transform(CORPUS)
    results = [None] * 4
    errors = []

    def work(slot):
        try:
            results[slot] = estimator.transform(CORPUS)
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    for result in results:
        assert_bit_identical(result, expected)


# -- the GIL ------------------------------------------------------------------------------------


def _big_corpus():
    rng = np.random.default_rng(7)
    words = np.array([f"w{i}" for i in range(5000)] + ["café", "ΟΔΟΣ", "news", "中文"])
    text = " ".join(rng.choice(words, size=3_300_000))  # ~20 MB
    assert len(text) > 18_000_000
    return [text[i : i + 20_000] for i in range(0, len(text), 20_000)]


class Spinner:
    """A thread that counts while it holds the GIL and gives the GIL back after every step.

    With a huge switch interval the main thread is never asked to give up the GIL while it
    runs Python code, so the spinner can advance only while the main thread has *released*
    the GIL (blocking I/O, or native code such as the Rust core running detached)."""

    def __init__(self):
        self.count = 0
        self.stop = False
        self.started = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        self.started.set()
        while not self.stop:
            self.count += 1
            time.sleep(0)  # releases and re-takes the GIL

    def __enter__(self):
        self.old_interval = sys.getswitchinterval()
        sys.setswitchinterval(1000.0)
        self.thread.start()
        self.started.wait()
        return self

    def __exit__(self, *exc):
        self.stop = True
        sys.setswitchinterval(self.old_interval)
        self.thread.join(timeout=60)

    def advance_during(self, func):
        before = self.count
        func()
        return self.count - before


def test_gil_is_released_during_fit_transform():
    docs = _big_corpus()
    counts = sl.CountVectorizer(n_jobs=1).fit_transform(docs[:200])
    calls = {
        "CountVectorizer.fit_transform": lambda: sl.CountVectorizer(n_jobs=1).fit_transform(docs),
        "TfidfVectorizer.fit_transform": lambda: sl.TfidfVectorizer(n_jobs=1).fit_transform(docs),
        "HashingVectorizer.transform": lambda: sl.HashingVectorizer(n_jobs=1).transform(docs),
        "Tokenizer.tokenize": lambda: sl.Tokenizer(n_jobs=1).tokenize(docs),
        "TfidfTransformer.transform": lambda: [
            sl.TfidfTransformer(n_jobs=1).fit(counts).transform(counts) for _ in range(50)
        ],
    }
    with Spinner() as spinner:
        # Control: pure Python holding the GIL gives the spinner no chance at all, which is
        # what makes the counts below meaningful.
        control = spinner.advance_during(lambda: sum(range(3_000_000)))
        advanced = {label: spinner.advance_during(call) for label, call in calls.items()}
    assert control < 50, control
    slow = {label: n for label, n in advanced.items() if n < 200}
    assert not slow, f"the spinner thread barely ran during: {slow} (all: {advanced})"


def test_gil_is_released_with_python_paths_too():
    """With a Python-run token pattern the Python part holds the GIL, but the counting part
    still releases it."""
    docs = _big_corpus()[:300]
    with Spinner() as spinner:
        advanced = spinner.advance_during(
            lambda: sl.CountVectorizer(
                n_jobs=1, ngram_range=(1, 3), token_pattern=r"(?i)\b[a-z]\w+\b"
            ).fit_transform(docs)
        )
    assert advanced >= 50, advanced


def test_sparse_matrices_are_valid_csr():
    for n_jobs in (1, 3):
        X = sl.TfidfVectorizer(n_jobs=n_jobs).fit_transform(CORPUS)
        assert sp.isspmatrix_csr(X)
        X.check_format(full_check=True)
        assert X.indptr[0] == 0 and X.indptr[-1] == X.nnz
        # No column twice in a row (summing duplicates changes nothing).
        summed = X.copy()
        summed.sum_duplicates()
        assert summed.nnz == X.nnz


def test_fitted_rows_follow_the_document_and_transform_rows_are_sorted():
    """fit_transform lists each row's terms in the order they first occur in the document
    (whatever n_jobs; scikit-learn's rows are not sorted by column either); transform sorts
    them by column, as scikit-learn's transform does."""
    docs = ["zebra apple zebra mango", "mango kiwi apple"]
    for n_jobs in (1, 2):
        vectorizer = sl.CountVectorizer(n_jobs=n_jobs)
        X = vectorizer.fit_transform(docs)
        terms = vectorizer.get_feature_names_out()
        rows = [terms[X.indices[X.indptr[i] : X.indptr[i + 1]]].tolist() for i in range(2)]
        assert rows == [["zebra", "apple", "mango"], ["mango", "kiwi", "apple"]]
        assert X[0, np.where(terms == "zebra")[0][0]] == 2
        Y = vectorizer.transform(docs)
        assert Y.has_sorted_indices
        assert (Y != X).nnz == 0
    # Tokens that share a stem are counted in the stem's first place.
    stems = sl.CountVectorizer(stem="english")
    X = stems.fit_transform(["running runs ran", "runner run"])
    terms = stems.get_feature_names_out()
    assert terms[X.indices].tolist() == ["run", "ran", "runner", "run"]
    assert X.data.tolist() == [2, 1, 1, 1]
    assert stems.transform(["runs running ran"]).has_sorted_indices


def test_huge_n_jobs_is_capped_not_spawned():
    """A huge ``n_jobs`` runs on a bounded pool (joblib accepts it too) with the same result."""
    docs = ["alpha beta", "beta gamma"] * 50
    expected = sl.CountVectorizer(n_jobs=1).fit_transform(docs)
    for n_jobs in (20_000, 2**40):
        got = sl.CountVectorizer(n_jobs=n_jobs).fit_transform(docs)
        assert (got != expected).nnz == 0

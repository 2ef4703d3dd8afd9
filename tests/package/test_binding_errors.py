"""The binding's one error mapping, its one GIL-release helper and its shared input readers.

Every kind of core error arrives as one class of ``storylens.exceptions`` (also the builtin a
scikit-learn user catches); a panic in the core arrives as ``InternalError``, a RuntimeError;
Ctrl-C stops a long fit between batches; and the two readers of CSR input accept the same
dtypes and raise the same errors.
"""

from __future__ import annotations

import _thread
import signal
import threading
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp
import storylens as sl
from storylens import _core
from storylens.exceptions import (
    DocumentTypeError,
    EmptyVocabularyError,
    InternalError,
    InvalidDocumentError,
    InvalidParameterError,
    ModelFileError,
    NotFittedError,
    ShapeMismatchError,
    StorylensError,
)

# -- one class per kind of core error ---------------------------------------------------------

ERROR_CLASSES: dict[str, tuple[type[BaseException], tuple[type[BaseException], ...], str]] = {
    "InvalidParameter": (InvalidParameterError, (ValueError, TypeError), "'alpha'"),
    "InvalidDocument": (InvalidDocumentError, (ValueError,), "document 2"),
    "DocumentType": (DocumentTypeError, (TypeError,), "document 2"),
    "EmptyVocabulary": (EmptyVocabularyError, (ValueError,), "empty vocabulary"),
    "ShapeMismatch": (ShapeMismatchError, (ValueError,), "indptr"),
    "Persistence": (ModelFileError, (ValueError,), "format version"),
    "NotFitted": (NotFittedError, (ValueError, AttributeError), "not fitted"),
    "Internal": (InternalError, (RuntimeError,), "please report it"),
}


@pytest.mark.parametrize("kind", sorted(ERROR_CLASSES))
def test_each_kind_of_core_error_arrives_as_its_own_class(kind: str) -> None:
    cls, builtins, phrase = ERROR_CLASSES[kind]
    with pytest.raises(cls, match=phrase) as caught:
        _core._raise_core_error_for_tests(kind)
    assert type(caught.value) is cls
    assert isinstance(caught.value, StorylensError)
    for builtin in builtins:
        assert isinstance(caught.value, builtin)


def test_a_cancelled_job_arrives_as_keyboard_interrupt() -> None:
    with pytest.raises(KeyboardInterrupt):
        _core._raise_core_error_for_tests("Cancelled")


def test_an_unknown_error_kind_is_an_invalid_parameter() -> None:
    with pytest.raises(InvalidParameterError, match=r"'kind'.*'InvalidParameter'"):
        _core._raise_core_error_for_tests("Typo")


# -- input errors the binding finds are core errors too ---------------------------------------


@pytest.mark.parametrize(
    ("documents", "cls", "builtin", "message"),
    [
        (["fine", None], DocumentTypeError, TypeError, r"document 1: .*NoneType"),
        (["fine", "ok", 3], DocumentTypeError, TypeError, r"document 2: .*int"),
        (["fine", float("nan")], InvalidDocumentError, ValueError, r"document 1: np\.nan"),
        ([np.float32("nan")], InvalidDocumentError, ValueError, r"document 0: np\.nan"),
        (["fine", "bad \ud800"], InvalidDocumentError, ValueError, r"document 1: .*surrogate"),
    ],
)
def test_bad_documents_raise_one_class_per_kind_of_mistake(
    documents: list[Any], cls: type[Exception], builtin: type[Exception], message: str
) -> None:
    for call in (
        lambda: sl.CountVectorizer().fit(documents),
        lambda: sl.HashingVectorizer().transform(documents),
        lambda: _core.Analyzer().analyze_many(documents),
    ):
        with pytest.raises(cls, match=message) as caught:
            call()
        assert isinstance(caught.value, builtin)


@pytest.mark.parametrize(
    ("token_lists", "cls", "message"),
    [
        (["not a list"], DocumentTypeError, r"document 0: expected a list of tokens, got str"),
        ([["a"], ["b", 3]], DocumentTypeError, r"document 1: token 1 is a int"),
        ([["a", "b\ud800"]], InvalidDocumentError, r"document 0: token 1 .*surrogate"),
    ],
)
def test_bad_token_lists_raise_one_class_per_kind_of_mistake(
    token_lists: list[Any], cls: type[Exception], message: str
) -> None:
    with pytest.raises(cls, match=message):
        _core.Analyzer(kind="tokens").analyze_many(token_lists)


# -- enum strings are parsed in the core ------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: _core.Analyzer(strip_accents="latin"),
            "'strip_accents': \"latin\"; expected 'ascii' or 'unicode'",
        ),
        (
            lambda: _core.Analyzer(kind="words"),
            "'analyzer': \"words\"; expected 'word', 'char' or 'char_wb'",
        ),
        (
            lambda: _core.Analyzer(tokenizer="spaces"),
            "'tokenizer': \"spaces\"; expected 'runs', 'regex' or 'news'",
        ),
        (lambda: _core.Analyzer(tokenizer="regex"), "'pattern'"),
        (
            lambda: _core.normalize_with_sources("Text", True, "nfkd"),
            "'strip_accents'",
        ),
        (
            lambda: _core.normalize_data_in_place(np.ones(1), np.array([0, 1]), "l3"),
            "'norm': \"l3\"; expected 'l1' or 'l2'",
        ),
        (
            lambda: _core.class_ranges("letter"),
            "'name': \"letter\"; expected 'word', 'space' or 'digit'",
        ),
        (
            lambda: _core._inject_panic_for_tests("parsing"),
            "'stage': \"parsing\"; expected 'sentence_splitting' or 'article_cleaning'",
        ),
    ],
)
def test_unknown_names_raise_invalid_parameter_with_the_accepted_values(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        call()
    assert message in str(caught.value)


# -- one reader of CSR input ------------------------------------------------------------------

MATRIX = sp.csr_matrix(np.array([[1.0, 0.0, 2.0], [0.0, 3.0, 1.0], [2.0, 1.0, 0.0]]))


def csr_args(**replace: Any) -> SimpleNamespace:
    """MATRIX with some buffers replaced as they are (scipy would check or convert them)."""
    parts = {"data": MATRIX.data, "indices": MATRIX.indices, "indptr": MATRIX.indptr}
    parts.update(replace)
    return SimpleNamespace(**parts, shape=MATRIX.shape)


CSR_READERS: dict[str, Callable[[Any], Any]] = {
    "top_k_cosine": lambda csr: _core.top_k_cosine(csr, 2),
    "pairwise_cosine": lambda csr: _core.pairwise_cosine(csr),
    "nmf": lambda csr: _core.nmf(csr, 1)[:2],
    "class_tfidf": lambda csr: _core.class_tfidf(csr, np.array([0, 1, 0]), 2),
    "group_log_odds": lambda csr: _core.group_log_odds(csr, np.array([0, 1, 0]), 2, np.ones(3)),
    "log_odds_prior": lambda csr: _core.log_odds_prior(csr),
}


@pytest.mark.parametrize("reader", sorted(CSR_READERS))
def test_every_csr_reader_accepts_the_same_dtypes(reader: str) -> None:
    call = CSR_READERS[reader]
    expected = call(MATRIX)
    for replaced in (
        {"data": MATRIX.data.astype(np.float32)},
        {"data": MATRIX.data.astype(np.int64)},
        {"indices": MATRIX.indices.astype(np.int64), "indptr": MATRIX.indptr.astype(np.int64)},
        {"indices": MATRIX.indices.astype(np.uint32), "indptr": MATRIX.indptr.astype(np.uint16)},
        {"data": list(MATRIX.data), "indices": list(MATRIX.indices)},
        {"data": np.repeat(MATRIX.data, 2)[::2]},  # not contiguous
    ):
        got = call(csr_args(**replaced))
        for ours, theirs in zip(
            got if isinstance(got, tuple) else (got,),
            expected if isinstance(expected, tuple) else (expected,),
            strict=True,
        ):
            np.testing.assert_allclose(ours, theirs, rtol=1e-6)


@pytest.mark.parametrize("reader", sorted(CSR_READERS))
@pytest.mark.parametrize(
    ("replaced", "cls", "message"),
    [
        ({"data": MATRIX.data.astype(np.complex128)}, InvalidParameterError, "'data'.*numbers"),
        ({"data": MATRIX.data.astype(str)}, InvalidParameterError, "'data'.*numbers"),
        ({"indices": MATRIX.indices * 1.0}, InvalidParameterError, "'indices'.*integers"),
        ({"indptr": MATRIX.indptr.reshape(1, -1)}, InvalidParameterError, "'indptr'.*1-D"),
        ({"data": MATRIX.data * np.nan}, InvalidParameterError, "'data'.*finite"),
        ({"indices": -MATRIX.indices}, ShapeMismatchError, "negative"),
        ({"indptr": MATRIX.indptr[:-1]}, ShapeMismatchError, "indptr"),
        ({"indptr": MATRIX.indptr[:0]}, ShapeMismatchError, "indptr is empty"),
    ],
)
def test_every_csr_reader_raises_the_same_error_for_the_same_mistake(
    reader: str, replaced: dict[str, Any], cls: type[Exception], message: str
) -> None:
    with pytest.raises(cls, match=message):
        CSR_READERS[reader](csr_args(**replaced))


@pytest.mark.parametrize("reader", sorted(CSR_READERS))
def test_every_csr_reader_takes_scipy_matrices_and_arrays_and_refuses_other_formats(
    reader: str,
) -> None:
    call = CSR_READERS[reader]
    expected = call(MATRIX)
    for same in (sp.csr_array(MATRIX), MATRIX.astype(np.float32), MATRIX.astype(np.int64)):
        got = call(same)
        for ours, theirs in zip(
            got if isinstance(got, tuple) else (got,),
            expected if isinstance(expected, tuple) else (expected,),
            strict=True,
        ):
            np.testing.assert_allclose(ours, theirs, rtol=1e-6)
    for other, message in (
        (MATRIX.tocsc(), "expected a CSR matrix, got a csc matrix"),
        (MATRIX.toarray(), "expected a scipy.sparse CSR matrix, got ndarray"),
        (SimpleNamespace(**vars(csr_args()) | {"shape": (5, 3)}), "indptr has 4 entries for 5"),
        (SimpleNamespace(**vars(csr_args()) | {"shape": 3}), "'shape'"),
    ):
        with pytest.raises(StorylensError, match=message) as caught:
            call(other)
        assert isinstance(caught.value, ValueError)


# -- panics become InternalError --------------------------------------------------------------


@pytest.fixture
def inject_panic() -> Iterator[Callable[[str], None]]:
    """Arms a stage of the core to panic, and disarms it after the test whatever happens."""
    try:
        yield _core._inject_panic_for_tests
    finally:
        _core._inject_panic_for_tests(None)


def test_a_panic_in_sentence_splitting_arrives_as_a_runtime_error(
    inject_panic: Callable[[str], None],
) -> None:
    inject_panic("sentence_splitting")
    with pytest.raises(InternalError, match="sentence_splitting") as caught:
        sl.split_sentences("One sentence. Another one.")
    assert isinstance(caught.value, RuntimeError)
    _core._inject_panic_for_tests(None)
    assert len(sl.split_sentences("One sentence. Another one.")) == 2


def test_a_panic_in_cleaning_arrives_as_a_runtime_error(
    inject_panic: Callable[[str], None],
) -> None:
    articles = sl.ArticleSet.from_texts(["Dockers walked out at the port on Friday."] * 3)
    inject_panic("article_cleaning")
    for n_jobs in (1, 2):
        with pytest.raises(RuntimeError, match="article_cleaning") as caught:
            articles.clean(n_jobs=n_jobs)
        assert isinstance(caught.value, InternalError)
    _core._inject_panic_for_tests(None)
    assert articles.clean()[0].text == "Dockers walked out at the port on Friday."


# -- Ctrl-C and progress in a long fit --------------------------------------------------------


def a_corpus_of(n_documents: int) -> list[str]:
    """Varied documents of about 1.5 KB, cheap to build: a thousand distinct ones, repeated."""
    rng = np.random.default_rng(0)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    words = ["".join(rng.choice(letters, size=int(n))) for n in rng.integers(2, 10, 5000)]
    distinct = [" ".join(rng.choice(words, size=250)) for _ in range(1000)]
    return distinct * (n_documents // 1000)


@pytest.fixture
def on_progress() -> Iterator[Callable[[Callable[[int, int], object]], None]]:
    """Sets the callback that this thread's long jobs report `(done, total)` to, and removes
    it after the test whatever happens. Progress bars are off meanwhile: they use the same
    hook."""
    try:
        with sl.config_context(progress=False):
            yield _core._set_progress_callback_for_tests
    finally:
        _core._set_progress_callback_for_tests(None)


def test_a_fit_reports_its_progress_up_to_every_document(
    on_progress: Callable[[Callable[[int, int], object]], None],
) -> None:
    documents = a_corpus_of(4000)
    reports: list[tuple[int, int]] = []
    on_progress(lambda done, total: reports.append((done, total)))
    sl.CountVectorizer(analyzer="char_wb", ngram_range=(2, 4)).fit(documents)
    assert reports, "no progress was reported"
    assert reports[-1] == (len(documents), len(documents))
    done = [d for d, _ in reports]
    assert done == sorted(done)


def a_corpus_of_distinct_words(n_documents: int) -> list[str]:
    """Documents of 150 random seven-letter words: nearly every word is new, so the vocabulary
    merge has hundreds of thousands of terms to sort."""
    rng = np.random.default_rng(1)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    return [
        " ".join("".join(word) for word in rng.choice(letters, size=(150, 7)))
        for _ in range(n_documents)
    ]


class StopTheMerge(Exception):
    """Raised by the progress callback to stop a job, as Ctrl-C would."""


def test_a_large_vocabulary_merge_is_watched_and_can_be_stopped(
    on_progress: Callable[[Callable[[int, int], object]], None],
) -> None:
    """The merge of a large vocabulary is a watched job of its own, the last stage of counting:
    it reports (n, n) once more, and what stops a job (Ctrl-C, or here the callback raising)
    stops it. A small merge runs in place, unwatched. Progress never goes backwards."""
    documents = a_corpus_of_distinct_words(2000)
    seen: list[tuple[int, int]] = []

    def stop_the_merge(done: int, total: int) -> None:
        seen.append((done, total))
        if seen.count((len(documents), len(documents))) == 2:
            raise StopTheMerge

    on_progress(stop_the_merge)
    with pytest.raises(StopTheMerge):
        sl.CountVectorizer(n_jobs=2).fit(documents)
    assert seen[-2:] == [(len(documents), len(documents))] * 2
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)

    seen.clear()
    small = a_corpus_of_distinct_words(20)
    sl.CountVectorizer(n_jobs=2).fit(small)
    assert seen.count((len(small), len(small))) <= 1
    # Nothing is left behind: the next fit runs as usual.
    on_progress(None)
    assert len(sl.CountVectorizer().fit(documents).vocabulary_) > 200_000


def test_ctrl_c_stops_a_long_fit_between_batches(
    on_progress: Callable[[Callable[[int, int], object]], None],
) -> None:
    """Ctrl-C (here `_thread.interrupt_main`, sent by another thread once the fit reports
    progress) raises KeyboardInterrupt while documents remain to be counted, not after."""
    documents = a_corpus_of(20_000)  # about 30 MB: seconds of work with char n-grams
    reports: list[tuple[int, int]] = []
    started, over = threading.Event(), threading.Event()

    def record(done: int, total: int) -> None:
        reports.append((done, total))
        started.set()

    def press_ctrl_c() -> None:
        # Only while the fit runs: a stray interrupt would stop the whole test session.
        if started.wait(timeout=60) and not over.is_set():
            _thread.interrupt_main()

    on_progress(record)
    presser = threading.Thread(target=press_ctrl_c)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        presser.start()
        with pytest.raises(KeyboardInterrupt):
            sl.CountVectorizer(analyzer="char_wb", ngram_range=(2, 5), n_jobs=2).fit(documents)
    finally:
        over.set()
        started.set()
        presser.join()
        signal.signal(signal.SIGINT, previous)
    done, total = reports[-1]
    assert total == len(documents)
    assert done < total, "the fit ran to its end before the interrupt was raised"
    # Nothing is left behind: the next fit runs as usual.
    assert sl.CountVectorizer().fit(documents[:10]).vocabulary_


def test_tfidf_weighting_refuses_an_idf_of_another_width() -> None:
    matrix = sp.csr_matrix(np.array([[1.0, 2.0], [0.0, 3.0]]))
    with pytest.raises(ShapeMismatchError, match="2 features"):
        _core.tfidf_weight_in_place(
            matrix.data, matrix.indices, matrix.indptr, 2, np.ones(4), False, "l2", None
        )


def test_top_k_refuses_a_k_that_cannot_be_allocated() -> None:
    matrix = sp.csr_matrix(np.eye(3))
    with pytest.raises(InvalidParameterError, match="'k'"):
        _core.top_k_cosine(matrix, 2**62)
    # A k past the rows is padding, as before.
    neighbours, _ = _core.top_k_cosine(matrix, 5)
    assert neighbours.shape == (3, 5)

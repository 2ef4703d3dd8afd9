"""Many Python threads on the same fitted objects: results equal the serial ones, nothing
deadlocks, and a Python callback that itself calls storylens does not deadlock either.

Each worker thread is joined with a generous timeout; a thread still alive after it is a
deadlock (the assertion names it), not a slow machine."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np
from storylens import ArticleSet, CountVectorizer, HashingVectorizer, TfidfVectorizer
from storylens.text import Tokenizer, split_sentences

N_THREADS = 8
CALLS_PER_THREAD = 100
#: Long enough for 800 small calls on a loaded 2-core machine; a deadlock never ends.
JOIN_TIMEOUT_SECONDS = 600

DOCS = [
    f"Story {i}: the council of Harbourton voted {i} times on the north quay; "
    f"Dr. Roe said the port reopens on day {i % 7}. Ships wait."
    for i in range(40)
]


def _run_in_threads(call: Callable[[int], Any]) -> list[list[Any]]:
    """``call(i)`` for i in range(CALLS_PER_THREAD) on each of N_THREADS threads started
    together; the results per thread, in call order."""
    results: list[list[Any]] = [[] for _ in range(N_THREADS)]
    errors: list[BaseException] = []
    start = threading.Barrier(N_THREADS)

    def work(slot: int) -> None:
        try:
            start.wait()
            for i in range(CALLS_PER_THREAD):
                results[slot].append(call(i))
        except BaseException as error:  # reported by the test thread
            errors.append(error)

    threads = [threading.Thread(target=work, args=(slot,), daemon=True) for slot in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT_SECONDS)
    alive = [thread.name for thread in threads if thread.is_alive()]
    assert not alive, f"deadlock: {alive} still running after {JOIN_TIMEOUT_SECONDS} s"
    assert not errors, errors
    return results


def _dense(matrix: Any) -> list[list[float]]:
    return np.asarray(matrix.toarray()).tolist()  # type: ignore[no-any-return]


def test_a_fitted_vectorizer_shared_by_threads_gives_the_serial_results() -> None:
    tfidf = TfidfVectorizer(ngram_range=(1, 2)).fit(DOCS)
    hashing = HashingVectorizer(n_features=256)
    batches = [DOCS[i % 30 : i % 30 + 5] for i in range(CALLS_PER_THREAD)]
    serial = [(_dense(tfidf.transform(b)), _dense(hashing.transform(b))) for b in batches]
    threaded = _run_in_threads(
        lambda i: (_dense(tfidf.transform(batches[i])), _dense(hashing.transform(batches[i])))
    )
    assert all(results == serial for results in threaded)


def test_a_tokenizer_and_the_sentence_splitter_shared_by_threads() -> None:
    tokenizer = Tokenizer()
    serial = [
        (tokenizer.tokenize([DOCS[i % 40]]), split_sentences(DOCS[i % 40])) for i in range(100)
    ]
    threaded = _run_in_threads(
        lambda i: (tokenizer.tokenize([DOCS[i % 40]]), split_sentences(DOCS[i % 40]))
    )
    assert all(results == serial for results in threaded)


def test_a_comparison_shared_by_threads_gives_the_serial_results() -> None:
    comparison = ArticleSet.from_texts(DOCS[:12]).compare()
    ids = comparison.articles.ids

    def call(i: int) -> Any:
        pair = comparison.compare_pair(ids[i % 12], ids[(i + 1) % 12])
        return (
            comparison.similarity.to_numpy().tolist(),
            comparison.nearest(3).to_dict("list"),
            pair.to_dict("list"),
        )

    serial = [call(i) for i in range(CALLS_PER_THREAD)]
    threaded = _run_in_threads(call)
    assert all(results == serial for results in threaded)


def test_a_callback_that_calls_storylens_does_not_deadlock() -> None:
    # A preprocessor and a tokenizer written in Python that themselves call storylens: the
    # core calls back into Python while a storylens call is running on this thread.
    inner = CountVectorizer().fit(DOCS)

    def preprocessor(text: str) -> str:
        assert inner.transform([text]).shape == (1, len(inner.vocabulary_))
        return text.lower()

    def tokenizer(text: str) -> list[str]:
        return [word for words in Tokenizer().tokenize([text]) for word in words]

    outer = CountVectorizer(preprocessor=preprocessor, tokenizer=tokenizer, token_pattern=None)
    results = _run_in_threads(lambda i: _dense(outer.fit_transform(DOCS[i % 30 : i % 30 + 3])))
    expected = [_dense(outer.fit_transform(DOCS[i % 30 : i % 30 + 3])) for i in range(100)]
    assert all(per_thread == expected for per_thread in results)


def test_a_progress_callback_that_calls_storylens_does_not_deadlock() -> None:
    # The watched job's callback runs on the calling thread while the job runs detached.
    from storylens import _core

    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        assert split_sentences("One. Two.")  # back into the core, mid-job

    big = [" ".join(DOCS)] * 400  # over the 1 MB from which a job is watched
    _core._set_progress_callback_for_tests(progress)
    try:
        counts = CountVectorizer().fit_transform(big)
    finally:
        _core._set_progress_callback_for_tests(None)
    assert counts.shape[0] == len(big)
    assert seen and seen[-1][0] == seen[-1][1]

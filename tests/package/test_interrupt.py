"""Ctrl-C stops a long call: a process fitting (or comparing) on about 30 MB of text ends with
KeyboardInterrupt soon after SIGINT, not when the work would have ended.

Each case runs in a subprocess, as a user's script would, and sends it a real SIGINT once the
long core job has reported its first batch (so the signal lands inside the job, not before
it). The bound, 10 seconds, is generous on purpose, so that a busy machine cannot fail it; the
one-second goal is measured by benches/interrupt_latency.py.
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import textwrap
import time

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGINT is POSIX")

#: Varied documents of about 1.5 KB, 20,000 of them (about 30 MB), cheap to build; the child
#: prints "started" from the progress hook when the core has done its first batch, and at its
#: end the last (done, total) the core reported.
PRELUDE = textwrap.dedent(
    """
    import signal
    # Python leaves SIGINT ignored when it starts ignored (as in a job started with & by a
    # shell without job control, or under nohup): a user's Ctrl-C reaches a terminal's
    # foreground job, so the child takes Python's handler whatever it inherited.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    import numpy as np
    import storylens as sl
    from storylens import _core

    rng = np.random.default_rng(0)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    words = ["".join(rng.choice(letters, size=int(n))) for n in rng.integers(2, 10, 5000)]
    distinct = [" ".join(rng.choice(words, size=250)) for _ in range(1000)]
    documents = distinct * 20

    reports = []

    def announce(done, total):
        # Recorded before "started" goes out: the parent's SIGINT may land right after it.
        reports.append((done, total))
        if len(reports) == 1:
            print("started", flush=True)

    _core._set_progress_callback_for_tests(announce)
    """
)

FIT = PRELUDE + textwrap.dedent(
    """
    try:
        sl.CountVectorizer(analyzer="char_wb", ngram_range=(2, 5), n_jobs=2).fit(documents)
    finally:
        print("last report", *reports[-1], flush=True)
    """
)

COMPARE = PRELUDE + textwrap.dedent(
    """
    articles = sl.ArticleSet.from_texts(documents, language="english")
    try:
        sl.Comparison(articles, ngram_range=(1, 3), n_jobs=2)
    finally:
        print("last report", *reports[-1], flush=True)
    """
)

CLEAN = PRELUDE + textwrap.dedent(
    """
    articles = sl.ArticleSet.from_texts(documents, language="english")
    try:
        articles.clean(n_jobs=2)
    finally:
        print("last report", *reports[-1], flush=True)
    """
)

REUSE = PRELUDE + textwrap.dedent(
    """
    # The progress hook is set again once the comparison is made, so that "started" comes
    # from the reuse map's alignment (one step per sentence: each document is one).
    _core._set_progress_callback_for_tests(None)
    comparison = sl.ArticleSet.from_texts(documents, language="english").compare()
    _core._set_progress_callback_for_tests(announce)
    try:
        comparison.reuse()
    finally:
        print("last report", *reports[-1], flush=True)
    """
)

#: How long the child may take to build its input and start the job (not what is tested).
START_TIMEOUT = 180.0
#: How long the child may take to end after SIGINT: the test's bound, not its goal (1 s).
STOP_TIMEOUT = 10.0


def wait_for_line(process: subprocess.Popen[str], expected: str, timeout: float) -> None:
    """Reads the child's stdout until the line ``expected``; fails if it ends or takes too
    long first."""
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if selector.select(timeout=deadline - time.monotonic()):
            line = process.stdout.readline()
            if line.strip() == expected:
                return
            if line == "":
                break
    process.kill()
    _, err = process.communicate()
    pytest.fail(f"the child did not print {expected!r} in time; its stderr:\n{err}")


@pytest.mark.parametrize(
    ("script", "steps"),
    # Cleaning reports a step per article in each of its two passes.
    [(FIT, 20_000), (COMPARE, 20_000), (CLEAN, 40_000), (REUSE, 20_000)],
    ids=["fit", "compare", "clean", "reuse"],
)
def test_sigint_stops_a_long_core_job_with_keyboard_interrupt(script: str, steps: int) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        wait_for_line(process, "started", START_TIMEOUT)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=STOP_TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert "KeyboardInterrupt" in err, err
    assert process.returncode != 0
    done, total = (int(n) for n in out.split("last report")[-1].split())
    assert total == steps
    assert done < total, "the job ran to its end before the interrupt was raised"

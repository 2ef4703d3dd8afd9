"""How soon Ctrl-C stops a long fit: the time from SIGINT to the end of the process.

A child process fits a CountVectorizer (char_wb 2-5 grams, two threads) on about 30 MB of
generated text; once the core reports its first batch (through the progress hook) and a
further ``--delay`` seconds have passed, the parent sends SIGINT and times how long the child
takes to end (it must end with KeyboardInterrupt). The median of ``--repeat`` runs is printed
against the goal of one second, beside the time the same fit takes to run to its end from the
same point, so that the latency reads as a share of the work it saved.

    python benches/interrupt_latency.py              # 5 interrupted runs, 1 uninterrupted
    python benches/interrupt_latency.py --repeat 9 --delay 1.0
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import textwrap
import time

#: The goal: Ctrl-C stops a long call within about a second.
GOAL_SECONDS = 1.0

CHILD = textwrap.dedent(
    """
    import numpy as np
    import storylens as sl
    from storylens import _core

    rng = np.random.default_rng(0)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    words = ["".join(rng.choice(letters, size=int(n))) for n in rng.integers(2, 10, 5000)]
    distinct = [" ".join(rng.choice(words, size=250)) for _ in range(1000)]
    documents = distinct * 20  # about 30 MB

    started = []

    def announce(done, total):
        if not started:
            started.append(done)
            print("started", flush=True)

    _core._set_progress_callback_for_tests(announce)
    sl.CountVectorizer(analyzer="char_wb", ngram_range=(2, 5), n_jobs=2).fit(documents)
    """
)


def run_once(interrupt_after: float | None) -> tuple[float, str]:
    """Starts the child, waits for its first batch and then ``interrupt_after`` seconds, sends
    SIGINT (unless None) and returns the seconds from then to its end, and its stderr."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    if line.strip() != "started":
        child.kill()
        _, err = child.communicate()
        raise SystemExit(f"the child did not start its fit:\n{err}")
    time.sleep(interrupt_after or 0.0)
    began = time.perf_counter()
    if interrupt_after is not None:
        child.send_signal(signal.SIGINT)
    _, err = child.communicate()
    return time.perf_counter() - began, err


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="interrupted runs (median)")
    parser.add_argument(
        "--delay", type=float, default=0.5, help="seconds after the first batch to send SIGINT"
    )
    args = parser.parse_args()

    latencies = []
    for run in range(args.repeat):
        seconds, err = run_once(args.delay)
        if "KeyboardInterrupt" not in err:
            raise SystemExit(f"run {run + 1} did not end with KeyboardInterrupt:\n{err}")
        latencies.append(seconds)
        print(f"run {run + 1}: {seconds:.3f} s", file=sys.stderr)
    rest_of_fit, _ = run_once(None)
    median = statistics.median(latencies)
    verdict = "met" if median <= GOAL_SECONDS else "missed"
    print("| measure | seconds |")
    print("|---|---:|")
    print(f"| SIGINT to process end, median of {args.repeat} | {median:.3f} |")
    print(f"| SIGINT to process end, slowest | {max(latencies):.3f} |")
    print(f"| the same fit run to its end from the same point | {rest_of_fit - args.delay:.3f} |")
    print(f"| goal | {GOAL_SECONDS:.3f} ({verdict}) |")


if __name__ == "__main__":
    main()

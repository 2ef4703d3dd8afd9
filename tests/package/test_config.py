"""``storylens.set_config``, ``get_config`` and ``config_context``: one thread setting for the
whole package (``n_jobs=None`` resolves through it), ``STORYLENS_NUM_THREADS``, a validated
memory budget, and work in forked and spawned children that does not deadlock."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import storylens
from storylens import _core
from storylens.exceptions import InvalidParameterError

TEXTS = ["the port reopened", "storm closed the port", "ferries resume"] * 200


@pytest.fixture(autouse=True)
def default_settings() -> Iterator[None]:
    yield
    storylens.set_config(n_threads=None, memory_limit=None, progress=None)


def test_defaults_and_a_process_wide_change() -> None:
    assert storylens.get_config() == {"n_threads": None, "memory_limit": None, "progress": None}
    storylens.set_config(n_threads=1, memory_limit=2**30, progress=True)
    assert storylens.get_config() == {"n_threads": 1, "memory_limit": 2**30, "progress": True}
    assert _core.resolve_threads(None) == 1
    # A setting not given stays as it is.
    storylens.set_config(progress=False)
    assert storylens.get_config()["n_threads"] == 1
    # n_jobs given explicitly wins.
    assert _core.resolve_threads(2) == 2


def test_a_context_changes_only_the_calling_thread_and_restores() -> None:
    storylens.set_config(n_threads=2)
    seen: list[int] = []
    with storylens.config_context(n_threads=1, memory_limit="1 KiB"):
        assert storylens.get_config()["memory_limit"] == 1024
        assert _core.resolve_threads(None) == 1
        other = threading.Thread(target=lambda: seen.append(_core.resolve_threads(None)))
        other.start()
        other.join()
        with storylens.config_context(n_threads=None):
            assert _core.resolve_threads(None) == 2  # no override: the process setting
        assert _core.resolve_threads(None) == 1
    assert seen == [2]
    assert storylens.get_config() == {"n_threads": 2, "memory_limit": None, "progress": None}
    assert _core.resolve_threads(None) == 2


def test_a_context_restores_after_an_error() -> None:
    with pytest.raises(KeyError), storylens.config_context(n_threads=3):
        raise KeyError("x")
    assert storylens.get_config()["n_threads"] is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2GB", 2 * 10**9), ("512 MiB", 512 * 2**20), ("1.5kB", 1500), (4096, 4096), (None, None)],
)
def test_memory_limit_is_bytes_or_a_size(value: Any, expected: int | None) -> None:
    storylens.set_config(memory_limit=value)
    assert storylens.get_config()["memory_limit"] == expected


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("n_threads", 0, "n_threads must be a positive int"),
        ("n_threads", 1.5, "n_threads must be a positive int"),
        ("n_threads", True, "n_threads must be a positive int"),
        ("memory_limit", "2 parsecs", "memory_limit must be a number of bytes or a size"),
        ("memory_limit", -1, "memory_limit must be a positive number of bytes"),
        ("memory_limit", "0GB", "memory_limit must be at least 1 byte"),
        ("progress", "yes", "progress must be True or False"),
    ],
)
def test_bad_settings_are_refused_and_change_nothing(
    setting: str, value: Any, message: str
) -> None:
    before = storylens.get_config()
    with pytest.raises(InvalidParameterError, match=message):
        storylens.set_config(**{setting: value})
    with (
        pytest.raises(InvalidParameterError, match=message),
        storylens.config_context(**{setting: value}),
    ):
        pass
    assert storylens.get_config() == before


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )


def test_the_environment_variable_sets_the_default_and_is_checked() -> None:
    code = "import storylens; from storylens import _core; print(_core.resolve_threads(None))"
    assert run_python(code, STORYLENS_NUM_THREADS="3").stdout.strip() == "3"
    # set_config wins over the environment.
    code_set = "import storylens; storylens.set_config(n_threads=1); " + code.split("; ", 1)[1]
    assert run_python(code_set, STORYLENS_NUM_THREADS="3").stdout.strip() == "1"
    fit = "import storylens; storylens.CountVectorizer().fit(['a b'])"
    failed = run_python(fit, STORYLENS_NUM_THREADS="many")
    assert failed.returncode != 0
    assert "STORYLENS_NUM_THREADS" in failed.stderr and '"many"' in failed.stderr


def test_importing_storylens_or_its_settings_does_not_import_dask() -> None:
    code = "import sys, storylens; storylens.get_config(); print('dask' in sys.modules)"
    assert run_python(code).stdout.strip() == "False"


def fit_in_child(queue: Any) -> None:
    X = storylens.TfidfVectorizer(n_jobs=2).fit_transform(TEXTS)
    queue.put(X.shape)


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_work_in_a_forked_or_spawned_child_finishes(method: str) -> None:
    # The parent uses the thread pool first, so a forked child inherits its state.
    storylens.TfidfVectorizer().fit_transform(TEXTS)
    storylens.TfidfVectorizer(n_jobs=2).fit_transform(TEXTS)
    context = multiprocessing.get_context(method)
    queue = context.Queue()
    child = context.Process(target=fit_in_child, args=(queue,))
    child.start()
    child.join(timeout=120)  # a deadlock guard, not a timing
    if child.is_alive():
        child.kill()
        pytest.fail(f"the {method} child did not finish: deadlocked")
    assert child.exitcode == 0
    assert queue.get(timeout=5) == (len(TEXTS), 7)

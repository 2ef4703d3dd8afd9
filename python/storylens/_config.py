"""Global settings: the number of threads the core uses, a memory budget, progress reporting.

:func:`set_config` changes them for the whole process, :func:`config_context` for the calling
thread and a ``with`` block, and :func:`get_config` reads what applies to the calling thread.

``n_threads`` is the one setting for threads: every estimator and function with ``n_jobs=None``
(the default) uses it, and so do the tasks of :mod:`storylens.dask`. When it is None, the
environment variable ``STORYLENS_NUM_THREADS`` decides, else all cores are used; inside a Dask
worker, a task uses its task slot's one thread.

``memory_limit`` (bytes, or a size such as ``"2GB"``) is a budget for each large allocation
whose size storylens can plan before it starts: a step whose estimate passes it raises
:class:`~storylens.exceptions.ResourceLimitError` (a ``MemoryError``) before allocating, with a
message that names the step, the estimate, the limit and what to do instead (see
``storylens._budget``). The steps checked are the similarity table
(:attr:`Comparison.similarity <storylens.Comparison.similarity>`, the report's table, the plot),
the topics' similarity table, and the NMF factors of :meth:`Comparison.topics
<storylens.Comparison.topics>`; in :mod:`storylens.dask` the limit travels with the tasks and
applies to each task. When ``memory_limit`` is None, a step with a built-in cap keeps it (the
similarity table refuses above 1 GiB, ``MAX_SIMILARITY_BYTES``) and the others are not
checked; a ``memory_limit`` that is set replaces the built-in caps, lower or higher.

It is a budget per planned allocation, not a cap on the process: several steps may each use
up to it, and work whose size is learnt only as it runs is not bounded by it. A vectorizer's
``fit`` is such work: its vocabulary, and so its memory, is known only once every document has
been read (cap it with ``max_features``, ``min_df``, or a ``HashingVectorizer``'s fixed
``n_features``), and so are the matches of a reuse map.

``progress`` decides whether long work shows a progress bar on stderr: True always, False
never, None (the default) when the work is large and stderr is a terminal or the code runs in
a notebook (see ``storylens._progress``).

>>> import storylens
>>> with storylens.config_context(n_threads=1, memory_limit="2GB"):
...     storylens.get_config()
{'n_threads': 1, 'memory_limit': 2000000000, 'progress': None}
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final, TypedDict

from storylens import _core
from storylens.exceptions import InvalidParameterError

__all__ = ["THREADS_ENV_VAR", "config_context", "get_config", "memory_limit_bytes", "set_config"]

#: The environment variable that sets the thread count when ``n_threads`` is not set.
THREADS_ENV_VAR: Final = "STORYLENS_NUM_THREADS"


class Config(TypedDict):
    """The settings, as :func:`get_config` returns them."""

    n_threads: int | None
    memory_limit: int | None
    progress: bool | None


class _Unchanged:
    """The default of every :func:`set_config` parameter: leave that setting as it is."""

    def __repr__(self) -> str:
        return "<unchanged>"


UNCHANGED: Final = _Unchanged()

_process: Config = {"n_threads": None, "memory_limit": None, "progress": None}
_lock = threading.Lock()


class _ThreadSettings(threading.local):
    """The calling thread's overrides, set by :func:`config_context` (innermost last)."""

    def __init__(self) -> None:
        self.overrides: dict[str, Any] = {}


_thread = _ThreadSettings()

_UNITS = {
    "": 1,
    "b": 1,
    "kb": 10**3,
    "mb": 10**6,
    "gb": 10**9,
    "tb": 10**12,
    "kib": 2**10,
    "mib": 2**20,
    "gib": 2**30,
    "tib": 2**40,
}
_SIZE = re.compile(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-zA-Z]*)\s*")


def _check_threads(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidParameterError(
            f"n_threads must be a positive int or None (automatic), got {value!r}"
        )
    return int(value)


def _check_memory_limit(value: Any) -> int | None:
    """``value`` in bytes: None, a positive int, or a string such as ``"2GB"`` or ``"512 MiB"``
    (kB, MB, GB, TB are powers of 1000; KiB, MiB, GiB, TiB powers of 1024)."""
    if value is None:
        return None
    if isinstance(value, str):
        match = _SIZE.fullmatch(value)
        unit = match.group(2).lower() if match else ""
        if match is None or unit not in _UNITS:
            raise InvalidParameterError(
                f"memory_limit must be a number of bytes or a size such as '2GB' or "
                f"'512MiB', got {value!r}"
            )
        size = int(float(match.group(1)) * _UNITS[unit])
        if size < 1:
            raise InvalidParameterError(f"memory_limit must be at least 1 byte, got {value!r}")
        return size
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidParameterError(
            f"memory_limit must be a positive number of bytes, a size such as '2GB', or None, "
            f"got {value!r}"
        )
    return int(value)


def _check_progress(value: Any) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise InvalidParameterError(
            f"progress must be True or False, or None (automatic), got {value!r}"
        )
    return value


def _checked(n_threads: Any, memory_limit: Any, progress: Any) -> dict[str, Any]:
    """The settings given (not :data:`UNCHANGED`), validated."""
    checked: dict[str, Any] = {}
    if n_threads is not UNCHANGED:
        checked["n_threads"] = _check_threads(n_threads)
    if memory_limit is not UNCHANGED:
        checked["memory_limit"] = _check_memory_limit(memory_limit)
    if progress is not UNCHANGED:
        checked["progress"] = _check_progress(progress)
    return checked


def get_config() -> Config:
    """The settings that apply to the calling thread: ``n_threads`` (None: automatic),
    ``memory_limit`` (bytes, or None) and ``progress`` (None: automatic).

    >>> import storylens
    >>> sorted(storylens.get_config())
    ['memory_limit', 'n_threads', 'progress']
    """
    with _lock:
        config = Config(**_process)
    config.update(_thread.overrides)  # type: ignore[typeddict-item]
    return config


def set_config(
    n_threads: int | _Unchanged | None = UNCHANGED,
    memory_limit: int | str | _Unchanged | None = UNCHANGED,
    progress: bool | _Unchanged | None = UNCHANGED,
) -> None:
    """Change settings for the whole process; a setting not given stays as it is.

    ``n_threads``: the threads that work with ``n_jobs=None`` uses (None: the environment
    variable ``STORYLENS_NUM_THREADS``, else all cores). ``memory_limit``: a budget in bytes,
    or a size such as ``"2GB"``, that each planned large allocation must fit in, else it is
    refused with ``ResourceLimitError`` before it starts (None: only the built-in caps, such
    as the similarity table's 1 GiB). ``progress``: whether long work shows a
    progress bar on stderr (True, False, or None: automatic, for large work in a terminal or
    a notebook).

    >>> import storylens
    >>> storylens.set_config(n_threads=2)
    >>> storylens.get_config()["n_threads"]
    2
    >>> storylens.set_config(n_threads=None)
    """
    checked = _checked(n_threads, memory_limit, progress)
    with _lock:
        if "n_threads" in checked:
            _core.set_process_threads(checked["n_threads"])
        _process.update(checked)  # type: ignore[typeddict-item]


@contextmanager
def config_context(
    *,
    n_threads: int | _Unchanged | None = UNCHANGED,
    memory_limit: int | str | _Unchanged | None = UNCHANGED,
    progress: bool | _Unchanged | None = UNCHANGED,
) -> Iterator[None]:
    """Change settings for the calling thread inside a ``with`` block (the same parameters as
    :func:`set_config`); on leaving it, the previous settings return. Other threads keep
    theirs. ``n_threads=None`` here means "no override": the process setting applies.

    >>> import storylens
    >>> with storylens.config_context(n_threads=1):
    ...     storylens.TfidfVectorizer().fit_transform(["one story", "two"]).shape
    (2, 3)
    """
    checked = _checked(n_threads, memory_limit, progress)
    saved = dict(_thread.overrides)
    previous_threads = None
    if "n_threads" in checked:
        previous_threads = _core.set_thread_threads(checked["n_threads"])
    _thread.overrides.update(checked)
    if checked.get("n_threads", UNCHANGED) is None:
        _thread.overrides.pop("n_threads")
    try:
        yield
    finally:
        if "n_threads" in checked:
            _core.set_thread_threads(previous_threads)
        _thread.overrides = saved


def memory_limit_bytes() -> int | None:
    """The memory budget that applies to the calling thread, in bytes (None: none set), for
    code that plans large work (``storylens._budget.check_budget`` reads it).

    >>> with config_context(memory_limit="1 KiB"):
    ...     memory_limit_bytes()
    1024
    """
    return get_config()["memory_limit"]

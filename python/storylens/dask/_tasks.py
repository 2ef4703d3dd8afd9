"""How a task of :mod:`storylens.dask` runs on a worker: with the client's settings, and with
the threads of its task slot.

A Dask worker runs several tasks at once, one per thread of its task slots. If each task let
the core start a pool of all the machine's cores, two workers of two threads on two cores
would run eight threads; so a task uses one thread (its slot's), unless the client set
``n_threads`` (:func:`storylens.set_config`) or the worker's environment sets
``STORYLENS_NUM_THREADS``.

The client's ``memory_limit`` travels with the tasks too: it is a budget for each planned
allocation of a task (:func:`check_task_budget`), not the worker's memory limit, which Dask
enforces on its own.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from storylens._budget import check_budget
from storylens._config import THREADS_ENV_VAR, Config, config_context, get_config

__all__ = [
    "check_task_budget",
    "client_settings",
    "in_worker",
    "task_settings",
    "worker_task_memory",
]

#: The threads a task gets when nothing else decides: one per task slot, as Dask gives.
THREADS_PER_TASK = 1


def client_settings() -> Config:
    """The settings to send with the tasks, read where the graph is built.

    >>> sorted(client_settings())
    ['memory_limit', 'n_threads', 'progress']
    """
    return get_config()


def _current_worker() -> Any:
    """The ``dask.distributed`` worker running the calling thread's task, or None."""
    distributed = sys.modules.get("distributed")
    if distributed is None:
        return None
    try:
        return distributed.get_worker()
    except ValueError:
        return None


def in_worker() -> bool:
    """Whether the calling thread runs a task of a ``dask.distributed`` worker (cheap: looks
    only if ``distributed`` was imported).

    >>> in_worker()
    False
    """
    return _current_worker() is not None


def worker_task_memory() -> int | None:
    """In a task of a ``dask.distributed`` worker that has a memory limit, one task's share
    of it: the limit divided by the worker's threads, since that many tasks run at once.
    None elsewhere, or when the worker has no limit.

    >>> worker_task_memory() is None
    True
    """
    worker = _current_worker()
    limit = getattr(getattr(worker, "memory_manager", None), "memory_limit", None)
    if not limit:
        return None
    threads = getattr(getattr(worker, "state", None), "nthreads", 1) or 1
    return int(limit) // int(threads)


def check_task_budget(step: str, needed_bytes: int, *, hint: str) -> None:
    """:func:`storylens._budget.check_budget` for a planned allocation inside a task, under
    :func:`task_settings`: above the client's ``memory_limit`` when it is set, else above
    the task's share of its worker's memory limit (:func:`worker_task_memory`), the task
    refuses with :class:`~storylens.exceptions.ResourceLimitError` before it allocates,
    instead of the worker being killed and the task retried elsewhere.

    >>> with task_settings({"n_threads": None, "memory_limit": 1000, "progress": False}):
    ...     check_task_budget("a block's table", 8_000, hint="use smaller partitions")
    Traceback (most recent call last):
    ...
    storylens.exceptions.ResourceLimitError: a block's table needs about 8.00 kB, ...
    """
    check_budget(
        step,
        needed_bytes,
        hint=hint,
        default_limit=worker_task_memory(),
        default_name="the worker's memory_limit divided by its threads",
    )


@contextmanager
def task_settings(settings: Config) -> Iterator[None]:
    """Runs a task's body with the client's ``settings``; in a worker, with one thread per
    task unless ``n_threads`` or the worker's ``STORYLENS_NUM_THREADS`` says otherwise.

    >>> import storylens
    >>> with task_settings({"n_threads": 3, "memory_limit": None, "progress": False}):
    ...     storylens.get_config()["n_threads"]
    3
    """
    n_threads = settings["n_threads"]
    if n_threads is None and not os.environ.get(THREADS_ENV_VAR) and in_worker():
        n_threads = THREADS_PER_TASK
    with config_context(
        n_threads=n_threads, memory_limit=settings["memory_limit"], progress=settings["progress"]
    ):
        yield

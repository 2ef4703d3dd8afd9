"""How a task of :mod:`storylens.dask` runs on a worker: with the client's settings, and with
the threads of its task slot.

A Dask worker runs several tasks at once, one per thread of its task slots. If each task let
the core start a pool of all the machine's cores, two workers of two threads on two cores
would run eight threads; so a task uses one thread (its slot's), unless the client set
``n_threads`` (:func:`storylens.set_config`) or the worker's environment sets
``STORYLENS_NUM_THREADS``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from storylens._config import THREADS_ENV_VAR, Config, config_context, get_config

__all__ = ["client_settings", "in_worker", "task_settings"]

#: The threads a task gets when nothing else decides: one per task slot, as Dask gives.
THREADS_PER_TASK = 1


def client_settings() -> Config:
    """The settings to send with the tasks, read where the graph is built.

    >>> sorted(client_settings())
    ['memory_limit', 'n_threads', 'progress']
    """
    return get_config()


def in_worker() -> bool:
    """Whether the calling thread runs a task of a ``dask.distributed`` worker (cheap: looks
    only if ``distributed`` was imported).

    >>> in_worker()
    False
    """
    distributed = sys.modules.get("distributed")
    if distributed is None:
        return False
    try:
        distributed.get_worker()
    except ValueError:
        return False
    return True


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

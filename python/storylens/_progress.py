"""Progress bars for long work, on stderr, with ``tqdm.auto`` (a widget in a notebook).

Whether a bar shows is decided once per call by :func:`wanted`, from the ``progress=`` the
call was given or, when that is None, from ``storylens.get_config()["progress"]``:

- True: always a bar; False: never, and nothing is written.
- None (the default, automatic): a bar when the work is at least a threshold in size
  (:data:`DOCUMENTS_THRESHOLD` documents for the estimators, :data:`ARTICLES_THRESHOLD`
  articles for cleaning, comparing and the report) and someone is watching: stderr is a
  terminal, or the code runs in a notebook.

The estimators' long core jobs report how many documents they have done through the one
progress hook of the core's GIL-release helper (:func:`core_job_bar`); that is the same
place where the core checks for Ctrl-C between batches.

>>> with bar(3, "steps", enabled=False) as steps:
...     for _ in range(3):
...         steps.update()
>>> wanted(False, size=10**6, threshold=1)
False
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any, Final, Protocol

from storylens import _core
from storylens._config import config_context, get_config

__all__ = [
    "ARTICLES_THRESHOLD",
    "DOCUMENTS_THRESHOLD",
    "Bar",
    "bar",
    "core_job_bar",
    "estimator_job_bar",
    "following",
    "interactive",
    "wanted",
]

#: With the automatic setting, estimators show a bar from this many documents.
DOCUMENTS_THRESHOLD: Final = 2_000
#: With the automatic setting, cleaning, comparing and the report show a bar from this many
#: articles.
ARTICLES_THRESHOLD: Final = 50


class Bar(Protocol):
    """What the code that reports progress uses of a bar (tqdm's names)."""

    def update(self, n: int = 1) -> Any: ...

    def set_description_str(self, desc: str | None = None, refresh: bool = True) -> None: ...


class _Silent:
    """A bar that shows nothing: the work's code reports progress the same way either way."""

    def update(self, n: int = 1) -> None:
        return None

    def set_description_str(self, desc: str | None = None, refresh: bool = True) -> None:
        return None


def _in_notebook() -> bool:
    """Whether the code runs in a Jupyter kernel (the stop button sends it SIGINT)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    shell = ipython.get_ipython()
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})


def interactive() -> bool:
    """Whether someone is watching: stderr is a terminal, or the code runs in a notebook.

    >>> isinstance(interactive(), bool)
    True
    """
    try:
        terminal = sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stderr
        terminal = False
    return terminal or _in_notebook()


def wanted(progress: bool | None, *, size: int, threshold: int) -> bool:
    """Whether work of ``size`` shows a bar: ``progress`` if given, else the config's setting;
    automatic (None) means at least ``threshold`` in size and :func:`interactive`.

    >>> wanted(True, size=1, threshold=50)
    True
    >>> wanted(None, size=1, threshold=50)
    False
    """
    setting = get_config()["progress"] if progress is None else progress
    if setting is None:
        return size >= threshold and interactive()
    return bool(setting)


@contextmanager
def bar(total: int | None, desc: str, *, enabled: bool, unit: str = "it") -> Iterator[Bar]:
    """A tqdm bar on stderr when ``enabled``, else one that writes nothing; closed on leaving.

    >>> with bar(2, "cleaning", enabled=False, unit="article") as articles:
    ...     articles.update(2)
    """
    if not enabled:
        yield _Silent()
        return
    from tqdm.auto import tqdm

    shown = tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, leave=False)
    try:
        yield shown
    finally:
        shown.close()


class _CoreBar(threading.local):
    """Whether the calling thread's core jobs already report to a bar."""

    def __init__(self) -> None:
        self.active = False


_core_bar = _CoreBar()


@contextmanager
def core_job_bar(
    desc: str,
    *,
    enabled: bool,
    total: int | None = None,
    unit: str = "doc",
    steps_per_unit: int = 1,
) -> Iterator[None]:
    """Shows the calling thread's long core jobs' ``(done, total)`` in a bar while inside, when
    ``enabled``. The core calls the hook between batches, from the thread that started the job,
    at most every 50 ms; short jobs (under about 1 MB of text) run unwatched and report
    nothing. Inside another such block this one adds no second bar.

    ``total`` counts units (``unit``); a job that reports ``steps_per_unit`` steps per unit
    (cleaning passes over each article twice) is shown in units, so that 5 articles read
    "5/5 article", not "10/10".

    >>> import storylens
    >>> with core_job_bar("counting", enabled=False):
    ...     storylens.CountVectorizer().fit(["a wire story"]).vocabulary_
    {'story': 0, 'wire': 1}
    """
    if not enabled or _core_bar.active:
        yield
        return
    from tqdm.auto import tqdm

    shown = tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, leave=False)

    def report(done: int, total: int) -> None:
        # A job reports its total when it starts; a later job (the vocabulary merge after
        # counting) may report the same documents again.
        shown.total = -(-total // steps_per_unit)
        shown.n = min(done // steps_per_unit, shown.total)
        shown.refresh()

    # The binding's one progress hook (the calling thread's watched jobs report to it); its
    # name predates this use.
    _core._set_progress_callback_for_tests(report)
    _core_bar.active = True
    try:
        yield
        # Short jobs run unwatched and report nothing: the work is done all the same.
        if shown.total is not None:
            shown.n = shown.total
            shown.refresh()
    finally:
        _core_bar.active = False
        _core._set_progress_callback_for_tests(None)
        shown.close()


def estimator_job_bar(desc: str, documents: list[Any]) -> Any:
    """:func:`core_job_bar` for an estimator's core job on ``documents``: the estimators take
    no ``progress=`` (their parameters are scikit-learn's), so the config alone decides.

    >>> with estimator_job_bar("counting", ["one story"]):
    ...     pass
    """
    enabled = wanted(None, size=len(documents), threshold=DOCUMENTS_THRESHOLD)
    return core_job_bar(desc, enabled=enabled, total=len(documents))


def following(progress: bool | None) -> AbstractContextManager[None]:
    """Makes the work inside (the estimators a method uses) follow a method's ``progress=``:
    True or False holds for the calling thread inside the block; None leaves the config.

    >>> import storylens
    >>> with following(False):
    ...     storylens.get_config()["progress"]
    False
    """
    if progress is None:
        return nullcontext()
    return config_context(progress=progress)

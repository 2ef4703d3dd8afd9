"""Memory budgets: a step whose large allocation storylens can size in advance refuses before
it starts when that size passes the limit, instead of running the machine out of memory.

The limit is ``storylens.set_config(memory_limit=...)`` (or :func:`storylens.config_context`)
when it is set. When it is not, a step with a built-in cap keeps that cap (the similarity
table's :data:`storylens.compare.similarity.MAX_SIMILARITY_BYTES`, 1 GiB) and a step without
one runs unchecked. A ``memory_limit`` that is set replaces the built-in caps, lower or
higher: ``set_config(memory_limit="8GB")`` lets the similarity table of 30,000 articles
through.

The limit applies to each planned allocation on its own (the table, the factors of a topic
model): it is not a cap on the process's total memory, and work whose size is learnt only
while it runs (a vectorizer's vocabulary) cannot be checked ahead. Every check is one line::

    check_budget(f"the reuse shares of {n:,} articles", dense_bytes(n, n), hint="...")

>>> import storylens
>>> with storylens.config_context(memory_limit="1MB"):
...     check_budget("a table", dense_bytes(1_000, 1_000), hint="ask for less")
Traceback (most recent call last):
...
storylens.exceptions.ResourceLimitError: a table needs about 8.00 MB, above the memory limit
of 1.00 MB set by storylens.set_config(memory_limit=...); ask for less
"""

from __future__ import annotations

import math
from typing import Final

from storylens._config import memory_limit_bytes
from storylens.exceptions import ResourceLimitError

__all__ = ["SETTING", "budget_bytes", "check_budget", "dense_bytes", "format_bytes"]

#: How a message names the setting that governs every check.
SETTING: Final = "storylens.set_config(memory_limit=...)"

_UNITS: Final = (("TB", 10**12), ("GB", 10**9), ("MB", 10**6), ("kB", 10**3))


def format_bytes(size: int) -> str:
    """``size`` in the decimal units ``memory_limit`` reads (``"2GB"`` is 2,000,000,000
    bytes), to three significant figures.

    >>> format_bytes(3_200_000_000), format_bytes(1 << 30), format_bytes(512)
    ('3.20 GB', '1.07 GB', '512 bytes')
    """
    for unit, scale in _UNITS:
        if size >= scale:
            value = size / scale
            decimals = max(0, 2 - math.floor(math.log10(value)))
            return f"{value:.{decimals}f} {unit}"
    return f"{size:,} bytes"


def dense_bytes(*shape: int, itemsize: int = 8) -> int:
    """The bytes of a dense array of ``shape`` whose items take ``itemsize`` bytes (8: a
    float64 or int64; 1: a bool).

    >>> dense_bytes(20_000, 20_000)
    3200000000
    >>> dense_bytes(1_000, 1_000, 4, itemsize=1)
    4000000
    """
    return math.prod(int(n) for n in shape) * int(itemsize)


def budget_bytes(default_limit: int | None = None) -> int | None:
    """The limit a planned allocation must fit in, in bytes: ``memory_limit`` when it is set
    for the calling thread, else the step's built-in ``default_limit`` (None: no limit). For
    code that sizes its work to the budget, such as blocks of rows.

    >>> import storylens
    >>> budget_bytes(), budget_bytes(1 << 30)
    (None, 1073741824)
    >>> with storylens.config_context(memory_limit="4GB"):
    ...     budget_bytes(1 << 30)
    4000000000
    """
    limit = memory_limit_bytes()
    return default_limit if limit is None else limit


def check_budget(
    step: str,
    needed_bytes: int,
    *,
    hint: str,
    default_limit: int | None = None,
    default_name: str | None = None,
) -> None:
    """Raises :class:`~storylens.exceptions.ResourceLimitError` (a ``MemoryError``) when
    ``step`` would allocate ``needed_bytes`` (an estimate made before the work starts) and
    that passes the limit (:func:`budget_bytes`). Call it before the allocation.

    ``step`` names the work for the message (``"the similarity table of 20,000
    articles"``), ``hint`` says what to do instead. ``default_limit`` is the step's built-in
    cap, which applies only while ``memory_limit`` is not set, and ``default_name`` the
    constant that holds it, for the message.

    >>> check_budget("a table", 3_200_000_000, hint="use nearest(k)")
    >>> check_budget("a table", 3_200_000_000, hint="use nearest(k)", default_limit=1 << 30,
    ...              default_name="MAX_TABLE_BYTES")
    Traceback (most recent call last):
    ...
    storylens.exceptions.ResourceLimitError: a table needs about 3.20 GB, above the built-in
    limit of 1.07 GB (MAX_TABLE_BYTES) that applies while storylens.set_config(memory_limit=...)
    is not set; use nearest(k), or set a memory_limit that fits
    """
    limit = memory_limit_bytes()
    if limit is not None:
        if needed_bytes <= limit:
            return
        raise ResourceLimitError(
            f"{step} needs about {format_bytes(needed_bytes)}, above the memory limit of "
            f"{format_bytes(limit)} set by {SETTING}; {hint}"
        )
    if default_limit is None or needed_bytes <= default_limit:
        return
    named = f" ({default_name})" if default_name else ""
    raise ResourceLimitError(
        f"{step} needs about {format_bytes(needed_bytes)}, above the built-in limit of "
        f"{format_bytes(default_limit)}{named} that applies while {SETTING} is not set; "
        f"{hint}, or set a memory_limit that fits"
    )

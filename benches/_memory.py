"""This process's resident memory, for the benchmarks: now, at its peak, and a reset of the
peak so that the next peak is one step's own (Linux's /proc; elsewhere the peak that
``getrusage`` gives, which cannot be reset). Dask workers run these too
(``client.run(reset_peak)``), so they live in a module of their own that a worker imports.
"""

from __future__ import annotations

import resource


def status_bytes(field: str) -> int:
    """A memory field of /proc/self/status (``VmRSS`` now, ``VmHWM`` the peak), in bytes.
    Not ``getrusage``'s ``ru_maxrss`` where /proc exists: on Linux that survives exec and
    reports the parent's size at fork when it was larger."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def current_rss() -> int:
    """Resident set size now, in bytes."""
    return status_bytes("VmRSS")


def peak_rss() -> int:
    """Peak resident set size since the last :func:`reset_peak`, in bytes."""
    return status_bytes("VmHWM")


def peak_rss_mb() -> float:
    """Peak resident set size since the last :func:`reset_peak`, in MB."""
    return peak_rss() / 2**20


def reset_peak() -> None:
    """Resets this process's peak resident size to its current size (Linux: writing 5 to
    /proc/self/clear_refs; elsewhere nothing is reset)."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        pass

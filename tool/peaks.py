"""Each process's own peak of resident memory, reported on request (a benchmark's hook).

The peak a parent learns from ``getrusage(RUSAGE_CHILDREN)`` is not any one child's: it is
the largest of every descendant it waited for (a worker's parse-apart processes count as if
they were workers), and Linux keeps ``ru_maxrss`` across ``execve``, so a process started
from a large one reports, at least, its parent's size at the start. What a process itself
held at most is its memory's high-water mark, ``VmHWM`` in ``/proc/self/status``.

When the environment variable ``FLASK_CODEMOD_PEAKS`` names a file, ``report_peak(role)``
appends one JSON line to it, ``{"role": ROLE, "pid": PID, "peak_mb": MB}``; a pool's workers
(tool/pool.py), and the forks a batch pool's workers do their work in (tool/worker_forks.py),
report as ``worker`` when they end, a parse-apart process
(tool/parse_apart.py) as ``parse-apart`` once it has parsed. Without the variable nothing is
read or written; on a system without ``/proc`` nothing is reported. It changes no result.
"""

from __future__ import annotations

import json
import os
from typing import Any

ENVIRONMENT = "FLASK_CODEMOD_PEAKS"


def own_peak_mb() -> float | None:
    """This process's high-water mark of resident memory, in MB (None: not known here)."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except (OSError, ValueError, IndexError):
        return None
    return None


def report_peak(role: str) -> None:
    """Append this process's peak to the file ``FLASK_CODEMOD_PEAKS`` names, if it names one."""
    target = os.environ.get(ENVIRONMENT)
    if not target:
        return
    peak = own_peak_mb()
    if peak is None:
        return
    line = json.dumps({"role": role, "pid": os.getpid(), "peak_mb": peak}) + "\n"
    descriptor = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(descriptor, line.encode())  # one short write: lines of processes do not mix
    finally:
        os.close(descriptor)


def report_peak_at_exit(role: str) -> None:
    """In a process of a multiprocessing pool: ``report_peak(role)`` when it ends normally
    (multiprocessing runs its finalizers then, not atexit's handlers)."""
    if not os.environ.get(ENVIRONMENT):
        return
    from multiprocessing import util  # lazy: only when a benchmark asks

    util.Finalize(None, report_peak, args=(role,), exitpriority=0)


def read_peaks(path: str) -> dict[str, list[float]]:
    """The peaks a file of reports holds, by role (a benchmark's reading)."""
    peaks: dict[str, list[float]] = {}
    try:
        with open(path) as handle:
            lines = handle.read().splitlines()
    except OSError:
        return peaks
    for line in lines:
        try:
            record: Any = json.loads(line)
            peaks.setdefault(str(record["role"]), []).append(float(record["peak_mb"]))
        except (ValueError, KeyError, TypeError):
            continue
    return peaks

"""Run ``flask-codemod ARGS`` in this process, then record its peak memory and that of its
worker processes into the JSON file named by the environment variable FLASK_CODEMOD_PROBE.

    FLASK_CODEMOD_PROBE=out.json python benchmarks/_probe.py apply --dry-run PATH

Each figure is one process's own high-water mark (tool/peaks.py): this process's (the main
process), the largest of the pool's workers and the largest of the processes that parsed a
long module apart (tool/parse_apart.py), each reported by the process itself. Not
``ru_maxrss``: that of RUSAGE_CHILDREN is the largest of all descendants (a worker's
parse-apart processes among them), and Linux keeps ``ru_maxrss`` across ``execve``, so this
process's own would start at the size of the benchmark that started it.
"""

from __future__ import annotations

import atexit
import json
import os
import resource
import sys
import tempfile


def _record(peaks_file: str) -> None:
    from flask_codemod.peaks import own_peak_mb, read_peaks

    target = os.environ.get("FLASK_CODEMOD_PROBE")
    peaks = read_peaks(peaks_file)
    os.unlink(peaks_file)
    if not target:
        return
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(target, "w") as handle:
        json.dump(
            {
                "main_maxrss_mb": own_peak_mb() or 0.0,
                "worker_maxrss_mb": max(peaks.get("worker", [0.0])),
                "workers": len(peaks.get("worker", [])),
                "parse_apart_maxrss_mb": max(peaks.get("parse-apart", [0.0])),
                "parse_apart_processes": len(peaks.get("parse-apart", [])),
                "main_cpu_s": own.ru_utime + own.ru_stime,
                "workers_cpu_s": children.ru_utime + children.ru_stime,
            },
            handle,
        )


if __name__ == "__main__":
    from flask_codemod.peaks import ENVIRONMENT

    handle, peaks_file = tempfile.mkstemp(suffix=".peaks")
    os.close(handle)
    os.environ[ENVIRONMENT] = peaks_file  # every process this run starts reports its own peak
    atexit.register(_record, peaks_file)
    sys.argv = ["flask-codemod", *sys.argv[1:]]
    from flask_codemod.cli import main

    main()

"""Run ``flask-codemod ARGS`` in this process, then record its peak memory and that of its
worker processes into the JSON file named by the environment variable FLASK_CODEMOD_PROBE.

    FLASK_CODEMOD_PROBE=out.json python benchmarks/_probe.py apply --dry-run PATH

``ru_maxrss`` of RUSAGE_CHILDREN is the peak of the largest child this process waited for:
the pool's workers (a git subprocess is far smaller).
"""

from __future__ import annotations

import atexit
import json
import os
import resource
import sys


def _record() -> None:
    target = os.environ.get("FLASK_CODEMOD_PROBE")
    if not target:
        return
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(target, "w") as handle:
        json.dump(
            {
                "main_maxrss_mb": own.ru_maxrss / 1024,
                "worker_maxrss_mb": children.ru_maxrss / 1024,
                "main_cpu_s": own.ru_utime + own.ru_stime,
                "workers_cpu_s": children.ru_utime + children.ru_stime,
            },
            handle,
        )


if __name__ == "__main__":
    atexit.register(_record)
    sys.argv = ["flask-codemod", *sys.argv[1:]]
    from flask_codemod.cli import main

    main()

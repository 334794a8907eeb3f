"""A codemod that changes nothing: the peer row of benchmarks/run.py.

    PYTHONPATH=benchmarks python -m libcst.tool codemod -x noop_codemod.NoOpCodemod --no-format -u 0 FILES

LibCST's own codemod CLI then does what every codemod of it pays for at the least: read,
parse, visit the whole tree, render and compare each file.
"""

from __future__ import annotations

from libcst.codemod import VisitorBasedCodemodCommand


class NoOpCodemod(VisitorBasedCodemodCommand):
    DESCRIPTION = "Visits every node and changes nothing (benchmark peer)."

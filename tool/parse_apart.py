"""LibCST's parse of a very long text, done in a short-lived process of its own.

LibCST's native parser needs, for a moment, far more memory than the tree it gives: about
350 bytes per character of source for its tokens, its memo tables and its intermediate tree,
freed when it returns (measured on pybossa's 331,000-character ``test/test_web.py``: 115 MB of
C heap, for a tree that pickles into 3 MB). A process that has worked through many files
cannot lend it what it freed before: CPython keeps the memory of freed objects in its own
arenas, where the parser's allocations cannot go, so the parse's peak is added on top of all
that the process ever held (the largest worker of the real-world batch: about 180 MB before
that parse, 276 MB at its peak).

So ``parse_module(text)`` hands a text of ``APART_CHARS`` characters or more to a new Python
process that imports only LibCST, parses it and sends the tree back pickled; the process
that asked only unpickles it (its objects fill what its freed objects left). The tree is the
one LibCST gives: the same classes, fields and whitespace, node for node (pickling keeps
every node, and every node shared, as it was). Whenever that process cannot give a tree (the
text does not parse, the tree is too deep to pickle, the process cannot be started or dies),
the text is parsed here as before, so errors are LibCST's own, raised where they always were.
It costs a new interpreter and the pickling, about a second of CPU for such a file, paid by
few files (a parse of 100,000 characters takes about a quarter of a second itself). When a
benchmark asks (tool/peaks.py), the process reports its own peak of memory.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from typing import Any

from . import peaks

# About 35 MB of parser memory at 350 bytes per character, on top of what a worker that went
# through many projects holds but cannot lend (200,000 until session 29: privacyidea's
# 191,000-character test module made the peak of a five-app batch, 266.5 MB; 244.2 MB since).
APART_CHARS = 100_000

# Run with ``python -c``: the caller's import path (not the current folder, where a project's
# own module could take a library's name), then the text in, the pickled tree out.
_PARSER = """\
import sys
sys.path[:] = {path!r}
import pickle
import libcst
text = pickle.load(sys.stdin.buffer)
tree = libcst.parse_module(text)
sys.stdout.buffer.write(pickle.dumps(tree, protocol=pickle.HIGHEST_PROTOCOL))
if {peaks!r} in __import__("os").environ:
    from flask_codemod.peaks import report_peak
    report_peak("parse-apart")
"""


def parse_module(text: str) -> Any:
    """``libcst.parse_module(text)``: for a text of ``APART_CHARS`` or more, parsed in a
    process of its own when that works (see the module's docstring), else here."""
    import libcst as cst  # lazy, as everywhere: gates ask for stdlib trees only

    if len(text) >= APART_CHARS:
        tree = parsed_apart(text)
        if tree is not None:
            return tree
    return cst.parse_module(text)


def parsed_apart(text: str) -> Any:
    """LibCST's tree of ``text`` from a process of its own; None when it gave none."""
    import libcst as cst  # lazy, as everywhere: gates ask for stdlib trees only

    command = [sys.executable, "-c", _PARSER.format(path=[entry for entry in sys.path if entry], peaks=peaks.ENVIRONMENT)]
    try:
        done = subprocess.run(command, input=pickle.dumps(text, protocol=pickle.HIGHEST_PROTOCOL), capture_output=True)
    except OSError:
        return None
    if done.returncode != 0:
        return None
    try:
        tree = pickle.loads(done.stdout)
    except Exception:  # cut short, or not what was sent
        return None
    return tree if isinstance(tree, cst.Module) else None

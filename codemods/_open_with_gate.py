"""open-with, the gates: which files open-with may act on, and cheap tests that skip the rest.

Where it acts: application code and test code (a handle leaked by a test is leaked all the
same), never a packaging script (``setup.py``): that runs once, at build time, where a
reviewer wants no edit, and wrapping its ``setup(...)`` call in a with-block only moves the
whole script one level in. ``acts_on(path)`` says so for the transform too, so the rule holds
whether or not the engine asks the gates.

The text gate looks for a call spelled like an opener; the tree gate for such a call that is
not already managed (a with item, an ``enter_context``/``push`` argument). Both may say True
in vain, never False where open-with would rewrite or report.
"""

from __future__ import annotations

import ast
import re

from ._ast_facts import facts, path_parts, starts_word
from ._open_with_catalog import OPENER_CALL_NAMES, OPENERS

# Packaging scripts: run by the build, never part of the application.
PACKAGING_SCRIPTS = frozenset({"setup.py"})

# A call of an opener by its spelled name (what the analysis collects), however it is laid out:
# ``open(p)``, ``open (p)``, ``(open)(p)``, ``gzip.open(`` + newline + ``p)``. (At the start of
# a word: see _ast_facts.starts_word.)
_OPENER_CALL = re.compile(r"(?:" + "|".join(sorted(OPENER_CALL_NAMES)) + r")\b(?:[\s)\\]|#[^\n]*)*\(")


def acts_on(path: str) -> bool:
    """Whether open-with may change (or report on) the file at ``path``: not a packaging script."""
    parts = path_parts(path)
    return not parts or parts[-1] not in PACKAGING_SCRIPTS


def text_may_open(source: str) -> bool:
    """A call spelled like an opener (``open(``, ``ZipFile(`` ...), whatever the spacing."""
    return starts_word(_OPENER_CALL, source)


def tree_may_open(tree: ast.Module) -> bool:
    """A call spelled like an opener that is not already managed: a plain ``open(...)``
    always (a non-builtin ``open`` gets a finding), ``Path(p).open(...)``, or an attribute
    call that may resolve to an opener (``gz.open`` after ``import gzip as gz``)."""
    found = facts(tree)
    managed = found.managed
    for call in found.calls:
        func = call.func
        kind = type(func)
        if kind is ast.Name:
            if func.id in OPENER_CALL_NAMES and id(call) not in managed:
                return True
        elif kind is ast.Attribute and func.attr in OPENER_CALL_NAMES and id(call) not in managed:
            if func.attr == "open" and type(func.value) is ast.Call:
                return True
            if not found.qualified(func).isdisjoint(OPENERS):
                return True
    return False

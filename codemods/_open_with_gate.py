"""open-with, the gates: cheap tests that skip the files it cannot act on. (Which kinds of
code it acts on, application code and tests but never ``setup.py``, is its ACTS_ON, applied
by the engine.)

The text gate looks for a call spelled like an opener; the tree gate for such a call that is
not already managed (a with item, an ``enter_context``/``push`` argument). Both may say True
in vain, never False where open-with would rewrite or report.
"""

from __future__ import annotations

import ast
import re

from ._ast_facts import facts
from ._text_gates import starts_word
from ._ast_nodes import last_name
from ._open_with_catalog import OPENER_CALL_NAMES, OPENERS, PATH_CLASSES

# A call of an opener by its spelled name (what the analysis collects), however it is laid out:
# ``open(p)``, ``open (p)``, ``(open)(p)``, ``gzip.open(`` + newline + ``p)``. (At the start of
# a word: see _text_gates.starts_word.) A comment is taken whole, or up to the ``(`` on its line,
# so that a run of comment lines splits one way only (no exponential backtracking).
_OPENER_CALL = re.compile(r"(?:" + "|".join(sorted(OPENER_CALL_NAMES)) + r")\b(?:[\s)\\]|#[^\n]*\n)*(?:#[^\n]*)?\(")
# every opener's name holds one of these (tested): a text without them spells no opener's call,
# and a substring test costs far less than the regex's scan (5 texts in 6 of the real code)
OPENER_NAME_PARTS = ("open", "File")


_PATH_NAMES = frozenset(name.rsplit(".", 1)[-1] for name in PATH_CLASSES)


def text_may_open(source: str) -> bool:
    """A call spelled like an opener (``open(``, ``ZipFile(`` ...), whatever the spacing."""
    if OPENER_NAME_PARTS[0] not in source and OPENER_NAME_PARTS[1] not in source:
        return False
    return starts_word(_OPENER_CALL, source)


def tree_may_open(tree: ast.Module) -> bool:
    """A call spelled like an opener that is not already managed: a plain ``open(...)``
    always (a non-builtin ``open`` gets a finding), ``Path(p).open(...)`` (not any other
    ``X(...).open(...)``, such as ``super().open(...)``), or an attribute
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
                # ``Path(p).open()``: an opener only when every qualified name of what makes
                # the object is a Path class; LibCST's come from an import, or end as spelled
                # (a class ``pathlib`` with a ``Path`` of its own): ``super().open()`` never is
                maker = func.value.func
                if last_name(maker) in _PATH_NAMES or not found.qualified(maker).isdisjoint(PATH_CLASSES):
                    return True
                continue
            if not found.qualified(func).isdisjoint(OPENERS):
                return True
    return False

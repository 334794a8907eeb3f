"""A setup script's requirements written as one string that it splits: read without running it.

Some setup scripts keep their pins in a multi-line string and hand ``setup()`` its lines
(``install_requires=REQUIRES.strip().splitlines()``), often beside a comment per pin. The
string is as literal as a list: its lines (or, for ``.split()``, its words) are the
requirements. Only a string literal, in the call or bound once at module level to the name
the call splits, counts; ``strip()``, ``lstrip()`` and ``rstrip()`` before the split change
nothing a line holds. Anything else (a file read, a comprehension) would have to be run,
and is not read.
"""

from __future__ import annotations

import ast

_STRIPS = frozenset({"strip", "lstrip", "rstrip"})
_LINE_BREAKS = frozenset({"\n", "\r\n"})


def split_requirements(value: ast.expr, literals: dict[str, list[ast.expr]]) -> tuple[str, bool] | None:
    """The string ``value`` splits and whether it is split into lines (True) or into words
    (False, ``.split()``); None when ``value`` is no split of a literal string. ``literals``
    maps each module-level name to the values it is assigned."""
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and not value.keywords):
        return None
    method, arguments = value.func.attr, value.args
    if method == "splitlines" and len(arguments) <= 1:
        by_lines = True
    elif method == "split" and not arguments:
        by_lines = False
    elif method == "split" and len(arguments) == 1 and _constant(arguments[0]) in _LINE_BREAKS:
        by_lines = True
    else:
        return None
    receiver = value.func.value
    while isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Attribute) and receiver.func.attr in _STRIPS:
        receiver = receiver.func.value
    if isinstance(receiver, ast.Name) and len(literals.get(receiver.id, [])) == 1:
        receiver = literals[receiver.id][0]
    text = _constant(receiver)
    return (text, by_lines) if isinstance(text, str) else None


def _constant(node: ast.expr) -> object:
    return node.value if isinstance(node, ast.Constant) else None

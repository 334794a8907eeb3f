"""The string quote a module is written in, for the codemods that write a string into it (a
config key, a ``setdefault``'s key, an environment variable's name).

The quote of the module's config keys (``app.config['X']``) decides, else its most common
string quote, ``"`` on a tie. What sits inside an f-string's replacement field does not count:
before Python 3.12 a string there cannot use the f-string's own quote, so
``f"{app.config['URL']}/rest"`` says which quote the f-string took, not which the module
prefers (Lando's ``bmo.py``, double-quoted throughout, got ``'timeout'``).
"""

from __future__ import annotations

from typing import Iterable

import libcst as cst

from ._flask import is_config_expression


def preferred_quote(module: cst.Module, nodes: Iterable[cst.CSTNode] | None = None) -> str:
    """The quote of the module's config keys (``app.config['X']``; the first one visited),
    else its most common string quote; ``"`` on a tie. ``nodes``: every node of ``module``,
    in any order (``_metadata.every_node``), to look at instead of visiting the tree; the tree
    is visited only when its config keys use both quotes (then which comes first counts), or
    when it holds an f-string (whose replacement fields are left out)."""
    if nodes is not None:
        counts, keys = {'"': 0, "'": 0}, set()
        for node in nodes:
            kind = type(node)
            if kind is cst.SimpleString:
                _count_quote(node, counts)
            elif kind is cst.Subscript:
                keys.update(_config_key_quote(node))
            elif kind is cst.FormattedString:
                break
        else:
            if len(keys) < 2:
                return keys.pop() if keys else "'" if counts["'"] > counts['"'] else '"'
    counts = {'"': 0, "'": 0}
    found: list[str] = []

    class _Quotes(cst.CSTVisitor):
        def visit_FormattedStringExpression(self, node: cst.FormattedStringExpression) -> bool:
            return False  # its strings' quote is the one the f-string leaves them

        def visit_Subscript(self, node: cst.Subscript) -> None:
            found.extend(_config_key_quote(node))

        def visit_SimpleString(self, node: cst.SimpleString) -> None:
            _count_quote(node, counts)

    module.visit(_Quotes())
    if found:
        return found[0]
    return "'" if counts["'"] > counts['"'] else '"'


def _config_key_quote(node: cst.Subscript) -> tuple[str, ...]:
    """The quote of ``node``'s key when it is a config key (``X.config['KEY']``), else ()."""
    if is_config_expression(node.value) and len(node.slice) == 1:
        index = node.slice[0].slice
        if isinstance(index, cst.Index) and isinstance(index.value, cst.SimpleString):
            return (index.value.quote[:1],)
    return ()


def _count_quote(node: cst.SimpleString, counts: dict[str, int]) -> None:
    quote = node.quote[:1]
    if quote in counts and len(node.quote) == 1:
        counts[quote] += 1

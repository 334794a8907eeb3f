"""http-timeout: the nodes of a module's one walk, by kind, for its facts that each read a few kinds.

``walked(tree)`` (_parsed_modules) walks a module once for every fact derived of it. An
analysis that then loops over the whole walk to pick out its assignments, its imports or its
calls tests every node, and most nodes are names, constants, attributes and their Load/Store
contexts, which it skips: several analyses of one module each paid that. ``of_kinds(tree,
kinds)`` gives the nodes of the walk that are instances of ``kinds``, in the walk's own order
(an analysis reading them in order reads what its loop over the walk read), from one grouping
of the walk by each node's type, made once per tree (``tree_fact``: kept as long as the walk
is): a kind of one type is its group, a combination of types the walk filtered once by each
node's type (a set lookup, not a chain of ``isinstance`` tests).
"""

from __future__ import annotations

import ast
from typing import Any

from ._parsed_modules import tree_fact, walked


def of_kinds(tree: ast.AST, kinds: type | tuple[type, ...]) -> list[Any]:
    """The nodes of ``walked(tree)`` that are instances of ``kinds`` (a class or a tuple of
    them, as ``isinstance`` takes), in the walk's order; shared: not to be changed."""
    return tree_fact(tree, "nodes by kind", _ByKind).of(kinds)  # type: ignore[arg-type]


class _ByKind:
    """The nodes of the walk grouped by type (each group in the walk's order), and the
    answers given so far."""

    def __init__(self, tree: ast.AST) -> None:
        self.nodes = walked(tree)
        groups: dict[type, list[Any]] = {}
        for node in self.nodes:
            group = groups.get(type(node))
            if group is None:
                groups[type(node)] = [node]
            else:
                group.append(node)
        self.groups = groups
        self.answers: dict[Any, list[Any]] = {}

    def of(self, kinds: type | tuple[type, ...]) -> list[Any]:
        answer = self.answers.get(kinds)
        if answer is None:
            types = [kind for kind in self.groups if issubclass(kind, kinds)]
            if len(types) == 1:
                answer = self.groups[types[0]]
            elif not types:
                answer = []
            else:  # several types: the walk filtered by type once, in its order
                wanted = frozenset(types)
                answer = [node for node in self.nodes if type(node) in wanted]
            self.answers[kinds] = answer
        return answer

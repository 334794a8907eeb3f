"""cache-views: the modules a name of the transformed module may lead to, read off its
stdlib AST, for the planner's budget of modules and for the project stage alike.

The analysis of one transformed module loads the project's other modules as it resolves
names (``Project.resolve``), within a budget of ``MAX_MODULES`` loads (``Project.load``).
A load the budget counts may be refused, and whether it is depends on what the analysis
loaded before: on the order the views were scanned in. So no load counts that is made from
the transformed module itself, nor, since session 36, from a module one of its names may
lead to (``Project.named_here``): the budget bounds only what lies two modules away or
farther, and whether a call of a function of such a second module is followed into a third
no longer depends on the order. The project stage relies on it: a function of a second
module that settles through a third settles the view (``settling_across``).

``modules_named`` is the one answer both ask: every candidate file (``module_files``, as
``Project.resolve`` spells the paths) of every qualified name the module may resolve
(``reachable_names``: each import's own name, what each name it binds stands for, and that
with each attribute chain read through the name, as LibCST qualifies ``pkg.sub.f`` of
``import pkg``; imports anywhere in the module, whatever their scope, the safe side). The
planner loads only files that exist, the first candidate of a name; a module it reaches by a
name is among these, whichever of its candidates it is. Kept with the tree: once per module.
"""

from __future__ import annotations

import ast
import posixpath

from ._cache_views_module_files import module_files
from ._names import import_bindings
from ._parsed_modules import plain_tree_fact

_NAMED = "cache-views: files a module's names may lead to"


def modules_named(tree: ast.Module) -> frozenset[str]:
    """The files a name of the module ``tree`` may lead to (paths relative to its folder,
    normalized, as ``Project.resolve`` spells them; whether they exist or not): every
    candidate file (``module_files``) of every name it may resolve (``reachable_names``),
    kept with the tree."""
    return plain_tree_fact(tree, _NAMED, lambda tree: frozenset(_candidates("", reachable_names(tree))))


def _candidates(folder: str, names: frozenset[str]) -> list[str]:
    """Every candidate file of each name, relative to ``folder``."""
    return [posixpath.normpath(path) for name in names for path, _covered in module_files(folder, name)]


def reachable_names(tree: ast.Module) -> frozenset[str]:
    """The qualified names the analysis may resolve in a module: each import's own name
    (``from .m import *`` included), what each name it binds stands for, and that with every
    attribute chain the module reads through the name (``pkg.sub.f`` of ``import pkg``)."""
    names: set[str] = set()
    bound: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
        else:
            continue
        for name, target in import_bindings(node) or ():
            names.add(target)
            bound.setdefault(name, set()).add(target)
    if not bound:
        return frozenset(names)
    for node in ast.walk(tree):
        if type(node) is not ast.Attribute:
            continue
        parts: list[str] = []
        inner: ast.expr = node
        while type(inner) is ast.Attribute:
            parts.append(inner.attr)  # type: ignore[attr-defined]
            inner = inner.value  # type: ignore[attr-defined]
        if type(inner) is ast.Name and inner.id in bound:  # type: ignore[attr-defined]
            rest = ".".join(reversed(parts))
            names.update(f"{target}{'' if target.endswith('.') else '.'}{rest}" for target in bound[inner.id])  # type: ignore[attr-defined]
    names.discard("")
    return frozenset(names)

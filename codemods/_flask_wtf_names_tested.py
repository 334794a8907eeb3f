"""flask-wtf-names: the modules of the project that test objects against an old class.

In the releases that have both names the old class is a subclass of the new one
(``Form(FlaskForm)``, ``TextField(StringField)``, ``Required(DataRequired)``). A class
rebased onto the new name, or an instance made from it, is no instance of the old class any
more: ``isinstance(value, Form)`` in another module (a helper turning a view's forms into
JSON) stops matching. ``tested_elsewhere`` finds such a use: the old class (imported from
its library, a star import of the library included, or read as an attribute of the
library's module) used other than by calling it, subclassing it or reading one of its
attributes. A module it cannot look into makes the answer unknown, which refuses the rename
as a use does: one that cannot be read as text (not UTF-8), or one whose text names the old
class and cannot be parsed (Python 2 code).
"""

from __future__ import annotations

import ast
import re

from ._flask_wtf_names_catalogue import RENAMES, Rename, canonical


def tested_elsewhere(ctx, rename: Rename) -> str | None:
    """Why another Python module of the project may test objects against ``rename.old``: the
    ``path:line`` of its first use other than a call, a base class or an attribute read, or a
    module whose answer is unknown — one that cannot be read as text (not UTF-8: any module
    may name the class), or that names it and cannot be parsed (Python 2 code); None when
    no module does."""
    listing = ctx.project_files()
    if listing is None:
        return None
    word = re.compile(rf"\b{rename.old}\b")
    for path in listing.files:
        if path == listing.this or not path.endswith(".py"):
            continue
        text = ctx.read_file(listing.relative(path))
        if text is None:
            return f"{path} cannot be read as text (not UTF-8), so whether it tests objects against {rename.old} is unknown"
        if not word.search(text):
            continue
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError) as error:
            where = f"line {error.lineno}: " if isinstance(error, SyntaxError) and error.lineno else ""
            return (
                f"{path} names {rename.old} but cannot be parsed ({where}{_message(error)}), so whether it tests "
                f"objects against {rename.old} is unknown"
            )
        line = _first_test(tree, rename)
        if line is not None:
            return (
                f"{path}:{line} tests objects against {rename.old} (isinstance or the like): what is made from "
                f"{rename.new} is no {rename.old} in the releases that have both"
            )
    return None


def _message(error: Exception) -> str:
    return error.msg if isinstance(error, SyntaxError) else str(error)


def _first_test(tree: ast.Module, rename: Rename) -> int | None:
    names, modules = _bindings(tree, rename)
    if not names and not modules:
        return None
    parents = {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in names:
            use: ast.AST = node
        elif isinstance(node, ast.Attribute) and node.attr == rename.old and _qualified(node, modules, rename):
            use = node
        else:
            continue
        parent = parents.get(id(use))
        if isinstance(parent, ast.Call) and parent.func is use:
            continue
        if isinstance(parent, ast.ClassDef) and use in parent.bases:
            continue
        if isinstance(parent, ast.Attribute) and parent.value is use:
            continue
        return use.lineno
    return None


def _bindings(tree: ast.Module, rename: Rename) -> tuple[set[str], dict[str, str]]:
    """The local names bound to the old class by from-imports (a star import of its module
    binds its name), and the local names bound to
    modules by plain imports (name -> dotted module)."""
    names: set[str] = set()
    modules: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                if alias.name == "*" and RENAMES.get(canonical(f"{node.module}.{rename.old}")) is rename:
                    names.add(rename.old)  # from flask_wtf import *: binds Form
                elif RENAMES.get(canonical(f"{node.module}.{alias.name}")) is rename:
                    names.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    modules[alias.asname] = alias.name
                else:
                    head = alias.name.split(".")[0]
                    modules[head] = head
    return names, modules


def _qualified(node: ast.Attribute, modules: dict[str, str], rename: Rename) -> bool:
    parts = [node.attr]
    value = node.value
    while isinstance(value, ast.Attribute):
        parts.append(value.attr)
        value = value.value
    if not isinstance(value, ast.Name) or value.id not in modules:
        return False
    dotted = ".".join([modules[value.id], *reversed(parts)])
    return RENAMES.get(canonical(dotted)) is rename

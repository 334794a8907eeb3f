"""Which settings module of the project a ``config.from_object(...)`` loads, when the code
names it plainly.

``from_object`` given a string imports it (Werkzeug's ``import_string`` tries the whole dotted
name as a module first), and given a module object takes that module: either way it copies the
module's upper-case names. The module is named plainly when the argument is

- a literal string of a dotted name (``"shop.settings"``, spacewiki's ``'spacewiki.settings'``)
  that names one module of the project;
- a name the loading module binds once, by importing a module of the project (``from shop
  import settings``, ``from . import settings``, ``import shop.settings as settings``, ``import
  settings``), where the package it comes from does not bind that name itself.

A string the code computes (an environment read, a sum), a name bound twice or to anything else,
or a module that is not one file of the project, is not read. ``_config_object`` then asks of
the module what it asks of a plain class: does it spell a key, or bind names another way."""

from __future__ import annotations

import ast
import re

import libcst as cst

from ._base import Context
from ._project_imports import ProjectImports
from ._project_view import parsed

_DOTTED = re.compile(r"\w+(\.\w+)*")


def settings_module(ctx: Context, tree: ast.Module, this: str, argument: cst.BaseExpression) -> tuple[str, tuple[str, ...]] | None:
    """``(the module's text, the names code may give it keys through)`` for the project's
    module ``argument`` names (see above); None when it names none plainly, or the module
    cannot be read and parsed."""
    if isinstance(argument, cst.SimpleString) and argument.prefix == "":
        dotted = argument.evaluated_value
        return settings_module_named(ctx, dotted) if isinstance(dotted, str) else None
    imports = ProjectImports(ctx)
    if not isinstance(argument, cst.Name) or bindings(tree, argument.value) != 1:
        return None
    name = argument.value
    for statement in ast.walk(tree):
        if type(statement) is ast.Import:
            for alias in statement.names:
                if (alias.asname or alias.name) == name:
                    return _module_text(ctx, imports.module_files(this, -1, alias.name), (name, alias.name.rpartition(".")[2]))
        elif type(statement) is ast.ImportFrom:
            for alias in statement.names:
                if (alias.asname or alias.name) != name or "." in alias.name:
                    continue
                package = imports.module_files(this, statement.level, statement.module)
                if statement.module is not None and not package:
                    return None  # not a package of the project
                if any(_binds(ctx, path, alias.name) for path in package):
                    return None  # the package's own binding is what the import gives
                dotted = f"{statement.module}.{alias.name}" if statement.module else alias.name
                return _module_text(ctx, imports.module_files(this, statement.level, dotted), (name, alias.name))
    return None


def settings_module_named(ctx: Context, dotted: str) -> tuple[str, tuple[str, ...]] | None:
    """``settings_module`` of a literal string ``dotted``: the one module of the project it names."""
    if not _DOTTED.fullmatch(dotted):
        return None
    return _module_text(ctx, ProjectImports(ctx).modules_named(dotted), (dotted.rpartition(".")[2],))


def _module_text(ctx: Context, files: list[str], names: tuple[str, ...]) -> tuple[str, tuple[str, ...]] | None:
    if len(files) != 1:
        return None
    listing = ctx.project_files()
    text = ctx.read_file(listing.relative(files[0])) if listing is not None else None
    if not text or parsed(text) is None:
        return None
    return text, tuple(dict.fromkeys(names))


def _binds(ctx: Context, path: str, name: str) -> bool:
    """Whether the module at ``path`` (a package's ``__init__.py``) binds ``name``, or may (it
    cannot be read)."""
    listing = ctx.project_files()
    text = ctx.read_file(listing.relative(path)) if listing is not None else None
    if text is None:
        return True
    tree = parsed(text) if text.strip() else None
    return bool(text.strip()) and (tree is None or bindings(tree, name) > 0)


def bindings(tree: ast.Module, name: str) -> int:
    """How many statements of the module bind ``name`` (anywhere: a rebinding in a function
    with ``global`` counts too)."""
    count = 0
    for node in ast.walk(tree):
        kind = type(node)
        if kind in (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef) and node.name == name:  # type: ignore[attr-defined]
            count += 1
        elif kind in (ast.Import, ast.ImportFrom):
            count += sum((a.asname or a.name.split(".")[0]) == name for a in node.names)  # type: ignore[attr-defined]
        elif kind is ast.Name and node.id == name and type(node.ctx) is ast.Store:  # type: ignore[attr-defined]
            count += 1
    return count

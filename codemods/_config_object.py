"""Whether a ``config.from_object(Settings)`` of a plain class or a settings module of the
project can set a key (the module: ``_config_module``, read the same way).

``from_object`` copies the upper-case attributes of the object it is given. Where that object
is a class of the project (``class Config(object)`` in the module, or imported by ``from
shop.settings import Config``, or named in a string, ``"shop.settings.Config"``) with no base
but ``object``, no decorator and no metaclass, its attributes are what its body binds: it can
set a key only by spelling it there, unless its module binds names another way (a star
import, ``setattr``, ``exec`` ...: ``_config_pyfile.OTHER_BINDINGS``), or a module of the
project gives the class the key (``Config.KEY = ...``, ``setattr(Config, ...)``). A class its
module binds more than once, a base, or a class the code does not name plainly is not read.

A loader that runs after the one that loads a default is read the same way
(``dotted_settings``, ``sets_none_of``): such a loader overrides only the keys it can set.
"""

from __future__ import annotations

import ast
import re
from typing import Collection

import libcst as cst

from ._base import Context
from ._config_module import bindings, settings_module, settings_module_named
from ._config_pyfile import OTHER_BINDINGS
from ._project_imports import ProjectImports
from ._project_view import application_modules, parsed


def object_sets_none_of(ctx: Context, module: cst.Module, loader: cst.CSTNode, keys: Collection[str]) -> bool:
    """Whether ``loader`` is a ``from_object`` of a plain class of the project that sets none of ``keys``."""
    if not (isinstance(loader, cst.Call) and isinstance(loader.func, cst.Attribute) and loader.func.attr.value == "from_object"):
        return False
    if len(loader.args) != 1 or loader.args[0].keyword is not None or loader.args[0].star:
        return False
    listing, tree = ctx.project_files(), ctx.python_tree(module)
    if listing is None or tree is None:
        return False
    argument = loader.args[0].value
    if isinstance(argument, cst.SimpleString) and argument.prefix == "":
        dotted = argument.evaluated_value
        found = dotted_settings(ctx, dotted) if isinstance(dotted, str) else None
    else:
        found = settings_module(ctx, tree, listing.this, argument)
        if found is None:
            named = _class_named(ctx, tree, listing.this, argument)
            found = (named[0], (named[1].name,)) if named is not None and _plain(named[1]) else None
    return found is not None and sets_none_of(ctx, *found, keys)


def dotted_settings(ctx: Context, dotted: str) -> tuple[str, tuple[str, ...]] | None:
    """``(the text, the names code may give it keys through)`` of what ``from_object(dotted)``
    loads: a settings module of the project (tried first, as Werkzeug's ``import_string``
    does), else a plain class of one; None when it is neither (or cannot be read)."""
    module = settings_module_named(ctx, dotted)
    if module is not None:
        return module
    if not re.fullmatch(r"\w+(\.\w+)+", dotted):
        return None
    owner, _, name = dotted.rpartition(".")
    found = _class_in(ctx, ProjectImports(ctx).modules_named(owner), name)
    return (found[0], (found[1].name,)) if found is not None and _plain(found[1]) else None


def sets_none_of(ctx: Context, text: str, names: tuple[str, ...], keys: Collection[str]) -> bool:
    """Whether the settings ``text`` (a module's, or the module's of a plain class named
    ``names``) spells none of ``keys``, binds no names another way, and no module of the
    application gives ``names`` one of them."""
    if any(key in text for key in keys) or any(binding in text for binding in OTHER_BINDINGS):
        return False
    spelled = "|".join(map(re.escape, names))
    given = re.compile(r"\b(?:%s)\s*\.\s*(?:%s)\b|setattr\(\s*(?:%s)\b" % (spelled, "|".join(map(re.escape, keys)), spelled))
    return next(application_modules(ctx, given), None) is None


def _class_named(ctx: Context, tree: ast.Module, this: str, argument: cst.BaseExpression) -> tuple[str, ast.ClassDef] | None:
    """``(its module's text, the class)`` that the name ``argument`` names: a class of this
    module, or one imported from a module of the project (a string: ``dotted_settings``)."""
    imports = ProjectImports(ctx)
    if isinstance(argument, cst.Name):
        name = argument.value
        if bindings(tree, name) != 1:
            return None
        own = _top_class(tree, name)
        if own is not None:
            return ctx.read_file(ctx.project_files().relative(this)) or "", own
        for statement in ast.walk(tree):
            if type(statement) is ast.ImportFrom:
                for alias in statement.names:
                    if (alias.asname or alias.name) == name:
                        return _class_in(ctx, imports.module_files(this, statement.level, statement.module), alias.name)
    return None


def _class_in(ctx: Context, files: list[str], name: str) -> tuple[str, ast.ClassDef] | None:
    if len(files) != 1:
        return None
    listing = ctx.project_files()
    text = ctx.read_file(listing.relative(files[0])) if listing is not None else None
    tree = parsed(text) if text else None
    if tree is None or bindings(tree, name) != 1:
        return None
    found = _top_class(tree, name)
    return (text, found) if found is not None else None


def _top_class(tree: ast.Module, name: str) -> ast.ClassDef | None:
    return next((s for s in tree.body if type(s) is ast.ClassDef and s.name == name), None)


def _plain(settings: ast.ClassDef) -> bool:
    """No base but ``object``, no metaclass or class keyword, no decorator."""
    return (
        not settings.decorator_list
        and not settings.keywords
        and all(type(base) is ast.Name and base.id == "object" for base in settings.bases)
    )

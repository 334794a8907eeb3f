"""The gate of moved-imports on the standard-library AST: the module must name something the
catalogue moves or removed, the way the planner finds it (see ``_moved_imports_plan``).

The planner acts on the qualified names of imports and attribute chains, on star imports,
and on ``ProxyFix(..., num_proxies=N)``. So a module passes when it

- imports a moved or removed name (``from werkzeug import secure_filename``,
  ``from flask import Markup``), or from ``flask.ext`` or a removed module
  (``werkzeug.contrib.cache``, ``flask._compat``);
- binds a module on the way to such a name and spells an attribute chain from it that names
  one (``import werkzeug`` and ``werkzeug.secure_filename``, ``from werkzeug import wrappers``
  and ``wrappers.BaseRequest``, ``import flask`` and ``flask.ext``, ``import werkzeug`` and
  ``werkzeug.utils.escape``, a name its submodule dropped later; not ``import werkzeug`` and
  ``werkzeug.utils.secure_filename``, which spells a moved name after the module but names
  nothing moved);
- star-imports from flask, jinja2 or werkzeug;
- imports from werkzeug and passes ``num_proxies=`` to some call.

An import of a name that stays where it is (``from werkzeug.security import
generate_password_hash``) is not enough. The project gate asks the same with the target
version known (``legacy_at``): an imported name the planner neither moves nor reports there
(``flask.safe_join`` for a project on Flask 1.1) is not enough either; the other rules stay.

The text gate (``may_spell_a_legacy_form``) asks what every one of these rules needs spelled
in the source: one of flask, werkzeug or jinja2, and after it, as a whole word, a later part
of a name the catalogue knows under that root (``secure_filename``, ``contrib``, ``ext``,
``Markup``, ``wrappers`` ...), ``import *``, or (werkzeug) ``num_proxies``. Every module and
name the tree gate resolves is spelled in the source part by part (the engine refuses names
spelled otherwise than Python reads them), so a module the tree gate passes passes it too.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING, Callable

from ._ast_facts import Facts, facts
from ._moved_imports_catalogue import (
    FLASK_EXT,
    MOVES,
    REMOVED_FLASK_MODULES,
    REMOVED_FLASK_NAMES,
    REMOVED_FROM_SUBMODULE,
    REMOVED_MODULES,
    destination,
    removed_flask_module,
    removed_module,
)
from ._text_words import spells_word

if TYPE_CHECKING:
    from ._base import Context

_FLASK_EXT = FLASK_EXT.rstrip(".")
_STAR_SOURCES = frozenset({"flask", "jinja2", "werkzeug"})


def _next_names() -> dict[str, frozenset[str]]:
    """For every module or name on the way to a moved or removed name: the names that may
    follow it in a chain (``werkzeug`` -> ``secure_filename``, ``contrib``, ...)."""
    following: dict[str, set[str]] = {}
    for qualified in (*MOVES, *REMOVED_FROM_SUBMODULE, *REMOVED_MODULES, *REMOVED_FLASK_MODULES, *REMOVED_FLASK_NAMES, _FLASK_EXT):
        parts = qualified.split(".")
        for end in range(1, len(parts)):
            following.setdefault(".".join(parts[:end]), set()).add(parts[end])
    return {prefix: frozenset(names) for prefix, names in following.items()}


_NEXT_NAMES = _next_names()


def _later_parts() -> dict[str, tuple[str, ...]]:
    """For each root: every part after it of a name the tree gate looks for under it."""
    parts: dict[str, set[str]] = {}
    for prefix, names in _NEXT_NAMES.items():
        parts.setdefault(prefix.split(".", 1)[0], set()).update(names)
    return {root: tuple(sorted(names)) for root, names in parts.items()}


_LATER_PARTS = _later_parts()
_STAR_IMPORT = re.compile(r"import[\s\\]*\*")


def _legacy(qualified: str) -> bool:
    """A moved or removed name, or anything in ``flask.ext`` or a removed module."""
    return (
        qualified in MOVES
        or qualified in REMOVED_FLASK_NAMES
        or qualified in REMOVED_FROM_SUBMODULE
        or qualified == _FLASK_EXT
        or qualified.startswith(FLASK_EXT)
        or removed_module(qualified) is not None
        or removed_flask_module(qualified) is not None
    )


def legacy_at(ctx: Context) -> Callable[[str], bool]:
    """``_legacy`` at the target version of ``ctx``: a legacy name or module that the planner
    moves or reports there (``destination``; the planner acts on an imported name or module
    only through it). ``flask.ext`` itself stays legacy, as the tree gate has it."""
    return lambda qualified: _legacy(qualified) and (qualified == _FLASK_EXT or destination(ctx, qualified) is not None)


def may_spell_a_legacy_form(source: str) -> bool:
    """The text gate (see the module's docstring): a root, and a later part of one of its
    names as a word, or a star import, or werkzeug's ``num_proxies``."""
    for root, later in _LATER_PARTS.items():
        if root not in source:
            continue
        if any(word in source and spells_word(source, word) for word in later):
            return True
        if root in _STAR_SOURCES and "*" in source and _STAR_IMPORT.search(source):
            return True
        if root == "werkzeug" and "num_proxies" in source:
            return True
    return False


def _spells_a_next_name(found: Facts) -> bool:
    """Whether an attribute name the module spells may follow a bound module on the way to a
    legacy name (``.secure_filename`` after ``import werkzeug``): the cheap test first."""
    attributes = found.attributes
    return any(not attributes.isdisjoint(_NEXT_NAMES.get(target, ())) for targets in found.bound.values() for target in targets)


def _chains_to_a_legacy_form(found: Facts, legacy: Callable[[str], bool]) -> bool:
    """Whether an attribute chain of the module may name a legacy form: what the planner's
    chains ask (each ``Attribute`` node's qualified name, a prefix of a longer chain
    included), read here as the spelling with its first name replaced by whatever an
    import binds to it. ``werkzeug.utils.escape(...)`` after ``import werkzeug`` spells
    ``escape`` after a bound module, but names nothing the planner moves or reports."""
    for node in ast.walk(found.tree):
        if type(node) is ast.Attribute and any(legacy(qualified) for qualified in found.qualified(node)):
            return True
    return False


def may_name_a_legacy_form(tree: ast.Module, legacy: Callable[[str], bool] = _legacy) -> bool:
    """Whether the module may use a name moved-imports moves or reports (see the module's
    docstring); ``legacy``: whether an imported module or name is one (``_legacy``, or
    ``legacy_at`` of a target)."""
    found = facts(tree)
    if any(legacy(module) for module in found.modules if not module.startswith(".")):
        return True
    chained = False
    for targets in found.bound.values():
        for target in targets:
            if legacy(target):
                return True
            chained = chained or target in _NEXT_NAMES
    for statement in found.module_level():
        if type(statement) is ast.ImportFrom and not statement.level and any(a.name == "*" for a in statement.names):
            root = (statement.module or "").split(".", 1)[0]
            if root in _STAR_SOURCES:
                return True
    if chained and _spells_a_next_name(found) and _chains_to_a_legacy_form(found, legacy):
        return True
    if found.imports("werkzeug"):
        return any(keyword.arg == "num_proxies" for call in found.calls for keyword in call.keywords)
    return False

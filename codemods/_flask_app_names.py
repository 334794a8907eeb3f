"""Whether a name is provably a Flask app: bound only to ``Flask(...)``.

For the upgrade codemods that rewrite what an app object has (``app.config.from_json``,
``app.session_cookie_name``) only where the object is Flask's own class: a name every binding
of which, in its scope, is ``name = Flask(...)`` or ``name: T = Flask(...)`` (also one target
of ``a = b = Flask(...)``), ``Flask`` resolved by qualified name. A subclass of Flask, whose
attributes and config class may be the project's own, is not one; neither is a name bound
otherwise anywhere in its scope (a parameter, a loop, a tuple target, another call).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

if TYPE_CHECKING:
    from ._upgrade_support import Names

FLASK_CLASS = frozenset({"flask.Flask"})


def bindings(names: Names, name: cst.Name) -> list[object]:
    """Every binding ``name``'s scope has for it; empty when the scope is unknown or has none."""
    scope = names.scope(name)
    if scope is None or name.value not in scope:
        return []
    return list(scope[name.value])


def binds_flask(names: Names, node: object) -> bool:
    """Whether ``node`` (a binding's node) is the name a plain assignment binds to ``Flask(...)``."""
    if not isinstance(node, cst.Name):
        return False
    parent = names.parent(node)
    if isinstance(parent, cst.AssignTarget):
        statement = names.parent(parent)
        value = statement.value if isinstance(statement, cst.Assign) else None
    elif isinstance(parent, cst.AnnAssign) and parent.target is node:
        value = parent.value
    else:
        return False
    return isinstance(value, cst.Call) and bool(names.qualified_among(value.func, FLASK_CLASS))


def bound_only_to_flask(names: Names, name: cst.Name) -> bool:
    """Whether every binding of ``name`` in its scope binds it to ``Flask(...)`` (and it has one)."""
    found = bindings(names, name)
    return bool(found) and all(binds_flask(names, getattr(binding, "node", None)) for binding in found)

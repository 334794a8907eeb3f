"""gunicorn-config: classes registered as views, and their request handlers, read on the standard library's AST.

A class is a view when the project registers it so:

- routed by a decorator named ``route`` (``@ns.route("/add/")``, ``@api.route(...)`` of
  flask-restx and flask-restplus, ``@blp.route(...)`` of flask-smorest): those libraries route
  classes this way, Flask routes functions;
- handed first to ``add_resource(...)`` (Flask-RESTful, flask-restx, flask-restplus:
  ``api.add_resource(AddScheduler, "/add/")``), anywhere in the project;
- made a view function by ``as_view(...)`` (Flask's ``View`` and ``MethodView``:
  ``AddScheduler.as_view("add")``), anywhere in the project.

Its request handlers are its own methods named by an HTTP verb (``get``, ``post`` ...) and
``dispatch_request``, the method Flask's ``View`` runs. A class registered in another module
is known by its name (the last part of what is handed on): a class of the same name elsewhere
counts too, more handlers, never fewer.
"""

from __future__ import annotations

import ast
from typing import Iterable

from ._function_defs import decorated_by_method

HANDLERS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "dispatch_request"})
_CLASS_ROUTES = frozenset({"route"})


def registered_classes(trees: Iterable[ast.Module]) -> frozenset[str]:
    """The names of the classes ``trees`` hand to ``add_resource(...)`` or make views of
    with ``as_view(...)``."""
    found: set[str] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if type(node) is not ast.Call or type(node.func) is not ast.Attribute:
                continue
            attr, called = node.func.attr, node.func.value
            if attr == "add_resource" and node.args:
                called = node.args[0]
            elif attr != "as_view":
                continue
            name = called.id if type(called) is ast.Name else called.attr if type(called) is ast.Attribute else None
            if name is not None:
                found.add(name)
    return frozenset(found)


def class_handlers(tree: ast.Module, registered: frozenset[str]) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """The request handlers of the view classes of ``tree``: routed by a decorator, or named in
    ``registered`` (``registered_classes`` of the project)."""
    found: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
    for node in ast.walk(tree):
        if type(node) is ast.ClassDef and (node.name in registered or decorated_by_method(node, _CLASS_ROUTES)):  # type: ignore[arg-type]
            found += [m for m in node.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) and m.name in HANDLERS]
    return found

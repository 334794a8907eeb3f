"""upload-limit: an upload blueprint registered on an app a function of the project is handed.

A project may register its blueprints in a function that takes the app
(``def register_views(app): app.register_blueprint(sources_api)``), which its factory in
another module calls after ``Flask(...)``. The limit goes where the app is created, and that
module shows no upload (it neither reads ``request.files`` nor registers a blueprint), so the
transform there does not act. Silence would hide the uploads: in a module that creates no
app, a ``register_blueprint`` call on a parameter of its function, of a blueprint whose
module reads ``request.files`` (found through its import, as for the app's own module), gets
a finding naming the function and asking for the limit where the app is created (once per
function). Not where the project already sets the limit (``set_elsewhere_quietly``), nor
where a module of the project that calls the function creates an app that shows uploads of
its own (it reads ``request.files`` or registers such a blueprint itself): that app gets the
limit there (nyaa's factory registers its API blueprint next to ``register_views(app)``). The
finding names where the project's modules that create an app call the function, also under
the name an import gives it (``from pkg.setup import build_app as build_site``).
"""

from __future__ import annotations

import ast
import re

from ._ast_facts import creates_flask_app, facts
from ._neighbours import found_along_reexports
from ._base import Context
from ._project_view import application_modules, parsed
from ._upload_limit_gate import may_read_files, reads_request_files, registers_an_upload_blueprint


def handed_registrations(tree: ast.Module, ctx: Context) -> list[tuple[str, str, ast.Call, tuple[str, ...]]]:
    """``(function, parameter, call, creators)`` for the first ``parameter.register_blueprint(bp)``
    call of each function of a module that creates no app, ``bp`` a blueprint whose module may
    read ``request.files``; ``creators``: where the project's modules that create an app call
    the function (``"path" line n``, see ``_app_callers``)."""
    if creates_flask_app(tree) or "register_blueprint" not in facts(tree).attributes:
        return []
    found = facts(tree)
    reported: list[tuple[str, str, ast.Call, tuple[str, ...]]] = []
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        arguments = function.args
        parameters = {a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]}
        for call in _calls_in_order(function):
            func = call.func
            if not (
                isinstance(func, ast.Attribute)
                and func.attr == "register_blueprint"
                and isinstance(func.value, ast.Name)
                and func.value.id in parameters
                and call.args
                and not isinstance(call.args[0], ast.Starred)
            ):
                continue
            if any(found_along_reexports(ctx, name, "files", may_read_files) for name in found.qualified(call.args[0])):
                callers = _app_callers(ctx, function.name)
                if not any(reads_request_files(caller) or registers_an_upload_blueprint(caller, ctx) for _, _, caller in callers):
                    reported.append((function.name, func.value.id, call, tuple(f"{path} line {line}" for path, line, _ in callers)))
                break
    return reported


def _app_callers(ctx: Context, function: str) -> list[tuple[str, int, ast.Module]]:
    """``(path, line, tree)`` of the first call of ``function`` in each module of the project
    that creates an app: a call by its name, or by the name an import of it binds
    (``from pkg.setup import build_app as build_site``)."""
    named = re.compile(rf"\b{re.escape(function)}\b")
    found = []
    for path, text in application_modules(ctx, named):
        tree = parsed(text)
        if tree is None or not creates_flask_app(tree):
            continue
        names = {function} | {
            alias.asname
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
            if alias.name == function and alias.asname
        }
        calls = [call for call in _calls_in_order(tree) if _called_as(call, names, function)]
        if calls:
            found.append((path, calls[0].lineno, tree))
    return found


def _called_as(call: ast.Call, names: set[str], function: str) -> bool:
    """``build_app(app)`` under one of ``names``, or ``module.build_app(app)``."""
    func = call.func
    return (isinstance(func, ast.Name) and func.id in names) or (isinstance(func, ast.Attribute) and func.attr == function)


def _calls_in_order(function: ast.AST) -> list[ast.Call]:
    calls = [node for node in ast.walk(function) if isinstance(node, ast.Call)]
    return sorted(calls, key=lambda call: (call.lineno, call.col_offset))


def handed_finding(function: str, parameter: str, key: str, creators: tuple[str, ...] = ()) -> str:
    hand = "hands" if len(creators) == 1 else "hand"
    where = f" ({' and '.join(creators)} {hand} it to {function}())" if creators else ""
    return (
        f"{function}() registers a blueprint whose module reads request.files on the app it is handed "
        f"({parameter}), an app created elsewhere: upload-limit sets {key} only in the module that creates "
        f"an app whose uploads it sees; set {key} where that app is created{where}"
    )

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
limit there (nyaa's factory registers its API blueprint next to ``register_views(app)``).
"""

from __future__ import annotations

import ast
import re

from ._ast_facts import creates_flask_app, facts
from ._neighbours import found_along_reexports
from ._base import Context
from ._project_view import application_modules, parsed
from ._upload_limit_gate import may_read_files, reads_request_files, registers_an_upload_blueprint


def handed_registrations(tree: ast.Module, ctx: Context) -> list[tuple[str, str, ast.Call]]:
    """``(function, parameter, call)`` for the first ``parameter.register_blueprint(bp)`` call of
    each function of a module that creates no app, ``bp`` a blueprint whose module may read
    ``request.files``."""
    if creates_flask_app(tree) or "register_blueprint" not in facts(tree).attributes:
        return []
    found = facts(tree)
    reported: list[tuple[str, str, ast.Call]] = []
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
                if not _caller_takes_uploads(ctx, function.name):
                    reported.append((function.name, func.value.id, call))
                break
    return reported


def _caller_takes_uploads(ctx: Context, function: str) -> bool:
    """Whether a module of the project that calls ``function`` by name creates an app that
    shows uploads itself (what the transform there sets the limit for)."""
    called = re.compile(rf"\b{re.escape(function)}\s*\(")
    for _path, text in application_modules(ctx, called):
        tree = parsed(text)
        if tree is None or not creates_flask_app(tree):
            continue
        if reads_request_files(tree) or registers_an_upload_blueprint(tree, ctx):
            return True
    return False


def _calls_in_order(function: ast.AST) -> list[ast.Call]:
    calls = [node for node in ast.walk(function) if isinstance(node, ast.Call)]
    return sorted(calls, key=lambda call: (call.lineno, call.col_offset))


def handed_finding(function: str, parameter: str, key: str) -> str:
    return (
        f"{function}() registers a blueprint whose module reads request.files on the app it is handed "
        f"({parameter}), an app created elsewhere: upload-limit sets {key} only in the module that creates "
        f"an app whose uploads it sees; set {key} where that app is created"
    )

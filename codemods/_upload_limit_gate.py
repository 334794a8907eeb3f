"""upload-limit's project gate: whether an app of this module may accept uploads, told on the
standard library's AST before LibCST parses (the transform decides on LibCST's tree).

The transform takes an app when code of its module reads ``flask.request.files``, or when it
registers a blueprint (``app.register_blueprint(uploads.bp)``) whose module, found through the
import, reads it (following up to two re-exports such as ``from .views import bp``). The gate
asks the same of the stdlib AST and says yes when unsure: qualified names as ``_ast_facts``
resolves them (every import the module makes, wherever it is), any module a name may come
from, and a neighbour the standard library cannot parse taken to read files.
"""

from __future__ import annotations

import ast

from ._app_config_gate import set_elsewhere_quietly
from ._ast_facts import facts
from ._base import Context
from ._neighbours import imported_module
from ._project_view import parsed

FILES = "flask.request.files"
# how many re-exports (``from .views import bp`` in a package) are followed, as the transform
REEXPORT_DEPTH = 2


def may_act(tree: ast.Module, ctx: Context, key: str) -> bool:
    """Whether an app of this module may take uploads, unless the project sets ``key``
    elsewhere (the transform then stops without a word; a module that reads ``request.files``
    itself may report which of its apps reads them first, so it is let through)."""
    if reads_request_files(tree):
        return True
    return registers_an_upload_blueprint(tree, ctx) and not set_elsewhere_quietly(tree, ctx, key)


def registers_an_upload_blueprint(tree: ast.Module, ctx: Context) -> bool:
    """Whether the module registers a blueprint whose module may read ``request.files``."""
    found = facts(tree)
    for call in found.calls:
        func = call.func
        if type(func) is not ast.Attribute or func.attr != "register_blueprint" or not call.args:  # type: ignore[attr-defined]
            continue
        if type(call.args[0]) is ast.Starred:
            continue
        for name in found.qualified(call.args[0]):
            if _imported_module_may_read_files(ctx, "", name, REEXPORT_DEPTH):
                return True
    return False


def reads_request_files(tree: ast.Module) -> bool:
    """Whether the module spells ``request.files`` with a ``request`` that may be flask's."""
    found = facts(tree)
    if "files" not in found.attributes:
        return False
    return any(
        type(node) is ast.Attribute and node.attr == "files" and FILES in found.qualified(node)  # type: ignore[attr-defined]
        for node in ast.walk(tree)
    )


def _imported_module_may_read_files(ctx: Context, folder: str, qualified: str, depth: int) -> bool:
    module = imported_module(ctx, folder, qualified)
    return module is not None and _text_may_read_files(ctx, *module, depth)


def _text_may_read_files(ctx: Context, path: str, text: str, name: str, depth: int) -> bool:
    if "files" not in text and (depth <= 0 or "import" not in text):
        return False
    tree = parsed(text)
    if tree is None:
        return True  # LibCST may read what the standard library cannot
    if "files" in text and "request" in text and reads_request_files(tree):
        return True
    if depth <= 0:
        return False
    folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
    for statement in tree.body:
        if type(statement) is not ast.ImportFrom:
            continue
        source = "." * statement.level + (statement.module or "")  # type: ignore[attr-defined]
        separator = "" if source.endswith(".") else "."
        for alias in statement.names:  # type: ignore[attr-defined]
            if alias.name != "*" and (alias.asname or alias.name) == name:
                if _imported_module_may_read_files(ctx, folder, f"{source}{separator}{alias.name}", depth - 1):
                    return True
    return False

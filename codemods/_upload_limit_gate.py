"""upload-limit's project gate: whether an app of this module may accept uploads, told on the
standard library's AST before LibCST parses (the transform decides on LibCST's tree).

The transform takes an app when code of its module reads ``flask.request.files`` (or takes an
upload through Flask-WTF or a reqparse parser: _upload_limit_library), or when it
registers a blueprint (``app.register_blueprint(uploads.bp)``) whose module, found through the
import, reads it (following up to two re-exports such as ``from .views import bp``). The gate
follows the same re-exports (``_neighbours.found_along_reexports`` serves both), asks each
module's question of the stdlib AST and says yes when unsure: qualified names as
``_ast_facts`` resolves them (every import the module makes, wherever it is, so a local
``request`` counts too), any module a name may come from, and a neighbour the standard
library cannot parse taken to read files.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator

from ._app_config_gate import set_elsewhere_quietly
from ._ast_facts import facts
from ._base import Context
from ._neighbours import found_along_reexports
from ._project_view import parsed
from ._upload_limit_fields import names_whole_data
from ._upload_limit_library import MAY_TAKE_AN_UPLOAD, takes_library_uploads
from ._upload_limit_returned import first_files_read

FILES = "flask.request.files"


def may_act(tree: ast.Module, ctx: Context, key: str) -> bool:
    """Whether an app of this module may take uploads, unless the project sets ``key``
    elsewhere (the transform then stops without a word; a module that reads ``request.files``
    itself may report which of its apps reads them first, so it is let through)."""
    if reads_request_files(tree) or takes_library_uploads(tree):
        return True
    return registers_an_upload_blueprint(tree, ctx) and not set_elsewhere_quietly(tree, ctx, key)


def registers_an_upload_blueprint(tree: ast.Module, ctx: Context) -> bool:
    """Whether the module registers a blueprint whose module may read ``request.files``, or
    one a function returns while the project reads it somewhere."""
    found = facts(tree)
    returned = False
    for call in _blueprint_registrations(found.calls):
        returned = returned or type(call.args[0]) is ast.Call
        for name in found.qualified(call.args[0]):
            if found_along_reexports(ctx, name, "files", may_read_files):
                return True
    # a function's return value: reported where the project reads uploads (_upload_limit_returned)
    return returned and first_files_read(ctx) is not None


def _blueprint_registrations(calls: Iterable[ast.Call]) -> Iterator[ast.Call]:
    """The ``X.register_blueprint(bp, ...)`` calls among ``calls`` whose blueprint is given as
    its first argument (not unpacked from ``*args``)."""
    for call in calls:
        func = call.func
        if type(func) is not ast.Attribute or func.attr != "register_blueprint" or not call.args:  # type: ignore[attr-defined]
            continue
        if type(call.args[0]) is not ast.Starred:
            yield call


def whole_data_blueprints(tree: ast.Module, ctx: Context) -> list[tuple[str, int]]:
    """``register_blueprint(bp, ...)`` calls of the module whose blueprint may read
    ``request.files`` (found through its import, as above) and is named for a whole store of
    data where it is registered: by the name it is imported by (``views.backup.bp``) or a
    string of the call (``url_prefix="/backup"``). (That word, the line) for each."""
    found = facts(tree)
    named: list[tuple[str, int]] = []
    for call in _blueprint_registrations(found.calls):
        names = sorted(found.qualified(call.args[0]))
        strings = [
            part.value  # type: ignore[attr-defined]
            for value in [*call.args[1:], *(kw.value for kw in call.keywords)]
            for part in ast.walk(value)
            if type(part) is ast.Constant and isinstance(part.value, str)  # type: ignore[attr-defined]
        ]
        said = next((text for text in [*names, *strings] if names_whole_data(text)), None)
        if said is not None and any(found_along_reexports(ctx, name, "files", may_read_files) for name in names):
            named.append((said, call.lineno))
    return named


def reads_request_files(tree: ast.Module) -> bool:
    """Whether the module spells ``request.files`` with a ``request`` that may be flask's."""
    found = facts(tree)
    if "files" not in found.attributes:
        return False
    return any(
        type(node) is ast.Attribute and node.attr == "files" and FILES in found.qualified(node)  # type: ignore[attr-defined]
        for node in ast.walk(tree)
    )


def may_read_files(text: str) -> bool | None:
    """Whether the module ``text`` may read ``request.files`` itself, or through a library
    (None: not known to)."""
    tree = parsed(text)
    if tree is None:
        return True  # LibCST may read what the standard library cannot
    if "files" in text and "request" in text and reads_request_files(tree):
        return True
    if MAY_TAKE_AN_UPLOAD.search(text) and takes_library_uploads(tree):
        return True
    return None

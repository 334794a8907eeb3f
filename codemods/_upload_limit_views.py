"""upload-limit: the views that take an upload, and the code's own words for it.

A view's words for what arrives are its function's name, the names of the classes around it
(``class BackupRestoreView(MethodView)``), its route and endpoint (from its decorator, or from
``add_url_rule`` / ``add_resource`` / ``as_view`` naming the function or its class) and the
names it binds the upload to (``backup = request.files["file"]``) and the name it saves the
upload under (``sent.save(os.path.join(d, "project.egg"))``, ``sent.save(backup_path)``: the
strings and names of the argument, through names bound in the function). A view takes an upload when it reads ``flask.request.files`` (by
qualified name) or calls a function of the project that does (``path = _save_upload()``, in
this module or, by the called name, in another): the helper does the view's work.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from ._ast_facts import facts
from ._upload_limit_fields import names_whole_data, whole_data_kind

FILES = "flask.request.files"
_ROUTES = frozenset({"route", "get", "post", "put", "patch", "delete"})
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass(frozen=True)
class WholeDataView:
    """A function that takes an upload, where it is, and which of its words names a whole store."""

    name: str
    line: int
    said: str


def files_readers(tree: ast.Module, elsewhere: frozenset[str] = frozenset()) -> set[str]:
    """Names of the functions of ``tree`` that read ``flask.request.files`` or call (by name) a
    function that does: of this module, or named in ``elsewhere``."""
    found = facts(tree)
    functions = [node for node in ast.walk(tree) if type(node) in _FUNCTIONS]
    readers = {node.name for node in functions if _reads_files(node, found)}  # type: ignore[attr-defined]
    while True:
        known = readers | elsewhere
        more = {node.name for node in functions if node.name not in readers and _calls(node, known)}  # type: ignore[attr-defined]
        if not more:
            return readers
        readers |= more


def whole_data_views(tree: ast.Module, elsewhere: frozenset[str] = frozenset()) -> list[WholeDataView]:
    """Every function of ``tree`` that takes an upload (``files_readers``) and whose words name
    a whole store of data."""
    readers = files_readers(tree, elsewhere)
    if not readers:
        return []
    registered = _registrations(tree)
    views: list[WholeDataView] = []
    for node, classes in _functions(tree):
        if node.name not in readers:
            continue
        said = _whole_data_word(node, classes, registered, facts(tree))
        if said is not None:
            views.append(WholeDataView(node.name, node.lineno, said))
    return views


def _whole_data_word(node: ast.FunctionDef, classes: list[str], registered: dict[str, list[str]], found) -> str | None:
    if names_whole_data(node.name):
        return "its name"
    for name in reversed(classes):
        if names_whole_data(name):
            return f"its class {name}"
    for text in _decorator_strings(node) + [text for name in [node.name, *classes] for text in registered.get(name, ())]:
        if names_whole_data(text):
            return f"its route or endpoint {text!r}"
    for name in _upload_names(node, found):
        if names_whole_data(name):
            return f"the name it gives the upload ({name})"
    for text in _saved_names(node):
        if names_whole_data(text) or whole_data_kind(text) is not None:
            return f"the name it saves under ({text!r})"
    return None


def _functions(tree: ast.Module) -> list[tuple[ast.FunctionDef, list[str]]]:
    """Every function of ``tree`` with the names of the classes around it, outermost first."""
    found: list[tuple[ast.FunctionDef, list[str]]] = []

    def visit(node: ast.AST, classes: list[str]) -> None:
        for child in ast.iter_child_nodes(node):
            if type(child) is ast.ClassDef:
                visit(child, [*classes, child.name])  # type: ignore[attr-defined]
            elif type(child) in _FUNCTIONS:
                found.append((child, classes))  # type: ignore[arg-type]
                visit(child, classes)
            else:
                visit(child, classes)

    visit(tree, [])
    return found


def _reads_files(node: ast.AST, found) -> bool:
    return any(
        type(part) is ast.Attribute and part.attr == "files" and FILES in found.qualified(part)  # type: ignore[attr-defined]
        for part in ast.walk(node)
    )


def _calls(node: ast.AST, names: set[str] | frozenset[str]) -> bool:
    for part in ast.walk(node):
        if type(part) is ast.Call:
            func = part.func  # type: ignore[attr-defined]
            called = func.id if type(func) is ast.Name else func.attr if type(func) is ast.Attribute else None
            if called in names:
                return True
    return False


def _texts(node: ast.AST | None) -> list[str]:
    """The string constants of ``node`` (parts of f-strings too) and the names it spells
    (``BACKUP_URL``, ``config.BACKUP_DIR``, ``db_path``)."""
    if node is None:
        return []
    texts: list[str] = []
    for part in ast.walk(node):
        kind = type(part)
        if kind is ast.Constant and isinstance(part.value, str):  # type: ignore[attr-defined]
            texts.append(part.value)  # type: ignore[attr-defined]
        elif kind is ast.Name:
            texts.append(part.id)  # type: ignore[attr-defined]
        elif kind is ast.Attribute:
            texts.append(part.attr)  # type: ignore[attr-defined]
    return texts


def _upload_names(node: ast.FunctionDef, found) -> list[str]:
    """The names ``node`` binds the upload to (``backup = request.files["file"]``,
    ``for video in request.files.getlist("files")``)."""
    names: list[str] = []
    for part in ast.walk(node):
        if type(part) is ast.Assign and _reads_files(part.value, found):  # type: ignore[attr-defined]
            names += [target.id for target in part.targets if type(target) is ast.Name]  # type: ignore[attr-defined]
        elif type(part) in (ast.For, ast.AsyncFor) and type(part.target) is ast.Name and _reads_files(part.iter, found):  # type: ignore[attr-defined]
            names.append(part.target.id)  # type: ignore[attr-defined]
    return names


def _decorator_strings(node: ast.FunctionDef) -> list[str]:
    """The strings of a route decorator's call (``@app.route("/backup", endpoint="restore")``)."""
    texts: list[str] = []
    for decorator in node.decorator_list:
        if type(decorator) is ast.Call and type(decorator.func) is ast.Attribute and decorator.func.attr in _ROUTES:  # type: ignore[attr-defined]
            texts += [text for arg in decorator.args for text in _texts(arg)]  # type: ignore[attr-defined]
            texts += [text for kw in decorator.keywords if kw.arg in ("rule", "endpoint") for text in _texts(kw.value)]  # type: ignore[attr-defined]
    return texts


def _registrations(tree: ast.Module) -> dict[str, list[str]]:
    """Function or class name -> the rules and endpoints ``add_url_rule``, ``add_resource`` and
    ``as_view`` give it."""
    found: dict[str, list[str]] = {}
    for node in ast.walk(tree):
        if type(node) is not ast.Call or type(node.func) is not ast.Attribute:  # type: ignore[attr-defined]
            continue
        how, args = node.func.attr, node.args  # type: ignore[attr-defined]
        keywords = {kw.arg: kw.value for kw in node.keywords if kw.arg}  # type: ignore[attr-defined]
        if how == "as_view" and type(node.func.value) is ast.Name:  # type: ignore[attr-defined]
            found.setdefault(node.func.value.id, []).extend(_texts(args[0]) if args else [])  # type: ignore[attr-defined]
        elif how == "add_url_rule":
            view = args[2] if len(args) > 2 else keywords.get("view_func")
            texts = [t for arg in args[:2] for t in _texts(arg)] + _texts(keywords.get("rule")) + _texts(keywords.get("endpoint"))
            if type(view) is ast.Call and type(view.func) is ast.Attribute and view.func.attr == "as_view":  # type: ignore[attr-defined]
                view = view.func.value  # type: ignore[attr-defined]
            if type(view) is ast.Name:
                found.setdefault(view.id, []).extend(texts)  # type: ignore[attr-defined]
        elif how == "add_resource" and args and type(args[0]) is ast.Name:
            texts = [t for arg in args[1:] for t in _texts(arg)] + _texts(keywords.get("endpoint"))
            found.setdefault(args[0].id, []).extend(texts)  # type: ignore[attr-defined]
    return found


def _saved_names(node: ast.FunctionDef) -> list[str]:
    """The strings of what ``node`` passes to a ``.save(...)``, also through names it binds
    (two steps: ``path = os.path.join(d, "project.egg")``)."""
    bound: dict[str, list[ast.AST]] = {}
    for part in ast.walk(node):
        if type(part) is ast.Assign:
            for target in part.targets:  # type: ignore[attr-defined]
                if type(target) is ast.Name:
                    bound.setdefault(target.id, []).append(part.value)  # type: ignore[attr-defined]
    texts: list[str] = []
    for part in ast.walk(node):
        if type(part) is ast.Call and type(part.func) is ast.Attribute and part.func.attr == "save":  # type: ignore[attr-defined]
            given = [*part.args, *(kw.value for kw in part.keywords)]  # type: ignore[attr-defined]
            for _ in range(3):
                texts += [text for value in given for text in _texts(value)]
                given = [
                    value for arg in given for name in ast.walk(arg) if type(name) is ast.Name for value in bound.get(name.id, ())  # type: ignore[attr-defined]
                ]
    return texts

"""upload-limit: the views that take an upload, and the code's own words for it.

A view's words for what arrives are its function's name, the names of the classes around it
(``class BackupRestoreView(MethodView)``), its route and endpoint (from its decorator, or from
any call that registers the function or its class, the blueprint it is on and its module:
_upload_limit_naming), the names it binds the upload to (``backup = request.files["file"]``)
and the name it writes the upload under (``sent.save(os.path.join(d, "project.egg"))``,
``sent.save(backup_path)``, ``open(db_path, "wb")``: the strings and names of the argument,
through names bound in the function). A view takes an upload when it reads ``flask.request.files`` (by
qualified name) or calls a function of the project that does (``path = _save_upload()``, in
this module or, by the called name, in another): the helper does the view's work. Making a form
that holds a file field, or calling a function that parses a reqparse argument read from
``request.files``, reads the upload too (_upload_limit_library). Which of
the request's bodies count is the caller's (``read``: the attributes of ``flask.request`` the
limit caps at the project's Werkzeug, _upload_limit_bodies); ``request.files`` by default.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from ._ast_facts import facts
from ._upload_limit_fields import names_whole_data, whole_data_kind
from ._upload_limit_library import upload_readers
from ._upload_limit_naming import UNREAD, decorator_strings, module_word, owner_words, registrations, top_level_names

FILES = frozenset({"files"})
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass(frozen=True)
class WholeDataView:
    """A function that takes an upload, where it is, and which of its words names a whole store."""

    name: str
    line: int
    said: str
    unread: bool = False  # it is registered under a name that cannot be read; ``said`` says what that is
    reads: str = "files"  # the attribute of flask.request it (or a function it calls) reads


def files_readers(tree: ast.Module, elsewhere: frozenset[str] = frozenset(), read: frozenset[str] = FILES) -> set[str]:
    """Names of the functions of ``tree`` that read ``flask.request.files`` (or another of
    ``read``) or call (by name) a function that does: of this module, or named in
    ``elsewhere``."""
    return set(body_readers(tree, elsewhere, read))


def body_readers(tree: ast.Module, elsewhere: frozenset[str] = frozenset(), read: frozenset[str] = FILES) -> dict[str, str]:
    """``files_readers``, each with the attribute of ``flask.request`` it reads (``"files"``
    first). A function that calls an upload's reader (``elsewhere``: readers of
    ``request.files``) by name, ``f()`` or ``x.f()``, reads it too; one that calls a reader of
    another body reads that body only through a plain ``f()`` of this module (a method's name,
    ``x.get()``, says too little of a body every view may read). Each function is read once
    and each name followed once (a long chain of callers costs no more than the module)."""
    found = facts(tree)
    functions = [node for node in ast.walk(tree) if type(node) in _FUNCTIONS]
    readers: dict[str, str] = {}
    for node in functions:
        reads = _reads_body(node, found, read)
        if reads is not None and readers.get(node.name) != "files":  # type: ignore[attr-defined]
            readers[node.name] = reads  # type: ignore[attr-defined]
    for name in upload_readers(tree):  # a form with a file field, a parser's files read: _upload_limit_library
        readers[name] = "files"
    uploads = {name for name, reads in readers.items() if reads == "files"} | elsewhere
    _follow_callers(functions, uploads, readers, "files", plain_only=False)
    for reads in sorted(set(readers.values()) - {"files"}):
        _follow_callers(functions, {name for name, r in readers.items() if r == reads}, readers, reads, plain_only=True)
    return readers


def _follow_callers(functions: list, called: set[str], readers: dict[str, str], reads: str, *, plain_only: bool) -> None:
    """Mark every caller (through callers) of a name in ``called`` as reading ``reads``,
    unless it already reads an upload."""
    callers: dict[str, set[str]] = {}
    for node in functions:
        for name in _called(node, plain_only):
            callers.setdefault(name, set()).add(node.name)
    waiting = sorted(called)
    followed = set(waiting)
    while waiting:
        for caller in callers.get(waiting.pop(), ()):
            if readers.get(caller) != "files":
                readers.setdefault(caller, reads)
                if reads == "files":
                    readers[caller] = "files"
            if caller not in followed:
                followed.add(caller)
                waiting.append(caller)


def whole_data_views(
    tree: ast.Module, elsewhere: frozenset[str] = frozenset(), path: str = "", read: frozenset[str] = FILES
) -> list[WholeDataView]:
    """Every function of ``tree`` (the module at ``path``) that takes an upload or another body
    of ``read`` (``body_readers``) and whose words name a whole store of data."""
    readers = body_readers(tree, elsewhere, read)
    if not readers:
        return []
    owners = owner_words(tree)
    registered = registrations(tree, owners)
    top = top_level_names(tree)
    module = module_word(path)
    views: list[WholeDataView] = []
    for node, classes in _functions(tree):
        reads = readers.get(node.name)
        if reads is None:
            continue
        said = _whole_data_word(node, classes, registered, owners, facts(tree), read, top)
        if said is None and module and names_whole_data(module):
            said = f"its module {path}"
        if said is not None:
            if said == UNREAD:
                views.append(WholeDataView(node.name, node.lineno, "a parameter or loop variable", unread=True, reads=reads))
            else:
                views.append(WholeDataView(node.name, node.lineno, said, reads=reads))
    return views


def _whole_data_word(
    node: ast.FunctionDef,
    classes: list[str],
    registered: dict[str, list[str]],
    owners: dict[str, list[str]],
    found,
    read: frozenset[str],
    top: set[str],
) -> str | None:
    if names_whole_data(node.name):
        return "its name"
    for name in reversed(classes):
        if names_whole_data(name):
            return f"its class {name}"
    for text in decorator_strings(node, owners, top) + [text for name in [node.name, *classes] for text in registered.get(name, ())]:
        if text == UNREAD:
            return UNREAD
        if names_whole_data(text):
            return f"its route, endpoint or blueprint {text!r}"
    for name in _upload_names(node, found, read):
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


def _reads_body(node: ast.AST, found, read: frozenset[str]) -> str | None:
    """The attribute of ``read`` that ``node`` reads of ``flask.request`` (``"files"`` first)."""
    seen = None
    for part in ast.walk(node):
        if type(part) is ast.Attribute and part.attr in read and f"flask.request.{part.attr}" in found.qualified(part):  # type: ignore[attr-defined]
            if part.attr == "files":  # type: ignore[attr-defined]
                return "files"
            seen = seen or part.attr  # type: ignore[attr-defined]
    return seen


def _called(node: ast.AST, plain_only: bool = False) -> set[str]:
    """The names ``node`` calls (``f()``, ``x.f()``: f; ``plain_only``: only ``f()``)."""
    names: set[str] = set()
    for part in ast.walk(node):
        if type(part) is ast.Call:
            func = part.func  # type: ignore[attr-defined]
            called = func.id if type(func) is ast.Name else func.attr if type(func) is ast.Attribute and not plain_only else None
            if called is not None:
                names.add(called)
    return names


def _upload_names(node: ast.FunctionDef, found, read: frozenset[str]) -> list[str]:
    """The names ``node`` binds the upload (or another body of ``read``) to (``backup =
    request.files["file"]``, ``for video in request.files.getlist("files")``, ``dump =
    request.get_data()``)."""
    names: list[str] = []
    for part in ast.walk(node):
        if type(part) is ast.Assign and _reads_body(part.value, found, read):  # type: ignore[attr-defined]
            names += [target.id for target in part.targets if type(target) is ast.Name]  # type: ignore[attr-defined]
        elif type(part) in (ast.For, ast.AsyncFor) and type(part.target) is ast.Name and _reads_body(part.iter, found, read):  # type: ignore[attr-defined]
            names.append(part.target.id)  # type: ignore[attr-defined]
    return names


def _saved_names(node: ast.FunctionDef) -> list[str]:
    """The strings and names of where ``node`` writes what it was sent: what it passes to a
    ``.save(...)``, the file it ``open``s for writing, the path it calls ``.write_bytes`` /
    ``.write_text`` on; also through names it binds (two steps: ``path = os.path.join(d,
    "project.egg")``). Each name is followed once, so a name bound from itself many times
    (``p = p + p``) costs no more than the function's size."""
    bound: dict[str, list[ast.AST]] = {}
    for part in ast.walk(node):
        if type(part) is ast.Assign:
            for target in part.targets:  # type: ignore[attr-defined]
                if type(target) is ast.Name:
                    bound.setdefault(target.id, []).append(part.value)  # type: ignore[attr-defined]
    given = [value for part in ast.walk(node) if type(part) is ast.Call for value in _written_to(part)]  # type: ignore[arg-type]
    found: dict[str, None] = {}
    followed: set[str] = set()
    for _ in range(3):
        following: list[ast.AST] = []
        for value in given:
            parts = _built_from(value)
            found.update(dict.fromkeys(text for part in parts for text in _words_of(part)))
            for name in parts:
                if type(name) is ast.Name and name.id not in followed:  # type: ignore[attr-defined]
                    followed.add(name.id)  # type: ignore[attr-defined]
                    following += bound.get(name.id, ())  # type: ignore[attr-defined]
        given = following
    return list(found)


# methods that build a path or a string from their receiver: its words are the value's
_BUILDERS = frozenset(
    {"joinpath", "with_name", "with_suffix", "with_stem", "format", "join", "replace", "resolve", "absolute", "expanduser"}
)


def _built_from(value: ast.AST) -> list[ast.AST]:
    """The parts of ``value`` its words are read from: all of it but the receiver of a method
    that does not build the value from it (``db`` of ``db.execute(...).fetchone()``: the
    connection a path was looked up through names where it was found, not what is written)."""
    parts: list[ast.AST] = []
    waiting = [value]
    while waiting:
        part = waiting.pop()
        parts.append(part)
        if type(part) is ast.Call and type(part.func) is ast.Attribute and part.func.attr not in _BUILDERS:  # type: ignore[attr-defined]
            waiting += [*part.args, *(keyword.value for keyword in part.keywords)]  # type: ignore[attr-defined]
            continue
        waiting += ast.iter_child_nodes(part)
    return parts


def _words_of(part: ast.AST) -> list[str]:
    """The word ``part`` itself spells: a string constant, a name, an attribute (one node deep)."""
    kind = type(part)
    if kind is ast.Constant and isinstance(part.value, str):  # type: ignore[attr-defined]
        return [part.value]  # type: ignore[attr-defined]
    if kind is ast.Name:
        return [part.id]  # type: ignore[attr-defined]
    if kind is ast.Attribute:
        return [part.attr]  # type: ignore[attr-defined]
    return []


def _written_to(call: ast.Call) -> list[ast.AST]:
    """What ``call`` writes to: the arguments of ``x.save(...)``, the path of ``open(path, "wb")``
    (a mode that cannot be read counts as writing), ``p`` of ``p.write_bytes(...)``."""
    func = call.func
    how = func.attr if type(func) is ast.Attribute else func.id if type(func) is ast.Name else None  # type: ignore[attr-defined]
    if how == "save":
        return [*call.args, *(kw.value for kw in call.keywords)]
    if how in ("write_bytes", "write_text") and type(func) is ast.Attribute:
        return [func.value]  # type: ignore[attr-defined]
    if how == "open" and call.args:
        mode = call.args[1] if len(call.args) > 1 else next((kw.value for kw in call.keywords if kw.arg == "mode"), None)
        if mode is None or (type(mode) is ast.Constant and isinstance(mode.value, str) and not set(mode.value) & set("wax+")):  # type: ignore[attr-defined]
            return []
        return [call.args[0]]
    return []

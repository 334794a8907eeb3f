"""upload-limit: where the code names a view, read on the standard library's AST.

A view is named wherever the code names it, not only by its own ``def``:

- by its route decorator (``@app.route("/backup", endpoint="restore")``);
- by any call that registers it: ``add_url_rule`` / ``add_resource`` / ``as_view`` (their
  strings and names), and any other call that is handed the view's function or class, or its
  ``as_view(...)`` (``register_api(UploadAPI, "restore_api", "/restore/")``): the strings of
  that call's other arguments, a module constant read for its string; a tuple or list that
  holds the view (``(UploadAPI, "restore")``) the same;
- by the object it is registered on (``@bp.route``, ``bp.add_url_rule(...)``): that name
  (``backup_bp``), the strings of the call that creates it (``Blueprint("backup", __name__,
  url_prefix="/backup")``) and of every ``register_blueprint(bp, ...)`` of it in the module
  (``url_prefix="/backup"``);
- by its module: the file's name (``views/backup.py``: backup).

A blueprint another module defines and the app module registers is named by that
registration too: the name it is imported by (``views.backup.bp``) and the strings of the
call (``url_prefix="/backup"``).
"""

from __future__ import annotations

import ast
import builtins
import posixpath

_ROUTES = frozenset({"route", "get", "post", "put", "patch", "delete"})
_REGISTRARS = frozenset({"as_view", "add_url_rule", "add_resource"})
# the keywords that may name what is registered (not ``methods=``, ``defaults=``)
_NAMING_KEYWORDS = frozenset({"rule", "endpoint", "url", "urls", "name", "url_prefix", "path", "route"})


def texts(node: ast.AST | None) -> list[str]:
    """The string constants of ``node`` (parts of f-strings too) and the names it spells
    (``BACKUP_URL``, ``config.BACKUP_DIR``, ``db_path``)."""
    if node is None:
        return []
    found: list[str] = []
    for part in ast.walk(node):
        kind = type(part)
        if kind is ast.Constant and isinstance(part.value, str):  # type: ignore[attr-defined]
            found.append(part.value)  # type: ignore[attr-defined]
        elif kind is ast.Name:
            found.append(part.id)  # type: ignore[attr-defined]
        elif kind is ast.Attribute:
            found.append(part.attr)  # type: ignore[attr-defined]
    return found


def module_word(path: str) -> str:
    """The name a module is imported by: its file's stem, or its folder's for ``__init__.py``."""
    folder, file = posixpath.split(path.replace("\\", "/"))
    stem = file[:-3] if file.endswith(".py") else file
    return posixpath.basename(folder) if stem == "__init__" else stem


def decorator_strings(node: ast.FunctionDef, owners: dict[str, list[str]], top: set[str] | None = None) -> list[str]:
    """The strings of a route decorator's call (``@app.route("/backup", endpoint="restore")``)
    and the words of what it is registered on (``@bp.route``: ``owners["bp"]``). A rule or
    endpoint built from a name the module does not bind at its top level (``top``: a
    parameter, a loop variable: ``@app.put(f"/{name}")`` in a function that registers views)
    cannot be read: its word is ``UNREAD``."""
    found: list[str] = []
    for decorator in node.decorator_list:
        if type(decorator) is not ast.Call or type(decorator.func) is not ast.Attribute:  # type: ignore[attr-defined]
            continue
        func = decorator.func  # type: ignore[attr-defined]
        if func.attr in _ROUTES:
            naming = [*decorator.args, *(kw.value for kw in decorator.keywords if kw.arg in ("rule", "endpoint"))]  # type: ignore[attr-defined]
            found += [text for value in naming for text in texts(value)]
            if top is not None and any(_built_from_unread(value, top) for value in naming):
                found.append(UNREAD)
        if type(func.value) is ast.Name:
            found += owners.get(func.value.id, [])
    return found


def owner_words(tree: ast.Module) -> dict[str, list[str]]:
    """Module-level name bound to a call (a blueprint, an API) -> its name, the strings of that
    call and of every ``register_blueprint(name, ...)`` of it."""
    strings = _string_constants(tree)
    found: dict[str, list[str]] = {}
    for node in tree.body:
        if type(node) is ast.Assign and type(node.value) is ast.Call:  # type: ignore[attr-defined]
            for target in node.targets:  # type: ignore[attr-defined]
                if type(target) is ast.Name:
                    found.setdefault(target.id, [target.id]).extend(_call_strings(node.value, strings))  # type: ignore[attr-defined]
    for node in ast.walk(tree):
        if type(node) is ast.Call and type(node.func) is ast.Attribute and node.func.attr == "register_blueprint":  # type: ignore[attr-defined]
            if node.args and type(node.args[0]) is ast.Name and node.args[0].id in found:  # type: ignore[attr-defined]
                found[node.args[0].id].extend(_call_strings(node, strings, skip=node.args[0]))  # type: ignore[attr-defined]
    return found


UNREAD = "\0"  # the word of an argument that cannot be read: a name bound only in a function or loop


def registrations(tree: ast.Module, owners: dict[str, list[str]]) -> dict[str, list[str]]:
    """Function or class name -> the words of every call that registers it (see the module
    docstring), with those of the object a registering method is called on. A name among the
    arguments of ``add_url_rule`` / ``add_resource`` / ``as_view`` that the module does not
    bind at its top level (a parameter, a loop variable: ``add_url_rule(rule, view_func=upload)``
    in ``for rule in rules``) names the view by a value that cannot be read (a positional
    argument or a naming keyword such as ``endpoint=``): its word is ``UNREAD``. (Any other
    call handed the view, ``isinstance(x, UploadView)`` say, gives only the strings it holds.)"""
    strings = _string_constants(tree)
    top = top_level_names(tree)
    found: dict[str, list[str]] = {}
    for node in ast.walk(tree):
        kind = type(node)
        if kind in (ast.Tuple, ast.List):
            for element in node.elts:  # type: ignore[attr-defined]
                view = _view_named(element)
                if view is not None:
                    found.setdefault(view, []).extend(
                        text for other in node.elts if other is not element for text in _strings(other, strings)  # type: ignore[attr-defined]
                    )
            continue
        if kind is not ast.Call:
            continue
        func = node.func  # type: ignore[attr-defined]
        how = func.attr if type(func) is ast.Attribute else None
        on = owners.get(func.value.id, []) if how is not None and type(func.value) is ast.Name else []
        if how in _REGISTRARS:
            _named_registration(node, how, found)  # type: ignore[arg-type]
        given = [*node.args, *(kw.value for kw in node.keywords)]  # type: ignore[attr-defined]
        for argument in given:
            view = _view_named(argument)
            if view is None:
                continue
            said = [text for other in given if other is not argument for text in _strings(other, strings)]
            naming = [*node.args, *(kw.value for kw in node.keywords if kw.arg in _NAMING_KEYWORDS)] if how in _REGISTRARS else []  # type: ignore[attr-defined]
            unread = [UNREAD for other in naming if other is not argument and _unread(other, top)]
            found.setdefault(view, []).extend(said + on + unread[:1])
    return found


def _named_registration(node: ast.Call, how: str, found: dict[str, list[str]]) -> None:
    """``X.as_view("name")``, ``add_url_rule(rule, endpoint, view)``, ``add_resource(X, "/url")``:
    every string and name of the call counts for the view."""
    args, func = node.args, node.func
    keywords = {kw.arg: kw.value for kw in node.keywords if kw.arg}
    if how == "as_view" and type(func.value) is ast.Name:  # type: ignore[attr-defined]
        found.setdefault(func.value.id, []).extend(texts(args[0]) if args else [])  # type: ignore[attr-defined]
    elif how == "add_url_rule":
        view = args[2] if len(args) > 2 else keywords.get("view_func")
        said = [t for arg in args[:2] for t in texts(arg)] + texts(keywords.get("rule")) + texts(keywords.get("endpoint"))
        name = _view_named(view) if view is not None else None
        if name is not None:
            found.setdefault(name, []).extend(said)
    elif how == "add_resource" and args and type(args[0]) is ast.Name:
        said = [t for arg in args[1:] for t in texts(arg)] + texts(keywords.get("endpoint"))
        found.setdefault(args[0].id, []).extend(said)  # type: ignore[attr-defined]


def _view_named(node: ast.AST) -> str | None:
    """``upload`` or ``UploadAPI.as_view(...)``: the name of the function or class handed over."""
    if type(node) is ast.Name:
        return node.id  # type: ignore[attr-defined]
    if type(node) is ast.Call and type(node.func) is ast.Attribute and node.func.attr == "as_view":  # type: ignore[attr-defined]
        if type(node.func.value) is ast.Name:  # type: ignore[attr-defined]
            return node.func.value.id  # type: ignore[attr-defined]
    return None


def _built_from_unread(node: ast.AST, top: set[str]) -> bool:
    """``node`` is, or formats, a name the module does not bind at its top level."""
    if type(node) is ast.JoinedStr:
        return any(_unread(part.value, top) for part in node.values if type(part) is ast.FormattedValue)  # type: ignore[attr-defined]
    return _unread(node, top)


def _unread(node: ast.AST, top: set[str]) -> bool:
    """A name (or an item or attribute of one) the module does not bind at its top level."""
    while type(node) in (ast.Subscript, ast.Attribute, ast.Starred):
        node = node.value  # type: ignore[attr-defined]
    return type(node) is ast.Name and node.id not in top and node.id not in dir(builtins)  # type: ignore[attr-defined]


def top_level_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        kind = type(node)
        if kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
            names.add(node.name)  # type: ignore[attr-defined]
        elif kind in (ast.Import, ast.ImportFrom):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)  # type: ignore[attr-defined]
    for node in tree.body:
        for target in node.targets if type(node) is ast.Assign else [node.target] if type(node) is ast.AnnAssign else []:  # type: ignore[attr-defined]
            names.update(part.id for part in ast.walk(target) if type(part) is ast.Name)  # type: ignore[attr-defined]
    return names


def _call_strings(node: ast.Call, strings: dict[str, str], skip: ast.AST | None = None) -> list[str]:
    return [text for arg in [*node.args, *(kw.value for kw in node.keywords)] if arg is not skip for text in _strings(arg, strings)]


def _strings(node: ast.AST, strings: dict[str, str]) -> list[str]:
    """The string constants in ``node``, a module constant's name read for its string."""
    found: list[str] = []
    for part in ast.walk(node):
        if type(part) is ast.Constant and isinstance(part.value, str):  # type: ignore[attr-defined]
            found.append(part.value)  # type: ignore[attr-defined]
        elif type(part) is ast.Name and part.id in strings:  # type: ignore[attr-defined]
            found.append(strings[part.id])  # type: ignore[attr-defined]
    return found


def _string_constants(tree: ast.Module) -> dict[str, str]:
    constants: dict[str, str] = {}
    for node in tree.body:
        if type(node) is ast.Assign and type(node.value) is ast.Constant and isinstance(node.value.value, str):  # type: ignore[attr-defined]
            for target in node.targets:  # type: ignore[attr-defined]
                if type(target) is ast.Name:
                    constants[target.id] = node.value.value  # type: ignore[attr-defined]
    return constants

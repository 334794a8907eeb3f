"""The requirements lists a ``setup.py`` reads into its ``install_requires``
(``install_requires=open("reqs/app.txt").read().splitlines()``): what ``pip install .``
installs, so they declare the project's dependencies as a list its commands install does
(``_install_commands``). Read with ``ast``, never run; pure: the caller reads the text.

Only a plain read of a path the script spells out counts: ``open(PATH)`` (``encoding=`` and
a text mode allowed), then ``.read()`` with ``.split(...)``/``.splitlines()`` (``.strip()``
between), or ``.readlines()``; ``Path(...).read_text()`` the same; given to
``install_requires`` directly, through a name assigned once at module level, or read in a
``with open(PATH) as f:`` block (``f.read().splitlines()``). PATH is a string
(``"requirements.txt"``, relative to the script's folder, where pip runs it) or joins
strings onto the script's folder (``os.path.join(here, "reqs", "app.txt")`` with ``here``
made from ``__file__``; ``Path(__file__).parent / "reqs.txt"``). Anything else — a
comprehension that filters the lines, a path computed otherwise — names nothing.
"""

from __future__ import annotations

import ast
import posixpath
from functools import lru_cache

from ._projects_kept import dropped_with_projects

_SPLITS = frozenset({"split", "splitlines"})
_STRIPS = frozenset({"strip", "rstrip", "lstrip"})


def setup_read_lists(text: str) -> list[str]:
    """The paths, relative to the script's folder, of the lists ``setup.py``'s text reads into
    ``install_requires``. Read once per text: every file of a project asks it of the project's
    one ``setup.py`` (a text that does not spell ``install_requires`` passes it nothing and is
    not parsed)."""
    return list(_read_lists(text)) if "install_requires" in text else []


@lru_cache(maxsize=64)  # (the answer only: the tree is not kept)
def _read_lists(text: str) -> tuple[str, ...]:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return ()
    assigned: dict[str, list[ast.expr]] = {}
    # a value assigned in a ``with open(PATH) as f:`` block -> f -> the open call
    opened: dict[int, dict[str, ast.expr]] = {}
    for statement in ast.walk(tree):
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
            assigned.setdefault(statement.targets[0].id, []).append(statement.value)
        elif isinstance(statement, ast.With):
            names = {item.optional_vars.id: item.context_expr for item in statement.items if isinstance(item.optional_vars, ast.Name)}
            for inner in statement.body:
                for node in ast.walk(inner):
                    if isinstance(node, ast.Assign):
                        opened.setdefault(id(node.value), {}).update(names)
    found: list[str] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and (getattr(node.func, "id", None) or getattr(node.func, "attr", None)) == "setup"):
            continue
        value = next((k.value for k in node.keywords if k.arg == "install_requires"), None)
        if isinstance(value, ast.Name) and len(assigned.get(value.id, [])) == 1:
            value = assigned[value.id][0]
        path = _read_lines(value, opened.get(id(value), {}), assigned) if value is not None else None
        if path is not None and path not in found:
            found.append(path)
    return tuple(found)


dropped_with_projects(_read_lists.cache_clear)  # (kept by text: of no use to the next project)


def _read_lines(node: ast.expr, opened: dict[str, ast.expr], assigned: dict[str, list[ast.expr]]) -> str | None:
    """The path of the file whose lines ``node`` is, when it is a plain read of one."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return None
    method, inner = node.func.attr, node.func.value
    if method == "readlines" and not node.args:
        return _opened_path(inner, opened, assigned)
    if method not in _SPLITS:
        return None
    while isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute) and inner.func.attr in _STRIPS:
        inner = inner.func.value
    if not (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute) and not inner.args):
        return None
    if inner.func.attr == "read":
        return _opened_path(inner.func.value, opened, assigned)
    if inner.func.attr == "read_text":
        return _path(_path_call_argument(inner.func.value), assigned)
    return None


def _opened_path(node: ast.expr, opened: dict[str, ast.expr], assigned: dict[str, list[ast.expr]]) -> str | None:
    if isinstance(node, ast.Name) and node.id in opened:
        node = opened[node.id]
    if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "open" and node.args):
        return None
    mode = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "mode"), None)
    if mode is not None and not (isinstance(mode, ast.Constant) and mode.value in ("r", "rt", "U", "rU")):
        return None
    return _path(node.args[0], assigned)


def _path_call_argument(node: ast.expr) -> ast.expr:
    """``Path(x)`` -> ``x``; anything else as it is."""
    if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Path" and len(node.args) == 1:
        return node.args[0]
    return node


def _path(node: ast.expr, assigned: dict[str, list[ast.expr]]) -> str | None:
    """The path ``node`` spells relative to the script's folder, or None."""
    parts: list[str] = []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        parts = [node.value]
    elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "join" and node.args:
        if not _script_folder(node.args[0], assigned) or not all(_is_text(arg) for arg in node.args[1:]):
            return None
        parts = [arg.value for arg in node.args[1:]]  # type: ignore[attr-defined]
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and _is_text(node.right):
        if not _script_folder(node.left, assigned):
            return None
        parts = [node.right.value]  # type: ignore[attr-defined]
    else:
        return None
    if not parts or any(part.startswith("/") for part in parts):
        return None
    path = posixpath.normpath(posixpath.join(*parts))
    return None if path.startswith("..") or path == "." else path


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _script_folder(node: ast.expr, assigned: dict[str, list[ast.expr]]) -> bool:
    """Whether ``node`` is the script's own folder: made from ``__file__`` by taking its
    folder (``os.path.dirname(__file__)``, ``abspath`` of it, ``Path(__file__).parent``),
    directly or through a name assigned it once."""
    if isinstance(node, ast.Name) and len(assigned.get(node.id, [])) == 1:
        node = assigned[node.id][0]
    names = {getattr(n, "attr", None) or getattr(n, "id", None) for n in ast.walk(node)}
    if "__file__" not in names:
        return False
    if isinstance(node, ast.Attribute) and node.attr == "parent":  # Path(__file__).parent
        return isinstance(node.value, ast.Call) and _path_call_argument(node.value) is not node.value
    calls = [n for n in ast.walk(node) if isinstance(n, ast.Call)]
    return bool(calls) and all(getattr(call.func, "attr", None) in ("dirname", "abspath", "realpath") for call in calls) and sum(
        getattr(call.func, "attr", None) == "dirname" for call in calls
    ) == 1

"""gunicorn-config: a value made at random only where its file is missing, and kept there.

``if os.path.exists(path): value = <read path> else: value = <random>; <write path>``: the first
process to start makes the value and writes it to the file; every later one reads the file back
and so gets the same value. Processes that start together while the file is missing — a first
start, or every start of a container that does not keep the file — may still each make their
own (or read the file before it is written), so the value is not proved shared; but it is not
made anew in each process either, and the finding says which.

Told strictly: the binding sits in the branch an ``if`` takes when the file is missing (its test
``os.path.exists(path)``, ``os.path.isfile(path)``, ``Path(path).exists()``, ``.is_file()``, or
``not`` one of them), that branch opens the same path (spelled alike) for writing, and the other
branch opens it for reading and binds the same name.
"""

from __future__ import annotations

import ast
from typing import Callable, Iterable

_EXISTS_FUNCTIONS = frozenset({"exists", "isfile"})
_EXISTS_METHODS = frozenset({"exists", "is_file"})
_WRITE_MODES = frozenset("wax")


def kept_in_file(tree: ast.Module, node: ast.AST, name: str, bindings: Callable[[ast.AST], Iterable[tuple[str, ast.AST]]]) -> str | None:
    """The path (a literal's text, else the expression) of the file the value ``node`` binds to ``name`` is
    kept in (see the module's docstring), or None. ``bindings(node)``: the ``(name, value)``
    pairs a node binds."""
    parents = {id(child): parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    child: ast.AST = node
    while id(child) in parents:
        parent = parents[id(child)]
        if isinstance(parent, ast.If):
            checked = _checked_file(parent.test)
            if checked is not None:
                path, missing_when_true = checked
                missing, present = (parent.body, parent.orelse) if missing_when_true else (parent.orelse, parent.body)
                if (
                    child in missing
                    and _opens(missing, path, write=True)
                    and _opens(present, path, write=False)
                    and any(bound == name for statement in present for inner in ast.walk(statement) for bound, _ in bindings(inner))
                ):
                    return _shown(path)
        child = parent
    return None


def _shown(path: str) -> str:
    """A path as the finding names it: a string literal's text, else the expression."""
    node = ast.parse(path, mode="eval").body
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else path


def _checked_file(test: ast.AST) -> tuple[str, bool] | None:
    """``(path, missing_when_true)`` of a test of whether a file exists."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _checked_file(test.operand)
        return (inner[0], not inner[1]) if inner is not None else None
    if not (isinstance(test, ast.Call) and isinstance(test.func, ast.Attribute)):
        return None
    if test.func.attr in _EXISTS_FUNCTIONS and len(test.args) == 1 and not test.keywords:
        return ast.unparse(test.args[0]), False  # os.path.exists(path)
    if test.func.attr in _EXISTS_METHODS and not test.args and not test.keywords:
        return _path_of(test.func.value), False  # Path(path).exists()
    return None


def _path_of(node: ast.AST) -> str:
    """The path a ``Path(...)`` call is made from, else the expression itself."""
    if isinstance(node, ast.Call) and len(node.args) == 1 and (ast.unparse(node.func).rsplit(".", 1)[-1] == "Path"):
        return ast.unparse(node.args[0])
    return ast.unparse(node)


def _opens(body: list[ast.stmt], path: str, write: bool) -> bool:
    """Whether ``body`` opens ``path`` for writing (``write``) or reading: ``open(path, "w")``,
    ``Path(path).write_text(...)``; ``open(path)``, ``Path(path).read_text()``."""
    for statement in body:
        for node in ast.walk(statement):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id == "open" and node.args and ast.unparse(node.args[0]) == path:
                mode = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "mode"), None)
                if mode is None:
                    if not write:
                        return True
                    continue
                if not (isinstance(mode, ast.Constant) and isinstance(mode.value, str)):
                    continue
                if (write and _WRITE_MODES & set(mode.value)) or (not write and not _WRITE_MODES & set(mode.value)):
                    return True
            elif isinstance(func, ast.Attribute) and _path_of(func.value) == path:
                if func.attr in (("write_text", "write_bytes") if write else ("read_text", "read_bytes")):
                    return True
    return False

"""Which project file a ``config.from_pyfile(...)`` loads, when the code proves it, and
whether that file can set a given key.

A path is proven when it is built from the module's own place: ``__file__`` and the module
constants made from it once (``HERE = os.path.abspath(os.path.dirname(__file__))``, ``ROOT =
os.path.split(HERE)[0]``, ``os.path.dirname(HERE)``), joined with literal parts
(``os.path.join(ROOT, "conf", "base.py")``), and the file it names is one of the project's
(the listing the tool gives; a path above the project's root is none). A relative literal
alone is not: Flask resolves it against the app's root path or its instance folder, which
this does not follow.

Such a file, executed by ``from_pyfile``, gives the config its upper-case names; it can give
one only by spelling it, unless it binds names another way (a star import, ``exec``,
``globals()``, ``vars()``, ``setattr``, ``__dict__``, ``__import__``, ``importlib``): a file
that spells none of the keys and does none of these sets none of them.
"""

from __future__ import annotations

import ast
import posixpath
from typing import Collection

import libcst as cst

from ._base import Context

_OS_PATH_FUNCTIONS = frozenset({"join", "dirname", "abspath", "normpath", "split"})
OTHER_BINDINGS = ("import *", "exec", "globals(", "vars(", "setattr", "__dict__", "__import__", "importlib", "locals(")


def pyfile_sets_none_of(ctx: Context, module: cst.Module, loader: cst.CSTNode, keys: Collection[str]) -> bool:
    """Whether ``loader`` is a ``from_pyfile`` of a proven project file that sets none of ``keys``."""
    if not (isinstance(loader, cst.Call) and isinstance(loader.func, cst.Attribute) and loader.func.attr.value == "from_pyfile"):
        return False
    if not loader.args or loader.args[0].keyword is not None or loader.args[0].star:
        return False
    path = project_pyfile(ctx, module, loader.args[0].value)
    listing = ctx.project_files()
    if path is None or listing is None:
        return False
    text = ctx.read_file(listing.relative(path))
    if text is None:
        return False
    return not any(key in text for key in keys) and not any(binding in text for binding in OTHER_BINDINGS)


def project_pyfile(ctx: Context, module: cst.Module, argument: cst.BaseExpression) -> str | None:
    """The project's path (relative to its root) that ``argument`` names, when proven (see above)."""
    listing = ctx.project_files()
    tree = ctx.python_tree(module)
    if listing is None or tree is None:
        return None
    try:
        expression = ast.parse(module.code_for_node(argument).strip(), mode="eval").body
    except SyntaxError:
        return None
    path = _Paths(tree, listing.this).value(expression, depth=0)
    if path is None or path.kind != "path":
        return None
    return path.text if path.text in listing.every_file else None


class _Path:
    """A path relative to the project's root (``kind`` "path"), or a literal part (``kind`` "part")."""

    def __init__(self, kind: str, text: str) -> None:
        self.kind, self.text = kind, text


class _Paths:
    """Reads path expressions of one module (``this``: its path from the project's root)."""

    def __init__(self, tree: ast.Module, this: str) -> None:
        self.tree, self.this = tree, this
        self.os_imported = any(
            isinstance(node, ast.Import) and any(alias.name == "os" and alias.asname is None for alias in node.names)
            for node in tree.body
        )

    def value(self, node: ast.AST, depth: int) -> _Path | None:
        if depth > 8:
            return None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            part = node.value
            if not part or part.startswith("/") or "\\" in part or ".." in part.split("/"):
                return None
            return _Path("part", part)
        if isinstance(node, ast.Name) and node.id == "__file__":
            return _Path("path", self.this)
        if isinstance(node, ast.Name):
            bound = self._constant(node.id)
            return self.value(bound, depth + 1) if bound is not None else None
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Call) and self._function(node.value) == "split":
            index = node.slice
            if isinstance(index, ast.Constant) and index.value == 0 and len(node.value.args) == 1:
                return self._parent(self.value(node.value.args[0], depth + 1))
            return None
        if isinstance(node, ast.Call) and not node.keywords:
            function = self._function(node)
            arguments = [self.value(argument, depth + 1) for argument in node.args]
            if function is None or not arguments or any(a is None for a in arguments):
                return None
            if function == "join":
                return self._join(arguments)  # type: ignore[arg-type]
            if len(arguments) == 1 and function in ("abspath", "normpath"):
                return arguments[0]
            if len(arguments) == 1 and function == "dirname":
                return self._parent(arguments[0])
        return None

    def _function(self, call: ast.Call) -> str | None:
        """The ``os.path`` function ``call`` calls (``os.path.join``, with ``import os``)."""
        func = call.func
        if (
            self.os_imported
            and isinstance(func, ast.Attribute)
            and func.attr in _OS_PATH_FUNCTIONS
            and isinstance(func.value, ast.Attribute)
            and func.value.attr == "path"
            and isinstance(func.value.value, ast.Name)
            and func.value.value.id == "os"
        ):
            return func.attr
        return None

    def _constant(self, name: str) -> ast.AST | None:
        """The value of a module constant bound once, at the top level, and nowhere else."""
        bound = [
            statement.value
            for statement in self.tree.body
            if isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
            and statement.targets[0].id == name
        ]
        if len(bound) != 1:
            return None
        stores = 0
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Name) and node.id == name and not isinstance(node.ctx, ast.Load):
                stores += 1
            elif isinstance(node, (ast.Global, ast.Nonlocal)) and name in node.names:
                return None
            elif isinstance(node, ast.alias) and (node.asname or node.name).split(".")[0] == name:
                return None
        return bound[0] if stores == 1 else None

    @staticmethod
    def _parent(path: _Path | None) -> _Path | None:
        if path is None or path.kind != "path" or not path.text:
            return None  # a part's parent, or above the project's root
        return _Path("path", posixpath.dirname(path.text))

    @staticmethod
    def _join(arguments: list[_Path]) -> _Path | None:
        first, rest = arguments[0], arguments[1:]
        if first.kind != "path" or any(part.kind != "part" for part in rest):
            return None
        return _Path("path", posixpath.normpath(posixpath.join(first.text, *(part.text for part in rest))))

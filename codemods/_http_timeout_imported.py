"""http-timeout: what a name imported from one of the project's own modules holds, read from that module.

``from .errors import NETWORK_ERRORS`` names a value another module of the project binds. Where
that module binds it plainly at its top level — a class (``class ApiError(Exception)``), or an
assignment of names, attributes, tuples or lists of them and their concatenations
(``NETWORK_ERRORS = (requests.ConnectionError, socket.error)``) — the names it holds are told
here as qualified names, each resolved through that module's own imports (and, for a name
that module imports from another module of the project, through that one's: a few steps at
most). Anything else (a call, a binding in a loop or a function, a second binding of another
kind, a star import the name may come from, a module too big to read) cannot be told: None.

Nothing is imported or run; modules are read through ``ctx.read_file`` and parsed once per
process (``_project_view.parsed``).
"""

from __future__ import annotations

import ast
import builtins
import posixpath
from typing import TYPE_CHECKING

from ._project_view import MAX_MODULE_CHARS, parsed

if TYPE_CHECKING:
    from ._base import Context
    from ._contract_records import ProjectFiles

# the prefix of a class defined in the project: ``<project>.app/errors.py:ApiError``
PROJECT_CLASS = "<project>."
_DEPTH = 4


def in_project(ctx: Context, dotted: str) -> bool:
    """Whether ``dotted`` (a qualified name as LibCST gives it: ``.errors.X``, ``app.errors.X``)
    starts with a module of the project: a relative name, or one whose first part is a module
    or package beside the transformed file or in a folder above it, up to the project root."""
    if dotted.startswith("."):
        return True
    listing = ctx.project_files()
    if listing is None:
        return False
    files = frozenset(listing.files)
    first = dotted.split(".")[0]
    return any(module_file(files, posixpath.join(base, first)) is not None for base in _bases(listing))


def bound_names(ctx: Context, dotted: str, depth: int = _DEPTH) -> list[str] | None:
    """The qualified names the project's ``dotted`` holds (see the module's docstring), one per
    class: one for a class, one per element for a tuple. Names from outside the project as
    they are imported (``requests.exceptions.ConnectionError``), a class the project defines
    as ``PROJECT_CLASS + "path:Name"``; None when it cannot be told, or the module binds the
    name more than once (which binding holds is then not read)."""
    listing = ctx.project_files()
    if listing is None or depth <= 0:
        return None
    found = module_and_name(listing, dotted)
    if found is None:
        return None
    path, name = found
    text = ctx.read_file(listing.relative(path))
    tree = parsed(text) if text is not None and len(text) <= MAX_MODULE_CHARS else None
    if tree is None:
        return None
    return _Module(ctx, path, tree, depth).binding(name)


def names_in(ctx: Context, path: str, tree: ast.Module, value: ast.expr) -> list[str] | None:
    """The qualified names an expression of the project's module at ``path`` holds (a class's
    base ``Session`` after ``from requests import Session``; ``base.AppSession`` after ``from .
    import base``: ``PROJECT_CLASS + "pkg/base.py:AppSession"``), read as ``bound_names`` reads
    a binding; None when it cannot be told."""
    return _Module(ctx, path, tree, _DEPTH).value_of(value)


def _bases(listing: ProjectFiles) -> list[str]:
    """The folders an absolute import may start from: the transformed file's, then each above
    it up to the project root ("")."""
    return folders_up(posixpath.dirname(listing.this))


def folders_up(folder: str) -> list[str]:
    """``folder``, then each folder above it up to the project root ("")."""
    bases = [folder]
    while folder:
        folder = posixpath.dirname(folder)
        bases.append(folder)
    return bases


def module_file(files: frozenset[str], stem: str, package: bool = False) -> str | None:
    """The file of the module or package ``stem`` (a path without ``.py``; ``package``: only a
    package, the folder a relative import names itself), if the project has it."""
    for path in ((f"{stem}.py",) if not package else ()) + (posixpath.join(stem, "__init__.py"),):
        path = posixpath.normpath(path)
        if path in files:
            return path
    return None


def module_and_name(listing: ProjectFiles, dotted: str) -> tuple[str, str] | None:
    """The project file of the module ``dotted`` names a member of, and that member's name."""
    files = frozenset(listing.files)
    level = len(dotted) - len(dotted.lstrip("."))
    parts = [part for part in dotted[level:].split(".") if part]
    if not parts:
        return None
    if level:
        up = posixpath.dirname(listing.this)
        for _ in range(level - 1):
            up = posixpath.dirname(up)
        bases, smallest = [up], 0
    else:
        bases, smallest = _bases(listing), 1
    for base in bases:
        for covered in range(len(parts) - 1, smallest - 1, -1):
            path = module_file(files, posixpath.join(base, *parts[:covered]), package=not covered)
            if path is not None:
                rest = parts[covered:]
                return (path, rest[0]) if len(rest) == 1 else None
    return None


class _Module:
    """One module of the project, read for what its top-level names hold."""

    def __init__(self, ctx: Context, path: str, tree: ast.Module, depth: int) -> None:
        self.ctx, self.path, self.depth = ctx, path, depth
        self.statements = list(top_level_statements(tree.body))
        self.package = posixpath.dirname(path)

    def binding(self, name: str, seen: frozenset[str] = frozenset()) -> list[str] | None:
        if name in seen or len(seen) > _DEPTH:
            return None
        found: list[str] | None = None
        for statement in self.statements:
            held = self._held(statement, name, seen | {name})
            if held is _NOT_BOUND:
                continue
            if held is None or found is not None:
                return None  # not told, or bound twice
            found = held  # type: ignore[assignment]
        return found

    def value_of(self, value: ast.expr) -> list[str] | None:
        """What an expression of the module holds (see ``names_in``)."""
        return self._value(value, frozenset())

    def _held(self, statement: ast.stmt, name: str, seen: frozenset[str]) -> list[str] | None | object:
        if isinstance(statement, ast.ClassDef) and statement.name == name:
            return [f"{PROJECT_CLASS}{self.path}:{name}"]
        if isinstance(statement, ast.Assign) and any(_names_target(target, name) for target in statement.targets):
            if len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
                return self._value(statement.value, seen)
            return None
        if isinstance(statement, ast.AnnAssign) and _names_target(statement.target, name):
            return self._value(statement.value, seen) if statement.value is not None else _NOT_BOUND
        if isinstance(statement, ast.ImportFrom):
            for alias in statement.names:
                if alias.name == "*":
                    return None  # the name may come from there
                if (alias.asname or alias.name) == name:
                    return self._outside(self._source(statement, alias.name))
            return _NOT_BOUND
        if isinstance(statement, ast.Import):
            bound = any((alias.asname or alias.name.split(".")[0]) == name for alias in statement.names)
            return None if bound else _NOT_BOUND
        if _stores(statement, name):
            return None  # a def, a loop, an augmented assignment ...
        return _NOT_BOUND

    def _value(self, value: ast.expr, seen: frozenset[str]) -> list[str] | None:
        if isinstance(value, (ast.Tuple, ast.List)):
            found: list[str] = []
            for element in value.elts:
                held = self._value(element.value if isinstance(element, ast.Starred) else element, seen)
                if held is None:
                    return None
                found += held
            return found
        if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
            left, right = self._value(value.left, seen), self._value(value.right, seen)
            return left + right if left is not None and right is not None else None
        if isinstance(value, ast.Name):
            if any(self._held(statement, value.id, seen) is not _NOT_BOUND for statement in self.statements):
                return self.binding(value.id, seen)
            return [f"builtins.{value.id}"] if hasattr(builtins, value.id) else None
        if isinstance(value, ast.Attribute):
            parts = []
            node: ast.expr = value
            while isinstance(node, ast.Attribute):
                parts.append(node.attr)
                node = node.value
            if not isinstance(node, ast.Name):
                return None
            root = self._imported_module(node.id)
            return self._outside(".".join([root, *reversed(parts)])) if root is not None else None
        return None

    def _imported_module(self, name: str) -> str | None:
        """The module a top-level ``import`` or ``from ... import`` binds ``name`` to, when that
        is how the module binds it (and only so)."""
        found = None
        for statement in self.statements:
            if isinstance(statement, ast.Import):
                for alias in statement.names:
                    if alias.asname == name:
                        found = alias.name
                    elif alias.asname is None and alias.name.split(".")[0] == name:
                        found = name
            elif isinstance(statement, ast.ImportFrom):
                for alias in statement.names:
                    if (alias.asname or alias.name) == name:
                        found = self._source(statement, alias.name)
            elif _stores(statement, name):
                return None
        return found

    def _source(self, statement: ast.ImportFrom, member: str) -> str:
        """``from`` ``statement``'s module ``member``, as a qualified name: relative names are
        spelled from this module's folder as a name of the transformed file's would be."""
        module = statement.module or ""
        if not statement.level:
            return f"{module}.{member}" if module else member
        folder = self.package
        for _ in range(statement.level - 1):
            folder = posixpath.dirname(folder)
        return "|" + folder + "|" + ".".join(part for part in (module, member) if part)

    def _outside(self, dotted: str) -> list[str] | None:
        """``dotted`` as a leaf when it is no name of the project; else what the project binds there."""
        if dotted.startswith("|"):
            _, folder, rest = dotted.split("|", 2)
            return _from_folder(self.ctx, folder, rest, self.depth - 1)
        if in_project(self.ctx, dotted):
            return bound_names(self.ctx, dotted, self.depth - 1)
        return [dotted]


_NOT_BOUND = object()


def _from_folder(ctx: Context, folder: str, dotted: str, depth: int) -> list[str] | None:
    """What the project binds at ``dotted`` read from ``folder`` (a relative import of a module
    there), as ``bound_names`` reads it from the transformed file's folder."""
    listing = ctx.project_files()
    if listing is None or depth <= 0:
        return None
    files = frozenset(listing.files)
    parts = dotted.split(".")
    for covered in range(len(parts) - 1, -1, -1):
        path = module_file(files, posixpath.join(folder, *parts[:covered]), package=not covered)
        if path is not None:
            rest = parts[covered:]
            if len(rest) != 1:
                return None
            text = ctx.read_file(listing.relative(path))
            tree = parsed(text) if text is not None and len(text) <= MAX_MODULE_CHARS else None
            return _Module(ctx, path, tree, depth).binding(rest[0]) if tree is not None else None
    return None


def top_level_statements(body: list[ast.stmt]):
    """The module's statements, those in a top-level ``if``, ``try`` or ``with`` included."""
    for statement in body:
        yield statement
        if isinstance(statement, (ast.If, ast.Try, ast.With)):
            yield from top_level_statements(statement.body)
            yield from top_level_statements(getattr(statement, "orelse", []))
            if isinstance(statement, ast.Try):
                for handler in statement.handlers:
                    yield from top_level_statements(handler.body)
                yield from top_level_statements(statement.finalbody)


def _names_target(target: ast.expr, name: str) -> bool:
    return any(isinstance(node, ast.Name) and node.id == name for node in ast.walk(target))


def _stores(statement: ast.stmt, name: str) -> bool:
    """Whether ``statement`` binds ``name`` otherwise than the forms read above."""
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return statement.name == name
    if isinstance(statement, ast.With):  # its body is read as statements of its own
        return any(item.optional_vars is not None and _names_target(item.optional_vars, name) for item in statement.items)
    if isinstance(statement, (ast.If, ast.Try)):
        return False  # their bodies are read as statements of their own
    return any(
        isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store) for node in ast.walk(statement)
    )

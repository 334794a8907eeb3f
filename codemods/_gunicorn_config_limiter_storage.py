"""gunicorn-config: what a Flask-Limiter storage given in code gives the running process.

An expression is followed to the values it may take, each one of:

- ``SHARED``: a storage URI whose scheme is not ``memory`` (``"redis://..."``, an f-string or a
  sum that starts so);
- ``CHOSEN``: a value the deployment sets (an environment variable where it is set, a key of a
  settings file the program reads with a default): a storage it names on purpose;
- ``MEMORY``: ``memory://``;
- ``UNSET``: nothing (None, ``""``), where Flask-Limiter takes ``memory://``; an environment
  read without a default gives it where the variable is not set;
- ``UNKNOWN``: anything not followed (a command-line option, an attribute of an object).

A read of the environment (``os.environ.get(K, d)``, ``os.getenv``) or of a settings reader
with a default (``config.get(s, k, fallback=d)``, ``config("K", default=d)``) gives
``CHOSEN`` and whatever its default gives; ``os.environ[K]`` gives ``CHOSEN`` (the process does
not start without it). ``a or b`` gives what ``a`` gives but nothing, and ``b`` where ``a`` may
give nothing; ``x if c else y`` either. A name is followed to its assignments in the class body
it is read in, else in the module, else in the module it is imported from; ``m.NAME`` to a class
of the module or an imported module. Only ``SHARED`` and ``CHOSEN`` show every worker a shared
storage."""

from __future__ import annotations

import ast
from typing import Any

from ._ast_nodes import assigned, keyword_value
from ._names import dotted_name
from ._project_imports import ProjectImports
from ._project_view import parsed

SHARED, CHOSEN, MEMORY, UNSET, UNKNOWN = "shared", "chosen", "memory", "unset", "unknown"
SHOWN_SHARED = frozenset({SHARED, CHOSEN})
_IN_MEMORY = "memory://"
_ENV_READS = frozenset({"os.environ.get", "environ.get", "os.getenv", "getenv", "os.environ.setdefault"})
_ENVIRON = frozenset({"os.environ", "environ"})
_DEPTH = 6


def storage_of_text(value: str) -> frozenset[str]:
    """What a storage spelled ``value`` gives (a string literal, or a settings file's value)."""
    value = value.strip()
    if not value:
        return frozenset({UNSET})
    if value.startswith(_IN_MEMORY):
        return frozenset({MEMORY})
    scheme, found, _ = value.partition("://")
    return frozenset({SHARED}) if found and scheme and "$" not in scheme and "{" not in scheme else frozenset({UNKNOWN})


class StorageValues:
    """Follows expressions of the project's modules (paths from the project root) to what they
    give, reading modules through ``reader`` (a Context)."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._listing = reader.project_files()
        self._imports: ProjectImports | None = None

    def of(self, node: ast.expr, path: str, tree: ast.Module, depth: int = 0) -> frozenset[str]:
        if depth > _DEPTH:
            return frozenset({UNKNOWN})
        kind = type(node)
        if kind is ast.Constant:
            value = node.value  # type: ignore[attr-defined]
            if value is None:
                return frozenset({UNSET})
            return storage_of_text(value) if isinstance(value, str) else frozenset({UNKNOWN})
        if kind is ast.JoinedStr:
            first = node.values[0] if node.values else None  # type: ignore[attr-defined]
            if first is None:
                return frozenset({UNSET})
            return storage_of_text(first.value) if type(first) is ast.Constant and first.value.strip() else frozenset({UNKNOWN})  # type: ignore[attr-defined]
        if kind is ast.BinOp and type(node.left) in (ast.Constant, ast.JoinedStr):  # type: ignore[attr-defined]
            found = self.of(node.left, path, tree, depth + 1)  # type: ignore[attr-defined]
            return found - {UNSET} or frozenset({UNKNOWN})
        if kind is ast.BoolOp and type(node.op) is ast.Or:  # type: ignore[attr-defined]
            return self._either(node.values, path, tree, depth)  # type: ignore[attr-defined]
        if kind is ast.IfExp:
            return self.of(node.body, path, tree, depth + 1) | self.of(node.orelse, path, tree, depth + 1)  # type: ignore[attr-defined]
        if kind is ast.Call:
            return self._read(node, path, tree, depth)  # type: ignore[arg-type]
        if kind is ast.Subscript and dotted_name(node.value) in _ENVIRON:  # type: ignore[attr-defined]
            return frozenset({CHOSEN})
        if kind is ast.Name:
            return self._name(node.id, node.lineno, path, tree, depth)  # type: ignore[attr-defined]
        if kind is ast.Attribute and type(node.value) is ast.Name:  # type: ignore[attr-defined]
            return self._attribute(node.value.id, node.attr, path, tree, depth)  # type: ignore[attr-defined]
        return frozenset({UNKNOWN})

    def _either(self, values: list[ast.expr], path: str, tree: ast.Module, depth: int) -> frozenset[str]:
        found: set[str] = set()
        for value in values:
            given = self.of(value, path, tree, depth + 1)
            found |= given - {UNSET}
            if UNSET not in given:
                return frozenset(found)
        return frozenset(found | {UNSET})

    def _read(self, call: ast.Call, path: str, tree: ast.Module, depth: int) -> frozenset[str]:
        callee = dotted_name(call.func)
        if callee in _ENV_READS:
            default = call.args[1] if len(call.args) > 1 else keyword_value(call, "default")
            return frozenset({CHOSEN}) | (self.of(default, path, tree, depth + 1) if default is not None else frozenset({UNSET}))
        default = keyword_value(call, "fallback") or keyword_value(call, "default")
        if default is not None:  # a settings reader's key, with its default
            return frozenset({CHOSEN}) | self.of(default, path, tree, depth + 1)
        return frozenset({UNKNOWN})

    def _name(self, name: str, line: int, path: str, tree: ast.Module, depth: int) -> frozenset[str]:
        owner = _class_around(tree, line)
        values = _assigned_in(owner.body, name, line) if owner is not None else []
        if not values:
            values = _assigned_in(_module_statements(tree), name, None)
        if values:
            found: frozenset[str] = frozenset()
            for value in values:
                found |= self.of(value, path, tree, depth + 1)
            return found
        for other, other_tree, original in self._imported(name, path, tree):
            return self._name(original, 0, other, other_tree, depth + 1)
        return frozenset({UNKNOWN})

    def _attribute(self, base: str, attr: str, path: str, tree: ast.Module, depth: int) -> frozenset[str]:
        for statement in _module_statements(tree):
            if type(statement) is ast.ClassDef and statement.name == base:
                values = _assigned_in(statement.body, attr, None)
                if values:
                    found: frozenset[str] = frozenset()
                    for value in values:
                        found |= self.of(value, path, tree, depth + 1)
                    return found
                return frozenset({UNKNOWN})
        for other, other_tree, _ in self._imported(base, path, tree, module=True):
            return self._name(attr, 0, other, other_tree, depth + 1)
        return frozenset({UNKNOWN})

    def _imported(self, name: str, path: str, tree: ast.Module, module: bool = False):
        """``(path, tree, name there)`` of the project module an import of ``path`` binds
        ``name`` from (``module``: the module bound to ``name`` itself)."""
        if self._listing is None:
            return
        for statement in ast.walk(tree):
            if type(statement) is ast.ImportFrom:
                for alias in statement.names:
                    if (alias.asname or alias.name) != name:
                        continue
                    files = self._modules().module_files(path, statement.level, statement.module)
                    if module:
                        dotted = f"{statement.module}.{alias.name}" if statement.module else alias.name
                        files = self._modules().module_files(path, statement.level, dotted)
                    yield from self._trees(files, alias.name)
            elif type(statement) is ast.Import and module:
                for alias in statement.names:
                    if (alias.asname or alias.name) == name:
                        yield from self._trees(self._modules().module_files(path, -1, alias.name), name)

    def _trees(self, files: list[str], name: str):
        if len(files) != 1:
            return
        text = self._reader.read_file(self._listing.relative(files[0]))
        tree = parsed(text) if text else None
        if tree is not None:
            yield files[0], tree, name

    def _modules(self) -> ProjectImports:
        if self._imports is None:
            self._imports = ProjectImports(self._reader)
        return self._imports


def _module_statements(tree: ast.Module) -> list[ast.stmt]:
    """The statements run at import: the module's, and those under its ``if``/``try``/``with``."""
    found: list[ast.stmt] = []
    pending = list(tree.body)
    while pending:
        statement = pending.pop(0)
        found.append(statement)
        if type(statement) in (ast.If, ast.Try, ast.With):
            for field in ("body", "orelse", "finalbody"):
                pending.extend(getattr(statement, field, ()))
            for handler in getattr(statement, "handlers", ()):
                pending.extend(handler.body)
    return found


def _assigned_in(statements: list[ast.stmt], name: str, before: int | None) -> list[ast.expr]:
    return [
        found[1]
        for statement in statements
        if (before is None or statement.lineno < before) and (found := assigned(statement)) is not None and found[0] == name
    ]


def _class_around(tree: ast.Module, line: int) -> ast.ClassDef | None:
    for node in ast.walk(tree):
        if type(node) is ast.ClassDef and node.lineno <= line <= (node.end_lineno or node.lineno):
            inner = [child for child in node.body if type(child) is ast.ClassDef and child.lineno <= line <= (child.end_lineno or 0)]
            return inner[0] if inner else node
    return None

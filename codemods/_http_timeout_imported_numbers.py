"""http-timeout: the number a name imported from another module of the project holds, read in
the module its import names.

A wait given as ``WAIT`` after ``from ..limits import WAIT`` (or as ``lim.WAIT`` after ``import
pkg.limits as lim``, ``Config.WAIT`` after ``from settings import Config``) carries where it
was imported from (``ImportedName.origins``, _http_timeout_bound_reads). Its module is found
among the project's files as Python would find it: a relative import from the importing
module's package, an absolute one from that module's folder or one above it up to the project
root; a package is read in its ``__init__``. There the name is read at the top level (under
a top-level ``if``/``try``/``with`` too); a class body only for a read through that class.
Where the module binds the name by importing it from another module, that import is followed
once more.

A name is told only where every binding of it there is a number (of several, the largest:
never a shorter wait than the code may give). A module the project does not have, a name
bound to anything else (a call, a loop's variable, a function, a second import), bound in a
function (``global``), or not bound at all (a star import it may come from) holds no number
told here: None, and the caller treats the wait as one of unknown length. Nothing is guessed
from another module that happens to bind the same name.
"""

from __future__ import annotations

import ast
import posixpath
from dataclasses import dataclass
from typing import Any

from ._ast_numbers import lookup_constants, number_of
from ._http_timeout_bound_reads import ConfiguredConstants, configured_constants
from ._http_timeout_default import reads_configuration, wait_constants
from ._parsed_modules import plain_fact
from ._http_timeout_imported import folders_up, module_file, top_level_statements
from ._project_view import MAX_MODULE_CHARS
from ._http_timeout_node_kinds import of_kinds

Origin = tuple[int, tuple[str, ...]]  # (the import's dots, the dotted parts from there to the name)

# a name bound otherwise than to a number, or by more than one import
_OTHERWISE = None


@dataclass(frozen=True)
class ModuleNumbers:
    """What the top level of a module binds: ``names``, each name bound there only to numbers
    (its largest) or ``None`` (bound otherwise too); ``imported``, each name it binds by one
    ``from ... import`` alone and where from; ``classes``, each top-level class bound once
    and its body's names, read as the top level's; ``configured``, what it binds to a
    configuration read (_http_timeout_bound_reads.configured_constants)."""

    names: dict[str, float | None]
    imported: dict[str, Origin]
    classes: dict[str, dict[str, float | None]]
    configured: ConfiguredConstants


def module_numbers(tree: ast.Module) -> ModuleNumbers:
    """``ModuleNumbers`` of ``tree`` (a plain fact: names and numbers, no node), with what it
    binds to a configuration read (``configured``: _http_timeout_configured reads those in
    the same module, from the same one reading of it)."""
    names, imported, counts = _bindings(list(top_level_statements(tree.body)))
    for node in of_kinds(tree, ast.Global):  # rebound in a function
        for name in node.names:
            names[name] = _OTHERWISE
            imported.pop(name, None)
    classes = {
        statement.name: _bindings(statement.body)[0]
        for statement in top_level_statements(tree.body)
        if isinstance(statement, ast.ClassDef) and counts[statement.name] == 1 and statement.name not in imported
    }
    constants, settings = wait_constants(tree), lookup_constants(tree)
    configured = configured_constants(tree, lambda value: reads_configuration(value, constants, settings))
    return ModuleNumbers(names, imported, classes, configured)


def _bindings(statements: list[ast.stmt]) -> tuple[dict[str, float | None], dict[str, Origin], dict[str, int]]:
    """What ``statements`` bind (see ``ModuleNumbers``), and how many times each name."""
    names: dict[str, float | None] = {}
    numbers: dict[str, float] = {}  # the numbers so far, for ``LONG = 2 * WAIT``
    imports: dict[str, Origin] = {}
    counts: dict[str, int] = {}
    for statement in statements:
        if isinstance(statement, ast.ImportFrom):
            module = tuple(part for part in (statement.module or "").split(".") if part)
            bound = [(alias.asname or alias.name, (statement.level, (*module, alias.name))) for alias in statement.names if alias.name != "*"]
            for local, origin in bound:
                imports[local] = origin
                names[local] = _OTHERWISE
                counts[local] = counts.get(local, 0) + 1
            continue
        if isinstance(statement, (ast.Assign, ast.AnnAssign)) and _plain_targets(statement):
            seconds = number_of(statement.value, numbers)
            for target in statement.targets if isinstance(statement, ast.Assign) else [statement.target]:
                name = target.id  # type: ignore[attr-defined]
                counts[name] = counts.get(name, 0) + 1
                if seconds is None or (name in names and names[name] is None):
                    names[name] = _OTHERWISE
                else:
                    names[name] = numbers[name] = max(seconds, names.get(name) or 0)
            continue
        for name in _stored_names(statement):
            names[name] = _OTHERWISE
            counts[name] = counts.get(name, 0) + 1
    return names, {name: origin for name, origin in imports.items() if counts[name] == 1}, counts


def _plain_targets(statement: ast.Assign | ast.AnnAssign) -> bool:
    """An assignment of a value to names only (``A = B = 30``; an annotation without a value binds none)."""
    if statement.value is None:
        return False
    targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
    return all(isinstance(target, ast.Name) for target in targets)


def _stored_names(statement: ast.stmt) -> set[str]:
    """The names ``statement`` binds (a def, a class, an import, a loop's or a ``with``'s
    variable ...); those of the statements in an ``if``/``try``/``with`` are theirs."""
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {statement.name}
    if isinstance(statement, ast.Import):
        return {alias.asname or alias.name.split(".")[0] for alias in statement.names}
    if isinstance(statement, (ast.If, ast.Try, ast.With, ast.AsyncWith)):
        heads = [statement.test] if isinstance(statement, ast.If) else [
            item.optional_vars for item in getattr(statement, "items", ()) if item.optional_vars is not None
        ]
    else:
        heads = [statement]
    return {node.id for head in heads for node in ast.walk(head) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}


def imported_number(reader: Any, importer: str, origin: Origin, follow: int = 1) -> float | None:
    """The number the name at ``origin``, imported in the project's module at ``importer``
    (a path from the project root), holds there; None when it cannot be told (see the
    module's docstring). ``reader`` offers ``project_files()`` and ``read_file()`` as a
    Context does."""
    listing = reader.project_files()
    if listing is None:
        return None
    files = frozenset(listing.files)
    told: set[float | None] = set()
    for path, rest in modules_of(files, importer, origin):
        text = reader.read_file(listing.relative(path))
        if text is None or len(text) > MAX_MODULE_CHARS:
            return None
        if not may_bind(text, rest[0]):  # (not parsed: it binds no such name)
            told.add(None)
            continue
        numbers = plain_fact(text, "http-timeout module numbers", module_numbers)
        told.add(_held(reader, path, numbers, rest, follow) if numbers is not None else None)
    # found from several folders (a module beside the importer and one at the root): only where all agree
    return told.pop() if len(told) == 1 else None


def may_bind(text: str, name: str) -> bool:
    """False when the module ``text`` surely binds no ``name`` (``ModuleNumbers`` then has no
    such name, import or class): an ASCII text that does not spell it. Not parsed then."""
    return name in text or not text.isascii()


def _held(reader: Any, path: str, numbers: ModuleNumbers, rest: tuple[str, ...], follow: int) -> float | None:
    first = rest[0]
    if first in numbers.imported:  # a re-export: followed once
        level, parts = numbers.imported[first]
        return imported_number(reader, path, (level, (*parts, *rest[1:])), follow - 1) if follow > 0 else None
    if len(rest) == 1:
        return numbers.names.get(first)
    if len(rest) == 2 and first in numbers.classes:
        return numbers.classes[first].get(rest[1])
    return None


def modules_of(files: frozenset[str], importer: str, origin: Origin) -> list[tuple[str, tuple[str, ...]]]:
    """The project's files the dotted ``origin`` imported at ``importer`` may start with (one
    per folder it may be found from: the longest module there), each with the parts left."""
    level, parts = origin
    folder = posixpath.dirname(importer)
    if level:
        for _ in range(level - 1):
            folder = posixpath.dirname(folder)
        bases, smallest = [folder], 0
    else:
        bases, smallest = folders_up(folder), 1
    found = []
    for base in bases:
        for covered in range(len(parts) - 1, smallest - 1, -1):
            path = module_file(files, posixpath.join(base, *parts[:covered]), package=not covered)
            if path is not None:
                found.append((path, parts[covered:]))
                break
    return found

"""http-timeout: waits read from the configuration on their way to a call — through a name or an
attribute bound to a configuration read (``timeout = current_app.config.get("HTTP_TIMEOUT",
120)``, ``self.timeout = app.config["HTTP_TIMEOUT"]``, ``TIMEOUT =
float(os.environ["HTTP_TIMEOUT"])``), a module constant of another module of the project
(``from app.settings import HTTP_TIMEOUT``, ``settings.HTTP_TIMEOUT``), and a wrapper's
``kwargs.setdefault("timeout", <configuration read>)`` handed on as ``**kwargs``.

A name is read wherever the module binds it (in a function, a class or at the top level):
where one of its bindings is a configuration read the wait may be configured, and no number
is guessed for it (the safe direction: the call is reported). What a configuration read is,
is the caller's (``reads``: _http_timeout_default).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

from ._ast_walk import functions_around
from ._parsed_modules import plain_tree_fact
from ._http_timeout_node_kinds import of_kinds

Reads = Callable[[ast.AST], bool]


@dataclass(frozen=True)
class BoundReads:
    """The names and attribute names ``tree`` binds (somewhere) to a configuration read, and
    the ids of the calls that hand on a ``**kwargs`` given a configured wait by
    ``setdefault``."""

    names: frozenset[str]
    attributes: frozenset[str]
    handed_on: frozenset[int]

    def reads(self, value: ast.AST) -> bool:
        """Whether a call's wait ``value`` is one of these names or ``x.attribute``s."""
        return _names_one_of(value, self.names, self.attributes)


def _names_one_of(value: ast.AST, names: set[str] | frozenset[str], attributes: set[str] | frozenset[str]) -> bool:
    """``value`` is one of ``names``, or an attribute named one of ``attributes`` or ``names``
    (a class attribute bound in a class body, read as ``Config.HTTP_TIMEOUT`` or
    ``self.HTTP_TIMEOUT``)."""
    if isinstance(value, ast.Name):
        return value.id in names
    return isinstance(value, ast.Attribute) and (value.attr in attributes or value.attr in names)


def bound_reads(tree: ast.Module, reads: Reads, is_wait_name: Callable[[str], bool]) -> BoundReads:
    names: set[str] = set()
    attributes: set[str] = set()
    bindings = [(target, value, reads(value)) for target, value in _bindings(tree)]
    changed = True
    while changed:  # a name bound to a name bound to a read (``t = TIMEOUT``)
        changed = False
        for target, value, read in bindings:
            if not read and not _names_one_of(value, names, attributes):
                continue
            if isinstance(target, ast.Name) and target.id not in names:
                names.add(target.id)
                changed = True
            elif isinstance(target, ast.Attribute) and target.attr not in attributes:
                attributes.add(target.attr)
                changed = True
    found = BoundReads(frozenset(names), frozenset(attributes), frozenset())
    handed_on = _handed_on(tree, lambda value: reads(value) or found.reads(value), is_wait_name)
    return BoundReads(found.names, found.attributes, handed_on)


def _bindings(tree: ast.Module):
    """``(target, value)`` of every assignment of ``tree`` to a name or an attribute (the
    parts of a tuple assigned from a tuple of as many)."""
    for node in of_kinds(tree, _BINDINGS):
        yield from _bindings_of(node)


_BINDINGS = (ast.Assign, ast.AnnAssign, ast.NamedExpr)  # what ``_bindings_of`` reads


def _bindings_of(node: ast.AST):
    if isinstance(node, ast.Assign):
        for target in node.targets:
            yield from _pairs(target, node.value)
    elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
        yield node.target, node.value


def _pairs(target: ast.AST, value: ast.AST):
    if isinstance(target, (ast.Tuple, ast.List)):
        if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts):
            for part, part_value in zip(target.elts, value.elts):
                yield from _pairs(part, part_value)
    elif isinstance(target, (ast.Name, ast.Attribute)):
        yield target, value


def _handed_on(tree: ast.Module, reads: Reads, is_wait_name: Callable[[str], bool]) -> frozenset[int]:
    """The calls of a function that hands on ``**kwargs`` after giving it a configured wait
    (``kwargs.setdefault("timeout", app.config["HTTP_TIMEOUT"])``, ``kwargs["timeout"] = ...``):
    a call in a function (its decorators and defaults included, and the functions in it) that
    hands on a name some statement anywhere in that function gives a configured wait.

    Read off the module's one walk and the functions around each of its nodes
    (``functions_around``, shared with the module's other analyses), asked only in a module
    that hands on a ``**name``."""
    if not any(_mappings_handed_on(node) for node in of_kinds(tree, ast.Call)):
        return frozenset()
    around = functions_around(tree)
    given: dict[int, set[str]] = {}  # id of a function -> the names its nodes give a configured wait
    handing: list[tuple[tuple[int, ...], ast.Call]] = []  # (the functions around it, a call handing on **name)
    for node in of_kinds(tree, (ast.Call, ast.Assign)):  # (nothing else gives a mapping a wait or hands one on)
        functions = tuple(id(f) for f in around.get(id(node), ()) if not isinstance(f, ast.Lambda))
        if functions:
            for name in _configured_keys(node, reads, is_wait_name):
                for function in functions:
                    given.setdefault(function, set()).add(name)
            if isinstance(node, ast.Call) and _mappings_handed_on(node):
                handing.append((functions, node))
    return frozenset(
        id(call)
        for functions, call in handing
        if any(name in given.get(function, ()) for function in functions for name in _mappings_handed_on(call))
    )


def _mappings_handed_on(call: ast.Call) -> list[str]:
    """The names ``call`` hands on as ``**name``."""
    return [keyword.value.id for keyword in call.keywords if keyword.arg is None and isinstance(keyword.value, ast.Name)]


def _configured_keys(node: ast.AST, reads: Reads, is_wait_name: Callable[[str], bool]):
    """The name of a mapping ``node`` gives a configured wait to, if it does."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "setdefault"
        and isinstance(node.func.value, ast.Name)
        and len(node.args) == 2
        and _wait_key(node.args[0], is_wait_name)
        and reads(node.args[1])
    ):
        yield node.func.value.id
    elif isinstance(node, ast.Assign) and reads(node.value):
        for target in node.targets:
            if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and _wait_key(target.slice, is_wait_name):
                yield target.value.id


def _wait_key(node: ast.AST, is_wait_name: Callable[[str], bool]) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and is_wait_name(node.value)


@dataclass(frozen=True)
class ConfiguredConstants:
    """What a module binds to a configuration read, for another module to import: ``names``
    at its top level, ``classes`` in the body of each of its top-level classes (read as
    ``Config.HTTP_TIMEOUT``)."""

    names: frozenset[str]
    classes: dict[str, frozenset[str]]


def configured_constants(tree: ast.Module, reads: Reads) -> ConfiguredConstants:
    """The names the top level of ``tree`` binds to a configuration read (``HTTP_TIMEOUT =
    int(os.environ.get("HTTP_TIMEOUT", 120))``), also under a top-level ``if``/``try``/``with``,
    and apart from them those the body of each top-level class binds to one (``class Config:
    HTTP_TIMEOUT = ...``): another module may import them."""
    classes: dict[str, frozenset[str]] = {}
    names = _bound_to_reads(tree.body, reads, classes)
    return ConfiguredConstants(names, classes)


def _bound_to_reads(body: list[ast.stmt], reads: Reads, classes: dict[str, frozenset[str]] | None) -> frozenset[str]:
    """The names ``body`` binds to a read, under its ``if``/``try``/``with`` too; with
    ``classes``, the names of each class's body go there (a nested class's into its own)."""
    found: set[str] = set()
    statements = list(body)
    while statements:
        statement = statements.pop()
        if isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None:
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            if reads(statement.value):
                found.update(target.id for target in targets if isinstance(target, ast.Name))
        elif isinstance(statement, ast.ClassDef):
            if classes is not None:
                classes[statement.name] = _bound_to_reads(statement.body, reads, None)
        elif isinstance(statement, (ast.If, ast.Try, ast.With)):
            for field in ("body", "orelse", "finalbody"):
                statements.extend(getattr(statement, field, ()))
            statements.extend(part for handler in getattr(statement, "handlers", ()) for part in handler.body)
    return frozenset(found)


def imported_names(tree: ast.Module) -> Callable[[ast.AST], str | None]:
    """For a call's wait, the name in another module it may be: a name the module imports
    (``HTTP_TIMEOUT`` after ``from app.settings import HTTP_TIMEOUT``; its name there; any
    name after a star import), or an attribute of something it imports
    (``settings.HTTP_TIMEOUT`` after ``from app import settings``, ``pkg.settings.X`` after
    ``import pkg.settings``, ``Config.HTTP_TIMEOUT`` after ``from config import Config``).
    Found once per tree (``plain_tree_fact``: the function holds names, no node)."""
    return plain_tree_fact(tree, "http-timeout imported names", _imported_names)


class ImportedName(str):
    """A name in another module a wait may be (its name there), with ``origins``: each import
    it may come by, as ``(dots, dotted parts from there to the name)`` (``(2, ("limits",
    "WAIT"))`` after ``from ..limits import WAIT``; ``(0, ("settings", "Config", "WAIT"))`` for
    ``settings.Config.WAIT`` after ``import settings``); read there by
    _http_timeout_imported_numbers."""

    origins: tuple[tuple[int, tuple[str, ...]], ...] = ()


def _named(name: str, origins) -> ImportedName:
    found = ImportedName(name)
    found.origins = tuple(sorted(set(origins)))
    return found


def _imported_names(tree: ast.Module) -> Callable[[ast.AST], str | None]:
    from_imports = _from_imports(tree)
    imported = _imported(tree, from_imports)
    origins = _import_origins(tree)
    stars = origins.get("*", [])  # any name the module does not bind may come from there
    starred = bool(stars)

    def imported_name(value: ast.AST) -> str | None:
        if isinstance(value, ast.Name):
            if value.id in from_imports:
                return _named(from_imports[value.id], origins.get(value.id, ()))
            return _named(value.id, [(level, (*parts, value.id)) for level, parts in stars]) if starred else None
        if isinstance(value, ast.Attribute):
            root = value.value
            chain = [value.attr]
            while isinstance(root, ast.Attribute):  # pkg.settings.HTTP_TIMEOUT, settings.Config.X
                chain.append(root.attr)
                root = root.value
            if isinstance(root, ast.Name) and root.id in imported:
                return _named(value.attr, [(level, (*parts, *reversed(chain))) for level, parts in origins.get(root.id, ())])
            if isinstance(root, ast.Name) and starred:
                return _named(value.attr, [(level, (*parts, root.id, *reversed(chain))) for level, parts in stars])
        return None

    # a name or attribute the module binds to such a constant (``self.timeout =
    # settings.HTTP_TIMEOUT``, ``wait = HTTP_TIMEOUT``): the constant's name
    held: dict[tuple[str, str], str] = {}
    class_level = {id(statement) for node in of_kinds(tree, ast.ClassDef) for statement in node.body}
    for node in of_kinds(tree, _BINDINGS):
        for target, bound in _bindings_of(node):
            name = imported_name(bound)
            if name is not None:
                held[_key(target)] = name
                if id(node) in class_level and isinstance(target, ast.Name):  # a class attribute, read as self.name
                    held[("attribute", target.id)] = name

    def name_of(value: ast.AST) -> str | None:
        direct = imported_name(value)
        if direct is not None or not isinstance(value, (ast.Name, ast.Attribute)):
            return direct
        return held.get(_key(value))

    return name_of


def _key(node: ast.AST) -> tuple[str, str]:
    """A bound name as ``("name", id)``, an attribute as ``("attribute", attr)``."""
    return ("name", node.id) if isinstance(node, ast.Name) else ("attribute", getattr(node, "attr", ""))


def _from_imports(tree: ast.Module) -> dict[str, str]:
    return {
        alias.asname or alias.name: alias.name
        for node in of_kinds(tree, ast.ImportFrom)
        for alias in node.names
    }


def _import_origins(tree: ast.Module) -> dict[str, list[tuple[int, tuple[str, ...]]]]:
    """Each name the module's imports bind, with what each binds it to (its dots and dotted
    parts: ``import pkg.mod`` binds ``pkg`` to ``(0, ("pkg",))``); ``"*"``: the modules of its
    star imports."""
    found: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for node in of_kinds(tree, (ast.ImportFrom, ast.Import)):
        if isinstance(node, ast.ImportFrom):
            module = tuple(part for part in (node.module or "").split(".") if part)
            for alias in node.names:
                if alias.name == "*":
                    found.setdefault("*", []).append((node.level, module))
                else:
                    found.setdefault(alias.asname or alias.name, []).append((node.level, (*module, alias.name)))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = tuple(alias.name.split("."))
                found.setdefault(alias.asname or parts[0], []).append((0, parts if alias.asname else parts[:1]))
    return found


def _imported(tree: ast.Module, from_imports: dict[str, str]) -> set[str]:
    found = set(from_imports)
    for node in of_kinds(tree, ast.Import):
        found.update(alias.asname or alias.name.split(".")[0] for alias in node.names)
    return found

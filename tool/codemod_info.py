"""What ``list`` and ``explain`` show of each codemod, read without importing the codemods.

Importing the codemods imports LibCST (about a second). ``list`` and ``explain`` only need each
codemod's NAME, SUMMARY, SAFETY, ORDER, docstring and OPTIONS, which are literals in its module
or in the base class it takes from a sibling module (``UpgradeCodemod``, ``PolicyCodemod``):
they are read with ``ast`` (the class statements only). Whatever is not a plain literal (a
computed SUMMARY, an option built from a custom class) is taken from the imported class instead,
for that codemod only. tests/tool/test_startup.py checks this information against the classes.

(Not in codemods/: codemods never open files.)
"""

from __future__ import annotations

import ast
import importlib
import inspect
import os
import pkgutil
import re
from functools import lru_cache, partial
from typing import Any

from . import codemods as package  # the registry, looked up at each call: it may be extended (tests do)
from .codemods import Codemod, Option, UsageError, get_codemod
from .codemods._base import DEFAULT_GROUPS
from .codemods._registry import OWN_ALL_CODEMODS
from .codemods._flask_versions import LegacyForm


class CodemodInfo:
    """A codemod as `list` and `explain` see it (the same attributes as the class)."""

    def __init__(self, module: str, fields: dict, doc: str | None, options: dict | None, catalogue: Any = (), class_name: str = "", raw_doc: str | None = None) -> None:
        self.module = module
        self.class_path = f"{module}.{class_name}"  # where the class is: part of a cache entry's key
        self.NAME: str = fields["NAME"]
        self.SUMMARY: str = fields["SUMMARY"]
        self.SAFETY: str = fields.get("SAFETY", Codemod.SAFETY)
        self.GROUP: str = fields.get("GROUP", Codemod.GROUP)
        self.ORDER: int = fields.get("ORDER", Codemod.ORDER)
        self._doc = doc  # None: ``raw_doc`` cleaned as the class's docstring is, when first asked
        self._raw_doc = raw_doc
        self._options = options
        # None: the class declares one (not literal: ask the class); a function: read it when first asked
        self._catalogue = catalogue

    @property
    def OPTIONS(self) -> dict:
        if self._options is None:  # not literal: ask the class itself
            self._options = dict(self.load().OPTIONS)
        return self._options

    @property
    def CATALOGUE(self) -> tuple:
        """An upgrade codemod's legacy forms (``LegacyForm`` rows), empty for the others."""
        if callable(self._catalogue):  # the literal rows, or None when they are not plain literals
            self._catalogue = self._catalogue()
        if self._catalogue is None:
            self._catalogue = tuple(getattr(self.load(), "CATALOGUE", ()))
        return self._catalogue

    def documentation(self) -> str:
        if self._doc is None:
            self._doc = inspect.cleandoc(self._raw_doc) if self._raw_doc is not None else ""
        return self._doc

    def runs_by_default(self) -> bool:
        """As Codemod.runs_by_default: policy codemods run only when selected."""
        return self.GROUP in DEFAULT_GROUPS

    def load(self) -> type[Codemod]:
        return get_codemod(self.NAME)

    def __call__(self) -> Codemod:
        """An instance of the codemod, as its class gives (the class imported now): a run holds
        the information where it held the classes."""
        return self.load()()

    def __repr__(self) -> str:
        return f"<codemod info {self.NAME}>"


class _NotLiteral(Exception):
    pass


_BINARY = {
    "Add": lambda a, b: a + b,
    "Sub": lambda a, b: a - b,
    "Mult": lambda a, b: a * b,
    "Div": lambda a, b: a / b,
    "FloorDiv": lambda a, b: a // b,
    "Pow": lambda a, b: a**b,
}
_OPTION_TYPES = {"int": int, "float": float, "bool": bool, "str": str}


def _literal(node, constants: dict | None = None):
    """A plain literal (numbers, strings, tuples of them, simple arithmetic); with
    ``constants``, a name among them too."""
    if isinstance(node, ast.Name) and constants is not None and node.id in constants:
        return constants[node.id]
    if isinstance(node, ast.Tuple):
        return tuple(_literal(item, constants) for item in node.elts)
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float, bool)) or (
        isinstance(node, ast.Constant) and node.value is None
    ):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        value = _literal(node.operand)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return -value
    if isinstance(node, ast.BinOp) and type(node.op).__name__ in _BINARY:
        left, right = _literal(node.left), _literal(node.right)
        if type(left) is type(right) and not isinstance(left, bool) and (isinstance(left, (int, float)) or (isinstance(left, str) and isinstance(node.op, ast.Add))):
            if isinstance(node.op, ast.Pow) and isinstance(right, int) and right > 64:
                raise _NotLiteral
            return _BINARY[type(node.op).__name__](left, right)
    raise _NotLiteral


def _options_literal(node, option_classes: set[str]) -> dict | None:
    """OPTIONS = {"name": Option(int, 300, "help"), ...} as Option objects; None if not literal."""
    if not isinstance(node, ast.Dict):
        return None
    options = {}
    try:
        for key, value in zip(node.keys, node.values):
            if key is None or not isinstance(value, ast.Call) or value.keywords or len(value.args) != 3:
                return None
            if not (isinstance(value.func, ast.Name) and value.func.id in option_classes):
                return None
            kind = value.args[0]
            if not (isinstance(kind, ast.Name) and kind.id in _OPTION_TYPES):
                return None
            default, help_text = _literal(value.args[1]), _literal(value.args[2])
            name = _literal(key)
            if not isinstance(name, str) or not isinstance(help_text, str):
                return None
            options[name] = Option(_OPTION_TYPES[kind.id], default, help_text)
    except _NotLiteral:
        return None
    return options


_CONSTANT = re.compile(r"^([A-Z][A-Z0-9_]*) = (.+)$", re.M)


def _catalogue_literal(node, source: str) -> tuple | None:
    """``CATALOGUE = (LegacyForm("old", "new", "Flask 2.2", "Flask 2.3", "safe", SINCE), ...)``
    as LegacyForm rows, the module's one-line constants (``SINCE = (2, 2)``) resolved; None
    when it is not that plain (the class is asked then)."""
    if not isinstance(node, ast.Tuple):
        return None
    constants = {}
    for match in _CONSTANT.finditer(source):
        try:
            constants[match.group(1)] = _literal(ast.parse(match.group(2), mode="eval").body)
        except (SyntaxError, _NotLiteral):
            continue
    rows = []
    try:
        for row in node.elts:
            if not (isinstance(row, ast.Call) and isinstance(row.func, ast.Name) and row.func.id == "LegacyForm"):
                return None
            arguments = [_literal(argument, constants) for argument in row.args]
            keywords = {k.arg: _literal(k.value, constants) for k in row.keywords if k.arg is not None}
            if len(keywords) != len(row.keywords):
                return None
            rows.append(LegacyForm(*arguments, **keywords))
    except (_NotLiteral, TypeError):
        return None
    return tuple(rows)


def _class_source(source: str, path: str):
    """The module's top-level classes parsed alone (much cheaper than the whole module):
    from each ``class`` line to the next line at column 0; the whole module when that cut
    does not parse."""
    lines = source.splitlines(keepends=True)
    kept: list[str] = []
    inside = False
    for line in lines:
        if line[:1] not in ("", " ", "\t", "\n", "\r", "#"):
            inside = line.startswith("class ")
        elif inside and line.startswith(("    def ", "    async def ", "    @")):
            inside = False  # the methods: not needed (class attributes come first)
            kept.append("    pass\n")
        if inside:
            kept.append(line)
    try:
        return ast.parse("".join(kept), path)
    except SyntaxError:
        return ast.parse(source, path)


_RELATIVE_IMPORT = re.compile(r"^from \.(\w+) import (\([^)]*\)|[^\n]*)", re.M)
_HEADER = ("NAME", "SUMMARY", "SAFETY", "GROUP", "ORDER")


def _imported_from(source: str, name: str) -> tuple[str, str] | None:
    """(module, name there) of ``name`` when ``source`` imports it from a sibling module
    (``from ._upgrade_support import UpgradeCodemod``); None otherwise."""
    for match in _RELATIVE_IMPORT.finditer(source):
        listed = re.sub(r"#[^\n]*", "", match.group(2)).strip("() \n")
        for alias in listed.split(","):
            words = alias.split()
            if words and words[-1] == name and (len(words) == 1 or words[1:2] == ["as"]):
                return match.group(1), words[0]
    return None


@lru_cache(maxsize=None)
def _parsed(path: str) -> tuple[str, ast.Module]:
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    return source, _class_source(source, path)


class _Header:
    """A codemod class's header literals, its bases' first (None where not literal)."""

    def __init__(self) -> None:
        self.fields: dict = {}
        self.options: dict | None = {}
        self.catalogue: Any = ()  # or a function that reads the literal rows (only explain needs them)

    def read(self, cls: ast.ClassDef, source: str, option_classes: set[str]) -> bool:
        """Take what ``cls``'s body assigns; False when a header field is not literal."""
        for statement in cls.body:
            if not (isinstance(statement, (ast.Assign, ast.AnnAssign))) or statement.value is None:
                continue
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            for name in [t.id for t in targets if isinstance(t, ast.Name)]:
                if name in _HEADER:
                    try:
                        self.fields[name] = _literal(statement.value)
                    except _NotLiteral:
                        return False
                elif name == "OPTIONS":
                    self.options = _options_literal(statement.value, option_classes)
                elif name == "CATALOGUE":
                    self.catalogue = partial(_catalogue_literal, statement.value, source)
                elif name in ("documentation", "__doc__"):
                    return False
        return "def documentation(" not in source or not re.search(r"^\s+def documentation\(", source, re.M)  # overridden: not static


def _inherit(cls: ast.ClassDef, source: str, path: str, header: _Header, depth: int = 0) -> bool:
    """Fill ``header`` with what ``cls`` inherits: ``Codemod``'s defaults, or what a base
    class of a sibling module (``from ._upgrade_support import UpgradeCodemod``) says, read
    there the same way. False when ``cls`` is not a codemod class or its bases are not plain
    literals."""
    if len(cls.bases) != 1 or cls.keywords or not isinstance(cls.bases[0], ast.Name) or depth > 4:
        return False
    base = cls.bases[0].id
    if base == "Codemod":
        return True
    origin = _imported_from(source, base)
    if origin is None:
        return False
    base_path = os.path.join(os.path.dirname(path), origin[0] + ".py")
    if not os.path.isfile(base_path):
        return False
    base_source, base_tree = _parsed(base_path)
    classes = [n for n in base_tree.body if isinstance(n, ast.ClassDef) and n.name == origin[1]]
    return (
        len(classes) == 1
        and _inherit(classes[0], base_source, base_path, header, depth + 1)
        and header.read(classes[0], base_source, {"Option"})
    )


def _static_info(module_name: str, path: str) -> CodemodInfo | None:
    """The info of the one codemod class in ``path``, or None when it is not plain literals."""
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    tree = _class_source(source, path)
    option_classes = {"Option"}
    found = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            bases = {b.id for b in node.bases if isinstance(b, ast.Name)}
            if bases & option_classes:
                option_classes.add(node.name)
            header = _Header()
            if _inherit(node, source, path, header):
                found.append((node, header))
    if len(found) != 1:
        return None
    cls, header = found[0]
    if not header.read(cls, source, option_classes):
        return None
    fields = header.fields
    if not isinstance(fields.get("NAME"), str) or not isinstance(fields.get("SUMMARY"), str):
        return None
    if not isinstance(fields.get("SAFETY", ""), str) or not isinstance(fields.get("GROUP", ""), str) or type(fields.get("ORDER", 0)) is not int:
        return None
    raw_doc = ast.get_docstring(cls, clean=False)  # cleaned when first asked (as clean=True does)
    return CodemodInfo(module_name, fields, None, header.options, header.catalogue, cls.name, raw_doc)


@lru_cache(maxsize=None)
def all_info() -> tuple[CodemodInfo, ...]:
    """Every codemod's NAME, SUMMARY, SAFETY, ORDER, documentation and OPTIONS, in engine
    order, without importing the codemods (so without LibCST) where their modules say it in
    literals."""
    package_name, package_path = package.__name__, package.__path__

    infos = []
    for found in sorted(pkgutil.iter_modules(package_path), key=lambda m: m.name):
        if found.name.startswith("_"):
            continue
        module_name = f"{package_name}.{found.name}"
        path = os.path.join(getattr(found.module_finder, "path", ""), found.name + ".py")
        static = None
        try:
            if os.path.isfile(path):
                static = _static_info(module_name, path)
        except (OSError, SyntaxError, ValueError):
            static = None
        if static is None:  # not plain literals: import this one
            module = importlib.import_module(module_name)
            classes = [
                obj
                for obj in vars(module).values()
                if isinstance(obj, type) and issubclass(obj, Codemod) and obj is not Codemod and obj.__module__ == module.__name__
            ]
            if len(classes) != 1:
                return tuple(_from_classes(tuple(package.all_codemods())))  # let the registry report it
            cls = classes[0]
            fields = {"NAME": cls.NAME, "SUMMARY": cls.SUMMARY, "SAFETY": cls.SAFETY, "GROUP": cls.GROUP, "ORDER": cls.ORDER}
            static = CodemodInfo(module_name, fields, cls.documentation(), dict(cls.OPTIONS), tuple(getattr(cls, "CATALOGUE", ())), cls.__qualname__)
        infos.append(static)
    return tuple(sorted(infos, key=lambda i: (i.ORDER, i.NAME)))


@lru_cache(maxsize=None)
def _from_classes(classes: tuple) -> list[CodemodInfo]:
    """The info of each class (one object per class, however often asked)."""
    return [
        CodemodInfo(
            c.__module__,
            {"NAME": c.NAME, "SUMMARY": c.SUMMARY, "SAFETY": c.SAFETY, "GROUP": c.GROUP, "ORDER": c.ORDER},
            c.documentation(),
            dict(c.OPTIONS),
            tuple(getattr(c, "CATALOGUE", ())),
            c.__qualname__,
        )
        for c in classes
    ]


def registered() -> tuple[CodemodInfo, ...]:
    """Every codemod as the registry knows it now, in engine order: read without importing
    the codemods (``all_info``), unless the registry was extended with other classes (tests
    do), whose info comes from those classes."""
    if package.all_codemods is OWN_ALL_CODEMODS:
        return all_info()
    return tuple(_from_classes(tuple(package.all_codemods())))


def selected(select: list[str] | None = None, skip: list[str] | None = None) -> tuple[CodemodInfo, ...]:
    """``select_codemods`` as information: the codemods to run, without importing them."""
    return package.select_from(registered(), select, skip)


def info(name: str) -> CodemodInfo:
    """The information on the codemod ``name``; UsageError (as get_codemod) when there is none."""
    every = registered()
    found = _by_name(every).get(name)
    if found is None:
        raise UsageError(f"unknown codemod {name!r} (known: {', '.join(i.NAME for i in every)})")
    return found


@lru_cache(maxsize=None)
def _by_name(infos: tuple[CodemodInfo, ...]) -> dict[str, CodemodInfo]:
    return {entry.NAME: entry for entry in infos}

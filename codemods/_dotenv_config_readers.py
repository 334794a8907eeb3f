"""dotenv-config: how a module gets its environment, read off its top level.

A module may load ``.env`` itself (python-dotenv's ``load_dotenv(...)``, environs'
``env.read_env()``), read its environment through a reader of its own (environs' ``Env``,
python-decouple's ``config``, dynaconf), or run other code at its top level. What that
allows (``blocker``):

- a ``.env`` load that finds the project's ``.env`` (no path of its own: the search starts
  at the module's folder, as the added ``load_dotenv()``'s) before a value: the value moves
  and no second load is added (a load only after it gets one before the first read, the
  rewrite's business); one from a path of its own may not find the ``.env`` written: the
  value stays;
- environs with a ``read_env()`` before the value: the value is read back with environs'
  own typed reads (``_read_back_with``); environs without one, python-decouple or dynaconf:
  the value stays (the module has a way to configure it; a second mechanism beside it is
  not the project's);
- for the constants of a settings module, other code at its top level (a call that is not a
  ``.env`` load) may set or read them: moving them is not provably the same program, they
  stay.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Callable

import libcst as cst

from ._dotenv_config_values import EnvValue, _without_parentheses, quoted
from ._names import dotted_name, import_bindings

_LOADERS = frozenset({"dotenv.load_dotenv", "dotenv.main.load_dotenv"})
_ENVIRONS = frozenset({"environs.Env"})
_OTHER_READERS = {"decouple": "python-decouple", "dynaconf": "dynaconf"}


@dataclass(frozen=True)
class Load:
    line: int
    found: bool  # finds the project's .env: no path of its own
    environs: bool = False


@dataclass
class TopLevel:
    """What the module's top level does besides setting values."""

    loads: list[Load] = field(default_factory=list)
    other_code: int = 0  # line of the first top-level call that is no .env load (0: none)
    environs: str = ""  # the name bound to environs' ``Env()``
    reader: str = ""  # another reader the module imports (python-decouple, dynaconf)
    guarded: int = 0  # line of the first .env load under a condition (an if, a loop, a handler)
    bound: dict[str, list[int]] = field(default_factory=dict)  # name -> lines of its top-level bindings
    # attribute name -> lines of top-level writes to it (``Config.SECRET_KEY = ...``)
    attributes: dict[str, list[int]] = field(default_factory=dict)
    project_reader: str = ""  # the project's reader elsewhere, not at hand here (_dotenv_config_project_readers)


def _imported_names(tree: ast.Module) -> dict[str, str]:
    """Import bindings of the module's top level (also inside a top-level ``try``): local
    name -> dotted name it stands for."""
    return {
        name: target
        for statement in _top_level_statements(tree.body)
        if isinstance(statement, (ast.Import, ast.ImportFrom))
        for name, target in import_bindings(statement) or ()
    }


def _top_level_statements(body: list[ast.stmt]):
    """The statements run at import: the module's, and those of its top-level blocks (not of
    a def or class)."""
    for statement in body:
        yield statement
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for name in ("body", "orelse", "finalbody"):
            yield from _top_level_statements(getattr(statement, name, []) or [])
        for handler in getattr(statement, "handlers", []) or []:
            yield from _top_level_statements(handler.body)
def _resolved(node: ast.expr, names: dict[str, str]) -> str:
    dotted = dotted_name(node) or ""
    head, _, rest = dotted.partition(".")
    if head not in names:
        return ""
    return names[head] + ("." + rest if rest else "")


def _own_path(call: ast.Call, names: dict[str, str]) -> bool:
    """Whether a load names a file of its own (``load_dotenv(path)``, ``read_env(path)``) or
    looks in its own folder only (``read_env(recurse=False)``); ``find_dotenv()`` with no
    argument searches as the plain call does."""
    if any(k.arg == "recurse" and not (isinstance(k.value, ast.Constant) and k.value.value is True) for k in call.keywords):
        return True
    given = [*call.args[:1], *(k.value for k in call.keywords if k.arg in ("dotenv_path", "path", "stream"))]
    for value in given:
        if isinstance(value, ast.Constant) and value.value is None:
            continue
        if isinstance(value, ast.Call) and _resolved(value.func, names).endswith("find_dotenv") and not value.args and not value.keywords:
            continue
        return True
    return False


def top_level(tree: ast.Module | None) -> TopLevel:
    found = TopLevel()
    if tree is None:
        return found
    names = _imported_names(tree)
    for dotted in names.values():
        reader = _OTHER_READERS.get(dotted.split(".")[0])
        if reader and not found.reader:
            found.reader = reader
    _walk(tree.body, found, names, conditional=False)
    return found


def _walk(body: list[ast.stmt], found: TopLevel, names: dict[str, str], conditional: bool) -> None:
    """The statements run at import (``conditional``: maybe not, or more than once: under an
    ``if``, in a loop, a handler, after a statement of a ``try`` or ``with`` body that may
    raise): the loads, the names bound, the other code."""
    for statement in body:
        kind = type(statement)
        line = statement.lineno
        if kind not in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda):
            for node in _own_expressions(statement):  # ``(KEY := ...)`` binds at the top level too
                if type(node) is ast.NamedExpr:
                    _bind(found, [node.target.id], line)  # type: ignore[attr-defined]
        if kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
            _bind(found, [statement.name], line)  # type: ignore[attr-defined]
        elif kind in (ast.If, ast.While, ast.For, ast.AsyncFor):
            if kind in (ast.For, ast.AsyncFor):
                _bind(found, _names_in(statement.target), line)  # type: ignore[attr-defined]
            _walk(statement.body, found, names, True)  # type: ignore[attr-defined]
            _walk(statement.orelse, found, names, True)  # type: ignore[attr-defined]
        elif kind in (ast.With, ast.AsyncWith):
            for item in statement.items:  # type: ignore[attr-defined]
                if item.optional_vars is not None:
                    _bind(found, _names_in(item.optional_vars), line)
            _walk_block(statement.body, found, names, conditional)  # type: ignore[attr-defined]
        elif kind.__name__ in ("Try", "TryStar"):
            _walk_block(statement.body, found, names, conditional)  # type: ignore[attr-defined]
            for handler in statement.handlers:  # type: ignore[attr-defined]
                if handler.name:
                    _bind(found, [handler.name], handler.lineno)
                _walk(handler.body, found, names, True)
            # else runs only where the body raised nothing a handler caught
            _walk(statement.orelse, found, names, conditional or not all(map(imports_dotenv, statement.body)))  # type: ignore[attr-defined]
            _walk(statement.finalbody, found, names, conditional)  # type: ignore[attr-defined]
        elif kind.__name__ == "Match":
            for case in statement.cases:  # type: ignore[attr-defined]
                _walk(case.body, found, names, True)
        elif kind in (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Delete):
            _assignment(statement, found, names)
        elif kind in (ast.Import, ast.ImportFrom):
            _bind(found, [name for name, _ in import_bindings(statement) or ()], line)
        elif kind is ast.Expr and isinstance(statement.value, ast.Call):  # type: ignore[attr-defined]
            _call(statement.value, line, found, names, conditional)  # type: ignore[attr-defined]


def _own_expressions(statement: ast.stmt):
    """The nodes of ``statement`` outside the lambdas in it (whose names are their own) and
    outside its nested statements' bodies (walked on their own)."""
    pending = [child for child in ast.iter_child_nodes(statement) if not isinstance(child, ast.stmt)]
    while pending:
        node = pending.pop()
        yield node
        if not isinstance(node, ast.Lambda):  # (a comprehension's := binds in the module)
            pending.extend(ast.iter_child_nodes(node))


def _walk_block(body: list[ast.stmt], found: TopLevel, names: dict[str, str], conditional: bool) -> None:
    """A ``try`` or ``with`` body: a statement runs surely only where nothing before it in
    the block may raise (a handler, or the context manager, may swallow that and skip the
    rest): after anything but an import of python-dotenv (which the added requirement makes
    sure of), the rest is conditional."""
    for statement in body:
        _walk([statement], found, names, conditional)
        conditional = conditional or not imports_dotenv(statement)


def imports_dotenv(statement: ast.stmt) -> bool:
    """``import dotenv``, ``from dotenv import load_dotenv`` (and its submodules)."""
    if isinstance(statement, ast.Import):
        return all(alias.name.split(".")[0] == "dotenv" for alias in statement.names)
    return isinstance(statement, ast.ImportFrom) and not statement.level and (statement.module or "").split(".")[0] == "dotenv"


def _call(call: ast.Call, line: int, found: TopLevel, names: dict[str, str], conditional: bool) -> None:
    func = call.func
    environs = found.environs and isinstance(func, ast.Attribute) and func.attr == "read_env" and dotted_name(func.value) == found.environs
    if environs or _resolved(func, names) in _LOADERS:
        if conditional:
            found.guarded = found.guarded or line
        else:
            found.loads.append(Load(line, not _own_path(call, names), environs=bool(environs)))
    elif not found.other_code:
        found.other_code = line


def _assignment(statement: ast.stmt, found: TopLevel, names: dict[str, str]) -> None:
    """Names bound; environs' ``Env()``; a write through a call (``globals()[name] = ...``,
    ``vars()[...]``), which may set any name: other code."""
    targets = statement.targets if isinstance(statement, (ast.Assign, ast.Delete)) else [statement.target]  # type: ignore[attr-defined]
    value = getattr(statement, "value", None)
    for target in targets:
        _bind(found, _names_in(target), statement.lineno)
        if isinstance(target, ast.Attribute):  # a class's or an object's value set again
            found.attributes.setdefault(target.attr, []).append(statement.lineno)
        if not isinstance(target, ast.Name) and any(isinstance(node, ast.Call) for node in ast.walk(target)):
            found.other_code = found.other_code or statement.lineno
    if isinstance(statement, ast.Assign) and isinstance(value, ast.Call) and len(targets) == 1:
        if isinstance(targets[0], ast.Name) and _resolved(value.func, names) in _ENVIRONS:
            found.environs = targets[0].id


def _names_in(target: ast.expr) -> list[str]:
    """The names an assignment target binds (``a``, ``a, b``, ``*rest``), not the names read
    in a subscript or attribute target."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for element in target.elts for name in _names_in(element)]
    if isinstance(target, ast.Starred):
        return _names_in(target.value)
    return []


def _bind(found: TopLevel, bound: list[str], line: int) -> None:
    for name in bound:
        found.bound.setdefault(name, []).append(line)


def blocker(
    facts: TopLevel, line: int, in_function: bool, settings_module: bool, key: str = "", own_lines: frozenset[int] = frozenset(),
    attribute: str = "", cite: Callable[[int], int] | None = None,
) -> str:
    """Why a value at ``line`` (``in_function``: in a def, run after the module's top level)
    stays, given what the module's top level does; "" when it may move. ``key``: a module
    constant's name, which the top level may set again after ``line`` (not at ``own_lines``,
    where the same key holds a value of the configuration); ``attribute``: a config class's
    attribute, which a top-level ``Config.KEY = ...`` may set again). ``cite``: a line of the module ->
    the line a reason names (Context.file_line)."""
    cite = cite or _same_line
    if settings_module and facts.other_code:
        return (
            f"the module runs code at its top level (line {cite(facts.other_code)}) that may set or read its settings: "
            "moving them would not provably keep the program the same; left in place"
        )
    lines = [*facts.bound.get(key, ()), *facts.attributes.get(key or attribute, ())] if key or attribute else []
    again = sorted(bound for bound in lines if bound > line and bound not in own_lines)
    if again:
        return (
            f"set again at line {cite(again[0])} of the module's top level: the value here is a default the module "
            "overrides, which a variable of its own would only make required; left in place"
        )
    if facts.reader:
        return f"the module reads its environment through {facts.reader}: set the value there; left in place"
    if facts.project_reader:
        return (
            f"the project reads its environment through {facts.project_reader}, which this module does not use: "
            "read the value there; left in place"
        )
    before = [load for load in facts.loads if in_function or load.line < line]
    if facts.environs and not before:
        return "the module reads its environment through environs but loads no .env before this value (env.read_env()); left in place"
    if before and not any(load.found for load in before):
        return (
            f"the module loads .env from a place of its own (line {cite(before[0].line)}), which may not be the project's "
            ".env this value would go to; left in place"
        )
    if not before and facts.guarded and (in_function or facts.guarded < line):
        return (
            f"the module loads .env only when a condition holds (line {cite(facts.guarded)}): a value moved here would be "
            "missing wherever it does not; left in place"
        )
    return ""


def _same_line(line: int) -> int:
    return line


def read_back_with(reader: str, name: str, value: EnvValue, secret: bool, module: cst.Module, quote: str = '"') -> cst.BaseExpression:
    """The environs read (``reader``: the name bound to ``Env()``) that gives back ``value``
    with its type: required for a secret, with the literal as its default for a setting."""
    key = quoted(name, quote)
    if secret:
        read = {"list": "list", "tuple": "list"}.get(value.kind, "str")
        code = f"{reader}.{read}({key})"
        if value.kind == "bytes":
            code += ".encode()" if value.ascii else f".encode({quoted('latin-1', quote)})"
    else:
        method = {"tuple": "list"}.get(value.kind, value.kind)
        if method not in ("str", "int", "float", "bool", "list"):
            raise ValueError(f"cannot read back a {value.kind} setting")
        default = module.code_for_node(_without_parentheses(value.node))
        code = f"{reader}.{method}({key}, default={default})"
    if value.kind == "tuple":
        code = f"tuple({code})"
    return cst.parse_expression(code)

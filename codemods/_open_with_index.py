"""open-with, the index: one pass over a module collects what the analysis looks up.

The calls spelled like an opener (``open(``, ``gzip.open(``,
``ZipFile(`` …: candidates, resolved later by qualified name), every ``Name`` by spelling,
star imports, writes to ``builtins.open`` (``builtins.open = …``, ``setattr(builtins,
"open", …)``) and the identifier-like strings (``"f"`` in ``getattr(x, "f")`` or ``__all__``).

The Names are also kept by *unit*: the parameter names and body of a top-level function or
of a method of a top-level class (the functions whose bodies the scopes leave out until asked,
``_lazy_scopes``), so that the names of a function without a handle are never looked
up in the scopes (``_open_with_names``). Every Name of a unit is in that function's scope or
a scope nested in it, but for those LibCST's scope analysis never visits (it gives them no
scope): the names of ``import``, ``global`` and ``nonlocal`` statements, which a unit also
lists by themselves. A unit whose code might make LibCST skip other names (a concatenated
string it may read as an annotation, ``TypeVar``/``NewType`` calls, type parameters) is
marked ``unsure``: its names are looked up at once.

``index_module`` makes exactly the calls of ``module.visit(Index(module))`` to the Index's
callbacks, in the same order, without a visitor: a walk of the fields in LibCST's order that
does not go into tokens (``_node_fields.TOKEN_TYPES``: whitespace, punctuation, operators,
number literals; the Index has no callback for one), calling each node type's callbacks
looked up once per type. It is ``_reading.walk`` made for this one visitor class, which has no
``on_visit`` or attribute hooks of its own: 2.4 times faster than that general walk, on the
module of every file open-with acts on.
"""

from __future__ import annotations

import libcst as cst

from typing import Any, Callable

from ._lazy_scopes import _units  # (the rule the lazy scopes leave bodies out by)
from ._flask import string_value
from ._open_with_catalog import OPENER_CALL_NAMES
from ._node_fields import TOKEN_TYPES, _no_op, _plan


class Unit:
    """The Names of one function's parameters and body (see the module's docstring)."""

    def __init__(self, function: cst.FunctionDef) -> None:
        self.function = function
        self.names: list[cst.Name] = []
        self.unscoped: dict[str, list[cst.Name]] = {}  # names of import, global, nonlocal statements
        self.unsure = False


class Index(cst.CSTVisitor):
    """One pass over a module: candidate opener calls (by spelling), every Name by spelling,
    star imports, writes to ``builtins.open``, identifier strings. (The parents come from the
    wrapper's ParentNodeProvider, one walk of the fields, resolved only when a call is found.)"""

    def __init__(self, module: cst.Module) -> None:
        self.calls: list[cst.Call] = []
        self.names: dict[str, list[cst.Name]] = {}
        self.star_imports: list[cst.ImportFrom] = []
        self.builtins_writes: list[tuple[cst.CSTNode, cst.BaseExpression]] = []
        self.identifier_strings: set[str] = set()
        self.outside: list[cst.Name] = []  # the Names of no unit
        # id of a Name or a statement -> its place among them in the visit (LibCST visits the
        # fields in the order it renders them): the order of their positions, without positions
        self.order: dict[int, int] = {}
        self.units: dict[int, Unit] = {
            id(function): Unit(function) for function in _units(module.body, cst.FunctionDef, cst.ClassDef) if function.type_parameters is None
        }
        self._unit: Unit | None = None
        self._params_of: Unit | None = None  # the unit whose parameters are visited
        self._outside_from: cst.Param | None = None  # its parameter whose default or annotation is
        self._unscoped = 0  # depth of import, global and nonlocal statements
        # TypeVar or NewType imported under another name: LibCST leaves a call's first argument
        # unvisited when the callee's qualified name is one of them, which a spelling cannot tell
        self.renames_type_factory = False

    # -- units --------------------------------------------------------------------------------
    def visit_FunctionDef_params(self, node: cst.FunctionDef) -> None:
        # only a unit's own parameters: a function nested in a unit keeps its parameters (and
        # their defaults and annotations) in the unit, and must not leave ``_params_of`` set
        unit = self.units.get(id(node))
        if unit is not None:
            self._unit = self._params_of = unit

    def leave_FunctionDef_params(self, node: cst.FunctionDef) -> None:
        if id(node) in self.units:
            self._unit = self._params_of = None

    def visit_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        self._unit = self.units.get(id(node), self._unit)

    def leave_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        if id(node) in self.units:
            self._unit = None

    def _enter_param_part(self, node: cst.Param) -> None:
        """A unit's parameter's default and annotation are in the scope around the function."""
        if self._params_of is not None and self._outside_from is None:
            self._unit, self._outside_from = None, node

    def _leave_param_part(self, node: cst.Param) -> None:
        if self._outside_from is node:
            self._unit, self._outside_from = self._params_of, None

    visit_Param_default = visit_Param_annotation = _enter_param_part
    leave_Param_default = leave_Param_annotation = _leave_param_part

    def _unsure(self) -> None:
        if self._unit is not None:
            self._unit.unsure = True

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        self._unsure()

    def visit_TypeParameters(self, node: cst.TypeParameters) -> None:
        self._unsure()

    def visit_TypeAlias(self, node: cst.TypeAlias) -> None:
        self._unsure()

    def _enter_unscoped(self, node: cst.CSTNode) -> None:
        self._unscoped += 1

    def _leave_unscoped(self, node: cst.CSTNode) -> None:
        self._unscoped -= 1

    visit_Import = visit_Global = visit_Nonlocal = _enter_unscoped
    leave_Import = leave_Global = leave_Nonlocal = leave_ImportFrom = _leave_unscoped

    def _statement(self, node: cst.CSTNode) -> None:
        self.order[id(node)] = len(self.order)

    visit_SimpleStatementLine = visit_If = visit_For = visit_While = visit_Try = visit_TryStar = visit_With = _statement
    visit_FunctionDef = visit_ClassDef = visit_Match = _statement

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        value = node.evaluated_value
        if isinstance(value, str) and value.isidentifier():
            self.identifier_strings.add(value)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        last = func.value if isinstance(func, cst.Name) else func.attr.value if isinstance(func, cst.Attribute) else None
        if last in OPENER_CALL_NAMES:
            self.calls.append(node)
        elif last in ("TypeVar", "NewType"):
            self._unsure()
        if isinstance(func, cst.Name) and func.value == "setattr" and len(node.args) >= 2:
            if string_value(node.args[1].value) == "open":
                self.builtins_writes.append((node, node.args[0].value))

    def visit_Name(self, node: cst.Name) -> None:
        self.names.setdefault(node.value, []).append(node)
        self.order[id(node)] = len(self.order)
        unit = self._unit
        if unit is None:
            self.outside.append(node)
        else:
            unit.names.append(node)
            if self._unscoped:
                unit.unscoped.setdefault(node.value, []).append(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self._unscoped += 1
        if isinstance(node.names, cst.ImportStar):
            self.star_imports.append(node)
            return
        for alias in node.names:
            if alias.asname is not None and isinstance(alias.name, cst.Name) and alias.name.value in ("TypeVar", "NewType"):
                self.renames_type_factory = True

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        target = node.target
        if isinstance(target, cst.Attribute) and target.attr.value == "open":
            self.builtins_writes.append((node, target.value))
        elif isinstance(target, cst.Subscript) and len(target.slice) == 1:
            index = target.slice[0].slice
            if isinstance(index, cst.Index) and string_value(index.value) == "open":
                self.builtins_writes.append((node, target.value))


_Callback = Callable[[Index, Any], Any]
_Field = tuple[str, bool, "_Callback | None", "_Callback | None"]
# node type -> (its visit_<Type> or None, its leave_<Type> or None, ((field, callbacks when the
# field is None, visit_<Type>_<field> or None, leave_<Type>_<field> or None), ...))
_STEPS: dict[type, tuple[_Callback | None, _Callback | None, tuple[_Field, ...]]] = {}
_IS_NODE: dict[type, bool] = {}


def _steps(kind: type) -> tuple[_Callback | None, _Callback | None, tuple[_Field, ...]]:
    steps = _STEPS.get(kind)
    if steps is None:
        name = kind.__name__

        def own(method: str) -> _Callback | None:
            found = getattr(Index, method, None)
            return None if found is None or _no_op(found) else found

        fields = tuple((field, always, own(f"visit_{name}_{field}"), own(f"leave_{name}_{field}")) for field, always in _plan(kind))
        steps = _STEPS[kind] = (own(f"visit_{name}"), own(f"leave_{name}"), fields)
    return steps


def _is_node(kind: type) -> bool:
    known = _IS_NODE.get(kind)
    if known is None:
        known = _IS_NODE[kind] = issubclass(kind, cst.CSTNode) and kind not in TOKEN_TYPES
    return known


def _walk(index: Index, node: cst.CSTNode) -> None:
    """The Index's callbacks for ``node`` and the nodes below it, in LibCST's visit order."""
    kind = type(node)
    if kind is cst.Name:  # (below a Name: its parentheses only)
        index.visit_Name(node)  # type: ignore[arg-type]
        return
    steps = _STEPS.get(kind)
    visit, leave, fields = steps if steps is not None else _steps(kind)
    if visit is None or visit(index, node) is not False:
        for field, always, before, after in fields:
            value = getattr(node, field)
            if before is not None and (always or value is not None):
                before(index, node)
            value_kind = type(value)
            if value_kind is tuple or value_kind is list:
                for child in value:
                    if type(child) not in TOKEN_TYPES:
                        _walk(index, child)
            elif value is not None and (_IS_NODE.get(value_kind) or (value_kind not in _IS_NODE and _is_node(value_kind))):
                _walk(index, value)
            if after is not None and (always or value is not None):
                after(index, node)
    if leave is not None:
        leave(index, node)


def index_module(module: cst.Module) -> Index:
    index = Index(module)
    _walk(index, module)
    if index.renames_type_factory:  # any call may be one: every unit is looked up at once
        for unit in index.units.values():
            unit.unsure = True
    return index

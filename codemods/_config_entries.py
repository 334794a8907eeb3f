"""Where a module sets Flask config keys, grouped by what holds them.

``config_containers(wrapper, keys)`` finds every place that sets one of ``keys``:

- ``"class"``: a class body, ``KEY = value`` (a config class for ``from_object``);
- ``"module"``: the module body, ``KEY = value`` (a settings module for ``from_pyfile`` or
  ``from_object("settings")``);
- ``"subscripts"``: ``X.config["KEY"] = value`` statements of one block, for one ``X``;
- ``"keywords"``: ``X.config.update(KEY=value)``, ``from_mapping(...)``, ``dict(KEY=...)``;
- ``"dict"``: a dict literal with ``"KEY": value`` (``X.config.update({...})``, a settings
  dict).

``from_object_names(module)`` names what the module's ``from_object`` calls load.

Each ``ConfigEntry`` knows its value and the node whose removal removes it (the statement
line, the argument, the dict element). Needs ParentNodeProvider (and QualifiedNameProvider for
``dict``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Collection

import libcst as cst
from libcst.metadata import ParentNodeProvider

from ._base import metadata_value
from ._flask import dotted_name, qualified_names, string_value
from ._flask_app_setup import config_subscript

CONFIG_CALLS = frozenset({"update", "from_mapping"})


@dataclass(eq=False)
class ConfigEntry:
    key: str
    value: cst.BaseExpression
    node: cst.CSTNode  # SimpleStatementLine, Arg or DictElement
    container: "ConfigContainer"

    @property
    def statement(self) -> cst.SimpleStatementLine | None:
        return self.node if isinstance(self.node, cst.SimpleStatementLine) else None


@dataclass(eq=False)
class ConfigContainer:
    kind: str  # "class", "module", "subscripts", "keywords", "dict"
    node: cst.CSTNode  # ClassDef, Module, the block (Module/IndentedBlock), Call, Dict
    app: str | None = None  # X of X.config, when the container sets an app's config directly
    entries: list[ConfigEntry] = field(default_factory=list)

    def keyed(self, key: str) -> list[ConfigEntry]:
        return [e for e in self.entries if e.key == key]


def assigned_name(statement: cst.CSTNode) -> tuple[str, cst.BaseExpression] | None:
    """``NAME = value`` (one target) or ``NAME: T = value``, alone on its line."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    small = statement.body[0]
    if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
        return small.targets[0].target.value, small.value
    if isinstance(small, cst.AnnAssign) and small.value is not None and isinstance(small.target, cst.Name):
        return small.target.value, small.value
    return None


def config_call_owner(call: cst.Call) -> str | None:
    """X for ``X.config.update(...)`` / ``X.config.from_mapping(...)``."""
    func = call.func
    if isinstance(func, cst.Attribute) and func.attr.value in CONFIG_CALLS:
        config = func.value
        if isinstance(config, cst.Attribute) and config.attr.value == "config":
            return dotted_name(config.value)
    return None


def config_containers(wrapper, keys: Collection[str]) -> list[ConfigContainer]:
    wanted = frozenset(keys)
    found: list[ConfigContainer] = []

    def parent(node: cst.CSTNode) -> cst.CSTNode | None:
        return metadata_value(wrapper, ParentNodeProvider, node)

    def from_body(kind: str, owner: cst.CSTNode, body) -> None:
        container = ConfigContainer(kind, owner)
        for statement in body:
            assigned = assigned_name(statement)
            if assigned is not None and assigned[0] in wanted:
                container.entries.append(ConfigEntry(assigned[0], assigned[1], statement, container))
        if container.entries:
            found.append(container)

    def from_block(block: cst.CSTNode, body) -> None:
        by_owner: dict[str, ConfigContainer] = {}
        for statement in body:
            subscript = config_subscript(statement)
            if subscript is None or subscript[1] not in wanted:
                continue
            owner, key, value = subscript
            container = by_owner.setdefault(owner, ConfigContainer("subscripts", block, owner))
            container.entries.append(ConfigEntry(key, value, statement, container))
        found.extend(by_owner.values())

    class _Finder(cst.CSTVisitor):
        def visit_Module(self, node: cst.Module) -> None:
            from_body("module", node, node.body)
            from_block(node, node.body)

        def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
            from_block(node, node.body)

        def visit_ClassDef(self, node: cst.ClassDef) -> None:
            if isinstance(node.body, cst.IndentedBlock):
                from_body("class", node, node.body.body)

        def visit_Call(self, node: cst.Call) -> None:
            if not any(arg.keyword is not None and arg.keyword.value in wanted for arg in node.args):
                return  # no entry (asked first: whether the callee is dict() needs the scopes)
            owner = config_call_owner(node)
            if owner is None and "builtins.dict" not in qualified_names(wrapper, node.func):
                return
            container = ConfigContainer("keywords", node, owner)
            for arg in node.args:
                if arg.keyword is not None and arg.keyword.value in wanted:
                    container.entries.append(ConfigEntry(arg.keyword.value, arg.value, arg, container))
            if container.entries:
                found.append(container)

        def visit_Dict(self, node: cst.Dict) -> None:
            owner = None
            argument = parent(node)
            if isinstance(argument, cst.Arg) and argument.keyword is None:
                call = parent(argument)
                if isinstance(call, cst.Call):
                    owner = config_call_owner(call)
            container = ConfigContainer("dict", node, owner)
            for element in node.elements:
                if isinstance(element, cst.DictElement):
                    key = string_value(element.key)
                    if key in wanted:
                        container.entries.append(ConfigEntry(key, element.value, element, container))
            if container.entries:
                found.append(container)

    wrapper.module.visit(_Finder())
    return found


def from_object_names(module: cst.Module) -> set[str]:
    """The last names of what ``X.from_object(...)`` calls of ``module`` load: a name, a dotted
    name's last part, an import string's last part (``__name__`` for the module itself)."""
    loaded: set[str] = set()

    class _Loads(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            func = node.func
            if not (isinstance(func, cst.Attribute) and func.attr.value == "from_object" and node.args):
                return
            value = node.args[0].value
            spelled = string_value(value) or dotted_name(value)
            if spelled is not None:
                loaded.add(spelled.replace(":", ".").rsplit(".", 1)[-1])

    module.visit(_Loads())
    return loaded

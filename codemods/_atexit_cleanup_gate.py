"""atexit-cleanup's tree gate: a module-level ``NAME = <creator>(...)`` whose release at exit
changes something, told on the standard library's AST (the plan decides on LibCST's tree).

Executors are never registered (concurrent.futures joins their workers at exit anyway), and an
engine only when the URL the module writes names a database server (see
``_atexit_cleanup_plan.releases_anything_at_exit``); neither gets a finding. So a module whose
only creations are such is not parsed. Erring towards "may act": a call whose callee may be
several creators counts when any of them may be released.
"""

from __future__ import annotations

import ast

from ._ast_facts import facts
from ._ast_nodes import assigned, keyword_value
from ._atexit_cleanup_analysis import RELEASERS, RESOURCES
from ._atexit_cleanup_plan import SESSION_CLASSES, SESSION_FACTORIES


def may_register(tree: ast.Module) -> bool:
    """Whether a module-level creation may get a registration or a finding: not when every
    creation that would change something at exit is, silently, one the module already
    releases or a Session made at import holds (see ``_already_settled``)."""
    found = facts(tree)
    uses: _ModuleLevelUses | None = None
    for statement in tree.body:
        binding = assigned(statement)
        if binding is None or type(binding[1]) is not ast.Call:
            continue
        call = binding[1]
        kinds = {RESOURCES[name][0] for name in found.qualified(call.func) if name in RESOURCES}  # type: ignore[attr-defined]
        server_engine = "engine" in kinds and _may_name_a_server(_engine_url(call))  # type: ignore[arg-type]
        if not (kinds - {"executor", "engine"} or server_engine):
            continue
        if uses is None:
            uses = _ModuleLevelUses(tree)
        if not uses.settles(binding[0], kinds, found):
            return True
    return False


class _ModuleLevelUses:
    """What the plan reads of a created name before anything it reports, mirrored on the
    standard library's AST: whether the name is bound anywhere else (the plan's first
    refusal, with a finding), and, at module level (outside every function, lambda and
    class), ``NAME.close()`` / ``shutdown()`` / ``dispose()`` called, ``with NAME:``, and a
    Session made at once on it (``Session(NAME)``, ``sessionmaker(bind=NAME)()``): the
    plan's silent "released" and "held". Anything else leaves the creation to the plan."""

    def __init__(self, tree: ast.Module) -> None:
        self.bindings: dict[str, int] = {}
        self.module_level: list[ast.AST] = []
        for statement in tree.body:
            self._walk_module_level(statement)

    def _walk_module_level(self, node: ast.AST) -> None:
        stack = [node]
        while stack:
            current = stack.pop()
            if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                for inner in ast.walk(current):
                    self._count_bindings(inner)
                continue
            self._count_bindings(current)
            self.module_level.append(current)
            stack.extend(ast.iter_child_nodes(current))

    def _count_bindings(self, node: ast.AST) -> None:
        """Every way a name may be bound, deleted or declared (local ones too: erring towards
        "left to the plan")."""
        names: list[str] = []
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            names.append(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, ast.alias):
            names.append((node.asname or node.name).split(".")[0])
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            names.extend(node.names)
        elif isinstance(node, ast.arg):
            names.append(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.append(node.name)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            names.append(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            names.append(node.rest)
        for name in names:
            self.bindings[name] = self.bindings.get(name, 0) + 1

    def settles(self, name: str, kinds: set[str], found) -> bool:
        """Whether the plan leaves the creation of ``name`` silently (released or held)."""
        if self.bindings.get(name, 0) != 1:
            return False
        for node in self.module_level:
            if _calls_a_release_of(node, name):
                return True
            if kinds <= {"file", "executor"} and isinstance(node, ast.withitem) and _is_name(node.context_expr, name):
                return True
            if kinds == {"engine"} and isinstance(node, ast.Call) and _makes_a_session_on(node, name, found):
                return True
        return False


def _is_name(node: ast.AST | None, name: str) -> bool:
    return type(node) is ast.Name and node.id == name  # type: ignore[attr-defined]


def _calls_a_release_of(node: ast.AST, name: str) -> bool:
    func = node.func if type(node) is ast.Call else None  # type: ignore[attr-defined]
    return type(func) is ast.Attribute and func.attr in RELEASERS and _is_name(func.value, name)  # type: ignore[union-attr]


def _makes_a_session_on(call: ast.Call, name: str, found) -> bool:
    """``Session(..., NAME, ...)`` (NAME any argument), or ``sessionmaker(..., NAME ...)()``."""
    if not any(_is_name(value, name) for value in [*call.args, *(k.value for k in call.keywords)]):
        if type(call.func) is not ast.Call or call.args or call.keywords:
            return False
        factory = call.func
        if not any(_is_name(value, name) for value in [*factory.args, *(k.value for k in factory.keywords)]):
            return False
        return not SESSION_FACTORIES.isdisjoint(found.qualified(factory.func))
    return not SESSION_CLASSES.isdisjoint(found.qualified(call.func))


def _engine_url(call: ast.Call) -> ast.expr | None:
    url = keyword_value(call, "url")
    if url is not None:
        return url
    return call.args[0] if call.args and type(call.args[0]) is not ast.Starred else None


def _may_name_a_server(node: ast.expr | None) -> bool:
    """Whether the URL expression may start with a written-out scheme other than SQLite's."""
    while True:
        kind = type(node)
        if kind is ast.BinOp and type(node.op) in (ast.Add, ast.Mod):  # type: ignore[union-attr]
            node = node.left  # type: ignore[union-attr]
        elif kind is ast.Call and type(node.func) is ast.Attribute and node.func.attr == "format":  # type: ignore[union-attr]
            node = node.func.value  # type: ignore[union-attr]
        else:
            break
    if type(node) is ast.JoinedStr:
        node = node.values[0] if node.values else None  # type: ignore[union-attr]
    if type(node) is not ast.Constant or type(node.value) is not str or "://" not in node.value:  # type: ignore[union-attr]
        return False
    return not node.value.split("://", 1)[0].lower().startswith("sqlite")  # type: ignore[union-attr]

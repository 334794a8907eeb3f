"""What the teardown handlers of a module release, read off its standard-library AST: the one
rule the ``teardown`` codemod's gates and its analysis (``Analysis.teardown_released``) ask.

A teardown handler is a function of the module registered by a decorator
(``@app.teardown_appcontext``, ``@bp.teardown_request``, ``@appcontext_tearing_down.connect``
or ``.connect_via(app)``) or by a call (``app.teardown_appcontext(close_db)``,
``appcontext_tearing_down.connect(close_db, app)``, ``app.teardown_appcontext(self.release)``
in a method: that class's method). What it releases, itself or through the functions of the
module it calls by name: ``g.db.close()`` (``g.db`` spelled any way the analysis reads it:
``getattr(g, "db")``, ``g.pop("db")``, a local holding one, a getter of the module that
returns one; ``g.redis.connection_pool.disconnect()`` closes ``g.redis``), ``db_session.remove()``
/ ``.close()`` of a module-level scoped session (or of
``session_names``: sessions of other modules, also as ``module.name`` or a name the handler
imports itself, ``from .database import db_session`` in its body, or the factory around it
does), and a ``g`` attribute
it pops and hands to a call (``self.close(conn)``, a pool's ``putconn(conn)``).

Names are resolved as Python scopes do: a name bound in a function (parameter, assignment,
import, ``def``...) is that function's own, unless declared ``global``; ``flask.g`` and the
teardown signals are what the module's imports bind.
"""

from __future__ import annotations

import ast
from typing import Iterable, Iterator

from ._ast_facts import Facts, facts
from ._parsed_modules import tree_fact
from ._resource_factories import SCOPED_SESSIONS
from ._teardown_function_scan import FunctionScan, positional
from ._teardown_names import G_NAMES, Key, TEARDOWN_HOOKS, TEARDOWN_SIGNALS, FunctionNode
from ._teardown_scopes import children, names_bound, scope_parts, statements_in

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def released_at_teardown(tree: ast.Module, session_names: Iterable[str] = ()) -> frozenset[Key]:
    """The keys (``("g", attr)``, ``("session", name)``) some registered teardown handler of
    the module releases (computed once per tree and names)."""
    names = frozenset(session_names)
    question = "teardown: released at teardown " + ",".join(sorted(names))
    return tree_fact(tree, question, lambda _tree: _Module(tree, names).released())


class _Module:
    def __init__(self, tree: ast.Module, session_names: frozenset[str]) -> None:
        self.found: Facts = facts(tree)
        self.session_names = session_names
        self.scopes_of: dict[int, tuple[ast.AST, ...]] = {}  # id(node) -> the scopes around it, innermost last
        self.own: dict[int, list[ast.AST]] = {}  # id(function) -> the nodes of its own body, in source order
        self.functions: list[FunctionNode] = []  # every function, in source order
        self.calls: list[ast.Call] = []  # every call, in source order
        self.classes: list[ast.ClassDef] = []
        self._visit(tree, ())
        self._bound: dict[int, set[str]] = {}  # id(scope) -> the names it binds itself
        self.module_body: list[ast.stmt] = tree.body
        self.module_names = names_bound(tree, tree.body) | {
            name for node in self.global_statements() for name in node.names
        }
        self.defined = {f.name for f in self.functions} | {c.name for c in self.classes}
        self.sessions = self._sessions(tree)
        self.getters: dict[int, str] = {}  # id(function) -> the g attribute it returns
        for function in self.functions:  # in order: a getter may return an earlier getter's (as the analysis)
            attr = FunctionScan(self, function).run(getter_only=True)
            if attr is not None:
                self.getters[id(function)] = attr

    # -- the tree ---------------------------------------------------------------------------
    def _visit(self, node: ast.AST, scopes: tuple[ast.AST, ...]) -> None:
        for child in children(node):
            self._enter(child, scopes)

    def _enter(self, node: ast.AST, scopes: tuple[ast.AST, ...]) -> None:
        self.scopes_of[id(node)] = scopes
        if scopes and type(scopes[-1]) in _FUNCTIONS:
            self.own[id(scopes[-1])].append(node)
        kind = type(node)
        if kind is ast.Call:
            self.calls.append(node)  # type: ignore[arg-type]
        if kind not in _SCOPES:
            self._visit(node, scopes)
            return
        if kind in _FUNCTIONS:
            self.functions.append(node)  # type: ignore[arg-type]
            self.own[id(node)] = []
        elif kind is ast.ClassDef:
            self.classes.append(node)  # type: ignore[arg-type]
        outer, inner = scope_parts(node)
        for part in outer:  # decorators, defaults, bases: evaluated in the scope around
            self._enter(part, scopes)
        for part in inner:
            self._enter(part, (*scopes, node))

    def global_statements(self) -> list[ast.Global]:
        """The ``global`` statements of the functions (a name they declare and assign is the
        module's)."""
        return [node for function in self.functions for node in self.own[id(function)] if type(node) is ast.Global]

    def bound_in(self, scope: ast.AST) -> set[str]:
        """The names a function, lambda or class binds itself (not those it declares global
        or nonlocal)."""
        found = self._bound.get(id(scope))
        if found is None:
            found = self._bound[id(scope)] = names_bound(scope, scope_parts(scope)[1])
        return found

    def is_module_name(self, name: ast.Name) -> bool:
        """Whether ``name`` refers to what the module binds (no function around it binds it;
        a class body's own names are not seen from the functions in it)."""
        scopes = self.scopes_of.get(id(name), ())
        for depth, scope in enumerate(reversed(scopes)):
            if type(scope) is ast.ClassDef and depth > 0:
                continue
            if name.id in self.bound_in(scope):
                return False
        return True

    def qualified(self, node: ast.AST) -> set[str]:
        """What a Name or attribute chain may be, by the module's imports; nothing when its
        first name is bound by a function around it."""
        root = node
        while type(root) is ast.Attribute:
            root = root.value  # type: ignore[attr-defined]
        if type(root) is not ast.Name or not self.is_module_name(root):  # type: ignore[arg-type]
            return set()
        return self.found.qualified(node)

    def is_g(self, node: ast.AST) -> bool:
        return type(node) in (ast.Name, ast.Attribute) and not self.qualified(node).isdisjoint(G_NAMES)

    def local_function(self, func: ast.AST) -> FunctionNode | None:
        """The function of the module a plain name called here refers to: a ``def`` of that
        name in the nearest scope around the call that binds the name."""
        if type(func) is not ast.Name or func.id not in self.defined:  # type: ignore[attr-defined]
            return None
        name = func.id  # type: ignore[attr-defined]
        scopes = self.scopes_of.get(id(func), ())
        for depth, scope in enumerate(reversed(scopes)):
            if type(scope) is ast.ClassDef and depth > 0:
                continue
            if name in self.bound_in(scope):
                return self._def_in(scope_parts(scope)[1], name)
        return self._def_in(self.module_body, name) if name in self.module_names else None

    def _def_in(self, body: list[ast.AST], name: str) -> FunctionNode | None:
        for statement in statements_in(body):
            if type(statement) in _FUNCTIONS and statement.name == name:  # type: ignore[attr-defined]
                return statement  # type: ignore[return-value]
        return None

    # -- the module's scoped sessions and teardown handlers -----------------------------------------
    def _sessions(self, tree: ast.Module) -> set[str]:
        """The names assigned a ``scoped_session(...)`` in code that runs at import (not in a
        module-level ``if __name__ == "__main__":``), as the analysis finds them."""
        found = set()
        for statement in tree.body:
            if main_guard(statement):
                continue
            for node in statements_in([statement]) if type(statement) not in _SCOPES else ():
                if type(node) not in (ast.Assign, ast.AnnAssign) or type(node.value) is not ast.Call:  # type: ignore[attr-defined]
                    continue
                if self.qualified(node.value.func).isdisjoint(SCOPED_SESSIONS):  # type: ignore[attr-defined]
                    continue
                targets = node.targets if type(node) is ast.Assign else [node.target]  # type: ignore[attr-defined]
                found.update(t.id for t in targets if type(t) is ast.Name)
        return found

    def handlers(self) -> Iterator[FunctionNode]:
        """The functions registered as teardown handlers (one may come more than once)."""
        for function in self.functions:
            for decorator in function.decorator_list:
                if type(decorator) is ast.Attribute and decorator.attr in TEARDOWN_HOOKS:
                    yield function
                expression = decorator.func if type(decorator) is ast.Call else decorator
                if (
                    type(expression) is ast.Attribute
                    and expression.attr in ("connect", "connect_via")
                    and not self.qualified(expression.value).isdisjoint(TEARDOWN_SIGNALS)
                ):
                    yield function
        for call in self.calls:
            func = call.func
            if type(func) is not ast.Attribute:
                continue
            args = positional(call)
            if func.attr == "connect" and not self.qualified(func.value).isdisjoint(TEARDOWN_SIGNALS):
                found = self.local_function(args[0]) if args else None
            elif func.attr in TEARDOWN_HOOKS and args and len(args) == 1 and len(call.args) + len(call.keywords) == 1:
                found = self.local_function(args[0]) or self._own_method(call, args[0])
            else:
                continue
            if found is not None:
                yield found

    def _own_method(self, call: ast.Call, registered: ast.expr) -> FunctionNode | None:
        """``app.teardown_appcontext(self.release)`` in a method: the method ``release`` of
        its class (``self`` being the registering method's first parameter)."""
        if type(registered) is not ast.Attribute or type(registered.value) is not ast.Name:
            return None
        for klass in self.classes:
            methods = {s.name: s for s in klass.body if type(s) in _FUNCTIONS}
            for method in methods.values():
                params = method.args.args  # type: ignore[attr-defined]
                if params and params[0].arg == registered.value.id and any(n is call for n in self.own[id(method)]):
                    return methods.get(registered.attr)  # type: ignore[return-value]
        return None

    # -- what they release ---------------------------------------------------------------------------
    def released(self) -> frozenset[Key]:
        scans: dict[int, FunctionScan] = {}

        def scan(function: FunctionNode) -> FunctionScan:
            if id(function) not in scans:
                scans[id(function)] = FunctionScan(self, function)
                scans[id(function)].run()
            return scans[id(function)]

        found: set[Key] = set()
        for handler in self.handlers():
            own = scan(handler)
            found |= {("g", attr) for attr in own.pops & own.passes}
            seen: set[int] = set()
            stack = [handler]
            while stack:
                current = stack.pop()
                if id(current) in seen:
                    continue
                seen.add(id(current))
                facts_of = scan(current)
                found |= facts_of.releases
                for callee in facts_of.callees:
                    called = self.local_function(callee)
                    if called is not None and called is not current:
                        stack.append(called)
        return frozenset(found)


def main_guard(statement: ast.stmt) -> bool:
    """``if __name__ == "__main__":``, spelled as ``_flask.is_main_guard`` takes it (the
    name on the left, one ``==``, the string on the right)."""
    if type(statement) is not ast.If or type(statement.test) is not ast.Compare:  # type: ignore[attr-defined]
        return False
    test = statement.test  # type: ignore[attr-defined]
    return (
        type(test.left) is ast.Name
        and test.left.id == "__name__"
        and len(test.ops) == 1
        and type(test.ops[0]) is ast.Eq
        and type(test.comparators[0]) is ast.Constant
        and test.comparators[0].value == "__main__"
    )

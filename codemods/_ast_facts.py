"""Generic facts about a module's standard-library AST, for the codemods' gates.

The engine compiles every file with CPython before LibCST sees it (its compile gate), and
hands that ``ast.Module`` to each codemod's ``applies_to_tree``. ``facts(tree)`` collects
what gates ask about, memoized per tree so that every gate pays for it once, in two passes
made only when asked: over the statements (the imports and the names they bind,
functions, assignments, with items: a few percent of a compile) and over every expression
(calls, attribute names, ``stack.enter_context(...)`` arguments: about a sixth of a compile,
with a walker that skips what ``ast.walk`` visits in vain).

For the first gate, ``applies_to_file(source, path)``, the text helpers are in
``_text_gates``; the small questions about one node (``assigned``, ``last_name`` ...) in
``_ast_nodes``.

A gate says whether a codemod MAY act on a module: change it, report a finding, or ask for
a project edit. It must never say False when the codemod would, so a gate tests necessary
conditions of its codemod's own rules and says True whenever it cannot tell. Names are
resolved the way LibCST's QualifiedNameProvider resolves them, from the module's imports
(``import gzip as gz`` makes ``gz.open`` mean ``gzip.open``), and conservatively: every
import of a name anywhere in the file counts, and the name as spelled is a candidate too.

This module knows no codemod: each codemod's gate lives with the codemod. Pure: no
LibCST trees, no file access; a path is only looked at as a string.
"""

from __future__ import annotations

import ast
from typing import Iterable, Iterator

from ._ast_nodes import assigned, assignment, is_type_checking, last_name
from ._names import import_bindings
from ._parsed_modules import tree_fact

_Name, _Attribute, _Call, _Constant = ast.Name, ast.Attribute, ast.Call, ast.Constant
_Subscript, _Dict = ast.Subscript, ast.Dict
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)

# The statement lists of compound statements (handlers and cases: their bodies).
_BLOCKS: dict[type, tuple[str, ...]] = {
    ast.FunctionDef: ("body",),
    ast.AsyncFunctionDef: ("body",),
    ast.ClassDef: ("body",),
    ast.If: ("body", "orelse"),
    ast.For: ("body", "orelse"),
    ast.AsyncFor: ("body", "orelse"),
    ast.While: ("body", "orelse"),
    ast.With: ("body",),
    ast.AsyncWith: ("body",),
    ast.Try: ("body", "handlers", "orelse", "finalbody"),
    ast.Match: ("cases",),
}
if hasattr(ast, "TryStar"):  # Python 3.11
    _BLOCKS[ast.TryStar] = _BLOCKS[ast.Try]

# Fields that never hold a node worth visiting (names, flags, the Load/Store context).
_LEAF_FIELDS = frozenset(
    {
        "ctx", "id", "attr", "arg", "name", "module", "asname", "level", "kind", "type_comment", "is_async",
        "conversion", "simple",
    }
)
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {ast.Constant: ()}
# Values not worth pushing on the walk's stack (anything else without fields is popped harmlessly).
_LEAVES = frozenset({ast.Name, ast.Constant, str, int, type(None)})


def _child_fields(kind: type) -> tuple[str, ...]:
    return tuple(name for name in getattr(kind, "_fields", ()) if name not in _LEAF_FIELDS)


class Facts:
    """What a module's AST says, in two passes made only when a gate asks: the statements
    (cheap: imports, functions, assignments of calls, with items), and every expression
    (calls, attribute names, enter_context arguments)."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        # local name -> what it may stand for: "gzip" (import gzip), "flask.Flask" (from flask import Flask)
        self.bound: dict[str, set[str]] = {}
        self.modules: set[str] = set()  # every module imported or imported from; relative ones start with "."
        self.functions: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
        self.assigned_calls: list[ast.Call] = []  # ``target = call(...)`` (Assign, AnnAssign), anywhere
        self.assignments: list[ast.Assign | ast.AnnAssign] = []  # every Assign and AnnAssign
        self._with_items: set[int] = set()  # ids of with items
        self._module_level: list[ast.stmt] | None = None
        self._creates: dict[str, bool] = {}  # (``creates``: asked of a neighbour once per transformed file)
        self._calls: list[ast.Call] | None = None
        self._attributes: set[str] = set()
        self._subscript_keys: set[str] = set()
        self._dict_keys: set[str] = set()
        self._managed: set[int] = set()
        self._scan_statements()

    # -- the two passes --------------------------------------------------------------------
    def _scan_statements(self) -> None:
        functions, assigned, assignments = self.functions, self.assigned_calls, self.assignments
        with_items = self._with_items
        stack: list[ast.stmt] = list(self.tree.body)
        pop, extend = stack.pop, stack.extend
        while stack:
            node = pop()
            kind = type(node)
            if kind is ast.Assign or kind is ast.AnnAssign:
                assignments.append(node)  # type: ignore[arg-type]
                if type(node.value) is _Call:  # type: ignore[attr-defined]
                    assigned.append(node.value)  # type: ignore[attr-defined]
                continue
            if kind is ast.Expr:
                continue
            if kind is ast.Import or kind is ast.ImportFrom:
                if kind is ast.Import:
                    self.modules.update(alias.name for alias in node.names)  # type: ignore[attr-defined]
                else:
                    self.modules.add("." * node.level + (node.module or ""))  # type: ignore[attr-defined]
                for name, target in import_bindings(node) or ():  # type: ignore[arg-type]
                    self._bind(name, target)
                continue
            if kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
                functions.append(node)  # type: ignore[arg-type]
            elif kind is ast.With or kind is ast.AsyncWith:
                with_items.update(id(item.context_expr) for item in node.items)  # type: ignore[attr-defined]
            for name in _BLOCKS.get(kind, ()):
                if name in ("handlers", "cases"):
                    for part in getattr(node, name):
                        extend(part.body)
                else:
                    extend(getattr(node, name))

    def _scan_expressions(self) -> None:
        """Every node, but not the contexts (Load, Store) and other leaves: a plain
        ``ast.walk`` costs about as much as the compile itself, this a small part of it."""
        calls: list[ast.Call] = []
        attributes, managed = self._attributes, self._managed
        subscript_keys, dict_keys = self._subscript_keys, self._dict_keys
        managed |= self._with_items
        children, leaves = _CHILD_FIELDS, _LEAVES
        stack: list[ast.AST] = [self.tree]
        pop, push = stack.pop, stack.append
        while stack:
            node = pop()
            kind = type(node)
            if kind is _Attribute:
                attributes.add(node.attr)  # type: ignore[attr-defined]
            elif kind is _Call:
                calls.append(node)  # type: ignore[arg-type]
                func = node.func  # type: ignore[attr-defined]
                if type(func) is _Attribute and func.attr in ("enter_context", "push"):
                    managed.update(id(a) for a in node.args if type(a) is not ast.Starred)  # type: ignore[attr-defined]
                    managed.update(id(k.value) for k in node.keywords if k.arg is not None)  # type: ignore[attr-defined]
            elif kind is _Subscript:
                index = node.slice  # type: ignore[attr-defined]
                if type(index) is _Constant and type(index.value) is str:
                    subscript_keys.add(index.value)
            elif kind is _Dict:
                dict_keys.update(k.value for k in node.keys if type(k) is _Constant and type(k.value) is str)  # type: ignore[attr-defined]
            fields = children.get(kind)
            if fields is None:
                fields = children[kind] = _child_fields(kind)
            for name in fields:
                value = getattr(node, name, None)
                if type(value) is list:
                    for item in value:
                        if type(item) not in leaves:
                            push(item)
                elif type(value) not in leaves:
                    push(value)
        self._calls = calls

    @property
    def calls(self) -> list[ast.Call]:
        """Every call in the module."""
        if self._calls is None:
            self._scan_expressions()
        return self._calls  # type: ignore[return-value]

    @property
    def attributes(self) -> set[str]:
        """Every attribute name spelled (``x.NAME``)."""
        if self._calls is None:
            self._scan_expressions()
        return self._attributes

    @property
    def subscript_keys(self) -> set[str]:
        """Every string used as a subscript's key (``x["KEY"]``, read or set)."""
        if self._calls is None:
            self._scan_expressions()
        return self._subscript_keys

    @property
    def dict_keys(self) -> set[str]:
        """Every string used as a dict literal's key (``{"KEY": v}``)."""
        if self._calls is None:
            self._scan_expressions()
        return self._dict_keys

    def sets_key(self, keys: frozenset[str] | set[str]) -> bool:
        """Whether one of ``keys`` (setting names such as ``"MAX_CONTENT_LENGTH"``) is spelled
        where code sets a setting: a name or a subscript assigned (``KEY = v``, also in a
        class body; ``x["KEY"] = v``), a keyword argument (``update(KEY=v)``), or a dict
        literal's key."""
        for assignment in self.assignments:
            targets = assignment.targets if type(assignment) is ast.Assign else [assignment.target]  # type: ignore[union-attr]
            for target in targets:
                kind = type(target)
                if kind is _Name and target.id in keys:  # type: ignore[attr-defined]
                    return True
                if kind is _Subscript:
                    index = target.slice  # type: ignore[attr-defined]
                    if type(index) is _Constant and index.value in keys:
                        return True
        if not self.dict_keys.isdisjoint(keys):
            return True
        return any(keyword.arg in keys for call in self.calls for keyword in call.keywords)

    def spells_key(self, keys: frozenset[str] | set[str]) -> bool:
        """Whether one of ``keys`` is spelled where code sets or reads a setting: as
        ``sets_key`` sees it, as any subscript's key (``x["KEY"]``), or as the first argument of
        a call (``environ.get("KEY")``)."""
        if self.sets_key(keys) or not self.subscript_keys.isdisjoint(keys):
            return True
        for call in self.calls:
            if call.args:
                first = call.args[0]
                if type(first) is _Constant and first.value in keys:  # type: ignore[attr-defined]
                    return True
        return False

    @property
    def managed(self) -> set[int]:
        """The ids of the expressions already managed: with items, ``enter_context``/``push``
        arguments."""
        if self._calls is None:
            self._scan_expressions()
        return self._managed

    def _bind(self, name: str, target: str) -> None:
        self.bound.setdefault(name, set()).add(target)

    # -- questions -----------------------------------------------------------------------
    def qualified(self, node: ast.AST) -> set[str]:
        """What a Name or an attribute chain (``a.b.c``) may refer to: the spelling itself,
        ``builtins.<name>`` for a plain name, and the spelling with its first name replaced
        by whatever an import binds to it. Empty for other expressions."""
        parts: list[str] = []
        while type(node) is _Attribute:
            parts.append(node.attr)  # type: ignore[attr-defined]
            node = node.value  # type: ignore[attr-defined]
        if type(node) is not _Name:
            return set()
        root: str = node.id  # type: ignore[attr-defined]
        rest = "".join("." + part for part in reversed(parts))
        found = {root + rest}
        if not parts:
            found.add("builtins." + root)
        for target in self.bound.get(root, ()):
            found.add(target + rest)
        return found

    def imports(self, root: str, *, prefix: bool = False) -> bool:
        """Whether the module imports ``root`` (or a submodule of it) anywhere; with
        ``prefix``, any module whose first name starts with ``root`` (``flask_sqlalchemy``)."""
        for module in self.modules:
            first = module.lstrip(".").split(".", 1)[0]
            if first == root or (prefix and first.startswith(root)):
                return True
        return False

    def module_level(self, *, runtime: bool = False) -> list[ast.stmt]:
        """The statements that run at import, through if/try/with/for/while blocks but not
        into functions or classes; with ``runtime``, not those under ``if TYPE_CHECKING:``."""
        if self._module_level is None:
            self._module_level = list(_statements(self.tree.body))
        if not runtime:
            return self._module_level
        return list(_statements(self.tree.body, skip_type_checking=True))

    def creates(self, qualified_name: str) -> bool:
        """Whether a call that may be ``qualified_name`` is assigned to something."""
        known = self._creates.get(qualified_name)
        if known is None:
            known = self._creates[qualified_name] = self._finds_created(qualified_name)
        return known

    def _finds_created(self, qualified_name: str) -> bool:
        last = qualified_name.rsplit(".", 1)[-1]
        renamed = {name for name, targets in self.bound.items() if any(t.rsplit(".", 1)[-1] == last for t in targets)}
        for call in self.assigned_calls:
            func = call.func
            spelled = last_name(func)
            if (spelled == last or spelled in renamed) and qualified_name in self.qualified(func):
                return True
        return False


def _statements(body: Iterable[ast.stmt], *, skip_type_checking: bool = False) -> Iterator[ast.stmt]:
    """``body`` and the blocks of its compound statements, except functions and classes
    (and, with ``skip_type_checking``, the body of ``if TYPE_CHECKING:``)."""
    stack = list(body)
    stack.reverse()
    while stack:
        statement = stack.pop()
        yield statement
        kind = type(statement)
        if kind in _FUNCTIONS or kind is ast.ClassDef:
            continue
        inner: list[ast.stmt] = []
        if skip_type_checking and kind is ast.If and is_type_checking(statement.test):  # type: ignore[attr-defined]
            stack.extend(reversed(statement.orelse))  # type: ignore[attr-defined]
            continue
        for name in _BLOCKS.get(kind, ()):
            if name in ("handlers", "cases"):
                for part in getattr(statement, name):
                    inner.extend(part.body)
            else:
                inner.extend(getattr(statement, name))
        stack.extend(reversed(inner))


# -- the second gate: the facts of the tree ------------------------------------------------------

_LAST: list = [None, None]  # (tree, facts): the tree is kept, so its id cannot be reused


def facts(tree: ast.Module) -> Facts:
    """The facts of ``tree``, computed once however many gates ask (per text: _parsed_modules)."""
    if _LAST[0] is not tree:
        _LAST[1] = tree_fact(tree, "facts", Facts)
        _LAST[0] = tree
    return _LAST[1]


def creates_flask_app(tree: ast.Module) -> bool:
    """``x = Flask(...)`` somewhere, with ``Flask`` resolving to ``flask.Flask``: what
    FlaskIndex needs to find an app (its qualified names come from an import of flask)."""
    return facts(tree).creates("flask.Flask")

"""app-context-stack: per-context storage on ``_app_ctx_stack.top`` moves to ``g``."""

from __future__ import annotations

import ast
from typing import Callable

import libcst as cst

from . import _ast_facts
from ._app_context_stack_owned import owned_names
from ._app_context_stack_plan import CONTEXT_ATTRIBUTES, DEPRECATED, STACKS, Planner
from ._base import Context
from ._flask_versions import LegacyForm, removal_reported
from ._node_edits import NodeEdits
from ._upgrade_support import NAMES_METADATA, UpgradeCodemod


_STACK_NAMES = frozenset(name.rsplit(".", 1)[-1] for name in STACKS)

class AppContextStack(UpgradeCodemod):
    """Replace ``_app_ctx_stack.top`` used as per-context storage by ``g``, and
    ``_request_ctx_stack.top.request`` by ``request``.

    Why: Flask 2.2 deprecated ``flask._app_ctx_stack`` and ``flask._request_ctx_stack`` (the
    contexts live in context variables now), Flask 2.3 removed their ``push()``/``pop()`` and
    Flask 3.0 removed them: ``from flask import _app_ctx_stack`` is an ImportError. The old
    Flask tutorial kept its database connection on the app context object itself
    (``top.sqlite_db``); ``g`` is that context's storage, with the same lifetime (one app
    context), so the attribute moves there unchanged.

    Before::

        import sqlite3

        from flask import Flask, _app_ctx_stack

        DATABASE = "app.db"
        app = Flask(__name__)


        def get_db():
            top = _app_ctx_stack.top
            if not hasattr(top, "sqlite_db"):
                top.sqlite_db = sqlite3.connect(DATABASE)
            return top.sqlite_db


        @app.teardown_appcontext
        def close_db(exception):
            top = _app_ctx_stack.top
            if hasattr(top, "sqlite_db"):
                top.sqlite_db.close()

    After::

        import sqlite3

        from flask import Flask, g

        DATABASE = "app.db"
        app = Flask(__name__)


        def get_db():
            if not hasattr(g, "sqlite_db"):
                g.sqlite_db = sqlite3.connect(DATABASE)
            return g.sqlite_db


        @app.teardown_appcontext
        def close_db(exception):
            if hasattr(g, "sqlite_db"):
                g.sqlite_db.close()

    What it rewrites, the stacks resolved by qualified name (``import flask``, ``from
    flask.globals import ...``, aliases): ``_app_ctx_stack.top.NAME`` (read, written,
    deleted) and ``hasattr``/``getattr``/``setattr``/``delattr(_app_ctx_stack.top, "NAME")``
    → ``g``; ``_request_ctx_stack.top.request.ATTR`` → ``request.ATTR``; ``<stack>.top is
    None`` / ``is not None`` → ``not has_app_context()`` / ``has_app_context()`` (or
    ``has_request_context()``); a local ``top = _app_ctx_stack.top`` whose every use is one
    of these is dropped and its uses rewritten. The import of the stack goes once nothing uses
    it (one that nothing in the module used in the first place goes too, where a use would be
    reported: below; not where the module's literal ``__all__`` exports it, nor where another
    module of the project imports it from this one, which a finding names), and ``g`` (``request``, ...) is imported from flask — or, where the module spells the
    stack ``flask._app_ctx_stack``, spelled ``flask.g`` the same way. Safety: **safe**.

    What it refuses, with a finding (from the target Flask 2.2 on, where the stacks are
    deprecated, and at a target nobody declared, a checkout or a system's package: the newest
    releases removed them): any other use — ``push()``/``pop()``, ``__ident_func__`` (a ``scoped_session``'s
    ``scopefunc``: the finding says that the default, thread-local, is what it gave), ``top.app``
    and the context's other own attributes, the stack or its ``top`` passed around or stored,
    storage under a name the project does not both store and read back (in the module, or across its
    application code; tests do not count): something else stores or reads it there, as Flask-JWT-Extended
    3 keeps its ``jwt_user`` and ``expired_jwt``, and on ``g`` the two would not meet (the names
    Flask-JWT-Extended 3, Flask-Babel 2 and Flask-SQLAlchemy 2 keep there stay whatever the project
    does), request-context storage
    (``g`` lives on the app context, which several requests may share), a name stored on both
    ``top`` and ``g`` in the module (they would clash), and modules where the name ``g``
    (``request``) means something else. Version-guarded code (``try: from flask import
    _app_ctx_stack`` / ``except ImportError``) is left alone.
    """

    NAME = "app-context-stack"
    SUMMARY = "Replace per-context storage on _app_ctx_stack.top by g, and _request_ctx_stack.top.request by request."
    ORDER = 5
    CATALOGUE = (
        LegacyForm("`_app_ctx_stack.top.NAME` (per-context storage)", "`g.NAME`", "Flask 2.2", "Flask 3.0", "safe"),
        LegacyForm("`_request_ctx_stack.top.request`", "`request`", "Flask 2.2", "Flask 3.0", "safe"),
        LegacyForm(
            "`_app_ctx_stack.top is None`", "`not has_app_context()`", "Flask 2.2", "Flask 3.0", "safe"
        ),
        LegacyForm(
            "`_app_ctx_stack` / `_request_ctx_stack`: `push()`, `pop()`, `top.app`, other uses",
            "the `flask.globals` proxies (`current_app`, `request`, `g`)",
            "Flask 2.2",
            "Flask 3.0",
            "finding",
        ),
    )

    def applies_to_file(self, source: str, path: str) -> bool:
        return "_ctx_stack" in source

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """Every rewrite and finding is about a name that resolves to a stack
        (``Planner._references``: a name or attribute whose qualified name is one of
        ``STACKS``), and a name resolves into flask only through an import: one that binds a
        stack (``from flask import _app_ctx_stack as stack``), or a module of flask whose
        stack the code reads as an attribute (``flask._app_ctx_stack``). A module that only
        names the stack in a comment or a string has none."""
        found = _ast_facts.facts(tree)
        if not found.imports("flask"):
            return False
        if not found.attributes.isdisjoint(_STACK_NAMES):
            return True
        # a stack imported and never read (arxiv-sanity-preserver's serve.py) counts too: the
        # planner drops such an import where the stacks are deprecated (``drop_unused_imports``)
        return any(target in STACKS for targets in found.bound.values() for target in targets)

    def applies_to_project(self, tree: ast.Module, ctx: Context) -> bool:
        """Before a declared Flask 2.2, where the stacks are not deprecated, nothing is reported:
        the module must read a stack's ``top`` in a way that may be rewritten (``_may_rewrite``),
        storage only under a name that is the project's own (``owned_names``, which the planner
        asks: a name Flask-JWT-Extended keeps there, or one the project only reads, stays).
        At a release nobody declared, what is not rewritten is reported (the newest removed it)."""
        return removal_reported(ctx, DEPRECATED) or _may_rewrite(tree, lambda: owned_names(ctx, tree))

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        wrapper = ctx.metadata(module, NAMES_METADATA)  # (the scopes are analysed when first asked for)
        return Planner(wrapper, ctx, NodeEdits()).run()


def _may_rewrite(tree: ast.Module, owned: Callable[[], frozenset[str]]) -> bool:
    """Whether the planner may rewrite a read of ``<stack>.top`` here, read off the stdlib AST
    as a superset of its rules (``Planner._classify`` and ``_alias``), for every kind of stack
    the reference may name: ``top.<storage>`` (app), ``top.request.<x>`` (request), the first
    argument of a call whose other arguments hold a storage name as a string (app), ``top is
    (not) None``, and ``name = <stack>.top`` in a function whose every certain use of ``name``
    is one of those (a use outside nested scopes is certainly one LibCST's scopes list).
    Storage counts only under a name of ``owned()`` (the planner's ``_shared_storage`` keeps
    the whole reference where one of its names is not the project's own)."""
    facts = _ast_facts.facts(tree)
    parents: dict[int, ast.AST] = {}
    tops: list[tuple[ast.Attribute, set[str]]] = []
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
        if isinstance(node, ast.Attribute) and node.attr == "top":
            kinds = {STACKS[name] for name in facts.qualified(node.value) if name in STACKS}
            if kinds:
                tops.append((node, kinds))
    names: list[frozenset[str]] = []

    def own() -> frozenset[str]:
        if not names:
            names.append(owned())
        return names[0]

    for top, kinds in tops:
        if _classified(top, kinds, parents, own):
            return True
        owner = parents.get(id(top))
        if isinstance(owner, ast.Assign) and owner.value is top and len(owner.targets) == 1:
            target = owner.targets[0]
            if isinstance(target, ast.Name) and _alias_may_be_rewritten(owner, target.id, kinds, parents, own):
                return True
    return False


def _classified(
    node: ast.expr, kinds: set[str], parents: dict[int, ast.AST], owned: Callable[[], frozenset[str]]
) -> bool:
    """``Planner._classify``'s rules, for any of ``kinds``, storage only under a name of
    ``owned()`` (``_shared_storage``)."""
    owner = parents.get(id(node))
    if isinstance(owner, ast.Attribute):
        if "app" in kinds and owner.attr not in CONTEXT_ATTRIBUTES and owner.attr in owned():
            return True
        return "request" in kinds and owner.attr == "request" and isinstance(parents.get(id(owner)), ast.Attribute)
    # an argument of a call (LibCST's first argument in source order may be a keyword's value)
    call = parents.get(id(owner)) if isinstance(owner, ast.keyword) else owner
    if isinstance(call, ast.Call) and (owner is not call or call.args and call.args[0] is node):
        if "app" not in kinds:
            return False
        rest = [a for a in (*call.args, *(keyword.value for keyword in call.keywords)) if a is not node]
        return any(
            isinstance(a, ast.Constant) and isinstance(a.value, str) and a.value not in CONTEXT_ATTRIBUTES
            and a.value in owned()
            for a in rest
        )
    if isinstance(owner, ast.Compare) and owner.left is node and len(owner.ops) == 1:
        return isinstance(owner.ops[0], (ast.Is, ast.IsNot)) and isinstance(owner.comparators[0], ast.Constant)
    return False


_NESTED_SCOPES = (
    ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp
)


def _alias_may_be_rewritten(
    assign: ast.Assign, name: str, kinds: set[str], parents: dict[int, ast.AST], owned: Callable[[], frozenset[str]]
) -> bool:
    """False only where the planner certainly keeps ``name = <stack>.top``: at module level
    (a global alias), or in a function that reads ``name`` outside its nested scopes in a way
    ``_classified`` rejects."""
    scope = parents.get(id(assign))
    while scope is not None and not isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        scope = parents.get(id(scope))
    if scope is None:
        return False
    if isinstance(scope, ast.ClassDef):
        return True
    pending: list[ast.AST] = [statement for statement in scope.body if not isinstance(statement, _NESTED_SCOPES)]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load):
            if not _classified(node, kinds, parents, owned):
                return False
        pending.extend(child for child in ast.iter_child_nodes(node) if not isinstance(child, _NESTED_SCOPES))
    return True

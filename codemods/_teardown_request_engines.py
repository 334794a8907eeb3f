"""teardown: a SQLAlchemy engine built on every request (review 37, fresque).

A value kept on ``g`` lives for one request (one app context). Where the call that makes it is a
function of the project that calls ``create_engine`` each time (fresque's ``create_session(url)``
called by a before_request hook), every request builds a new engine, and with it a connection
pool. Removing or closing the session at teardown gives its connection back to that pool, where
it stays open: nothing disposes of the engine, and its pool's connections close only when the
garbage collector finds it. Every request also opens a new connection instead of reusing one.

Where the engine should live (built once at import, in the app factory, one per URL) is the
authors' choice, so nothing is rewritten: a finding at the store names the engine built per call.
Not reported: a function with a decorator (``lru_cache``: one engine per URL), one that declares
a global (builds it once) or keeps, returns or hands the engine to anything but a call (a cache,
``return engine``), and a module, of the store or of the function, that calls ``dispose()``.
"""

from __future__ import annotations

import posixpath

import libcst as cst
from libcst.metadata import PositionProvider

from ._base import Context
from ._positions import rendered_code
from ._resource_factories import ENGINES, created_by
from ._teardown_connections import Definition
from ._teardown_facts import Analysis, is_g, iter_all
from ._teardown_project import Project


def report_engines_per_request(analysis: Analysis, ctx: Context, project: Project) -> None:
    """A finding at each ``g.<attr> = f(...)`` of the module where ``f`` builds an engine on every call."""
    wrapper = analysis.wrapper
    if ".dispose(" in rendered_code(wrapper):  # (the renderings this transform keeps)
        return
    for node in analysis.nodes:
        if type(node) is not cst.Assign or not isinstance(node.value, cst.Call) or not isinstance(node.value.func, cst.Name):
            continue
        stored = [t.target for t in node.targets if isinstance(t.target, cst.Attribute) and is_g(wrapper, t.target.value)]
        if not stored:
            continue
        func = node.value.func
        local = analysis.connections.local_function(func)
        found = Definition(analysis.connections, local) if local is not None else analysis.connections.definition(func)
        if found is None or not isinstance(found.node, cst.FunctionDef):
            continue
        engine = _engine_built_per_call(found)
        if engine is None:
            continue
        where = _place(ctx, project, found, engine)
        attr = stored[0].attr.value
        ctx.finding(
            node,
            f"g.{attr} = {func.value}(...) is made on every request, and {func.value}() builds a new SQLAlchemy "
            f"engine each time ({where}) that nothing disposes of: closing or removing the session gives its "
            "connection back to that engine's pool, where it stays open until the garbage collector finds the "
            "engine, and every request opens a new connection; create the engine once (at import or in the app "
            "factory) and bind each request's session to it, or dispose of the engine at teardown",
        )


def _engine_built_per_call(found: Definition) -> cst.Call | None:
    """The ``create_engine(...)`` call ``found``'s function binds to a local name on every call,
    the engine reaching nothing but calls (none kept, returned or disposed of); else None."""
    function = found.node
    assert isinstance(function, cst.FunctionDef)
    factories = found.factories
    if function.decorators or ".dispose(" in factories.wrapper.module.code:
        return None
    body = factories.body_of(function)
    if any(type(node) in (cst.Global, cst.Nonlocal) for node in body):
        return None
    for node in body:
        if type(node) is not cst.Assign or len(node.targets) != 1 or not isinstance(node.value, cst.Call):
            continue
        target = node.targets[0].target
        if isinstance(target, cst.Name) and created_by(factories.wrapper, node.value) & ENGINES and not _kept(body, target.value):
            return node.value
    return None


def _kept(body: list[cst.CSTNode], name: str) -> bool:
    """Whether the local ``name`` is assigned to anything, returned or yielded in ``body``."""
    for node in body:
        kind = type(node)
        if kind in (cst.Assign, cst.AnnAssign, cst.AugAssign, cst.Return, cst.Yield, cst.NamedExpr):
            value = getattr(node, "value", None)
            if isinstance(value, cst.Name) and value.value == name:
                return True
            if isinstance(value, (cst.Tuple, cst.List, cst.Set, cst.Dict)) and any(type(n) is cst.Name and n.value == name for n in iter_all(value)):
                return True
    return False


def _place(ctx: Context, project: Project, found: Definition, engine: cst.Call) -> str:
    """``path:line`` of ``engine``, the path from the project root where the project is listed."""
    position = found.factories.wrapper.resolve(PositionProvider).get(engine)
    line = position.start.line if position is not None else 0
    if found.path is None:
        return f"{root_relative(ctx, project, project.own)}:{ctx.file_line(engine)}"
    return f"{root_relative(ctx, project, found.path)}:{line}"


def root_relative(ctx: Context, project: Project, path: str) -> str:
    """The module at ``path`` (from the transformed file's folder) from the project root."""
    listing = ctx.project_files()
    if listing is None:
        return project.identity(path)
    return posixpath.normpath(posixpath.join(posixpath.dirname(listing.this), path))

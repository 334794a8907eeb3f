"""What a module of the project keeps that the ``teardown`` planner may release, and where the
planner says nothing of it because another module releases it, read off the modules' stdlib
ASTs for the project gate (``_teardown_project_gate``), each a necessary condition of what the
planner does (``_teardown_plan``), erring towards True:

- ``kept_resources``: connections on ``g`` and scoped sessions no handler of the module (nor,
  for a session, of a module next to it) releases;
- ``released_nearby``: less those a teardown handler of the modules where the planner looks
  releases (``_Planner._drop_handled_nearby``);
- ``released_nearby_before_0_9``: below Flask 0.9, every one of them released by such a
  handler (``_Planner._before_teardown_appcontext`` reports only the others);
"""

from __future__ import annotations

import ast

from ._ast_facts import facts
from ._teardown_facts import AFTER_HOOKS, TEARDOWN_HOOKS
from ._teardown_gate import scoped_session_names, stores_on_g
from ._teardown_names import may_hold_teardowns
from ._teardown_openers import Openers, Unsure
from ._teardown_project import Project
from ._teardown_released import released_at_teardown

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def released_nearby_before_0_9(tree: ast.Module, project: Project) -> bool:
    """Where the code may run below Flask 0.9, of a module that imports no flask (the planner
    reports nothing else of it: ``_report_misuse`` and the reports on hooks ask a module that
    does): whether the planner says nothing of what the module keeps
    (``_Planner._before_teardown_appcontext``: a finding for each resource that no teardown
    handler of the module, nor of a module where one may be, releases;
    ``Project.handler_modules``, those that may name one of them, as ``Project.teardowns``
    asks). maraschino's ``db_session``, removed by ``Maraschino.py``'s ``teardown_request``."""
    kept = kept_resources(tree, project.own, project)
    if kept is None:
        return False
    words = {name for _, name in kept}
    sessions = [name for kind, name in kept if kind == "session"]
    released: set[tuple[str, str]] = set()
    for path in project.handler_modules(project.own):
        if not kept <= released and may_hold_teardowns(project.text(path) or "", words):
            other = project.tree(path)
            if other is None:
                return False
            released |= released_at_teardown(other, sessions)
    return kept <= released


def released_nearby(
    tree: ast.Module, path: str, kept: set[tuple[str, str]] | frozenset[tuple[str, str]] | None, project: Project, where
) -> bool:
    """Whether the module at ``path`` (``tree``) keeps something of ``kept`` (its
    ``kept_resources``) that no teardown handler of the modules ``where()`` lists releases,
    as ``_Planner._drop_handled_nearby`` drops them; only where the planner asks nothing of
    the module before that: connections on ``g`` alone, no hook of its own and no ``close()``
    (``ExistingHandlers``: a teardown handler using one without closing it, an after_request
    handler or a function closing one)."""
    if not kept or any(kind != "g" for kind, _ in kept):
        return kept is None or bool(kept)
    attributes = facts(tree).attributes
    if "close" in attributes or not attributes.isdisjoint(TEARDOWN_HOOKS | AFTER_HOOKS):
        return True
    if "tearing_down" in (project.text(path) or ""):
        return True
    words = {name for _, name in kept}
    released: set[tuple[str, str]] = set()
    for other_path in where():
        if may_hold_teardowns(project.text(other_path) or "", words):
            other = project.tree(other_path)
            released |= released_at_teardown(other) if other is not None else frozenset()
    return not kept <= released


def kept_resources(tree: ast.Module, path: str, project: Project) -> set[tuple[str, str]] | None:
    """The resources of the module at ``path`` its planner may release: a connection stored
    on ``g`` that no teardown handler of the module releases (``released_at_teardown``, the
    rule the analysis asks), a scoped session that none releases, here or in a module next
    to it (``_removed_nearby``); None when unsure which (``g.setdefault``, ``setattr(g,
    name)``, a scoped session assigned to something else than a name)."""
    released = released_at_teardown(tree)
    kept: set[tuple[str, str]] = set()
    openers = Openers(project)
    for attrs, value in stores_on_g(tree):
        if attrs is not None and all(("g", attr) in released for attr in attrs):
            continue
        if openers.may_connect(value, path):
            if attrs is None:
                return None
            kept.update(("g", attr) for attr in attrs)
    names = scoped_session_names(tree)
    if names is None:
        return None
    names = {name for name in names if ("session", name) not in released}
    try:
        if names and not _removed_nearby(tree, path, names, project):
            kept.update(("session", name) for name in names)
    except Unsure:
        return None
    return kept


def _removed_nearby(tree: ast.Module, path: str, names: set[str], project: Project) -> bool:
    """Whether every scoped session ``names`` of the module at ``path`` is removed by a
    teardown handler of a module next to it (``Project.neighbours``: what
    ``_drop_handled_nearby`` asks), and the module itself never removes nor closes one (an
    after_request handler that does is rewritten, a closing function registered)."""
    if any(_releases(node, names) for node in ast.walk(tree)):
        return False
    left = set(names)
    for neighbour in project.neighbours(path):
        other = project.tree(neighbour)
        if other is None:
            if project.over_budget():
                raise Unsure
            continue
        left -= {name for kind, name in released_at_teardown(other, left) if kind == "session"}
    return not left


def _releases(node: ast.AST, names: set[str], methods: tuple[str, ...] = ("remove", "close")) -> bool:
    """``name.remove()`` (or ``.close()``) of one of ``names``."""
    return (
        type(node) is ast.Call
        and type(node.func) is ast.Attribute  # type: ignore[attr-defined]
        and node.func.attr in methods  # type: ignore[attr-defined]
        and type(node.func.value) is ast.Name  # type: ignore[attr-defined]
        and node.func.value.id in names  # type: ignore[attr-defined]
    )


def left_to_its_one_app(tree: ast.Module, path: str, kept: set[tuple[str, str]] | None, project: Project) -> bool:
    """Whether the planner says nothing of the connections on ``g`` the module at ``path``
    keeps (``kept``) because the one app that imports it releases them: the module has no place
    of its own for a handler (no app or blueprint it makes, no ``init_app``: ``find_placement``
    gives ``NO_PLACE``), asks nothing of its own before that (no scoped session, hook or
    ``close()``, as ``released_nearby`` requires), no teardown handler of the modules where
    one may be uses them without closing them (``Project.teardowns``, the planner's
    ``_drop_handled_nearby``), and exactly one app of the project imports it
    (``Project.apps_using``, as ``_Planner._elsewhere`` asks). Only where the Flask may have
    ``teardown_appcontext`` (the caller's part). False when unsure (the budget spent)."""
    if not kept or any(kind != "g" for kind, _ in kept) or scoped_session_names(tree) != set():
        return False
    found = facts(tree)
    if "close" in found.attributes or not found.attributes.isdisjoint(TEARDOWN_HOOKS | AFTER_HOOKS):
        return False
    if "tearing_down" in (project.text(path) or "") or found.creates("flask.Flask") or found.creates("flask.Blueprint"):
        return False
    if any(type(s) in _FUNCTIONS and s.name == "init_app" for s in tree.body):  # type: ignore[attr-defined]
        return False
    seen = project.teardowns(project.handler_modules(path), {name for _, name in kept}, [])
    if any(name in seen.kept_open for _, name in kept):
        return False
    apps = project.apps_using(path)
    return len(apps) == 1 and not project.over_budget()

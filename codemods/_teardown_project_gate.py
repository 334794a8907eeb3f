"""The project gate of the ``teardown`` codemod: what the module's stdlib AST and the modules
of the project around it (read through ``ctx.read_file``, parsed with ``ast`` only) must show
for the codemod to act, each test a necessary condition of what the analysis and the planner
do (``_teardown_analysis``, ``_teardown_connections``, ``_teardown_foreign``), erring
towards True.

- Its own resources: a connection shared by every request (a call that may open one,
  ``Openers.may_connect``, assigned to a module-level name or a global: reported only) or a
  scoped session assigned, or a value stored on ``g`` that may be a connection
  (``_teardown_openers``: the tests of ``ConnectionFactories.factory_of``, following
  functions of the module and of the project's modules it imports from); what a teardown
  handler of the module, or of a module next to it for a scoped session, already releases
  does not count (``_teardown_released``: the rule the analysis asks too), nor, in a module
  with no hook and no ``close()`` of its own, a connection on ``g`` that a handler of a
  module where the planner looks for one releases (``Project.handler_modules``);
- where the code may run below Flask 0.9 the planner only reports (no handler exists to
  register): nothing where its findings go unsaid (examples, helper scripts), and nothing
  of the modules an app imports;
- else, an app created here that releases what other modules open: a module of the project
  it reaches as ``ForeignResources`` reaches them (its imports, and two imports further)
  keeps a scoped session, or something on ``g`` (``holds_request_resources``) that may be
  a connection, which neither that module's handlers nor, for scoped sessions, this one's
  release.
"""

from __future__ import annotations

import ast

from ._ast_facts import creates_flask_app, facts
from ._base import Context
from ._teardown_facts import AFTER_HOOKS, TEARDOWN_HOOKS, before_teardown_appcontext
from ._teardown_overwritten_hooks import _registered_elsewhere, reached_together
from ._teardown_gate import (
    holds_request_resources,
    opens_resources,
    shared_assigned_calls,
    shares_connections,
    stores_on_g,
    text_may_hold_request_resources,
)
from ._import_lines import imports_spelled
from ._teardown_openers import Openers, _functions_around  # noqa: F401 (_functions_around: tests)
from ._teardown_kept_gate import kept_resources, left_to_its_one_app, released_nearby, released_nearby_before_0_9
from ._teardown_import_targets import ImportTarget, import_targets
from ._teardown_project import Project
from ._teardown_released import released_at_teardown
from ._teardown_placement import NO_PLACE, Positions, find_placement
from ._flask import FlaskIndex

_FURTHER = 2  # imports followed past the module's own: a blueprint module, then a helper it imports
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def project_may_apply(tree: ast.Module, ctx: Context, findings_said: bool = True) -> bool:
    """Whether the teardown codemod may act on the module of ``tree`` (see the module's
    docstring); ``findings_said``: whether its findings in this module are reported
    (``reports_findings``: not in examples nor helper scripts)."""
    before = before_teardown_appcontext(ctx)
    if before and not findings_said:
        return False  # below Flask 0.9 the planner only reports (``_Planner._before_teardown_appcontext``)
    project = Project(ctx.read_file, ctx.path, own_tree=tree, listing=ctx.project_files)
    shares = findings_said and _shares_a_connection(tree, project)  # (only reported)
    if findings_said and facts(tree).imports("flask", prefix=True) and _may_leak_past_teardown(tree, ctx, project):
        return True  # (only reported: _teardown_request_engines, _teardown_overwritten_hooks)
    if opens_resources(tree) and (shares or _keeps_resources_here(tree, project, before)):
        if facts(tree).imports("flask", prefix=True):
            return True
        if _planned_without_flask(tree, ctx, project) and not (before and released_nearby_before_0_9(tree, project)):
            return True  # (below Flask 0.9 the planner only reports what no handler releases)
    # below Flask 0.9 an app releases nothing of the modules it imports
    return not before and creates_flask_app(tree) and imports_request_resources(project)


def _may_leak_past_teardown(tree: ast.Module, ctx: Context, project: Project) -> bool:
    """What the planner reports whatever the teardown handlers release: a value stored on ``g``
    made by a function of the module, or one a module of the project defines, in a module that may
    call ``create_engine``; a connection stored on ``g`` in a module that registers a hook run on
    every request (``before_app_request``, ``before_request``) that another such hook may open
    into too (``_may_overwrite``)."""
    stored = stores_on_g(tree)
    if not stored:
        return False
    attributes = facts(tree).attributes
    if not attributes.isdisjoint(_EVERY_REQUEST_HOOKS) or _functions_registered_elsewhere(tree, ctx, project):
        openers = Openers(project)
        connecting = [attrs for attrs, value in stored if openers.may_connect(value, project.own)]
        if connecting and _may_overwrite(connecting, ctx, project):
            return True
    called = {value.func.id for _, value in stored if type(value) is ast.Call and type(value.func) is ast.Name}
    if not called:
        return False
    if "create_engine" in (project.text(project.own) or "") and called & {f.name for f in facts(tree).functions}:
        return True
    return any(
        "create_engine" in (project.text(target.path) or "") and _defines_a_function(target.path, member, project)
        for target in project.imports(project.own)
        for spelled, member in target.names
        if spelled in called
    )


def _defines_a_function(path: str, name: str | None, project: Project) -> bool:
    """Whether the module at ``path`` may define ``name`` at its top as a function: what
    ``report_engines_per_request`` reads a stored value's imported callee as
    (``Project.definer``: an assigned object, a scoped session's registry, is none). True
    when unsure (the module itself imported, or past the budget)."""
    tree = project.tree(path) if name is not None else None
    return tree is None or any(type(s) in _FUNCTIONS and s.name == name for s in tree.body)  # type: ignore[attr-defined]


_EVERY_REQUEST_HOOKS = frozenset({"before_app_request", "before_request"})


def _functions_registered_elsewhere(tree: ast.Module, ctx: Context, project: Project) -> bool:
    """Whether a module that imports this one registers one of its module-level functions as
    a hook run on every request (the planner's rule: ``_registered_elsewhere``); asked only of
    a module with such functions."""
    if not any(isinstance(node, _FUNCTIONS) for node in tree.body):
        return False
    return bool(_registered_elsewhere(ctx, project, project.own))


def _may_overwrite(connecting: list[tuple[str, ...] | None], ctx: Context, project: Project) -> bool:
    """What ``report_overwritten_connections`` needs of the module's stores of connections on
    ``g`` (``connecting``: the attributes of each; None: not known): an attribute that two
    hooks run on every request open into, both here (stored twice in the module), or one
    here and one in a module an app importing this one reaches (``reached_together``)."""
    if any(attrs is None for attrs in connecting):
        return True
    stored = [attr for attrs in connecting for attr in attrs]  # type: ignore[union-attr]
    return len(stored) != len(set(stored)) or bool(reached_together(ctx, project, set(stored)))


def _shares_a_connection(tree: ast.Module, project: Project) -> bool:
    """What the analysis reports as a connection shared by every request: a call assigned
    to a module-level name or a global (``shares_connections``) that may open a connection
    (``Openers.may_connect``: not ``exclude = tables_from_config(...)``, whose function
    returns something else, in a module that connects elsewhere, such as an Alembic
    ``env.py``)."""
    if not shares_connections(tree):
        return False
    openers = Openers(project)
    return any(openers.may_connect(call, project.own) for call in shared_assigned_calls(facts(tree)))


def _planned_without_flask(tree: ast.Module, ctx: Context, project: Project) -> bool:
    """Whether the planner may act on a module that imports no flask (the analysis's
    ``imports_flask`` is False: it makes no app, factory or blueprint), which keeps a scoped
    session. It registers a handler only in an ``init_app`` function (``find_placement``),
    rewrites or reports only around a hook of the module (``@x.teardown_appcontext``,
    ``after_request``), and else reports the session only when the code may run on a Flask
    older than 0.9 (``before_teardown_appcontext``) or when several apps next to the module
    import it (``Project.apps_using``, as ``_Planner._elsewhere`` asks): with one, that app
    releases it; with none, nothing says the module is part of a Flask app."""
    if any(type(s) in _FUNCTIONS and s.name == "init_app" for s in tree.body):  # type: ignore[attr-defined]
        return True
    if not facts(tree).attributes.isdisjoint(TEARDOWN_HOOKS | AFTER_HOOKS):
        return True
    return before_teardown_appcontext(ctx) or len(project.apps_using(project.own)) > 1


def imports_request_resources(project: Project) -> bool:
    """Whether a module of the project that the transformed module reaches through its
    imports (at most ``_FURTHER`` past its own) may keep a connection on ``g`` or a scoped
    session; True when the budget of modules parsed runs out first. A module is parsed only
    when its text may hold one (``text_may_hold_request_resources``), or when its imports,
    to be followed, cannot be read off its text (``imports_spelled``)."""
    seen = {project.identity(project.own)}
    frontier = [project.own]
    for _ in range(1 + _FURTHER):
        following = []
        for importer in frontier:
            targets = project.imports(importer) if importer == project.own else _imports_spelled(importer, project)
            if targets is None:  # its text cannot be read for its imports: parsed
                if project.tree(importer) is None and project.over_budget():
                    return True
                targets = project.imports(importer)
            for target in targets:
                identity = project.identity(target.path)
                if identity in seen:
                    continue
                seen.add(identity)
                if text_may_hold_request_resources(project.text(target.path) or ""):
                    tree = project.tree(target.path)
                    if tree is None and project.over_budget():
                        return True
                    if (
                        tree is not None
                        and holds_request_resources(tree)
                        and _keeps_resources_there(target.path, project)
                        and not _released_there(target.path, project)
                        and not _released_here(target.path, project)
                        and not _places_its_own(target.path, project)
                    ):
                        return True
                following.append(target.path)
        frontier = following
    return False


def _imports_spelled(path: str, project: Project) -> tuple[ImportTarget, ...] | None:
    """The modules of the project the module at ``path`` (not the transformed one) imports,
    read off its text (``imports_spelled``, a text that is not ASCII in its NFKC form, as
    Python reads its names); None when its text cannot be read so. Derived once per process (``Project.remembered``)."""

    def derive() -> tuple[ImportTarget, ...] | None:
        text = project.text(path)
        spelled = imports_spelled(text, nfkc=True) if text is not None else ()
        if spelled is None:
            return None
        return tuple(
            target for level, module, aliases in spelled for target in import_targets(project, path, level, module, aliases)
        )

    return project.remembered("imports spelled", path, derive)


def _keeps_resources_there(path: str, project: Project) -> bool:
    """``_keeps_resources`` of another module of the project (``_kept_there``), less the
    connections on ``g`` a teardown handler of a module next to it releases (``_released_nearby``):
    the planner plans that module alone (``_Planner._unplaced_of``), with a project of its own
    that lists no app modules (``Project.app_modules``), so its handler modules are its
    ``neighbours`` (copyvios' ``app.py``, which closes what ``copyvios/misc.py`` keeps on ``g``)."""
    kept = _kept_there(path, project)
    if not kept:
        return kept is None
    tree = project.tree(path)
    return tree is None or released_nearby(tree, path, kept, project, lambda: list(project.neighbours(path)))


def _kept_there(path: str, project: Project) -> frozenset[tuple[str, str]] | None:
    """``kept_resources`` of another module of the project, derived once per process (what
    it reads is read again, through this file's context, before the answer is given again)."""

    def derive() -> frozenset[tuple[str, str]] | None:
        tree = project.tree(path)
        if tree is None:
            return frozenset()
        kept = kept_resources(tree, path, project)
        return None if kept is None else frozenset(kept)

    return project.remembered("kept resources", path, derive)


def _released_here(path: str, project: Project) -> bool:
    """Whether the teardown handlers of the app module (the transformed one) release every
    scoped session the module at ``path`` keeps (``released_at_teardown`` with those
    sessions' names, as ``ForeignResources`` asks the module's analysis), and no other app
    next to that module imports it without this one (``ForeignResources`` would report it).
    A connection kept on ``g`` is never taken as released here: a teardown handler of
    another module may use it (``ForeignResources`` then reports it)."""
    kept = _kept_there(path, project)
    if not kept or any(kind != "session" for kind, _ in kept):
        return False
    apps = project.apps_using(path)
    if apps and not any(project.same(app, project.own) for app in apps):
        return False
    own = project.tree(project.own)
    return own is not None and set(kept) <= released_at_teardown(own, [name for _, name in kept])


def _released_there(path: str, project: Project) -> bool:
    """Whether the teardown handlers of the module at ``path`` release everything it keeps
    on ``g`` or in a scoped session, as its own analysis finds (``Project.parsed``, the one
    ``ForeignResources`` plans from, and ``Analysis.teardown_released``): planned alone, it
    then leaves nothing without a place (``_Planner._still_open``), and an app that imports
    it has nothing of it to release. Derived once per process; False when it cannot be
    parsed (unsure)."""

    def derive() -> bool:
        parsed = project.parsed(path)
        if parsed is None:
            return False
        analysis = parsed[1]
        keys = {("g", store.attr) for store in analysis.stores} | {("session", s.name) for s in analysis.sessions}
        return keys <= analysis.teardown_released()

    return project.remembered("released there", path, derive)


def _places_its_own(path: str, project: Project) -> bool:
    """Whether the module at ``path``, planned alone as ``ForeignResources`` plans it
    (``_Planner._unplaced_of``), leaves the app that imports it nothing: it keeps no scoped
    session (whose kept-session findings go to the importer) and ``find_placement``, asked of
    its own parse as the planner asks it, finds a place to register its handler, or a reason
    other than ``NO_PLACE`` (several apps made there), which ``ForeignResources`` skips too
    (spacewiki's ``model.py`` and its blueprint). Not a module-level app: the planner drops it
    where it serves nothing and an app imports the module (``_helpers_own_app``, which the
    alone planning may answer either way), and the importing app then releases it. Derived once per process; False when it cannot
    be parsed (unsure)."""

    def derive() -> bool:
        if project.text(path) is None:  # (read here, so the answer is given again only for the same text)
            return False
        parsed = project.parsed(path)
        if parsed is None or parsed[1].sessions:
            return False
        wrapper = parsed[0]
        placement, reason = find_placement(Positions(wrapper), FlaskIndex.build(wrapper, None))
        if placement is None:
            return reason != NO_PLACE
        return placement.kind != "app"  # a module's own app may be a helper's (``_helpers_own_app``): unsure

    return project.remembered("places its own", path, derive)


def _keeps_resources_here(tree: ast.Module, project: Project, before: bool = False) -> bool:
    """``_keeps_resources`` of the transformed module, less the connections on ``g`` that a
    teardown handler of a module where one may be (``Project.handler_modules``: a module next
    to it, an app module that imports it) releases (``_released_nearby``), and, from Flask 0.9
    on (not ``before``), less those of a helper module whose one app releases them
    (``left_to_its_one_app``)."""
    kept = kept_resources(tree, project.own, project)
    if not released_nearby(tree, project.own, kept, project, lambda: project.handler_modules(project.own)):
        return False
    return before or not left_to_its_one_app(tree, project.own, kept, project)


def _keeps_resources(tree: ast.Module, path: str, project: Project) -> bool:
    """What the analysis of the module at ``path`` must find for the planner to release
    something (``kept_resources``)."""
    kept = kept_resources(tree, path, project)
    return kept is None or bool(kept)



"""Planning for resources another module opens: the ``teardown`` handler an app module gets
for a ``scoped_session``, or a connection on ``g``, that a module it imports defines (the
Flask documentation's ``database.py``; a ``db.py`` getter that its blueprints use).

For the module being transformed, when it holds a module-level app or an app factory, every
module of the project it reaches through its imports (``_teardown_project``) is a candidate
when it opens such a resource and cannot register a handler itself: planning that module
alone finds no app, factory, ``init_app`` or blueprint there (``Unplaced``, with its
findings dropped). A resource is left out when a teardown handler here, in a module next to
this one, or in any module this one imports already releases it. When another app next to that
module imports it as well, nothing is planned (that module reports it; if it cannot see this
app, a finding here says so).

What the handler releases is spelled as this module imports it (``db_session``,
``database.db_session``); a name it lacks is imported, joined to an existing one-line
``from <module> import ...`` of that module when there is one. An existing closing function
of that module is registered rather than duplicated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import libcst as cst
from libcst.metadata import MetadataWrapper

from ._base import Context
from ._names import dotted_name
from ._teardown_analysis import analyze
from ._teardown_gate import holds_request_resources
from ._teardown_facts import Analysis, Key, describe, kept_open_message
from ._teardown_placement import NO_PLACE, Positions
from ._teardown_import_targets import ImportTarget, import_targets
from ._teardown_project import Project
from ._teardown_rewrite import Edits


@dataclass
class Unplaced:
    """What planning a module alone left without a place to register a handler."""

    open_keys: list[Key]
    candidates: list[tuple[cst.FunctionDef, set]]  # its closing functions nothing registers
    reason: str
    kept: list[str] = field(default_factory=list)  # findings for its sessions left unremoved (_teardown_kept_sessions)
    owned_redis: set[str] = field(default_factory=set)  # g attributes holding a redis client with its own pool


@dataclass
class ForeignPlan:
    """Resources of other modules this module's handler releases."""

    keys: list[Key] = field(default_factory=list)  # as spelled here: ("g", attr), ("session", "database.db_session")
    origins: dict[Key, cst.CSTNode] = field(default_factory=dict)  # this module's import that reaches them
    labels: dict[Key, str] = field(default_factory=dict)
    closers: list[tuple[str, cst.CSTNode]] = field(default_factory=list)  # (spelling here, origin)
    imported: set[str] = field(default_factory=set)  # the names this plan imports here
    owned_redis: set[str] = field(default_factory=set)  # g attributes holding a redis client with its own pool


@dataclass
class _OwnImport:
    node: cst.Import | cst.ImportFrom
    statement: cst.CSTNode  # the module-level statement that holds it
    module_level: bool
    targets: list[ImportTarget]


@dataclass
class _Route:
    """How this module reaches a module: through which of its imports, and the last hop."""

    origin: _OwnImport
    direct: list[tuple[_OwnImport, ImportTarget]] = field(default_factory=list)  # this module imports it
    last_spec: str = ""  # how the module that imports it spells it
    last_importer: str = ""


@dataclass
class ForeignResources:
    """Plans, for one app module, the resources of the modules it imports:
    ``ForeignResources(...).plan()``. ``module_names``: the names bound at module level here;
    ``unplaced_of(path)``: what planning the module at ``path`` alone leaves without a place."""

    wrapper: MetadataWrapper
    analysis: Analysis
    ctx: Context
    project: Project
    edits: Edits
    module_names: set[str]
    unplaced_of: Callable[[str], Unplaced | None]
    result: ForeignPlan = field(default_factory=ForeignPlan)
    reached: list[str] = field(default_factory=list)  # every module of the project this one imports, however far
    cycles: set[str] = field(default_factory=set)  # modules that import this one back: nothing imported from them

    @property
    def module(self) -> cst.Module:
        return self.wrapper.module

    def plan(self) -> ForeignPlan:
        for path, route in self._routes().items():
            unplaced = self.unplaced_of(path)
            for message in unplaced.kept if unplaced is not None else ():
                self.ctx.finding(route.origin.node, message)
            if unplaced is None or unplaced.reason != NO_PLACE:
                continue  # nothing open there, or that module registers (or reports) it itself
            if not self._only_app(path, route, unplaced):
                continue
            self._take(path, route, unplaced)
        return self.result

    # -- what this module reaches ----------------------------------------------------------------
    def _own_imports(self) -> list[_OwnImport]:
        found = []
        positions = Positions(self.wrapper)
        for node in _import_nodes(self.analysis.nodes_of(self.wrapper)):
            statement_index = positions.top_index(node)
            if statement_index < 0:
                continue
            statement = self.module.body[statement_index]
            module_level = isinstance(statement, cst.SimpleStatementLine)
            if isinstance(node, cst.Import):
                targets = []
                for alias in node.names:
                    name = dotted_name(alias.name) or ""
                    asname = dotted_name(alias.asname.name) if alias.asname else None
                    targets += import_targets(self.project, self.project.own, -1, name, [(name, asname)])
            else:
                aliases = [] if isinstance(node.names, cst.ImportStar) else [
                    (dotted_name(a.name) or "", dotted_name(a.asname.name) if a.asname else None) for a in node.names
                ]
                if isinstance(node.names, cst.ImportStar):
                    aliases = [("*", None)]
                module = dotted_name(node.module) if node.module is not None else None
                targets = import_targets(self.project, self.project.own, len(node.relative), module, aliases)
            found.append(_OwnImport(node, statement, module_level, targets))
        return found

    def _routes(self) -> dict[str, _Route]:
        """The modules this one reaches (not itself) that may open a resource."""
        project = self.project
        routes: dict[str, _Route] = {}
        identities: dict[str, str] = {}  # identity -> the path used as key

        def route_for(path: str, origin: _OwnImport) -> _Route:
            identity = project.identity(path)
            if identity not in identities:
                identities[identity] = path
                routes[path] = _Route(origin)
            return routes[identities[identity]]

        for own in self._own_imports():
            for target in own.targets:
                if project.same(target.path, project.own):
                    continue
                route = route_for(target.path, own)
                if not route.direct:
                    route.origin = own  # imported here: the import that names it counts first
                route.direct.append((own, target))
                frontier = [target.path]
                for _depth in range(2):  # a blueprint module, then a helper it imports
                    following = []
                    for importer in frontier:
                        for deeper in project.imports(importer):
                            if project.same(deeper.path, project.own) or project.identity(deeper.path) in identities:
                                continue
                            route = route_for(deeper.path, own)
                            route.last_spec, route.last_importer = deeper.spec, importer
                            following.append(deeper.path)
                    frontier = following
        self.reached = list(routes)
        return {path: route for path, route in routes.items() if _holds_resources(project, path)}

    # -- one app, this one ----------------------------------------------------------------------
    def _only_app(self, path: str, route: _Route, unplaced: Unplaced) -> bool:
        apps = self.project.apps_using(path)
        mine = [app for app in apps if self.project.same(app, self.project.own)]
        if len(apps) == len(mine):
            return True  # no other app next to it imports it
        if not mine:  # that module counts the other apps, not this one: say it here
            listed = ", ".join([*apps, self.project.own])
            for key in unplaced.open_keys:
                self.ctx.finding(
                    route.origin.node,
                    f"{describe(key)} (opened in {path}) is never released at teardown, and several apps "
                    f"import {path} ({listed}), so which one should release it is unclear: add a teardown "
                    "handler to each app",
                )
        return False

    # -- the resources and closers this module releases ------------------------------------------
    def _take(self, path: str, route: _Route, unplaced: Unplaced) -> None:
        sessions = [name for kind, name in unplaced.open_keys if kind == "session"]
        handled, registered = self._handled(path, route, unplaced, sessions)
        result = self.result
        for key in unplaced.open_keys:
            kind, name = key
            if key in handled:
                continue
            if kind == "g":
                spelled: Key | None = key
            else:
                spelling = self._spell(path, route, name)
                spelled = ("session", spelling) if spelling is not None else None
            if spelled is None:
                self.ctx.finding(
                    route.origin.node,
                    f"the scoped session {name} of {path} is never remove()d at teardown, and "
                    f"{self._unimportable(path)}: add a teardown handler that calls {name}.remove()",
                )
                continue
            if kind == "g" and name in unplaced.owned_redis:
                result.owned_redis.add(name)
            if spelled not in result.keys:
                result.keys.append(spelled)
                result.origins[spelled] = route.origin.statement
                result.labels[spelled] = f"{'scoped_session' if kind == 'session' else 'a connection'} of {path}"
        for function, keys in unplaced.candidates:
            name = function.name.value
            if name in registered or keys <= handled:
                continue
            spelling = self._spell(path, route, name)
            if spelling is None:
                self.ctx.finding(
                    route.origin.node,
                    f"{name}() of {path} closes {', '.join(describe(k) for k in sorted(keys))} but nothing "
                    f"registers it as a teardown handler, and {self._unimportable(path)}: "
                    f"register it with app.teardown_appcontext({name})",
                )
                continue
            result.closers.append((spelling, route.origin.statement))

    def _handled(self, path: str, route: _Route, unplaced: Unplaced, sessions: list[str]) -> tuple[set, set[str]]:
        """Keys (as spelled in ``path``) a teardown handler here, next to this module or in a
        module it imports already releases, and the function names they register. A key such
        a handler elsewhere uses without closing counts as handled too (left alone), with a
        finding."""
        words = {name for _, name in unplaced.open_keys} | {f.name.value for f, _ in unplaced.candidates}
        others = [*self.project.neighbours(self.project.own), *self.reached]
        seen = self.project.teardowns(others, words, sessions)
        handled, registered = set(seen.released), set(seen.registered)
        for kind, name in unplaced.open_keys:
            if kind == "g" and name in seen.kept_open and (kind, name) not in handled:
                handled.add((kind, name))
                self.ctx.finding(route.origin.node, kept_open_message(name, *seen.kept_open[name]))
        local_names = {spelling for spelling in (self._bound_spelling(path, route, n) for n in sessions) if spelling}
        if sessions:
            mine = analyze(
                self.wrapper, [*sessions, *local_names], self.project.definer(self.project.own), self.analysis.tree
            )
        else:
            mine = self.analysis
        for kind, name in mine.teardown_released():
            handled.add((kind, name.rsplit(".", 1)[-1]))
            for session in sessions:  # ``from database import db_session as s`` ... ``s.remove()``
                if kind == "session" and self._bound_spelling(path, route, session) == name:
                    handled.add((kind, session))
        registered |= self.analysis.registered_names
        return handled, registered

    def _unimportable(self, path: str) -> str:
        if path in self.cycles:
            return (
                f"{path} imports this module back: imported at the top here, it would run before this "
                "module binds what it takes from it"
            )
        return "it cannot be imported here under its name"

    # -- naming another module's object here -------------------------------------------------------
    def _bound_spelling(self, path: str, route: _Route, name: str) -> str | None:
        """How a module-level import of this module already names ``name`` of ``path``."""
        for own, target in route.direct:
            if not own.module_level:
                continue
            for bound, member in target.names:
                if member == "*":
                    if name not in self.module_names:
                        return name
                elif member == name:
                    return bound
                elif member is None:
                    return f"{bound}.{name}"
        return None

    def _spell(self, path: str, route: _Route, name: str) -> str | None:
        """``name`` of ``path`` as this module can spell it, importing it when needed."""
        spelling = self._bound_spelling(path, route, name)
        if spelling is not None:
            return spelling
        if name in self.module_names:
            return None  # the name means something else here
        for own, target in route.direct:
            node = own.node
            joinable = (
                own.module_level
                and isinstance(node, cst.ImportFrom)
                and not isinstance(node.names, cst.ImportStar)
                and node.lpar is None
                and all(member is not None for _, member in target.names)
            )
            if joinable:
                self.edits.extend_import.setdefault(id(node), []).append(name)
                self.module_names.add(name)
                self.result.imported.add(name)
                return name
        spec = route.direct[0][1].spec if route.direct else None
        if spec is None and self.project.beside(route.last_importer):
            spec = route.last_spec  # the module that imports it sits in this folder: same spelling
        if not spec:
            return None
        if self.project.reaches(path, self.project.own):
            # an import among this module's first lines would run that module before this one
            # binds what it imports back (the app created after the imports): a cycle
            self.cycles.add(path)
            return None
        self.edits.imports.append((spec, name))
        self.module_names.add(name)  # taken now: the same name of another module is not imported
        self.result.imported.add(name)
        return name


def _holds_resources(project: Project, path: str) -> bool:
    """The module at ``path`` may keep something on ``g`` or a scoped session (cheap: its
    stdlib AST)."""
    tree = project.tree(path)
    return tree is not None and holds_request_resources(tree)


def _import_nodes(nodes: list[cst.CSTNode]) -> list[cst.Import | cst.ImportFrom]:
    """The import statements among a module's ``nodes`` (``iter_all``), in source order."""
    return [node for node in nodes if type(node) is cst.Import or type(node) is cst.ImportFrom]

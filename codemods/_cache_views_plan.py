"""Decisions of cache-views: which views of a module are cached, and what is said about the rest.

``Planner.decide(view)`` turns the analysis of one view (its route, its decorators, its body
and helpers, the templates it renders) into a ``Decision``: cacheable (with or without the
query string in the key), left alone without a word (POST views, views already cached,
trivial views), or left uncached with a ``Problem``: said (``_cache_views_findings``) when
it leaves a reviewer something to decide, else quiet (``_cache_views_worth``).
"""

from __future__ import annotations

import ast
import posixpath
import re
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import Assignment

from ._ast_facts import facts as ast_facts
from ._base import Context
from ._cache_views_analysis import Analysis
from ._cache_views_blueprint_folders import project_blueprint_folders
from ._cache_views_folders import computed_app_folders, unknown_folder_arguments
from ._cache_views_kinds import FUNCTION, LIBRARY, Verdict
from ._cache_views_catalog import (
    CACHE_DECORATOR_METHODS,
    DATA,
    DATA_NOT_PAGE,
    DATA_OFF,
    ENDPOINT,
    PER_USER,
    RATE_LIMIT_WORDS,
    SETUP,
    SPECIFIC,
    UNKNOWN,
    USER,
    Problem,
    endpoint_word,
    is_pure,
    named_reason,
    says_login,
)
from ._cache_views_module_facts import MODULE_FACT_ATTRIBUTES, ModuleFacts
from ._cache_views_project import Definition, Project, SourceModule
from ._lazy_scopes import references_complete
from ._cache_views_setup import Setup
from ._cache_views_templates import UnreadFolder, unread_folder
from ._cache_views_context_processors import per_user_names
from ._cache_views_providers import provided_names
from ._cache_views_unpassed import project_may_inject
from ._cache_views_worth import worth_reading
from ._flask import ROUTE_DECORATORS, AppObject, FlaskIndex, RouteView, keyword_argument, string_value
from ._names import dotted_name

_APP_LIKE = re.compile(r"(^|_)(app|application|bp|blueprint|api)$")


@dataclass
class Decision:
    view: RouteView
    problem: Problem | None = None
    query_string: bool = False
    skip: bool = False  # not a candidate (POST, already cached, nothing to gain): nothing to say
    quiet: bool = False  # left uncached with nothing for a reviewer to decide: nothing to say


class Planner:
    def __init__(self, wrapper, index: FlaskIndex, ctx: Context, tree: ast.Module | None = None) -> None:
        """``tree``: the stdlib AST of the same code, if at hand (it tells when no line of
        the module can register a blueprint or a template filter)."""
        self.wrapper = wrapper
        self.module: cst.Module = wrapper.module
        self.index = index
        self.here = SourceModule("", wrapper, stdlib_tree=tree)
        self.project = Project(ctx.read_file, self.here)
        self.data_views = bool(ctx.options.get("data-views"))
        self._ctx = ctx
        facts = ModuleFacts()
        if tree is None or not MODULE_FACT_ATTRIBUTES.isdisjoint(ast_facts(tree).attributes):
            self.module.visit(facts)
        # (app name, blueprint name, enclosing function or None, subdomain given)
        self.registrations = facts.registrations
        filters: dict[str, list[Definition]] = {}
        for name, function in facts.filters:
            filters.setdefault(name, []).append(Definition(self.here, function))
        listing = ctx.project_files()
        origin = posixpath.dirname(listing.this) if listing is not None else None
        self.analysis = Analysis(
            self.project, filters, lambda: project_may_inject(ctx), lambda: per_user_names(ctx), origin,
            lambda: provided_names(ctx),
        )

    # -- template folders --------------------------------------------------------------------
    def creation_call(self, obj: AppObject) -> cst.Call | None:
        for small in obj.statement.body:
            value = getattr(small, "value", None)
            if isinstance(value, cst.Call):
                return value
        return None

    def folder_of(self, obj: AppObject) -> list[str]:
        call = self.creation_call(obj)
        if call is None:
            return []
        root = keyword_argument(call, "root_path")
        if root is not None:
            return [unread_folder(f"the template folder is under root_path={self._spelling(root.value)}")]
        arg = keyword_argument(call, "template_folder")
        given = unknown_folder_arguments(call, obj.kind) if arg is None else None
        if isinstance(given, str):  # ``**options``, ``*args``, a Flask app's arguments by position
            return [unread_folder(f"the template folder may be given by {given}")]
        if given is not None:  # a blueprint's fifth argument: its template_folder
            arg = given
        if arg is None:
            return ["templates"] if obj.kind == "app" else []
        value = string_value(arg.value)
        if value is not None:
            return [value] if value else []
        if isinstance(arg.value, cst.Name) and arg.value.value == "None":  # no template folder
            return []
        return [unread_folder(f"the template folder is computed (template_folder={self._spelling(arg.value)})")]

    def _spelling(self, node: cst.CSTNode) -> str:
        code = self.module.code_for_node(node)
        return code if len(code) <= 60 else code[:57] + "..."

    def template_folders(self, view: RouteView) -> list[str]:
        folders: list[str] = []
        owner = view.owner
        if owner is not None:
            folders += self.folder_of(owner)
        if owner is None or owner.kind == "blueprint":
            # the app's folder, wherever the app is: a template found in several is judged in each
            folders += ["templates", "../templates", "../../templates", "../../../templates"]
            folders += computed_app_folders(self.project.text)
        for blueprint in self.index.blueprints:
            folders += self.folder_of(blueprint)
        folders += project_blueprint_folders(self._ctx)  # every blueprint of the project: Flask looks in each registered one
        unique: list[str] = []
        for folder in folders:
            folder = folder if isinstance(folder, UnreadFolder) else posixpath.normpath(folder)
            if folder not in unique:
                unique.append(folder)
        return unique

    # -- judging one view --------------------------------------------------------------------
    def decide(self, view: RouteView) -> Decision:
        decision = self._judge(view)
        if decision.problem is not None and not decision.quiet:
            decision.quiet = not worth_reading(self, view, decision.problem)
        return decision

    def _judge(self, view: RouteView) -> Decision:
        function = view.function
        decision = Decision(view)
        routes = [d for d in function.decorators if self.is_route_decorator(d)]
        if any(cache_decorator_owner(d) for d in function.decorators):
            decision.skip = True  # already cached: left as it is
            return decision
        methods = self.methods(view, routes)
        if methods is None:
            decision.problem = Problem(
                SPECIFIC, "its HTTP methods are not a literal list, so it may answer more than GET"
            )
            return decision
        if not methods <= {"GET", "HEAD", "OPTIONS"}:
            decision.skip = True  # answers POST & co: not a candidate
            return decision
        decision.problem = self.route_problem(view, routes)
        if decision.problem is not None and decision.problem.category == ENDPOINT:
            # a guess from the name: a login the decorators show is the surer reason (nothing is analysed)
            decision.problem = self.login_problem(view, routes) or decision.problem
        decision.problem = decision.problem or next(self.decorator_problems(view, routes, decision), None)
        if decision.problem is None:
            used = self.used_elsewhere(function)
            if used:
                decision.problem = Problem(SPECIFIC, f"it is also called directly (line {used}): caching it would key "
                                           "that call by the caller's URL")
                decision.quiet = True  # caching it would be wrong: nothing for a reviewer to decide
        if decision.problem is not None:
            return decision
        verdict = self.analysis.view(function, self.template_folders(view))
        decision.query_string |= verdict.query_string
        decision.problem = verdict.problem or self.data_problem(verdict)
        decision.skip = decision.problem is None and not verdict.costly  # nothing to gain
        return decision

    def data_problem(self, verdict: Verdict) -> Problem | None:
        if not verdict.data:
            return None
        if not verdict.renders:
            return Problem(DATA, DATA_NOT_PAGE)  # whatever the setting
        return None if self.data_views else Problem(DATA, DATA_OFF)

    def route_problem(self, view: RouteView, routes: list[cst.Decorator]) -> Problem | None:
        function = view.function
        word = endpoint_word(function.name.value, view.rule)
        if word is not None:
            return Problem(ENDPOINT, f"its name or URL says callers want the state of now ({word})")
        if function.asynchronous is not None:
            return Problem(SPECIFIC, "it is a coroutine (async def): Flask-Caching cannot cache it safely")
        for decorator in routes:
            call = decorator.decorator
            for keyword in ("subdomain", "host"):
                if isinstance(call, cst.Call) and keyword_argument(call, keyword) is not None:
                    return Problem(SPECIFIC, f"it is routed with {keyword}=, which the cache key (the path) leaves out")
        owner = view.owner
        call = self.creation_call(owner) if owner is not None else None
        if owner is not None and call is not None:
            for keyword in ("subdomain", "host_matching", "subdomain_matching"):
                arg = keyword_argument(call, keyword)
                if arg is not None and not (isinstance(arg.value, cst.Name) and arg.value.value in ("False", "None")):
                    return Problem(SPECIFIC, f"{owner.name} is created with {keyword}=, and the cache key (the path) "
                                   "leaves out the host")
            for _app, blueprint, _where, subdomain in self.registrations:
                if blueprint == owner.name and subdomain:
                    return Problem(SPECIFIC, f"{owner.name} is registered with subdomain=, and the cache key (the "
                                   "path) leaves out the host")
        return None

    def decorator_problems(self, view: RouteView, routes: list[cst.Decorator], decision: Decision | None = None):
        """The problem of each decorator that has one, in order (one at a time: a caller that
        takes the first asks no more); ``decision`` learns whether they read the query string."""
        analysis = self.analysis
        for decorator in view.function.decorators:
            if decorator in routes:
                continue
            expression = decorator.decorator
            callee = expression.func if isinstance(expression, cst.Call) else expression
            spelled = dotted_name(callee)
            label = spelled or analysis.code(self.here, expression)
            if says_login(spelled):
                yield Problem(USER, f"carries @{label}: {PER_USER}")
                continue
            if says_login(spelled, RATE_LIMIT_WORDS):
                yield Problem(UNKNOWN, f"carries @{label}, a rate limit: whether a cached page still counts "
                              "against it is the project's call")
                continue
            names = sorted(q.name for q in self.here.qualified(callee))
            named = next((problem for problem in map(named_reason, names) if problem is not None), None)
            if named is not None:
                yield Problem(named.category, f"carries @{label}, which {named.text}")
                continue
            if any(is_pure(name) for name in names):
                continue
            kind = analysis.expression_kind(self.here, callee)
            if kind.tag == LIBRARY and is_pure(kind.name):
                continue
            if kind.tag != FUNCTION or kind.definition is None:
                yield Problem(UNKNOWN, f"carries @{label}, which the codemod cannot see into")
                continue
            verdict = analysis.helper(kind.definition, self.template_folders(view))
            if verdict.problem is not None:
                yield Problem(verdict.problem.category, f"its decorator @{label} {verdict.problem.text}")
                continue
            if decision is not None:
                decision.query_string |= verdict.query_string

    def login_problem(self, view: RouteView, routes: list[cst.Decorator]) -> Problem | None:
        """The first decorator whose name says a login or permission, read by its name alone."""
        for decorator in view.function.decorators:
            expression = decorator.decorator
            spelled = dotted_name(expression.func if isinstance(expression, cst.Call) else expression)
            if decorator not in routes and says_login(spelled):
                return Problem(USER, f"carries @{spelled}: {PER_USER}")
        return None

    # -- where the decorator goes, and whether the cache object serves the view --------------
    def decorator_position(self, view: RouteView) -> int:
        """Under the last route decorator."""
        position = 0
        for i, decorator in enumerate(view.function.decorators):
            if self.is_route_decorator(decorator):
                position = i + 1
        return position

    def covers(self, setup: Setup, decision: Decision) -> Problem | None:
        """None when ``setup``'s cache object serves the view; else why not."""
        view = decision.view
        if setup.mode == "none":
            return Problem(SETUP, setup.reason)
        owner = view.owner
        if setup.mode in ("app", "factory") and owner is not setup.app:
            if not (owner is not None and owner.kind == "blueprint" and owner.factory is None
                    and owner.name in setup.covered_blueprints):
                app = setup.app.name if setup.app is not None else "?"
                return Problem(SPECIFIC, f"it is registered on {view.owner_name or 'an unknown object'}, which is not "
                               f"(visibly) served by the app {app!r} that gets the cache in this module")
        if setup.defined_at >= 0 and self.top_index(view.function) < setup.defined_at:
            return Problem(SPECIFIC, "it is defined before the cache object it would use")
        if decision.query_string and setup.library == "flask_cache":
            return Problem(SPECIFIC, "its cache key needs the query string, which the old Flask-Cache cannot add")
        return None

    def top_index(self, node: cst.CSTNode) -> int:
        """Index in the module's body of the top-level statement that holds ``node``."""
        current: cst.CSTNode | None = node
        body = self.module.body
        while current is not None and not any(current is statement for statement in body):
            current = self.analysis.parent(self.here, current)
        return next((i for i, statement in enumerate(body) if statement is current), -1)

    def is_route_decorator(self, decorator: cst.Decorator) -> bool:
        call = decorator.decorator
        if not isinstance(call, cst.Call) or not isinstance(call.func, cst.Attribute):
            return False
        if call.func.attr.value not in ROUTE_DECORATORS:
            return False
        owner = call.func.value
        if self.index.object_for(owner) is not None:
            return True
        name = dotted_name(owner) or ""
        return bool(_APP_LIKE.search(name.rsplit(".", 1)[-1].lower())) or name.endswith(("_bp", "_blueprint"))

    def methods(self, view: RouteView, routes: list[cst.Decorator]) -> set[str] | None:
        if view.decorator is None:
            return {m.upper() for m in view.methods} if view.methods is not None else None
        found: set[str] = set()
        for decorator in routes:
            call = decorator.decorator
            assert isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)
            fixed = ROUTE_DECORATORS[call.func.attr.value]
            if fixed is not None:
                found |= set(fixed)
                continue
            arg = keyword_argument(call, "methods")
            if arg is None:
                found.add("GET")
                continue
            if not isinstance(arg.value, (cst.List, cst.Tuple, cst.Set)):
                return None
            for element in arg.value.elements:
                value = string_value(element.value)
                if value is None:
                    return None
                found.add(value.upper())
        return found

    def used_elsewhere(self, function: cst.FunctionDef) -> int | None:
        """The line of a use of the view function other than its registration, if any."""
        analysis = self.analysis
        references_complete(self.here.wrapper, function.name.value)
        scope = analysis.scope(self.here, function)
        if scope is None or function.name.value not in scope:
            return None
        for assignment in scope[function.name.value]:
            if not isinstance(assignment, Assignment) or assignment.node is not function:
                continue
            for access in assignment.references:
                node = access.node
                parent = analysis.parent(self.here, node)
                grand = analysis.parent(self.here, parent) if parent is not None else None
                if (
                    isinstance(parent, cst.Arg)
                    and isinstance(grand, cst.Call)
                    and isinstance(grand.func, cst.Attribute)
                    and grand.func.attr.value == "add_url_rule"
                ):
                    continue
                return analysis.line(self.here, node)
        return None


def cache_decorator_owner(decorator: cst.Decorator) -> str | None:
    """``@cache.cached(...)`` / ``@cache.memoize(...)``: the name of the Cache object, else None."""
    expression = decorator.decorator
    if isinstance(expression, cst.Call):
        expression = expression.func
    if isinstance(expression, cst.Attribute) and expression.attr.value in CACHE_DECORATOR_METHODS:
        return dotted_name(expression.value)
    return None


"""Cache the GET views that provably render the same page for every request (Flask-Caching)."""

from __future__ import annotations

import ast
import posixpath
import re
from dataclasses import dataclass, field
from typing import Callable

import libcst as cst
from libcst.metadata import Assignment

from ._ast_facts import facts, keyword_value
from ._base import Codemod, Context, Option
from ._cache_views_analysis import (
    AUTH_WORDS,
    PER_USER,
    Analysis,
    is_cache_decorator,
    iter_decorator_names,
    words,
)
from ._flask import (
    FLASK_METADATA,
    ROUTE_DECORATORS,
    AppObject,
    app_setup_end,
    FlaskIndex,
    RouteView,
    _looks_like_app_name,
    keyword_argument,
    string_value,
)
from ._imports import add_imports
from ._names import dotted_name, fresh_name, used_names

CACHE_CLASSES = frozenset({"flask_caching.Cache", "flask_cache.Cache", "flask.ext.cache.Cache"})
CACHE_CONFIG = '{"CACHE_TYPE": "SimpleCache"}'
_TEMPLATE_HOOKS = frozenset(
    """context_processor app_context_processor template_global app_template_global template_filter
    app_template_filter template_test app_template_test add_template_global add_template_filter
    add_template_test add_app_template_global add_app_template_filter add_app_template_test""".split()
)
_ROUTE_DECORATOR_TEXT = re.compile(r"@[\w.\s]*\.\s*(?:route|get)\s*\(")  # (starts with a literal: fast)
_APP_LIKE = re.compile(r"(^|_)(app|application|bp|blueprint|api)$")


@dataclass
class _Decision:
    view: RouteView
    problem: str | None = None
    query_string: bool = False
    skip: bool = False  # not a candidate (POST) or already cached: nothing to say


@dataclass
class _Setup:
    """How the Cache instance is reached (or created) in this module."""

    name: str | None = None  # the instance's name
    defined_at: int = -1  # index in module.body of the statement that binds it
    mode: str = "none"  # existing | app | factory | blueprint | none
    reason: str = ""  # why views cannot be cached here, when mode is "none"
    app: AppObject | None = None
    covered_blueprints: set[str] = field(default_factory=set)


class _Planner:
    def __init__(self, wrapper, index: FlaskIndex, ctx: Context) -> None:
        self.wrapper = wrapper
        self.module: cst.Module = wrapper.module
        self.index = index
        self.ctx = ctx
        self.analysis = Analysis(wrapper, ctx.read_file)
        self.top_index = {id(stmt): i for i, stmt in enumerate(self.module.body)}
        facts = _ModuleFacts()
        self.module.visit(facts)
        # (app name, blueprint name, enclosing function or None, subdomain given)
        self.registrations = facts.registrations
        self.hook_functions = facts.hook_functions
        self.hook_names = facts.hook_names

    # -- helpers ---------------------------------------------------------------------------
    def top_level(self, node: cst.CSTNode) -> int:
        """Index in module.body of the top-level statement containing ``node``."""
        current: cst.CSTNode | None = node
        while current is not None and id(current) not in self.top_index:
            current = self.analysis.parent(current)
        return self.top_index[id(current)] if current is not None else -1

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
        if keyword_argument(call, "root_path") is not None:
            return []
        arg = keyword_argument(call, "template_folder")
        if arg is None:
            return ["templates"] if obj.kind == "app" else []
        value = string_value(arg.value)
        return [value] if value else []

    def template_folders(self, view: RouteView) -> list[str]:
        folders: list[str] = []
        owner = view.owner
        if owner is not None:
            folders += self.folder_of(owner)
        if owner is None or owner.kind == "blueprint":
            folders += ["templates", "../templates"]
        for blueprint in self.index.blueprints:
            folders += self.folder_of(blueprint)
        unique: list[str] = []
        for folder in folders:
            folder = posixpath.normpath(folder)
            if folder not in unique:
                unique.append(folder)
        return unique

    # -- template hooks (context processors and friends) ------------------------------------
    def template_hook_problem(self) -> str | None:
        analysis = self.analysis
        hooks: list[cst.CSTNode] = list(self.hook_functions)
        for name in self.hook_names:
            hooks.extend(t for t, _ in analysis.same_module_targets(name, set()))
        for hook in hooks:
            verdict = analysis.helper(hook, ())
            if verdict.problem is not None:
                name = hook.name.value if isinstance(hook, (cst.FunctionDef, cst.ClassDef)) else "a template hook"
                return f"renders templates, and the template hook {name}() (line {analysis.line(hook)}) {verdict.problem}"
        return None

    # -- the Cache instance ----------------------------------------------------------------
    def find_existing(self, decisions: list[_Decision]) -> _Setup | None:
        analysis = self.analysis
        evidence = set()
        for decision in decisions:
            for decorator in decision.view.function.decorators:
                name = is_cache_decorator(decorator)
                if name and "." not in name:
                    evidence.add(name)
        blocked: _Setup | None = None
        for i, statement in enumerate(self.module.body):
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                if isinstance(small, (cst.Assign, cst.AnnAssign)) and isinstance(small.value, cst.Call):
                    targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else [small.target]
                    if len(targets) == 1 and isinstance(targets[0], cst.Name):
                        if analysis.names(small.value.func) & CACHE_CLASSES or targets[0].value in evidence:
                            return _Setup(targets[0].value, i, "existing")
                elif isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                    for alias in small.names:
                        imported = alias.name.value if isinstance(alias.name, cst.Name) else None
                        bound = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else imported
                        if imported is None or bound is None:
                            continue
                        if bound in evidence:
                            return _Setup(bound, i, "existing")
                        verdict = self.imported_cache(small, imported)
                        if verdict is True:
                            return _Setup(bound, i, "existing")
                        if verdict is None and "cache" in words(bound) and blocked is None:
                            source = ("." * len(small.relative)) + (dotted_name(small.module) or "") if small.module or small.relative else "?"
                            blocked = _Setup(
                                mode="none",
                                reason=f"{bound!r} is imported from {source}, which the codemod could not read to "
                                "check that it is a flask_caching.Cache: decorate the view by hand",
                            )
        return blocked

    def imported_cache(self, statement: cst.ImportFrom, name: str) -> bool | None:
        """Does the module ``statement`` imports from define ``name`` as a Cache instance?
        None when its file cannot be found."""
        return _defines_cache(self.ctx.read_file, _import_files(statement, "."), name, depth=3)

    def plan_setup(self, decisions: list[_Decision]) -> _Setup:
        existing = self.find_existing(decisions)
        if existing is not None:
            return existing
        module_apps = [a for a in self.index.apps if a.factory is None]
        factory_apps = [a for a in self.index.apps if a.factory is not None]
        registered = self.registrations
        if len(module_apps) == 1 and not factory_apps:
            app = module_apps[0]
            covered = {bp for (owner, bp, where, _sub) in registered if owner == app.name and where is None}
            return _Setup(None, self.top_level(app.statement), "app", app=app, covered_blueprints=covered)
        if not module_apps and len(factory_apps) == 1:
            app = factory_apps[0]
            covered = {bp for (owner, bp, where, _sub) in registered if owner == app.name and where is app.factory}
            return _Setup(None, _first_code_index(self.module), "factory", app=app, covered_blueprints=covered)
        if not self.index.apps and any(b.factory is None for b in self.index.blueprints):
            return _Setup(None, -1, "blueprint")
        if self.index.apps:
            reason = "the module creates several Flask apps, so the codemod does not know which one to give a Cache"
        else:
            reason = "no Cache instance is reachable from this module: create one (flask_caching.Cache) where the app is made, and import it here"
        return _Setup(mode="none", reason=reason)

    def covers(self, setup: _Setup, view: RouteView) -> str | None:
        """None when ``setup`` serves ``view``; else why not."""
        if setup.mode == "none":
            return setup.reason
        owner = view.owner
        if setup.mode == "existing":
            pass
        elif setup.mode in ("app", "factory"):
            if owner is not setup.app and not (
                owner is not None and owner.kind == "blueprint" and owner.factory is None and owner.name in setup.covered_blueprints
            ):
                return (
                    f"it is registered on {view.owner_name or 'an unknown object'}, which is not (visibly) served by "
                    f"the app {setup.app.name!r} that gets the Cache in this module"  # type: ignore[union-attr]
                )
        elif setup.mode == "blueprint":
            if owner is None or owner.kind != "blueprint" or owner.factory is not None:
                return "no Cache instance is reachable for it: its blueprint is not created at module level here"
        if setup.defined_at >= 0 and self.top_level(view.function) < setup.defined_at:
            return "it is defined before the Cache instance it would use"
        return None

    # -- judging one view ------------------------------------------------------------------
    def decide(self, view: RouteView, hook_problem: str | None) -> _Decision:
        function = view.function
        decision = _Decision(view)
        route_decorators = []
        for decorator in function.decorators:
            if self.is_route_decorator(decorator):
                route_decorators.append(decorator)
            elif is_cache_decorator(decorator):
                decision.skip = True  # already cached: reused as it is
                return decision
        methods = self.methods(view, route_decorators)
        if methods is None:
            decision.problem = "its HTTP methods are not a literal list, so it may answer more than GET"
            return decision
        if not methods <= {"GET", "HEAD", "OPTIONS"}:
            decision.skip = True  # answers POST & co: not a candidate
            return decision
        decision.problem = self.problem(view, route_decorators, hook_problem, decision)
        return decision

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

    def methods(self, view: RouteView, route_decorators: list[cst.Decorator]) -> set[str] | None:
        if view.decorator is None:
            return {m.upper() for m in view.methods} if view.methods is not None else None
        found: set[str] = set()
        for decorator in route_decorators:
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

    def problem(self, view: RouteView, route_decorators, hook_problem, decision: _Decision) -> str | None:
        function = view.function
        analysis = self.analysis
        if function.asynchronous is not None:
            return "it is a coroutine (async def): Flask-Caching cannot cache it safely"
        for decorator in route_decorators:
            call = decorator.decorator
            assert isinstance(call, cst.Call)
            for keyword in ("subdomain", "host"):
                if keyword_argument(call, keyword) is not None:
                    return f"it is routed with {keyword}=, which the cache key (the path) does not include"
        owner_problem = self.owner_problem(view.owner)
        if owner_problem:
            return owner_problem
        folders = self.template_folders(view)
        for decorator, name in iter_decorator_names(function.decorators):
            if decorator in route_decorators:
                continue
            label = name or analysis.code(decorator.decorator)
            if name and set(words(name.rsplit(".", 1)[-1])) & AUTH_WORDS:
                return f"it carries the @{label} decorator, which suggests authentication or permissions: {PER_USER}"
            expression = decorator.decorator
            if isinstance(expression, cst.Call):
                expression = expression.func
            targets = analysis.same_module_targets(expression, set()) if isinstance(expression, cst.Name) else []
            if not targets:
                return f"it carries the @{label} decorator, which the codemod cannot see into"
            for target, _how in targets:
                verdict = analysis.helper(target, folders)
                if verdict.problem is not None:
                    return f"its decorator @{label} {verdict.problem}"
                decision.query_string |= verdict.query_string
        used = self.used_elsewhere(function)
        if used:
            return f"it is also called directly (line {used}): caching it would key that call by the caller's URL"
        verdict = analysis.view(function, folders)
        decision.query_string |= verdict.query_string
        if verdict.problem is not None:
            return verdict.problem
        if verdict.renders and hook_problem is not None:
            return hook_problem
        return None

    def owner_problem(self, owner: AppObject | None) -> str | None:
        if owner is None:
            return None
        call = self.creation_call(owner)
        if call is None:
            return None
        for keyword in ("subdomain", "host_matching", "subdomain_matching"):
            arg = keyword_argument(call, keyword)
            if arg is not None and not (isinstance(arg.value, cst.Name) and arg.value.value in ("False", "None")):
                return f"{owner.name} is created with {keyword}=, and the cache key (the path) does not include the host"
        for _app_name, bp_name, _where, subdomain in self.registrations:
            if bp_name == owner.name and subdomain:
                return f"{owner.name} is registered with subdomain=, and the cache key (the path) does not include the host"
        return None

    def used_elsewhere(self, function: cst.FunctionDef) -> int | None:
        """The line of a use of the view function other than its registration, if any."""
        analysis = self.analysis
        scope = analysis.scope(function)
        if scope is None or function.name.value not in scope:
            return None
        for assignment in scope[function.name.value]:
            if not isinstance(assignment, Assignment) or assignment.node is not function:
                continue
            for access in assignment.references:
                node = access.node
                parent = analysis.parent(node)
                grand = analysis.parent(parent) if parent is not None else None
                if (
                    isinstance(parent, cst.Arg)
                    and isinstance(grand, cst.Call)
                    and isinstance(grand.func, cst.Attribute)
                    and grand.func.attr.value == "add_url_rule"
                ):
                    continue
                return analysis.line(node)
        return None


# -- reading other modules (through ctx.read_file) -------------------------------------------------


def _import_files(statement: cst.ImportFrom, folder: str) -> list[str]:
    """Candidate files (relative to the transformed module) an ImportFrom reads."""
    level = len(statement.relative)
    parts = (dotted_name(statement.module) or "").split(".") if statement.module is not None else []
    parts = [p for p in parts if p]
    bases = ["../" * (level - 1)] if level else ["", "../", "../../", "../../../"]
    files = []
    for base in bases:
        stem = posixpath.join(folder, base, *parts) if parts else posixpath.join(folder, base)
        if parts:
            files += [stem + ".py", posixpath.join(stem, "__init__.py")]
        else:
            files.append(posixpath.join(stem, "__init__.py"))
    return [posixpath.normpath(f) for f in files]


def _defines_cache(read: Callable[[str], str | None], files: list[str], name: str, depth: int) -> bool | None:
    for path in files:
        text = read(path)
        if text is None:
            continue
        try:
            module = cst.parse_module(text)
        except Exception:
            return None
        return _module_defines_cache(read, module, posixpath.dirname(path), name, depth)
    return None


def _module_defines_cache(read, module: cst.Module, folder: str, name: str, depth: int) -> bool | None:
    classes: set[str] = set()
    modules: set[str] = set()
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                source = dotted_name(small.module) if small.module is not None else None
                for alias in small.names:
                    imported = alias.name.value if isinstance(alias.name, cst.Name) else None
                    bound = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else imported
                    if not small.relative and source in ("flask_caching", "flask_cache") and imported == "Cache":
                        classes.add(bound or "")
                    elif bound == name and depth > 0:
                        return _defines_cache(read, _import_files(small, folder), imported or name, depth - 1)
            elif isinstance(small, cst.Import):
                for alias in small.names:
                    if dotted_name(alias.name) in ("flask_caching", "flask_cache"):
                        bound = alias.asname.name if alias.asname else alias.name
                        modules.add(dotted_name(bound) or "")
            elif isinstance(small, (cst.Assign, cst.AnnAssign)) and isinstance(small.value, cst.Call):
                targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else [small.target]
                if any(isinstance(t, cst.Name) and t.value == name for t in targets):
                    func = small.value.func
                    if isinstance(func, cst.Name) and func.value in classes:
                        return True
                    if isinstance(func, cst.Attribute) and func.attr.value == "Cache" and dotted_name(func.value) in modules:
                        return True
                    return False
    return False


class _ModuleFacts(cst.CSTVisitor):
    """One pass over the module: blueprint registrations and template hooks."""

    def __init__(self) -> None:
        self.functions: list[cst.FunctionDef] = []
        # (app name, blueprint name, enclosing function or None, subdomain given)
        self.registrations: list[tuple[str, str, cst.FunctionDef | None, bool]] = []
        self.hook_functions: list[cst.FunctionDef] = []  # @app.context_processor & co
        self.hook_names: list[cst.Name] = []  # app.context_processor(f) & co

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions.append(node)
        for _decorator, name in iter_decorator_names(node.decorators):
            if name and name.rsplit(".", 1)[-1] in _TEMPLATE_HOOKS:
                self.hook_functions.append(node)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.functions.pop()

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, cst.Attribute):
            return
        if func.attr.value in _TEMPLATE_HOOKS:
            self.hook_names.extend(a.value for a in node.args if isinstance(a.value, cst.Name))
        if func.attr.value != "register_blueprint":
            return
        owner = dotted_name(func.value)
        first = node.args[0].value if node.args and node.args[0].keyword is None else None
        if owner is None or not isinstance(first, cst.Name):
            return
        where = self.functions[-1] if self.functions else None
        self.registrations.append((owner, first.value, where, keyword_argument(node, "subdomain") is not None))


def _first_code_index(module: cst.Module) -> int:
    """Index of the first statement after the module's docstring and leading imports."""
    for i, statement in enumerate(module.body):
        if isinstance(statement, cst.SimpleStatementLine):
            if all(isinstance(s, (cst.Import, cst.ImportFrom)) for s in statement.body):
                continue
            if i == 0 and len(statement.body) == 1 and isinstance(statement.body[0], cst.Expr) and isinstance(
                statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString)
            ):
                continue
        return i
    return len(module.body)


# -- the rewrite -----------------------------------------------------------------------------------


class _Rewriter(cst.CSTTransformer):
    """Inserts decorators and statements; descends only into nodes on the way to a change."""

    def __init__(self, parent: Callable[[cst.CSTNode], cst.CSTNode | None]) -> None:
        self.parent = parent
        self.decorate: dict[int, tuple[int, cst.Decorator]] = {}
        self.after: dict[int, list[cst.BaseStatement]] = {}
        self.before_top: dict[int, list[cst.BaseStatement]] = {}
        self.paths: set[int] = set()

    def mark(self, node: cst.CSTNode) -> None:
        """Remember ``node`` and its ancestors as the nodes to descend into."""
        current: cst.CSTNode | None = node
        while current is not None and id(current) not in self.paths:
            self.paths.add(id(current))
            current = self.parent(current)

    def on_visit(self, node: cst.CSTNode) -> bool:
        return isinstance(node, cst.Module) or id(node) in self.paths

    def leave_FunctionDef(self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef) -> cst.FunctionDef:
        entry = self.decorate.get(id(original_node))
        if entry is None:
            return updated_node
        position, decorator = entry
        decorators = list(updated_node.decorators)
        decorators.insert(position, decorator)
        return updated_node.with_changes(decorators=decorators)

    def _splice(self, original: tuple, updated: tuple, top: bool) -> list:
        body: list = []
        for i, (old, new) in enumerate(zip(original, updated)):
            if top:
                body.extend(self.before_top.get(i, ()))
            body.append(new)
            body.extend(self.after.get(id(old), ()))
        if top:
            body.extend(self.before_top.get(len(original), ()))
        return body

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock) -> cst.IndentedBlock:
        if not any(id(s) in self.after for s in original_node.body):
            return updated_node
        return updated_node.with_changes(body=self._splice(original_node.body, updated_node.body, False))

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        return updated_node.with_changes(body=self._splice(original_node.body, updated_node.body, True))


def _statement(code: str, leading_blank: bool = False) -> cst.BaseStatement:
    statement = cst.parse_statement(code)
    if leading_blank:
        statement = statement.with_changes(leading_lines=[cst.EmptyLine()])
    return statement


class CacheViews(Codemod):
    """Cache, with Flask-Caching, the GET views that provably render the same page for every
    request to their URL, and explain every view it leaves alone.

    Why: "cache expensive computations and rendered templates" is standard Flask advice, but
    caching the wrong view shows one user's page to another or freezes a page that must
    change. So this codemod only caches what it can prove is request-independent, and is a
    ``review`` codemod: a cached page is up to ``timeout`` seconds old, on purpose.

    Before::

        from flask import Flask, render_template, request

        app = Flask(__name__)

        @app.route("/")
        def home():
            return render_template("home.html", items=catalogue.load())

        @app.route("/search")
        def search():
            return render_template("search.html", rows=catalogue.search(request.args["q"]))

    After::

        from flask import Flask, render_template, request
        from flask_caching import Cache

        app = Flask(__name__)
        cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})

        @app.route("/")
        @cache.cached(timeout=300)
        def home():
            return render_template("home.html", items=catalogue.load())

        @app.route("/search")
        @cache.cached(timeout=300, query_string=True)
        def search():
            return render_template("search.html", rows=catalogue.search(request.args["q"]))

    Candidates are functions registered with ``@app.route`` / ``@bp.route`` / ``@app.get`` /
    ``add_url_rule`` that answer GET only. A view is cached when its body, its decorators, the
    helpers, classes and decorators of the same module it uses (recursively), and the templates
    it renders (with everything they extend, include or import, parsed with Jinja2's own parser
    in the app's or blueprint's template folders) do none of these:

    - read ``request`` (any attribute; ``request.args`` alone gives ``query_string=True``, so
      each query string gets its own entry), ``session``, ``g``, ``current_user`` or anything
      of flask_login and similar extensions, cookies, headers, flashed messages, a CSRF token,
      translations (Flask-Babel), or build an external URL (``url_for(_external=True)``);
    - carry an authentication or permission decorator (``login_required``, ``roles_required``,
      any decorator whose name suggests auth, permission, admin or token), or a decorator the
      codemod cannot see into (defined in another module);
    - call anything time-, random- or id-dependent (``datetime.now``, ``time.time``,
      ``random``, ``uuid``, ``secrets``, ``os.urandom``);
    - write: a call whose first word is a write verb (``commit``, ``save``, ``send``, ``emit``,
      ``update_stats``; ``add``/``append``/``update``/... unless on a container the view made
      itself), SQL that is not a SELECT, ``open()`` for writing, ``flash()``, ``global`` /
      ``nonlocal``, assignments to attributes or items of objects the view did not create;
    - stream (``yield``, ``stream_with_context``, ``send_file``, a ``Response`` of a generator);
    - render a template whose name is not a literal, or one that cannot be found or parsed.

    URL parameters are fine (the path is the cache key). Views on a subdomain/host route, async
    views, views also called directly as functions, and templated views of a module whose
    context processor or template global reads per-user state are left alone too. Reading
    files and databases (SELECT) is allowed: a page built from them is cached for ``timeout``
    seconds, which is what caching means.

    Calls into other modules cannot be seen: they are allowed unless their name says they
    write (``save_order``) or depend on the user (``get_current_user``). A helper in another
    module that quietly reads ``flask.request`` is the residual risk this ``review`` codemod
    leaves to the reviewer. Likewise, templates are looked up in the template folders visible
    from the module (``templates/`` or ``template_folder=``, and ``../templates`` for
    blueprints); a template overridden in a folder it cannot see is not analysed.

    The Cache instance: an existing ``flask_caching.Cache`` of the module (or one imported
    from a project module it can read, e.g. ``from .extensions import cache``) is reused, and
    views already decorated with ``@cache.cached``/``@cache.memoize`` are left as they are.
    Otherwise it adds ``cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})`` after a
    module-level app; ``cache = Cache()`` plus ``cache.init_app(app, config=...)`` in an app
    factory; and in a blueprint module without an app,
    ``bp.record_once(lambda state: cache.init_app(state.app, config=...))`` so the blueprint
    initialises its own cache on whichever app registers it. ``Flask-Caching`` is added to
    the project's declared dependencies. SimpleCache is per process; switch ``CACHE_TYPE`` to
    Redis or Memcached for several workers. Every GET view it leaves uncached gets a finding
    with the reason, e.g. "reads session: the page differs per user".

    Options: ``timeout`` (default 300) - seconds a cached page is kept, e.g.
    ``--set cache-views.timeout=600``.
    """

    NAME = "cache-views"
    SUMMARY = "Cache GET views that provably render the same page for everyone, with Flask-Caching."
    SAFETY = "review"
    ORDER = 40
    OPTIONS = {"timeout": Option(int, 300, "seconds a cached page is kept: @cache.cached(timeout=...)")}
    METADATA = FLASK_METADATA

    def applies_to(self, source: str) -> bool:
        return "add_url_rule" in source or _ROUTE_DECORATOR_TEXT.search(source) is not None

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """A view FlaskIndex can find that may answer GET: ``@X.route(...)`` or ``@X.get(...)``
        on an app-like name (or on a name in a module that imports flask), or
        ``add_url_rule`` with a named view function. (Views registered only with
        ``.post``/``.put``/... are skipped without a word.)"""
        found = facts(tree)
        imports_flask: bool | None = None
        for function in found.functions:
            for decorator in function.decorator_list:
                if type(decorator) is not ast.Call or type(decorator.func) is not ast.Attribute:
                    continue
                if decorator.func.attr not in ("route", "get"):
                    continue
                owner = decorator.func.value
                spelled = dotted_name(owner)
                if spelled is not None and _looks_like_app_name(spelled):
                    return True
                if type(owner) is ast.Name:
                    if imports_flask is None:
                        imports_flask = found.imports("flask")
                    if imports_flask:
                        return True
        if "add_url_rule" in found.attributes and found.functions:
            for call in found.calls:
                func = call.func
                if type(func) is ast.Attribute and func.attr == "add_url_rule":
                    view = keyword_value(call, "view_func")
                    if view is None:
                        positional = [a for a in call.args if type(a) is not ast.Starred]
                        view = positional[2] if len(positional) >= 3 else None
                    if type(view) is ast.Name:
                        return True
        return False

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        wrapper = ctx.metadata(module, self.METADATA)
        index = FlaskIndex.build(wrapper)
        if not index.views:
            return module
        planner = _Planner(wrapper, index, ctx)
        hook_problem: str | None = None
        hook_checked = False
        decisions: list[_Decision] = []
        seen: set[int] = set()
        for view in index.views:
            if id(view.function) in seen:
                continue
            seen.add(id(view.function))
            if not hook_checked:
                hook_problem = planner.template_hook_problem()
                hook_checked = True
            decisions.append(planner.decide(view, hook_problem))
        setup = planner.plan_setup(decisions)
        cacheable: list[_Decision] = []
        for decision in decisions:
            if decision.skip:
                continue
            problem = decision.problem or planner.covers(setup, decision.view)
            if problem is not None:
                ctx.finding(decision.view.function.name, f"view {decision.view.function.name.value}() left uncached: {problem}")
            else:
                cacheable.append(decision)
        if not cacheable:
            return module
        return self._rewrite(wrapper.module, planner, setup, cacheable, ctx)

    @staticmethod
    def _setup_anchor(planner: _Planner, app: AppObject) -> cst.BaseStatement:
        """The Cache setup goes after the app is created and after its config lines."""
        anchor = app_setup_end(planner.wrapper, app)
        return app.statement if isinstance(anchor, str) else anchor

    def _rewrite(self, module: cst.Module, planner: _Planner, setup: _Setup, cacheable: list[_Decision], ctx: Context) -> cst.Module:
        rewriter = _Rewriter(planner.analysis.parent)
        imports: list[tuple[str, str | None]] = []
        name = setup.name
        if setup.mode != "existing":
            taken = used_names(module)
            name = fresh_name(["cache"], taken)
            cache_class = self._cache_class(planner, taken, imports)
            if setup.mode == "app":
                app = setup.app
                assert app is not None
                anchor = self._setup_anchor(planner, app)
                rewriter.after[id(anchor)] = [
                    _statement(f"{name} = {cache_class}({app.name}, config={CACHE_CONFIG})")
                ]
                rewriter.mark(anchor)
            elif setup.mode == "factory":
                app = setup.app
                assert app is not None
                anchor = self._setup_anchor(planner, app)
                rewriter.before_top[setup.defined_at] = [_statement(f"{name} = {cache_class}()", leading_blank=True)]
                rewriter.after[id(anchor)] = [
                    _statement(f"{name}.init_app({app.name}, config={CACHE_CONFIG})")
                ]
                rewriter.mark(anchor)
            elif setup.mode == "blueprint":
                blueprints: list[AppObject] = []
                for decision in cacheable:
                    owner = decision.view.owner
                    if owner is not None and owner not in blueprints:
                        blueprints.append(owner)
                blueprints.sort(key=lambda b: planner.top_level(b.statement))
                for i, blueprint in enumerate(blueprints):
                    statements = [] if i else [_statement(f"{name} = {cache_class}()")]
                    statements.append(
                        _statement(
                            f"{blueprint.name}.record_once(lambda state: {name}.init_app(state.app, config={CACHE_CONFIG}))"
                        )
                    )
                    rewriter.after[id(blueprint.statement)] = statements
                    rewriter.mark(blueprint.statement)
        timeout = ctx.options["timeout"]
        for decision in cacheable:
            function = decision.view.function
            arguments = f"timeout={timeout}" + (", query_string=True" if decision.query_string else "")
            decorator = cst.Decorator(decorator=cst.parse_expression(f"{name}.cached({arguments})"))
            position = 0
            for i, existing in enumerate(function.decorators):
                if planner.is_route_decorator(existing):
                    position = i + 1
            rewriter.decorate[id(function)] = (position, decorator)
            rewriter.mark(function)
        new_module = module.visit(rewriter)
        if imports:
            new_module = add_imports(new_module, imports)
        ctx.rewrote(len(cacheable))
        ctx.project_edit("requirement", "Flask-Caching")
        return new_module

    def _cache_class(self, planner: _Planner, taken: set[str], imports: list) -> str:
        """How to spell flask_caching.Cache here, recording the import it needs."""
        for statement in planner.module.body:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                        if dotted_name(small.module) == "flask_caching" if small.module else False:
                            for alias in small.names:
                                if isinstance(alias.name, cst.Name) and alias.name.value == "Cache":
                                    bound = alias.asname.name if alias.asname else alias.name
                                    return bound.value  # type: ignore[union-attr]
        if "Cache" not in taken:
            imports.append(("flask_caching", "Cache"))
            return "Cache"
        imports.append(("flask_caching", None))
        return "flask_caching.Cache"

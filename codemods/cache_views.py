"""Cache the GET views whose response is provably the same for every caller (Flask-Caching)."""

from __future__ import annotations

import ast
import re

import libcst as cst

from ._base import Codemod, Context, Option
from ._cache_views_costless import costs_nothing
from ._cache_views_decorator_gate import decorated_by_a_settling_function
from ._cache_views_row_methods import calls_a_settling_row_method
from ._cache_views_gate import candidate_views
from ._cache_views_helper_chains import calls_a_settling_helper, settling_helpers
from ._cache_views_imported_kinds import state_for_the_planner
from ._cache_views_module_reach import modules_named
from ._cache_views_settling_imports import calls_a_settling_function, reads_imported_state
from ._cache_views_state_gate import reads_unknown_object
from ._cache_views_template_gate import fills_in_per_user, renders_without_work, settled_by_templates
from ._function_defs import FunctionNamePositions
from ._flask import FLASK_METADATA, FlaskIndex
from ._flask_app_setup import app_setup_end
from ._import_style import straight_imports_first

_ROUTE_DECORATOR_TEXT = re.compile(r"@[\w.\s]*\.\s*(?:route|get)\s*\(")  # (starts with a literal: fast)


class CacheViews(Codemod):
    """Cache, with Flask-Caching, the GET views whose response is provably the same for every
    caller, stays right for the whole timeout, and costs something to make.

    Why: "cache expensive computations and rendered templates" is standard Flask advice, but
    caching the wrong view shows one user's page to another, freezes a status that must
    change, or skips an effect (a logout that no longer logs out). A view is cached only if
    its response is the same for every caller *and* stays right for the whole timeout *and*
    running it has no effect. The codemod can prove that only for a narrow class of views,
    and sticks to it. It is a ``review`` codemod: a cached page is up to ``timeout`` seconds
    old, on purpose.

    Before::

        from flask import Flask, render_template

        app = Flask(__name__)

        @app.route("/about")
        def about():
            with open("CHANGELOG.txt") as changes:
                return render_template("about.html", items=changes.read())

    After::

        from flask import Flask, render_template
        from flask_caching import Cache

        app = Flask(__name__)
        cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})

        @app.route("/about")
        @cache.cached(timeout=300)
        def about():
            with open("CHANGELOG.txt") as changes:
                return render_template("about.html", items=changes.read())

    What is cached: GET views (``@app.route``, ``@bp.route``, ``@app.get``, ``add_url_rule``)
    whose response depends only on the code, the URL and files shipped with the app, and costs
    something to make: the view, or a helper it calls, reads a file, loops, calls a computation
    the codemod knows (parsing JSON, YAML or CSV, Markdown, sorting, regular expressions,
    hashing), reads the database (with ``data-views``), renders an inline template
    (``render_template_string`` compiles it on every call), or renders a template file with a
    value it computed, or one that does work by itself (a ``{% for %}`` loop, a macro defined
    or imported, ``range()``, a filter of the project, in it or in a template it pulls in).
    Every call in the view, and in every helper it calls - in the same module or, followed
    through imports, in another module of the project (bounded) - must be known to be read-only and deterministic: Python's
    built-ins and pure standard-library functions, ``render_template`` and ``url_for``,
    ``open()`` for reading a path the code spells out (never one the module also writes, nor a
    log, database or upload, nor one from the root, a drive or a home folder: ``/version.json``
    is the host's or the deploy's, written anew with each release), string and container methods on values the code made itself,
    the methods and properties of objects of the project's own classes it makes. Templates, with everything they extend, include or import (parsed
    with Jinja2's own parser and its standard extensions: ``{% trans %}``, ``{% do %}``,
    ``{% break %}``; a translated text differs per user), must read no user, session, request, flash or CSRF state, and
    every name they read must be passed by the view (a context processor the codemod cannot
    see might fill it in otherwise; where the project's own context processor fills it in
    from the user, ``'user': current_user``, the page differs per user). ``request.args`` read by name keys the cache by the query
    string (``query_string=True``); URL parameters are fine, the path is the cache key. A view
    that hands on the whole query string (``dict(request.args)``, ``request.args.to_dict()``,
    ``**request.args``, a loop over it) is left alone without a word: its page is made of every
    parameter each link carries, one entry per link never asked for again (a checkout page). A template
    that uses a tag neither Jinja2 nor those extensions define (one another extension adds:
    Flask-Assets' ``{% assets %}``) is not read: the finding names the tag and the extension,
    not a parse failure.

    What is never cached:

    - a view that calls anything not known to be read-only and deterministic (an auth helper,
      ``logout_user``, anything that commits, sends, reconnects or schedules, a method of an
      object the codemod cannot see into);
    - a view that renders through Flask-Themes or Flask-Themes2 (``render_theme_template``):
      the theme it is given, which the app may pick per request or per user, decides which
      template file renders, and the codemod does not read that lookup (said, unless the view
      is settled otherwise);
    - a view that reads per-user or per-request state: ``session``, ``g``, ``current_user``,
      cookies, headers, flashed messages, CSRF tokens, translations, ``request`` beyond its
      URL, or a helper in another module that reads the request at all; a view with an
      authentication or permission decorator (``login_required``, ``roles_required``, ...);
    - the clock and randomness, the serving host's name (``socket.gethostname()``: a cache
      shared by several servers would show one's), and state other code changes: a module-level container or
      class attribute the module's functions change, a container imported from another
      module;
    - redirects, ``send_file``/``send_from_directory`` and streams (also through a helper);
    - views named or routed as health, status, ping, metrics, count, result or poll
      endpoints: their callers want the state of now;
    - views that read the database or call an outside service: freshness is a product
      decision. ``data-views = true`` opts in to caching read-only database views that render
      a page, still never ones that write, redirect, stream, send files or are polled;
    - trivial views (``return "Hello"``, ``return {}``) and constant pages: a template rendered
      given nothing, literals, or the URL's and the query string's values as they come
      (``title=request.args.get("q")``, ``int()`` of one, a ``url_for`` link). Jinja compiles a
      template once and keeps it: rendering it again is string concatenation, and a cache, a
      dependency and a decorator would buy nothing. Nothing is said of them;
    - async views, views on a subdomain or host route, views also called as functions, and
      anything in test code.

    One cache per app: the app's existing cache object is reused - one of the module, one it
    imports (e.g. ``from .extensions import cache``), or one found in the project's
    ``extensions.py`` or package ``__init__.py`` and imported here (only from a module that
    imports nothing of the project, so no import cycle can come of it, and only when the app
    sets it up). Otherwise the module that creates the app gets one:
    ``cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})`` after the app's setup, or
    ``cache = Cache()`` plus ``cache.init_app(app, config=...)`` in its factory, and
    ``Flask-Caching`` joins the project's dependencies. Never a second cache, never a made-up
    name: a blueprint module that cannot reach the app's cache, a project that depends on the
    old Flask-Cache, or an app whose other extensions live elsewhere gets a finding and no
    change. Nor an import the program cannot run: a project that does not declare
    Flask-Caching and has no dependency file the tool can add it to (it declares its
    dependencies nowhere, or only in ``setup.py``'s ``install_requires``, a list of hash pins,
    a list pip-compile wrote, a TOML file that does not parse) keeps its views uncached, with a
    finding naming the file: declare Flask-Caching and run again. Nor does it add a new cache to
    a project whose code runs on Python 2 (an application module imports ``urllib2`` ... at its
    top level, or has a statement only Python 2 parses): Flask-Caching left Python 2 with 1.8,
    and only 1.10 on reads ``CACHE_TYPE = "SimpleCache"``; a finding says so. SimpleCache is per
    process; switch ``CACHE_TYPE`` to Redis or Memcached for several workers.

    Bounds: helpers are followed 12 calls deep, into the modules the module's own names
    lead to and those their names lead to, and at most 16 other modules (each under 300,000
    characters) per module; what lies beyond is not proven, so the view is left alone.
    Templates are looked up in the app's or blueprint's template folders visible from
    the module (``templates/`` or ``template_folder=``, and the app's up to three folders
    above a blueprint), then, as Flask's loader does, in the folder every blueprint of the
    project gives, whichever module makes it (a template found in several folders is judged
    in each), a name read as Jinja2's loaders read it (``/layouts//base.html`` is
    ``layouts/base.html``); a template overridden in a folder it cannot see is not analysed, nor
    one in a folder the code computes (``template_folder=os.path.join(...)``, a folder
    ``**options`` may give) or that comes with a package (Flask-Bootstrap's
    ``bootstrap/base.html``), nor one a build makes (left out by the project's ``.gitignore``):
    the finding says which. Where the project serves templates through a loader of its own
    (``app.jinja_loader = ...``, a ``jinja_loader`` of a ``Flask`` subclass), a template the
    codemod reads may not be the one served (such a loader may pick it per request): its views
    are left, said nothing of unless a template is in none of the folders read. An
    imported cache object is trusted to be set up on the app that serves the view.

    Findings: only where a reviewer has something to decide - a view that looks worth caching
    (it costs something to make, as above, and nothing makes its page differ per caller) held
    back by one thing the codemod could not prove: a call or decorator it cannot see into, an
    outside service, a template it cannot find or read, a name a template reads that the view
    does not pass, a cache object the module cannot reach, an async or subdomain route.
    Nothing is said of a view whose refusal is settled - per user or per request, changing over
    time, with an effect, a redirect, a file or a stream, a polled endpoint, the database while
    ``data-views`` is off, data a script fetches, a view other code also calls directly - nor
    of a cheap one: there is nothing to decide, and a
    report (or a pull-request annotation) per such view would bury the few that matter. The
    common reasons are summed up in one finding per module ("3 views left uncached: calls the
    codemod cannot prove read-only and deterministic: index() [calls menu.load(), ...], ...;
    outside services: ..."), a reason specific to one view is said on that view.

    Options: ``timeout`` (default 300) - seconds a cached page is kept, e.g.
    ``--set cache-views.timeout=600``; ``data-views`` (default false) - also cache read-only
    database views that render a page.
    """

    NAME = "cache-views"
    SUMMARY = "Cache GET views whose response is provably the same for everyone, with Flask-Caching."
    SAFETY = "review"
    ORDER = 40
    OPTIONS = {
        "timeout": Option(int, 300, "seconds a cached page is kept: @cache.cached(timeout=...)"),
        "data-views": Option(bool, False, "also cache read-only database views that render a page"),
    }
    METADATA = FLASK_METADATA

    @staticmethod
    def preload() -> None:
        """The planner, the rewrite and Jinja2, which ``transform`` imports on first use: loaded
        once in a process about to fork its workers (tool/pool.py), rather than once in each."""
        from . import _cache_views_findings, _cache_views_jinja, _cache_views_plan, _cache_views_rewrite, _lazy_scopes, _cache_views_setup  # noqa: F401 (lazy: see transform)

    def applies_to(self, source: str) -> bool:
        """A route decorator or ``add_url_rule`` in the text."""
        return "add_url_rule" in source or _ROUTE_DECORATOR_TEXT.search(source) is not None

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """A view FlaskIndex can find that may answer GET: ``@X.route(...)`` or ``@X.get(...)``
        on an app-like name, or on a name the module binds to a call that may create a Flask
        app or Blueprint (in a module that imports flask; an imported ``admin`` or ``main``
        is no object FlaskIndex knows), unless every route decorator of the function spells
        out a method other than GET (``methods=["GET", "POST"]``, ``.post``: the planner skips
        such a view without a word), or the planner leaves it alone without a word whatever
        else it does (``left_alone``: cached already, a constant page - its body returns a
        literal - or its name, its URL, a decorator's or its own body settles its refusal); or
        ``add_url_rule`` with the name of one function of the module, for a method GET may
        be, unless the planner leaves that one alone so too."""
        return next(candidate_views(tree), None) is not None

    def applies_to_project(self, tree: ast.Module, ctx: Context) -> bool:
        """A view the tree gate lets through whose refusal no template it renders settles
        (``settled_by_templates``: a template, or one it extends or includes, reads the
        user, the session, flashed messages, a CSRF token, the request beyond its URL...,
        read with the planner's own template analysis), nor one that reads a name the view
        does not pass and the project's own context processor fills in from the user
        (``fills_in_per_user``: ``'user': current_user``), nor a read of a name the module
        binds to an object the analysis does not know, a library's or one a function or class
        of the project makes (``reads_unknown_object``: state that may change while a page is
        cached, as the planner's scan judges it), nor that only renders a template that
        does no work, given nothing (``renders_without_work``: the view costs nothing), nor
        a call of a function of another module of the project whose own body settles its
        refusal (``calls_a_settling_function``: ``from .auth import account`` whose body reads
        the session, or calls a function of a third module that does: ``settling_across``,
        the planner loading the third from the second whatever it loaded before:
        ``modules_named``), nor a read of an imported name that module binds to such an
        object (``reads_imported_state``: ``from .db import Session``, ``Session =
        scoped_session(...)``) or that the planner's own functions take for state
        (``state_for_the_planner``: an app a function of the other module changes, an object
        of a class of the project made there), nor costs nothing to make (``costs_nothing``: no loop, no call
        but of a library's pure and cheap function, no read but of its own names, a library's
        or a builtin: skipped, or a refusal not worth reading), nor carries a decorator of
        another module of the project whose scan surely meets a settled problem first
        (``decorated_by_a_settling_function``: ``@etag`` whose wrapper reads the request
        before anything else the scan could refuse), nor calls a method of a row of the
        project's model whose own body settles it (``calls_a_settling_row_method``:
        ``post = Post.query.get_or_404(id)``, ``post.to_json()`` building external URLs),
        nor calls a helper of its module that settles it through a chain of helpers, a call
        of another module's settling function or a read of state (``calls_a_settling_helper``:
        a helper calling a logger of the module that reads the clock)."""
        settling: list[frozenset[str]] = []  # the module's settling helpers, asked once
        state = state_for_the_planner(tree, ctx.read_file)  # (each imported name asked once)

        def crossing(path: str) -> bool:
            return path in modules_named(tree)

        def settling_helpers_once() -> frozenset[str]:
            if not settling:
                settling.append(settling_helpers(tree, ctx.read_file, crossing))
            return settling[0]

        return any(
            not costs_nothing(function, tree)
            and not settled_by_templates(function, tree, ctx)
            and not fills_in_per_user(function, tree, ctx)
            and not reads_unknown_object(function, tree, ctx.read_file)
            and not renders_without_work(function, tree, ctx)
            and not calls_a_settling_function(function, tree, ctx.read_file, crossing)
            and not reads_imported_state(function, tree, ctx.read_file, state)
            and not decorated_by_a_settling_function(function, tree, ctx.read_file)
            and not calls_a_settling_row_method(function, tree, ctx.read_file)
            and not calls_a_settling_helper(function, tree, settling_helpers_once)
            for function in candidate_views(tree)
        )

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        from ._lazy_scopes import lazily_scoped  # lazy, as the modules below
        from ._cache_views_node_index import lazily_indexed

        # a tree an earlier codemod changed has no stdlib AST from the engine: the one of its
        # rendering (each top-level statement is rendered once per transform, and the engine
        # renders the final tree anyway) keeps the wrappers below lazy, instead of the whole
        # module's scopes, parents and positions
        tree = ctx.python_tree(module)
        shared = ctx.metadata(module)
        # the bodies of the views it judges, not all: scopes, parents, expression contexts
        wrapper = lazily_scoped(lazily_indexed(shared, tree) if tree is not None else shared, tree)
        index = FlaskIndex.build(wrapper, tree)
        if not index.views:
            return module
        # lazy: the planner (with its analysis) and the rewrite only for a module with views
        from ._cache_views_findings import findings
        from ._cache_views_plan import Decision, Planner, cache_decorator_owner
        from ._cache_views_rewrite import rewrite
        from ._cache_views_setup import Setup, SetupFinder

        planner = Planner(wrapper, index, ctx, tree)
        decisions: list[Decision] = []
        for view in index.views:
            if all(d.view.function is not view.function for d in decisions):
                decisions.append(planner.decide(view))
        cacheable = [d for d in decisions if not d.skip and d.problem is None]
        setup = Setup()
        if cacheable:
            used = {cache_decorator_owner(dec) for d in decisions for dec in d.view.function.decorators} - {None}
            finder = SetupFinder(planner.analysis, index, planner.registrations, ctx)  # type: ignore[arg-type]
            setup = finder.find(used)
            for decision in cacheable:
                decision.problem = planner.covers(setup, decision)
            # a new cache the program could not import where it is installed afresh: none
            new_cache = setup.mode in ("app", "factory") and any(d.problem is None for d in cacheable)
            undeclarable = finder.undeclarable() if new_cache else ""
            if undeclarable:
                setup = Setup(reason=undeclarable)
                for decision in cacheable:
                    decision.problem = decision.problem or planner.covers(setup, decision)
        positions = FunctionNamePositions(wrapper.module, tree)
        for decision, message in findings(decisions, planner.data_views):
            line, column = positions.of(decision.view.function) or (None, None)
            ctx.finding(decision.view.function.name, message, line=line, column=column)
        chosen = [d for d in cacheable if d.problem is None]
        if not chosen:
            return module
        views = [(d.view.function, planner.decorator_position(d.view), d.query_string) for d in chosen]

        def anchor(app):
            end = app_setup_end(wrapper, app)
            return app.statement if isinstance(end, str) else end

        parent = lambda node: planner.analysis.parent(planner.here, node)  # noqa: E731
        new_module = rewrite(
            wrapper.module, parent, setup, views, anchor, ctx.options["timeout"], straight_imports_first(ctx)
        )
        ctx.rewrote(len(chosen))
        if setup.mode in ("app", "factory"):
            ctx.project_edit("requirement", "Flask-Caching")
        return new_module

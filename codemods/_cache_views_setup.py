"""The app's one cache, as cache-views finds it (or plans to make it) for one module.

In this order: a cache object of this module (``cache = Cache(app)``, or one it imports, e.g.
``from .extensions import cache``, or the one its views already use); else an existing cache
object of the project (followed through the modules this module imports, its packages'
``__init__.py`` and the usual ``extensions.py``), imported here; else, in the module that
creates the app, a new Flask-Caching ``Cache`` after the app's setup (or ``init_app`` in its
factory), unless the project neither declares Flask-Caching nor has a dependency file the
tool can add it to (``SetupFinder.undeclarable``, ``_dependency_places``). Never a second cache for an app, never a made-up name
(``cache_2``): where none fits, ``Setup.reason`` says why and the module is left alone.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from functools import cached_property

import libcst as cst

from ._ast_facts import facts
from ._base import Context
from ._cache_views_analysis import Analysis
from ._cache_views_kinds import CACHE
from ._cache_views_project import Project, SourceModule
from ._declared_versions import nearest_declarations
from ._dependency_places import why_no_dependency_place
from ._flask import AppObject, FlaskIndex
from ._imports import module_binds
from ._names import dotted_name
from ._python_2_only import python_2_only, python_2_syntax

# where an app's extensions usually live, relative to a package folder
_EXTENSION_FILES = ("extensions.py", "extension.py", "ext.py", "extensions/__init__.py", "cache.py", "caching.py",
                    "__init__.py")
# where an app is usually set up (for the evidence that a cache object is initialised)
_SETUP_FILES = ("__init__.py", "app.py", "application.py", "factory.py", "main.py", "wsgi.py", "run.py",
                "manage.py", "server.py", "extensions.py", "ext.py")
_LEVELS = 3
# the caching libraries a project may declare, by distribution -> the module the app imports
_LIBRARIES = {"Flask-Caching": "flask_caching", "Flask-Cache": "flask_cache"}


@dataclass
class Setup:
    """How the cache object is reached (or made) in this module."""

    mode: str = "none"  # existing | import | app | factory | none
    name: str | None = None  # the cache object's name here
    library: str = "flask_caching"  # flask_caching | flask_cache (the old one: no query_string)
    defined_at: int = -1  # index in module.body of the statement that binds it (existing)
    reason: str = ""  # why views cannot be cached here, when mode is "none"
    app: AppObject | None = None
    covered_blueprints: set[str] = field(default_factory=set)
    import_from: str = ""  # mode "import": the module to import it from, as spelled here


class SetupFinder:
    def __init__(self, analysis: Analysis, index: FlaskIndex, registrations, ctx: Context) -> None:
        self.ctx = ctx
        self.analysis = analysis
        self.project: Project = analysis.project
        self.here: SourceModule = analysis.here
        self.module = self.here.module
        self.index = index
        self.registrations = registrations

    def find(self, used_names: set[str]) -> Setup:
        """``used_names``: names the module's views already decorate with (``@cache.cached``)."""
        own = self.own_cache(used_names)
        if own is not None:
            return own
        found = self.project_cache()
        if found is not None:
            module, name, library = found
            if module_binds(self.module, name):
                return Setup(reason=f"the app's cache object {name!r} (in {module.path}) cannot be imported here: "
                             f"the name {name!r} is taken in this module")
            if not (self.imports_from(module) or self.is_leaf(module)) or module.path == "__init__.py":
                return Setup(reason=f"the app's cache object {name!r} is in {module.path}, which the codemod cannot "
                             "import here without risking an import cycle: import it by hand")
            spelled = self.import_spelling(module)
            if spelled is None:
                return Setup(reason=f"the app's cache object {name!r} is in {module.path}, which this module cannot "
                             "import with a relative import (a folder on the way is no package): import it by hand")
            if not self.initialised(name, module):
                return Setup(reason=f"the cache object {name!r} in {module.path} is never set up on the app "
                             f"(no {name}.init_app(app) found)")
            return Setup("import", name, library, import_from=spelled)
        return self.new_cache()

    # -- a cache this module has ---------------------------------------------------------------
    def own_cache(self, used_names: set[str]) -> Setup | None:
        for index, statement in enumerate(self.module.body):
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                for target in _bound_names(small):
                    kind = self.analysis.bound_kind(self.here, small, target)
                    if kind is not None and kind.tag == CACHE:
                        return Setup("existing", target.value, self.library_of(kind), index)
                    if target.value in used_names:
                        library = "flask_cache" if self.old_library_only() else "flask_caching"
                        return Setup("existing", target.value, library, index)
        return None

    @staticmethod
    def library_of(kind) -> str:
        return kind.name or "flask_caching"

    def old_library_only(self) -> bool:
        return self.declared_libraries == {"flask_cache"}

    @cached_property
    def declared_libraries(self) -> set[str]:
        """The caching libraries the project depends on ("flask_caching", "flask_cache"): the
        ones declared in the nearest folder, from this module's up, whose dependency files name
        either (``_declared_versions``; lock files left out: what an install merely pulls in is
        not what the app chose)."""
        return {_LIBRARIES[name] for name in nearest_declarations(self.ctx, _LIBRARIES, locks=False)}

    # -- a cache elsewhere in the project ------------------------------------------------------
    def project_cache(self) -> tuple[SourceModule, str, str] | None:
        candidates = [module.path for module in self.imported_modules()]
        for level in range(_LEVELS):
            candidates += ["../" * level + name for name in _EXTENSION_FILES]
        seen: set[str] = set()
        for path in candidates:
            path = posixpath.normpath(path)
            if path in seen or path == "." or self.project.text(path) is None:
                continue
            seen.add(path)
            module = self.project.load(path)
            if module is None or module is self.here:
                continue
            for name, value in _top_level_values(module.module):
                kind = self.analysis.value_kind(module, value)
                if kind.tag == CACHE:
                    return module, name, kind.name
        return None

    def import_spelling(self, module: SourceModule) -> str | None:
        """How this module imports from ``module``: relative inside one package, absolute in a
        flat layout; None when neither reaches it."""
        target = posixpath.normpath(module.path)
        stem = target[: -len("/__init__.py")] if target.endswith("/__init__.py") else target[: -len(".py")]
        ups = 0
        while stem.startswith("../"):
            stem = stem[3:]
            ups += 1
        if self.project.is_package(""):
            for level in range(1, ups + 1):  # every folder climbed must be a package
                if not self.project.is_package("../" * level):
                    return None
            return "." * (ups + 1) + stem.replace("/", ".")
        return stem.replace("/", ".") if ups == 0 else None

    def imported_modules(self, module: SourceModule | None = None) -> list[SourceModule]:
        """The project modules ``module`` (this one by default) imports at its top level."""
        module = module or self.here
        found: list[SourceModule] = []
        for statement in module.module.body:
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                sources: list[str] = []
                if isinstance(small, cst.ImportFrom):
                    sources.append("." * len(small.relative) + (dotted_name(small.module) or ""))
                elif isinstance(small, cst.Import):
                    sources += [dotted_name(alias.name) or "" for alias in small.names]
                for source in sources:
                    definition = self.project.resolve(module, source) if source else None
                    if definition is not None and definition.module not in found:
                        found.append(definition.module)
        return found

    def imports_from(self, module: SourceModule) -> bool:
        return module in self.imported_modules()

    def is_leaf(self, module: SourceModule) -> bool:
        """True when ``module`` imports no module of the project at its top level."""
        return not self.imported_modules(module)

    def initialised(self, name: str, module: SourceModule) -> bool:
        """Some module of the app sets the cache object up: ``Cache(app)`` or ``name.init_app``."""
        made = re.compile(rf"\b{re.escape(name)}\s*=\s*[\w.]*Cache\(\s*[\w.]+\s*[,)]")  # Cache(app, ...)
        init = re.compile(rf"\b{re.escape(name)}\.init_app\(")
        paths = [module.path] + ["../" * level + f for level in range(_LEVELS) for f in _SETUP_FILES]
        for path in paths:
            text = self.project.text(posixpath.normpath(path))
            if text is not None and (init.search(text) or (path == module.path and made.search(text))):
                return True
        return False

    # -- a new cache where the app is made -----------------------------------------------------
    def new_cache(self) -> Setup:
        module_apps = [a for a in self.index.apps if a.factory is None]
        factory_apps = [a for a in self.index.apps if a.factory is not None]
        if not self.index.apps:
            return Setup(reason="no cache object of the app is reachable from this module: the app's cache belongs "
                         "with its other extensions (e.g. cache = Cache() in extensions.py, set up in the app "
                         "factory); import it here and run the codemod again")
        if len(self.index.apps) > 1:
            return Setup(reason="the module creates several Flask apps, so the codemod does not know which one to "
                         "give a cache")
        if self.old_library_only():
            return Setup(reason="the project depends on the old Flask-Cache: the codemod adds no second caching "
                         "library; move to Flask-Caching, or decorate these views with the app's cache by hand")
        if module_binds(self.module, "cache"):
            return Setup(reason="the name 'cache' is taken in this module, and the codemod makes up no other name")
        elsewhere = self.extensions_elsewhere()
        if elsewhere:
            return Setup(reason=f"the app's other extensions are created in {elsewhere}: create the cache there "
                         "(cache = Cache()), set it up with them, and run the codemod again")
        app = (module_apps or factory_apps)[0]
        where = app.factory
        covered = {bp for (owner, bp, inside, _sub) in self.registrations if owner == app.name and inside is where}
        return Setup("app" if where is None else "factory", "cache", app=app, covered_blueprints=covered)

    def undeclarable(self) -> str:
        """Why a new cache cannot be made (``from flask_caching import Cache`` would fail where
        the project is installed afresh): the project runs on Python 2, where no Flask-Caching
        that reads ``CACHE_TYPE = "SimpleCache"`` installs (1.10 on; 1.8 on need Python 3); or it
        does not declare Flask-Caching and no dependency file of it takes an added requirement;
        "" when it can."""
        listing = self.ctx.project_files()
        python_2 = None
        if listing is not None:
            python_2 = python_2_only(self.ctx, posixpath.dirname(listing.this))
            syntax = python_2_syntax(self.ctx) if python_2 is None else None
            python_2 = python_2 or (f"{syntax} has a statement only Python 2 parses" if syntax else None)
        if python_2 is not None:
            return (f"the project's code runs on Python 2 ({python_2}), where no Flask-Caching that reads "
                    "CACHE_TYPE 'SimpleCache' installs (1.10 on; Python 2 support ended with 1.7): no cache added")
        unplaced = "" if "flask_caching" in self.declared_libraries else why_no_dependency_place(self.ctx)
        if not unplaced:
            return ""
        return (f"Flask-Caching cannot be added to the project's dependencies ({unplaced}), and the added "
                "'from flask_caching import Cache' would fail wherever it is not installed: declare Flask-Caching "
                "with the project's dependencies (a requirements.txt) and run again")

    def extensions_elsewhere(self) -> str | None:
        """The module the app's other extensions come from, when they are imported: ``X.init_app(app)``
        with ``X`` imported from a module of the project."""
        tree = self.here.python_tree()
        if tree is not None and "init_app" not in facts(tree).attributes:
            return None
        for statement in self.module.body:
            for node in _init_app_calls(statement):
                receiver = node.func.value  # type: ignore[attr-defined]
                if isinstance(receiver, cst.Name):
                    for qualified in self.project.imported_names(self.here, receiver):
                        found = self.project.resolve(self.here, qualified)
                        if found is not None and found.module is not self.here:
                            return found.module.path
        return None


def _bound_names(small: cst.BaseSmallStatement) -> list[cst.Name]:
    if isinstance(small, cst.Assign):
        return [t.target for t in small.targets if isinstance(t.target, cst.Name)]
    if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
        return [small.target]
    if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
        return [a.asname.name if a.asname else a.name for a in small.names  # type: ignore[misc]
                if isinstance(a.asname.name if a.asname else a.name, cst.Name)]
    return []


def _top_level_values(module: cst.Module):
    for statement in module.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Assign) and isinstance(small.value, cst.Call):
                    for target in small.targets:
                        if isinstance(target.target, cst.Name):
                            yield target.target.value, small.value


def _init_app_calls(statement: cst.CSTNode) -> list[cst.Call]:
    finder = _InitAppCalls()
    statement.visit(finder)
    return finder.found


class _InitAppCalls(cst.CSTVisitor):
    def __init__(self) -> None:
        self.found: list[cst.Call] = []

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Attribute) and node.func.attr.value == "init_app":
            self.found.append(node)

"""upload-limit: cap the size of request bodies in apps that accept file uploads."""

from __future__ import annotations

import ast

import libcst as cst
from libcst.metadata import MetadataWrapper, ParentNodeProvider

from ._app_config import (
    config_assignment,
    distinct_apps,
    insert_after,
    loader_description,
    may_create_flask_app,
    preferred_quote,
    scan_key,
)
from ._ast_facts import creates_flask_app, facts
from ._base import Codemod, Context, Option, metadata_value
from ._flask import AppObject, FLASK_METADATA, FlaskIndex, app_setup_end, qualified_names
from ._names import dotted_name

KEY = "MAX_CONTENT_LENGTH"
FILES = "flask.request.files"
# how far up the folders an absolutely imported blueprint module is looked for
_IMPORT_LEVELS = 4
# how many re-exports (``from .views import bp`` in a package) are followed
_REEXPORT_DEPTH = 2


class UploadLimit(Codemod):
    """Give apps that accept file uploads a maximum request size (``MAX_CONTENT_LENGTH``).

    Why: without ``MAX_CONTENT_LENGTH`` Flask accepts request bodies of any size, so one
    client can fill the server's memory or disk with a single upload. With it, Werkzeug
    answers an oversized request with ``413 Request Entity Too Large`` before the view runs.
    This is a *review* codemod: it changes behaviour on purpose — uploads larger than the
    limit are refused from now on, so check the limit against the largest file your users
    legitimately send.

    An app qualifies when code in the module that creates it reads ``flask.request.files``
    (resolved by qualified name: ``from flask import request as req`` and ``flask.request``
    count; a local ``request`` does not), or when it registers a blueprint
    (``app.register_blueprint(uploads.bp)``) whose module, found next to it through the
    import, reads ``request.files``. The setting goes right after the app is created — at
    module level, or inside the factory after ``app = Flask(...)`` — after any config
    assignments that directly follow it.

    Before::

        from flask import Flask, request

        app = Flask(__name__)


        @app.post("/upload")
        def upload():
            request.files["photo"].save("uploads/photo")
            return "saved"

    After::

        from flask import Flask, request

        app = Flask(__name__)
        app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024


        @app.post("/upload")
        def upload():
            request.files["photo"].save("uploads/photo")
            return "saved"

    Left alone:

    - a module that already sets ``MAX_CONTENT_LENGTH`` (``app.config[...] =``,
      ``config.update(MAX_CONTENT_LENGTH=...)``, ``from_mapping``, a ``MAX_CONTENT_LENGTH``
      constant or config class attribute); silently.
    - a module that mentions ``MAX_CONTENT_LENGTH`` without setting it recognisably
      (``app.config.get("MAX_CONTENT_LENGTH")``): a finding.
    - an app created on a line with other statements, and ``request.files`` read by code
      whose app cannot be told apart when one module creates several apps: a finding.
    - blueprints the app module cannot see (registered in a loop, imported from an installed
      package, or defined in a module that is not imported by the app module): their
      uploads do not make the app qualify.

    Config loaded from elsewhere (``from_object``, ``from_pyfile``, ``from_envvar``,
    ``from_file``, ``from_prefixed_env``, ``update(settings)``) may set the limit too; this
    cannot be told from the code. The line is still added, and it comes before that
    loading, so a limit set there still wins; each such loading gets a finding so that the
    reviewer can check it.

    Option ``max_bytes`` (default 16 MiB, written ``16 * 1024 * 1024``): the limit in bytes,
    e.g. ``--set upload-limit.max_bytes=104857600``.
    """

    NAME = "upload-limit"
    SUMMARY = "Set MAX_CONTENT_LENGTH in apps that read request.files, so huge uploads get 413."
    SAFETY = "review"
    GROUP = "policy"
    ORDER = 60
    OPTIONS = {
        "max_bytes": Option(int, 16 * 1024 * 1024, "largest request body accepted, in bytes (default 16 MiB)"),
    }
    METADATA = FLASK_METADATA
    TRIGGERS = ("files", "register_blueprint")

    def applies_to(self, source: str) -> bool:
        return "Flask" in source and any(word in source for word in self.TRIGGERS)

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """The module creates a Flask app and reads ``.files`` or registers a blueprint."""
        return creates_flask_app(tree) and bool(facts(tree).attributes & {"files", "register_blueprint"})

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        if not may_create_flask_app(module):  # spares resolving metadata
            return module
        wrapper = ctx.metadata(module, self.METADATA)
        index = FlaskIndex.build(wrapper)
        apps = distinct_apps(index)
        if not apps:
            return module
        scan = scan_key(wrapper, (KEY,))
        if scan.setters:
            return module
        wanted = self._apps_reading_files(wrapper, index, apps, ctx)
        if not wanted:
            return module
        if scan.mentions:
            ctx.finding(
                scan.mentions[0],
                f"{KEY} is used here but not set in a way this codemod recognises; left alone",
            )
            return module
        value = _readable_bytes(ctx.options["max_bytes"])
        quote = preferred_quote(wrapper.module)
        additions: dict[int, list[cst.BaseStatement]] = {}
        for app in wanted:
            anchor = app_setup_end(wrapper, app)
            if isinstance(anchor, str):
                ctx.finding(app.statement, f"{anchor}; set {KEY} by hand")
                continue
            additions.setdefault(id(anchor), []).append(config_assignment(app.name, KEY, value, quote))
        if not additions:
            return module
        for loader in scan.loaders:
            ctx.finding(
                loader,
                f"the config is also loaded from elsewhere here ({loader_description(loader)}): cannot tell whether "
                f"it sets {KEY}; the inserted default comes before it, so a value set there still wins",
            )
        ctx.rewrote(sum(len(v) for v in additions.values()))
        return insert_after(wrapper.module, additions)

    # -- which apps accept uploads ---------------------------------------------------------
    def _apps_reading_files(
        self, wrapper: MetadataWrapper, index: FlaskIndex, apps: list[AppObject], ctx: Context
    ) -> list[AppObject]:
        by_statement = {id(app.statement): app for app in apps}

        def canonical(obj: AppObject | None) -> AppObject | None:
            return by_statement.get(id(obj.statement)) if obj is not None else None

        registrations = _blueprint_registrations(wrapper, index)
        wanted: list[AppObject] = []

        def want(app: AppObject | None) -> None:
            if app is not None and app not in wanted:
                wanted.append(app)

        for use in _files_reads(wrapper):
            if len(apps) == 1:
                want(apps[0])
                continue
            owner = _owner_of(wrapper, index, use)
            if owner is not None and owner.kind == "app":
                want(canonical(owner))
                continue
            registered_on = [
                canonical(app) for app, blueprint, _ in registrations if owner is not None and blueprint is owner
            ]
            registered_on = [app for app in registered_on if app is not None]
            if registered_on:
                for app in registered_on:
                    want(app)
                continue
            ctx.finding(
                use,
                f"request.files is read here, but this module creates {len(apps)} apps and it cannot tell "
                f"which one serves this code; set {KEY} by hand",
            )
        # blueprints from other modules, found through their import
        for app, blueprint, call in registrations:
            app = canonical(app) if app is not None else (apps[0] if len(apps) == 1 else None)
            if app is None or app in wanted or blueprint is not None:
                continue
            target = call.args[0].value
            for name in qualified_names(wrapper, target):
                if _imported_module_reads_files(ctx, "", name, _REEXPORT_DEPTH):
                    want(app)
                    break
        return [app for app in apps if app in wanted]


def _readable_bytes(size: int) -> str:
    """``16 * 1024 * 1024`` rather than ``16777216``."""
    for power in (3, 2, 1):
        unit = 1024**power
        if size > 0 and size % unit == 0:
            return " * ".join([str(size // unit)] + ["1024"] * power)
    return str(size)


def _files_reads(wrapper: MetadataWrapper) -> list[cst.Attribute]:
    """Every ``request.files`` (``flask.request`` by qualified name) in the module."""
    found: list[cst.Attribute] = []

    class _Finder(cst.CSTVisitor):
        def visit_Attribute(self, node: cst.Attribute) -> None:
            if node.attr.value == "files" and FILES in qualified_names(wrapper, node):
                found.append(node)

    wrapper.module.visit(_Finder())
    return found


def _owner_of(wrapper: MetadataWrapper, index: FlaskIndex, node: cst.CSTNode) -> AppObject | None:
    """The app or blueprint whose view (directly or through nested functions) holds ``node``."""
    current = metadata_value(wrapper, ParentNodeProvider, node)
    while current is not None:
        if isinstance(current, cst.FunctionDef):
            view = index.view_for(current)
            if view is not None:
                return view.owner
        current = metadata_value(wrapper, ParentNodeProvider, current)
    return None


def _blueprint_registrations(
    wrapper: MetadataWrapper, index: FlaskIndex
) -> list[tuple[AppObject | None, AppObject | None, cst.Call]]:
    """``X.register_blueprint(bp)`` calls: (the app X, when known; bp when it is a blueprint
    of this module; the call)."""
    found: list[tuple[AppObject | None, AppObject | None, cst.Call]] = []

    class _Finder(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            func = node.func
            if not (isinstance(func, cst.Attribute) and func.attr.value == "register_blueprint" and node.args):
                return
            if node.args[0].keyword is not None or node.args[0].star:
                return
            app = index.object_for(func.value)
            if app is not None and app.kind != "app":
                return
            blueprint = index.object_for(node.args[0].value)
            found.append((app, blueprint, node))

    wrapper.module.visit(_Finder())
    return found


def _imported_module_reads_files(ctx: Context, folder: str, qualified: str, depth: int) -> bool:
    """Whether the module that defines the imported name ``qualified`` (``.uploads.bp``,
    ``shop.shop_bp``; relative to ``folder``, itself relative to the transformed file's
    folder) reads ``request.files``; follows ``from .views import bp`` re-exports."""
    dots = len(qualified) - len(qualified.lstrip("."))
    parts = qualified[dots:].split(".")
    name, module_parts = parts[-1], parts[:-1]
    if dots:
        prefixes = [folder + "../" * (dots - 1)]
    elif module_parts:
        prefixes = [folder + "../" * level for level in range(_IMPORT_LEVELS)]
    else:
        return False
    stem = "/".join(module_parts)
    candidates = [f"{stem}.py", f"{stem}/__init__.py"] if stem else ["__init__.py"]
    for prefix in prefixes:
        for candidate in candidates:
            path = prefix + candidate
            text = ctx.read_file(path)
            if text is None:
                continue
            return _text_reads_files(ctx, path, text, name, depth)
    return False


def _text_reads_files(ctx: Context, path: str, text: str, name: str, depth: int) -> bool:
    if "files" not in text and (depth <= 0 or "import" not in text):
        return False
    try:
        other = MetadataWrapper(cst.parse_module(text), unsafe_skip_copy=True)
    except Exception:  # an unparsable neighbour is simply not known to read files
        return False
    if "files" in text and "request" in text and _files_reads(other):
        return True
    if depth <= 0:
        return False
    # a package that only re-exports the blueprint: follow ``from .views import bp``
    folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
    for statement in other.module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if not isinstance(small, cst.ImportFrom) or isinstance(small.names, cst.ImportStar):
                continue
            for alias in small.names:
                bound = alias.asname.name if alias.asname else alias.name
                if not (isinstance(bound, cst.Name) and bound.value == name and isinstance(alias.name, cst.Name)):
                    continue
                source = "." * len(small.relative) + (dotted_name(small.module) or "")
                separator = "" if source.endswith(".") else "."
                if _imported_module_reads_files(ctx, folder, f"{source}{separator}{alias.name.value}", depth - 1):
                    return True
    return False


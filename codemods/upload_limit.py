"""upload-limit: cap the size of request bodies in apps that accept file uploads."""

from __future__ import annotations

import ast

import libcst as cst
from libcst.metadata import MetadataWrapper, ParentNodeProvider

from ._app_config import ConfigDefault, add_config_default
from ._app_config_gate import set_elsewhere_quietly
from ._upload_limit_gate import may_act
from ._upload_limit_handed import handed_finding, handed_registrations
from ._upload_limit_library import MAY_TAKE_AN_UPLOAD, library_uploads, takes_library_uploads
from ._upload_limit_project import no_larger_size_allowed
from ._upload_limit_returned import first_files_read, returned_blueprint_finding
from ._ast_facts import creates_flask_app, facts
from ._base import Context, Option, metadata_value
from ._flask import AppObject, FlaskIndex, qualified_names
from ._neighbours import found_along_reexports
from ._parsed_modules import libcst_module, python_tree
from ._policy_support import PolicyCodemod

KEY = "MAX_CONTENT_LENGTH"
FILES = "flask.request.files"


class UploadLimit(PolicyCodemod):
    """Give apps that accept file uploads a maximum request size (``MAX_CONTENT_LENGTH``).

    Why: without ``MAX_CONTENT_LENGTH`` Flask accepts request bodies of any size, so one
    client can fill the server's memory or disk with a single upload. With it, Werkzeug
    answers an oversized request with ``413 Request Entity Too Large`` before the view runs.
    This is a *review* codemod: it changes behaviour on purpose — uploads larger than the
    limit are refused from now on, so check the limit against the largest file your users
    legitimately send. It is a *policy* codemod: it picks a number the code does not hold,
    so it runs only when selected (``--select upload-limit``).

    Only the app that is served gets the limit: an app a factory returns or runs, a
    module-level app something registers on (a view, a blueprint, a hook) or runs, or the app
    of an entry module (a package's ``__init__.py``, ``app.py``, ``wsgi.py`` ...). Never test
    code, a script's app (one that only opens ``app.app_context()``), a helper's app or an app
    whose name is bound again before it is used. A module-level app with no such sign gets a
    finding instead.

    An app qualifies when code in the module that creates it reads ``flask.request.files``
    (resolved by qualified name: ``from flask import request as req`` and ``flask.request``
    count; a local ``request`` does not), or when it registers a blueprint
    (``app.register_blueprint(uploads.bp)``) whose module, found next to it through the
    import, reads ``request.files``. A library that reads ``request.files`` for the code counts
    the same: a Flask-WTF form class holding a file field (``file = FileField("Mod File")``,
    WTForms' ``FileField`` or ``MultipleFileField`` alike), and an argument of a Flask-RESTful,
    -RESTPlus or -RESTX ``reqparse`` parser read from ``location="files"``; a view that makes
    such a form, or calls a function that parses such arguments, takes the upload, and the
    field's name (the form's attribute, the argument's name) is weighed as
    ``request.files[NAME]``'s, a ``FileAllowed([...])`` as a check of the upload's kind. The setting goes right after the app is created — at
    module level, or inside the factory after ``app = Flask(...)`` — after any config
    assignments that directly follow it.
    A function of a module that creates no app and registers such a blueprint on an app it
    is handed (``def register_views(app): app.register_blueprint(sources_api)``, called by a
    factory elsewhere) gets a finding at that registration instead: the limit belongs where
    the app is created, which shows no upload itself. A blueprint registered as what a
    function returns (``app.register_blueprint(create_cms())``) is not followed: where the
    project's application code reads ``request.files``, the app gets a finding at the first
    such registration, naming the calls and the upload it may serve.

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

    - a project that already sets ``MAX_CONTENT_LENGTH``, in this module or anywhere in its
      application code or settings files (``app.config[...] =``,
      ``config.update(MAX_CONTENT_LENGTH=...)``, ``from_mapping``, a constant or config class
      attribute, ``MAX_CONTENT_LENGTH = ...`` in a ``.cfg``/``.env`` file or in the template
      of a settings module a deployment copies, ``settings.py.example``); silently.
    - a project whose code allows requests as large as the limit (read across its
      application code): a size a comparison holds against a request's content length, a
      length or a size (``request.content_length > 256 * 1024 * 1024``, ``stream.tell() >
      LIMIT``), or a constant or config key named as an upload limit
      (``MAX_BACKUP_SIZE = 256 * 1024 * 1024``; ``UPLOAD_LIMIT_MB = 500`` counts in MiB);
      also a content length compared with a limit whose value cannot be read. Any lower
      limit would refuse what the app means to accept: a finding names the place.
    - a project whose upload view weighs each upload by its size: it puts the measured size
      of what it was sent (``os.path.getsize`` of the saved file, ``st_size``, a stream's
      ``tell()``, ``content_length``) into arithmetic with a value of its own
      (``getsize(path) / char_limit``, ``used += size``; a literal such as ``/ 1024`` is only
      a unit). Such an app takes large uploads on purpose and charges for them by its own
      measure; a fixed limit would refuse them. A finding names the place.
    - a project with an upload field named for a whole store of data
      (``request.files["database"]``, ``.get("backup_file")``: a database, a backup, a dump,
      an archive, a HAR (an HTTP Archive of a whole page load), a video, an egg or wheel, an
      HDF5 data set (``hdf5``, AnnData's ``h5ad``, ``loom``); also read through the request a
      view hands to a helper, ``req.files["h5ad"]``): its size is what the user has collected, and no
      fixed limit fits it; a finding names the field. The code's other words for what arrives
      count the same, wherever it names the upload: the view's function
      (``def spider_egg_upload()``, ``def projectEggUpload()``), its class
      (``class BackupRestoreView(MethodView)``), its route or endpoint (``"/backup/restore"``,
      from the decorator, ``add_url_rule``, ``add_resource``, ``as_view`` or any call it is
      handed to: ``register_api(UploadAPI, "restore_api", "/restore/")``), the blueprint it is
      on (``Blueprint("backup", ...)``, ``url_prefix="/backup"``, ``from views.backup import
      bp``), its module's name, the name the upload is bound to (``backup =
      request.files["file"]``) and the name it is written under (``sent.save(os.path.join(folder,
      "project.egg"))``, ``sent.save(backup_path)``, ``open(db_path, "wb")``). A view registered
      under a name that cannot be read (a parameter, a loop variable) gets the finding too. Names are split
      into words on non-letters, case changes and digits and compared whole (``db`` is not in
      ``feedback`` or ``dbg_upload``), and by their runs of letters and digits (``h5ad``); the
      receiver of a method that only looks a path up (``db`` of ``db.execute(...).fetchone()``)
      is not its name; a word made wholly of such a word and the generic words of
      an upload (file, upload, data, name, path, input, field, sql) counts too
      (``upload_eggfile``, ``dbdump``), one with any other rest does not (``eggplant``). A view
      that calls a function of the project that reads ``request.files`` (in its module or,
      by the called name, in another) takes the upload too: its words count. The same for a
      module that checks an upload's name
      against the extension of such a store, or of a log (``ext in {"log", "txt"}`` with
      the set inline or in a module constant, ``filename.endswith((".zip", ".tar.gz"))``,
      ``ext != ".mp4"``): a log is as long as the run it recorded. And for a module that
      opens an upload as an archive (``zipfile.ZipFile(sent)``, ``zipfile.is_zipfile``,
      ``tarfile.open(fileobj=sent.stream)``, rarfile's and py7zr's alike), whatever the
      field's name: multiscanner's ``request.files["file"]`` takes zips of samples.
    - the same for every other body the limit caps, at the Werkzeug release the project
      runs: a form (``request.form``, ``request.values``) always, and from Werkzeug 2.3 on
      (which checks the limit whenever the body is read) ``request.get_data()``,
      ``request.data``, ``request.json``/``get_json()`` and ``request.stream``. A view that
      reads such a body is weighed as one that reads ``request.files`` (its words, its route,
      a route built from a parameter), so an editor that saves a whole file as JSON, behind
      a route it builds from a name, gets a finding. The project runs Werkzeug 2.3 or later
      unless its target Flask is older than 2.3 and it pins Werkzeug below 2.3
      (``werkzeug<2.3``, ``==2.2.3``). A function calling such a view by a plain name in its
      module reads its body too; a method call (``x.get()``) does not.
    - an app whose upload route the project's own code sends files to (``requests.post(url,
      files=...)``, or a ``**`` mapping given ``"files"``, to a URL whose literal path holds the
      route's literal segments: FAME's agent takes the samples its main server forwards):
      it takes what the sending side accepts, not what a user picks; a finding names both.
    - a project whose deployment lets larger bodies through the proxy in front of the app
      (nginx's ``client_max_body_size 64m;``, ingress-nginx's ``proxy-body-size: 64m``, ``0``:
      any size; read in its nginx configurations and YAML manifests): it was opened for
      them on purpose (nginx refuses more than 1 MiB by default), and a lower limit would
      refuse them; a finding names the place.
    - a module that mentions ``MAX_CONTENT_LENGTH`` without setting it recognisably
      (``app.config.get("MAX_CONTENT_LENGTH")``): a finding.
    - a project with a module of its application code that does not parse (Python 2) and
      may name a size or read ``request.files``, where it may run in the app's process
      (imported by it, or loaded by a name it computes): what it allows cannot be read, so no
      limit is shown to be safe; a finding names the module. A script run by hand beside the
      app, which the app never imports, allows nothing the app accepts. (Whether such a module sets
      ``MAX_CONTENT_LENGTH`` is read from its text, as a settings file's is.)
    - an app created on a line with other statements, and ``request.files`` read by code
      whose app cannot be told apart when one module creates several apps: a finding.
    - blueprints the app module cannot see (registered in a loop, imported from an installed
      package, or defined in a module that is not imported by the app module): their
      uploads do not make the app qualify.

    Config loaded from elsewhere (``from_object``, ``from_pyfile``, ``from_envvar``,
    ``from_file``, ``from_prefixed_env``, ``update(settings)``) may set the limit too; this
    cannot be told from the code. The line is still added, and it comes before that
    loading, so a limit set there still wins; one finding names every such loading so that
    the reviewer can check them. ``from_object(__name__)`` loads the module's own upper-case
    names, which are read here: it gets a finding only for the names a star import brings.
    Nor is a ``from_pyfile`` of a file of the project named from the module's own place
    (``os.path.join(ROOTDIR, "conf", "base_config.py")``, ``ROOTDIR`` made from ``__file__``)
    that spells neither the key nor binds names another way (a star import, ``exec``): it
    sets none; nor a ``from_object`` of a plain class or a settings module of the project
    named plainly (``from_object(Config)``, ``from_object("shop.settings")``, the imported
    module) that spells neither and that no other module gives the key.

    Option ``max_bytes`` (default 16 MiB, written ``16 * 1024 * 1024``): the limit in bytes,
    e.g. ``--set upload-limit.max_bytes=104857600``.
    """

    NAME = "upload-limit"
    SUMMARY = "Set MAX_CONTENT_LENGTH in apps that read request.files, so huge uploads get 413."
    ORDER = 60
    OPTIONS = {
        "max_bytes": Option(int, 16 * 1024 * 1024, "largest request body accepted, in bytes (default 16 MiB)"),
    }
    TRIGGERS = ("files", "register_blueprint", "FileField")

    def applies_to(self, source: str) -> bool:
        return ("Flask" in source and any(word in source for word in self.TRIGGERS)) or "register_blueprint" in source

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """The module creates a Flask app and reads ``.files``, takes an upload through a library
        (_upload_limit_library) or registers a blueprint; or it registers a blueprint on an app a
        function of it is handed (_upload_limit_handed)."""
        if not creates_flask_app(tree):
            return "register_blueprint" in facts(tree).attributes
        return bool(facts(tree).attributes & {"files", "register_blueprint"}) or takes_library_uploads(tree)

    def applies_to_project(self, tree: ast.Module, ctx: Context) -> bool:
        """The module reads ``flask.request.files``, or registers a blueprint whose module
        (found through its import, as the transform finds it) may, and the project does not
        set the limit elsewhere: see _upload_limit_gate; or, creating no app, it registers
        such a blueprint on an app a function of it is handed (_upload_limit_handed)."""
        if not creates_flask_app(tree):
            return bool(handed_registrations(tree, ctx)) and not set_elsewhere_quietly(tree, ctx, KEY)
        return may_act(tree, ctx, KEY)

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        tree = ctx.python_tree(module)
        if tree is not None and not creates_flask_app(tree):
            if not set_elsewhere_quietly(tree, ctx, KEY):
                for function, parameter, call, creators in handed_registrations(tree, ctx):
                    finding = handed_finding(function, parameter, KEY, creators)
                    ctx.finding(None, finding, line=call.lineno, column=call.col_offset + 1)
            return module
        default = ConfigDefault(KEY, _readable_bytes(ctx.options["max_bytes"]))
        return add_config_default(module, ctx, self.METADATA, default, self._apps_reading_files, _no_larger_size_allowed)

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
        library = library_uploads(tree) if (tree := ctx.python_tree(wrapper.module)) is not None else ()
        if library and len(apps) == 1:
            want(apps[0])
        elif library:
            upload = library[0]
            ctx.finding(
                None,
                f"{upload.how} ({upload.holder}) takes an upload here, but this module creates {len(apps)} apps and it "
                f"cannot tell which one serves it; set {KEY} by hand",
                line=upload.line,
            )
        # blueprints from other modules, found through their import
        returned: list[tuple[AppObject, cst.Call]] = []
        for app, blueprint, call in registrations:
            app = canonical(app) if app is not None else (apps[0] if len(apps) == 1 else None)
            if app is None or app in wanted or blueprint is not None:
                continue
            target = call.args[0].value
            if isinstance(target, cst.Call):
                returned.append((app, call))  # a function's return value: not followed
                continue
            for name in qualified_names(wrapper, target):
                if found_along_reexports(ctx, name, "files", _reads_files):
                    want(app)
                    break
        unfollowed = [(app, call) for app, call in returned if app not in wanted]
        read = first_files_read(ctx) if unfollowed else None
        for app in dict.fromkeys(app for app, _ in unfollowed) if read is not None else ():
            calls = [call for owner, call in unfollowed if owner is app]
            given = [wrapper.module.code_for_node(call.args[0].value) for call in calls]
            ctx.finding(calls[0], returned_blueprint_finding(given, read, KEY))
        return [app for app in apps if app in wanted]


def _no_larger_size_allowed(wrapper: MetadataWrapper, ctx: Context, apps: list[AppObject]) -> bool:
    """See _upload_limit_project: nothing in the project allows, weighs or names an upload a
    limit of ``max_bytes`` would refuse."""
    return no_larger_size_allowed(wrapper, ctx, apps, KEY)


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


def _reads_files(text: str) -> bool | None:
    """Whether the module ``text`` reads ``request.files`` itself, or takes an upload through a
    library (None: it does not; False:
    LibCST cannot read it, and a module it cannot read is simply not known to read files)."""
    parsed = libcst_module(text)
    if parsed is None:
        return False
    if "files" in text and "request" in text and _files_reads(parsed[0]):
        return True
    if MAY_TAKE_AN_UPLOAD.search(text) and (tree := python_tree(text)) is not None and takes_library_uploads(tree):
        return True
    return None

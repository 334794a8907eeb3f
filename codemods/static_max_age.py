"""static-max-age: let browsers cache the files an app serves from its static folder."""

from __future__ import annotations

import ast

import libcst as cst

from ._app_config import ConfigDefault, add_config_default
from ._ast_facts import creates_flask_app
from ._base import Context, Option
from ._flask import AppObject, keyword_argument, string_value
from ._flask_versions import target
from ._policy_support import PolicyCodemod
from ._project_view import where_project_sets
from ._python_2_only import python_2_only_here
from ._static_max_age_deploy import not_deployed_reason
from ._static_max_age_files import UNREADABLE, dynamic_file_sends, static_files_exist
from ._static_max_age_gate import DEFAULT_FOLDER, ends_quietly, may_serve_static_files, sets_here
from ._static_max_age_hooks import caching_hooks, conditional_caching_hooks
from ._static_max_age_writes import static_writes

KEY = "SEND_FILE_MAX_AGE_DEFAULT"
# Names that configure the same thing: Flask < 2.3's app attribute, and the method an app
# or blueprint may override.
ALSO_CONFIGURES = ("send_file_max_age_default", "get_send_file_max_age")
# Flask 2.0 made SEND_FILE_MAX_AGE_DEFAULT None (no max-age); before, it was 12 hours.
NONE_BY_DEFAULT_SINCE = (2, 0)


class StaticMaxAge(PolicyCodemod):
    """Set ``SEND_FILE_MAX_AGE_DEFAULT`` so browsers cache an app's static files.

    Why: since Flask 2.0 ``SEND_FILE_MAX_AGE_DEFAULT`` is ``None``: static files are sent
    without ``Cache-Control: max-age``, so browsers revalidate every stylesheet, script and
    image on every page view — one extra request per file. With a max-age they reuse their
    copy for that long. This is a *review* codemod: it changes behaviour on purpose. It is a
    *policy* codemod: it picks a number the code does not hold, so it runs only when selected
    (``--select static-max-age``). On Flask before 2.0 (the target version) it does nothing:
    there the default is already 12 hours. Nor on an app that runs on Python 2 only (a module
    of the application code in the app's folder or below imports ``urlparse``, ``urllib2`` ...
    at its top level, outside any ``try``, or calls ``execfile``, ``unicode`` ... or sorts a
    list with a comparison function, ``groups.sort(by_group)``, there): no
    Flask from 2.0 on installs there, whatever the requirement admits (a finding says so).

    The default is one hour (3600 seconds), deliberately short: Flask's static URLs
    (``url_for("static", filename="app.css")``) carry no content hash, so after a deploy a
    browser keeps using its cached copy until the max-age runs out. An hour bounds that
    staleness while still sparing the repeated requests of a visit (Flask 1.x used 12 hours).
    Raise it if your static URLs are versioned (e.g. ``?v=<hash>``).

    An app qualifies when it is the app that is served (as for ``upload-limit``: an app a
    factory returns or runs, a module-level app something registers on or runs, an entry
    module's app; never test code, a script's, a helper's or a discarded app, nor the app a
    module-private factory builds only for the ``flask`` command line's loader,
    ``FlaskGroup(create_app=_cli_app)``) and its static
    folder (``static`` next to the module, or its ``static_folder=``) holds files in the
    project: a JSON API with nothing to serve from ``/static`` is left alone. The setting goes
    right after the app is created — at module level, or in the factory after
    ``app = Flask(...)`` — after any config assignments that directly follow it.

    The max-age is worth writing only where it reaches a browser in production: the project's
    own files (not its docs or tests) show the app deployed behind a WSGI server, and none of
    them has a web server serve the static folder in Flask's stead. Deployed: a command that
    starts gunicorn, uWSGI, waitress or mod_wsgi-express (Procfile, Dockerfile, compose file,
    script, supervisor or systemd unit), uWSGI or mod_wsgi configuration, an application module
    that imports a server to serve the app (``gevent.pywsgi``, ``waitress``, ``cheroot`` ...), a
    Procfile's ``web:`` process, a Dockerfile's ``CMD``/``ENTRYPOINT``, a compose file that
    builds the project's image, a systemd unit's ``ExecStart=``, App Engine's ``app.yaml``, or a
    ``wsgi.py`` module. An app only a development server runs (``app.run(debug=True)``,
    ``flask run``) has no production to speed up, and an hour's caching of the stylesheet a
    developer edits only gets in the way. Served elsewhere: nginx's ``location /static`` or a
    ``root``/``alias`` into a static folder, Apache's ``Alias /static``, WhiteNoise: Flask's
    static route is never reached, so the setting would change nothing. Either way the code
    stays, without a finding: there is nothing to change. (A text transformed without its project, where
    nothing can be read, is taken as deployed, as its static folder is taken to hold files.)

    Before::

        from flask import Flask

        app = Flask(__name__)

    After::

        from flask import Flask

        app = Flask(__name__)
        app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600

    Left alone:

    - an app created with ``static_folder=None``, or whose static folder holds no file;
      silently.
    - a project that already sets ``SEND_FILE_MAX_AGE_DEFAULT``, here or anywhere in its
      application code or settings files (``app.config[...] =``, ``update``/``from_mapping``
      keywords, a constant or config class attribute, a ``settings.py.example`` template), or assigns
      ``app.send_file_max_age_default`` or overrides ``get_send_file_max_age``; silently.
    - an app whose code (any module of the project; the finding names those of the app's own
      package when it has any) calls ``send_file()`` or
      ``send_from_directory()`` without ``max_age=``, or asks ``get_send_file_max_age()``
      (the default, which a send then passes on), for a file that is not from the static
      folder: ``SEND_FILE_MAX_AGE_DEFAULT`` applies to those calls too, and a report, a log
      or an edited picture behind a fixed URL would then be kept by browsers for the max-age.
      A finding names the calls; give them a ``max_age=`` of their own first.
    - an app whose code writes into its static folder while it runs: saves, moves or deletes
      a file there (``file.save(...)``, ``savefig``, ``open(..., "w")``, ``os.remove``,
      ``shutil.move`` ... of a path that names the static folder), or names it as the place
      for uploads (``UPLOAD_FOLDER``, Flask-Uploads' ``UPLOADED_<SET>_DEST``). Those files
      change behind the same URL, and a max-age is sent ``public``: browsers and shared
      caches would keep a replaced or deleted upload for that long. A finding names the
      places.
    - an app with a hook run after every request (``after_request``, a blueprint's
      ``after_app_request``) that sets ``Cache-Control`` (``response.headers[...]``,
      ``response.cache_control.max_age``): the app has a caching policy of its own, and the
      header the hook writes replaces the one the setting gives static files. A finding
      names the hook. It writes the header on every response when every way through it
      passes a write: both branches of an if/else, an elif chain that ends in an else, a
      try and its handlers. A hook with a way around the write (an ``if`` without an else,
      ``if request.path.startswith("/api/"):``; an early return before the write; a loop)
      may leave the static files alone: it is named only when none of the reasons above
      holds, as one that may reach them.
    - in each of the three above, a module of the application code that does not parse
      (Python 2) and names what the reason looks for (``send_file``, ``static``,
      ``Cache-Control``) counts as such a place: what it does cannot be read, so that it
      does not do it cannot be shown.
    - a module that mentions ``SEND_FILE_MAX_AGE_DEFAULT`` without setting it recognisably,
      an app whose arguments are unpacked (``Flask(*args, **kwargs)``), and an app created on
      a line with other statements: a finding.

    Config loaded from elsewhere (``from_object``, ``from_pyfile``, ``from_envvar``,
    ``from_file``, ``from_prefixed_env``, ``update(settings)``) may set the max-age too;
    this cannot be told from the code. The line is still added, and it comes before that
    loading, so a value set there still wins; one finding names every such loading so that
    the reviewer can check them. ``from_object(__name__)`` loads the module's own upper-case
    names, which are read here: it gets a finding only for the names a star import brings.
    Nor is a ``from_pyfile`` of a file of the project named from the module's own place
    (``os.path.join(ROOTDIR, "conf", "base_config.py")``, ``ROOTDIR`` made from ``__file__``)
    that spells neither the key nor binds names another way (a star import, ``exec``): it
    sets none; nor a ``from_object`` of a plain class or a settings module of the project
    named plainly (``from_object(Config)``, ``from_object("shop.settings")``, the imported
    module) that spells neither and that no other module gives the key.

    Option ``seconds`` (default 3600): the max-age in seconds, e.g.
    ``--set static-max-age.seconds=86400``.
    """

    NAME = "static-max-age"
    SUMMARY = "Set SEND_FILE_MAX_AGE_DEFAULT so browsers cache static files (default one hour)."
    ORDER = 70
    OPTIONS = {
        "seconds": Option(int, 3600, "how long browsers may cache static files, in seconds (default one hour)"),
    }
    TRIGGERS = ("Flask",)

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """The module creates a Flask app (``flask.Flask`` by qualified name)."""
        return creates_flask_app(tree)

    def applies_to_project(self, tree: ast.Module, ctx: Context) -> bool:
        """The project's target Flask sends static files without a max-age (2.0 and later):
        Flask 1.x already sends them with a 12 hour one; the module does not set the max-age
        itself; and an app the module creates may have a static folder that holds files (see
        _static_max_age_gate); and the transform would not end at its project-wide check
        without a word (``ends_quietly``: the max-age set elsewhere, or nothing to speed up in
        production)."""
        keys = (KEY, *ALSO_CONFIGURES)
        return (
            _sent_without_max_age(ctx)
            and not sets_here(tree, keys)
            and may_serve_static_files(tree, ctx)
            and not ends_quietly(tree, ctx, keys)
        )

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        if not _sent_without_max_age(ctx):
            return module
        default = ConfigDefault(KEY, str(ctx.options["seconds"]), ALSO_CONFIGURES)
        return add_config_default(module, ctx, self.METADATA, default, _apps_with_static_files, _only_static_files_sent)


def _sent_without_max_age(ctx: Context) -> bool:
    """Whether the target Flask sends static files without a max-age (2.0 and later)."""
    return target(ctx) >= NONE_BY_DEFAULT_SINCE


def _apps_with_static_files(wrapper, index, apps: list[AppObject], ctx: Context) -> list[AppObject]:
    """The apps with a static folder that holds files (as far as the project's files tell)."""
    wanted = []
    for app in apps:
        folder = _static_folder(app)
        if folder == _UNKNOWN:
            ctx.finding(
                app.statement,
                f"the app's arguments are unpacked: cannot tell whether it has a static folder; set {KEY} by hand",
            )
        elif folder is not None and (folder == "" or static_files_exist(ctx, folder)):
            wanted.append(app)
    return wanted


def _only_static_files_sent(wrapper, ctx: Context, apps: list[AppObject]) -> bool:
    """False when the project sets the max-age elsewhere (silently), or sends files that may
    change behind their URL without their own max_age=, or writes into its static folder (a
    finding names them)."""
    if any(where_project_sets(ctx, name) is not None for name in (KEY, *ALSO_CONFIGURES)):
        return False
    python_2 = python_2_only_here(ctx)
    if python_2 is not None:
        ctx.finding(
            apps[0].statement,
            f"the app runs on Python 2 only ({python_2}), so no Flask from 2.0 "
            f"on installs: the Flask it gets already sends static files with a 12 hour max-age; {KEY} left as it is",
        )
        return False
    if not_deployed_reason(ctx) is not None:
        # nothing to change and nothing to say: a development server has no production to speed up,
        # and a web server (or WhiteNoise) that serves the static files itself never reaches Flask's route
        return False
    # (the places, what the app does there, what it may do there when no place can be read: a
    # module that does not parse is named as a place whose code cannot be shown to do otherwise)
    reasons = (
        (caching_hooks, "the app {sets} Cache-Control on every response in a hook ({}): its own caching policy "
         f"reaches the static files, and the header it writes replaces the one {KEY} would give them; "
         f"{KEY} left as it is"),
        (dynamic_file_sends, "the app {sends} files with send_file()/send_from_directory() and no max_age= ({}): "
         f"{KEY} would let browsers keep them for its max-age too, though they may change behind the same URL; "
         f"give those calls max_age=, then set {KEY} by hand"),
        (static_writes, "the app {writes} into its static folder ({}): with " f"{KEY} caches would keep a file "
         "it replaces or deletes there for the max-age; keep such files out of the static folder, then set "
         f"{KEY} by hand"),
        (conditional_caching_hooks, "the app {sets} Cache-Control in a hook run after every request, under a "
         "condition ({}): it may reach the static files, and the header it writes would then replace the one "
         f"{KEY} gives them; {KEY} left as it is"),
    )
    for places_of, message in reasons:
        places = places_of(ctx, wrapper.module.code)
        if places:
            shown = ", ".join(places[:3]) + (f" and {len(places) - 3} more" if len(places) > 3 else "")
            unread = all(UNREADABLE in place for place in places)
            verbs = {verb: f"may {verb[:-1]}" if unread else verb for verb in ("sets", "sends", "writes")}
            ctx.finding(apps[0].statement, message.format(shown, **verbs))
            return False
    return True


_UNKNOWN = "<unknown>"


def _static_folder(app: AppObject) -> str | None:
    """The app's static folder relative to its module's folder (``static`` by default), ""
    when it cannot be read off the code (an expression, an absolute path: taken to exist),
    None with ``static_folder=None``, ``_UNKNOWN`` when the arguments are unpacked."""
    call = _creating_call(app)
    if call is None:
        return _UNKNOWN
    argument = keyword_argument(call, "static_folder")
    if argument is None:
        positional = [a for a in call.args if a.keyword is None and not a.star]
        # Flask(import_name, static_url_path=None, static_folder="static", ...)
        argument = positional[2] if len(positional) >= 3 else None
    if argument is None and any(a.star for a in call.args):
        return _UNKNOWN
    if argument is None:
        return DEFAULT_FOLDER
    if isinstance(argument.value, cst.Name) and argument.value.value == "None":
        return None
    folder = string_value(argument.value)
    return folder if folder and not folder.startswith(("/", "\\")) and ":" not in folder else ""


def _creating_call(app: AppObject) -> cst.Call | None:
    for small in app.statement.body:
        if isinstance(small, cst.Assign) and any(t.target is app.target for t in small.targets):
            value = small.value
        elif isinstance(small, cst.AnnAssign) and small.target is app.target:
            value = small.value
        else:
            continue
        return value if isinstance(value, cst.Call) else None
    return None

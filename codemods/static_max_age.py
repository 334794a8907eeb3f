"""static-max-age: let browsers cache the files an app serves from its static folder."""

from __future__ import annotations

import ast

import libcst as cst

from ._app_config import (
    config_assignment,
    distinct_apps,
    insert_after,
    loader_description,
    may_create_flask_app,
    preferred_quote,
    scan_key,
)
from ._ast_facts import creates_flask_app
from ._base import Codemod, Context, Option
from ._flask import AppObject, FLASK_METADATA, FlaskIndex, app_setup_end, call_refers_to, keyword_argument

KEY = "SEND_FILE_MAX_AGE_DEFAULT"
# Names that configure the same thing: Flask < 2.3's app attribute, and the method an app
# or blueprint may override.
ALSO_CONFIGURES = ("send_file_max_age_default", "get_send_file_max_age")
SEND_FILE = (
    "flask.send_file",
    "flask.send_from_directory",
    "flask.helpers.send_file",
    "flask.helpers.send_from_directory",
)


class StaticMaxAge(Codemod):
    """Set ``SEND_FILE_MAX_AGE_DEFAULT`` so browsers cache an app's static files.

    Why: since Flask 2.0 ``SEND_FILE_MAX_AGE_DEFAULT`` is ``None``: static files are sent
    without ``Cache-Control: max-age``, so browsers revalidate every stylesheet, script and
    image on every page view — one extra request per file. With a max-age they reuse their
    copy for that long. This is a *review* codemod: it changes behaviour on purpose.

    The default is one hour (3600 seconds), deliberately short: Flask's static URLs
    (``url_for("static", filename="app.css")``) carry no content hash, so after a deploy a
    browser keeps using its cached copy until the max-age runs out. An hour bounds that
    staleness while still sparing the repeated requests of a visit (Flask 1.x used 12 hours).
    Raise it if your static URLs are versioned (e.g. ``?v=<hash>``).

    An app qualifies when it has a static folder: every ``Flask(...)`` app does unless it is
    created with ``static_folder=None`` (Flask registers the ``/static`` route whether or not
    the folder exists, so the folder itself is not checked). The setting goes right after
    the app is created — at module level, or in the factory after ``app = Flask(...)`` —
    after any config assignments that directly follow it.

    Before::

        from flask import Flask

        app = Flask(__name__)

    After::

        from flask import Flask

        app = Flask(__name__)
        app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600

    ``SEND_FILE_MAX_AGE_DEFAULT`` also applies to ``send_file()`` and
    ``send_from_directory()`` calls that pass no ``max_age=``: each such call in the module
    gets a finding, since a file whose content changes behind a fixed URL would now be cached
    for the max-age too (pass ``max_age=0`` to it if so). Calls in other modules are not seen.

    Left alone:

    - an app created with ``static_folder=None``; silently.
    - a module that already sets ``SEND_FILE_MAX_AGE_DEFAULT`` (``app.config[...] =``,
      ``update``/``from_mapping`` keywords, a constant or config class attribute), or
      assigns ``app.send_file_max_age_default`` or overrides ``get_send_file_max_age``;
      silently.
    - a module that mentions ``SEND_FILE_MAX_AGE_DEFAULT`` without setting it recognisably,
      an app whose arguments are unpacked (``Flask(*args, **kwargs)``), and an app created on
      a line with other statements: a finding.

    Config loaded from elsewhere (``from_object``, ``from_pyfile``, ``from_envvar``,
    ``from_file``, ``from_prefixed_env``, ``update(settings)``) may set the max-age too;
    this cannot be told from the code. The line is still added, and it comes before that
    loading, so a value set there still wins; each such loading gets a finding so that the
    reviewer can check it.

    Option ``seconds`` (default 3600): the max-age in seconds, e.g.
    ``--set static-max-age.seconds=86400``.
    """

    NAME = "static-max-age"
    SUMMARY = "Set SEND_FILE_MAX_AGE_DEFAULT so browsers cache static files (default one hour)."
    SAFETY = "review"
    GROUP = "policy"
    ORDER = 70
    OPTIONS = {
        "seconds": Option(int, 3600, "how long browsers may cache static files, in seconds (default one hour)"),
    }
    METADATA = FLASK_METADATA
    TRIGGERS = ("Flask",)

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """The module creates a Flask app (``flask.Flask`` by qualified name)."""
        return creates_flask_app(tree)

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        if not may_create_flask_app(module):  # spares resolving metadata
            return module
        wrapper = ctx.metadata(module, self.METADATA)
        index = FlaskIndex.build(wrapper)
        apps = distinct_apps(index)
        if not apps:
            return module
        scan = scan_key(wrapper, (KEY, *ALSO_CONFIGURES))
        if scan.setters:
            return module
        wanted: list[AppObject] = []
        for app in apps:
            status = _static_folder(app)
            if status == "unknown":
                ctx.finding(
                    app.statement,
                    f"the app's arguments are unpacked: cannot tell whether it has a static folder; set {KEY} by hand",
                )
            elif status == "yes":
                wanted.append(app)
        if not wanted:
            return module
        if scan.mentions:
            ctx.finding(
                scan.mentions[0], f"{KEY} is used here but not set in a way this codemod recognises; left alone"
            )
            return module
        seconds = ctx.options["seconds"]
        quote = preferred_quote(wrapper.module)
        additions: dict[int, list[cst.BaseStatement]] = {}
        for app in wanted:
            anchor = app_setup_end(wrapper, app)
            if isinstance(anchor, str):
                ctx.finding(app.statement, f"{anchor}; set {KEY} by hand")
                continue
            additions.setdefault(id(anchor), []).append(config_assignment(app.name, KEY, str(seconds), quote))
        if not additions:
            return module
        for loader in scan.loaders:
            ctx.finding(
                loader,
                f"the config is also loaded from elsewhere here ({loader_description(loader)}): cannot tell whether "
                f"it sets {KEY}; the inserted default comes before it, so a value set there still wins",
            )
        for call in _send_file_calls(wrapper):
            func = call.func
            name = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", "send_file")
            ctx.finding(
                call,
                f"{name}() passes no max_age=, so {KEY} now applies to it too (Cache-Control: max-age={seconds}); "
                f"pass max_age=0 if this file can change behind the same URL",
            )
        ctx.rewrote(sum(len(v) for v in additions.values()))
        return insert_after(wrapper.module, additions)


def _static_folder(app: AppObject) -> str:
    """"yes", "no" (``static_folder=None``) or "unknown" (arguments unpacked)."""
    call = _creating_call(app)
    if call is None:
        return "unknown"
    argument = keyword_argument(call, "static_folder")
    if argument is None:
        positional = [a for a in call.args if a.keyword is None and not a.star]
        # Flask(import_name, static_url_path=None, static_folder="static", ...)
        argument = positional[2] if len(positional) >= 3 else None
    if argument is None and any(a.star for a in call.args):
        return "unknown"
    if argument is not None and isinstance(argument.value, cst.Name) and argument.value.value == "None":
        return "no"
    return "yes"


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


def _send_file_calls(wrapper) -> list[cst.Call]:
    """``send_file(...)`` / ``send_from_directory(...)`` calls without ``max_age=``."""
    found: list[cst.Call] = []

    class _Finder(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            if not call_refers_to(wrapper, node, *SEND_FILE):
                return
            if keyword_argument(node, "max_age") is None and not any(a.star == "**" for a in node.args):
                found.append(node)

    wrapper.module.visit(_Finder())
    return found

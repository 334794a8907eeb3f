"""moved-imports: import legacy Flask, Werkzeug and Jinja names from where they live now."""

from __future__ import annotations

import ast

import libcst as cst

from ._base import Context
from ._flask_versions import LegacyForm
from ._moved_imports_gate import legacy_at, may_name_a_legacy_form, may_spell_a_legacy_form
from ._upgrade_support import UpgradeCodemod


class MovedImports(UpgradeCodemod):
    """Import legacy Flask, Werkzeug and Jinja names from where they live now.

    Why: the first thing that stops a legacy Flask app on a current install is an
    ``ImportError``. Flask 1.0 removed the ``flask.ext`` namespace, Werkzeug 1.0 removed its
    top-level names (``from werkzeug import secure_filename``) and ``werkzeug.contrib``, Flask
    2.1 removed ``flask.safe_join``, Werkzeug 2.1 ``BaseRequest``/``BaseResponse``, Flask 3.0
    ``flask.escape``/``flask.Markup`` and Jinja 3.1 ``jinja2.Markup``/``jinja2.escape`` and
    the decorators of filters and functions (``contextfilter`` ...). Each name still exists,
    somewhere else or under a new name.

    What it rewrites (names resolved by qualified name; aliases stay aliases):

    - ``flask.ext.X`` -> ``flask_X``: ``from flask.ext.sqlalchemy import SQLAlchemy``,
      ``from flask.ext import login`` (-> ``import flask_login as login``),
      ``import flask.ext.sqlalchemy`` together with its uses ``flask.ext.sqlalchemy.X``
      (``import flask`` is kept when ``flask`` is used too), and star imports;
    - Werkzeug's top-level names -> their submodules: ``secure_filename``,
      ``cached_property``, ``import_string`` -> ``werkzeug.utils``,
      ``generate_password_hash``/``check_password_hash`` -> ``werkzeug.security``,
      ``FileStorage``, ``MultiDict``, ``Headers`` -> ``werkzeug.datastructures``, and the
      rest of the list Werkzeug 0.16 deprecated; ``werkzeug.secure_filename(f)`` after
      ``import werkzeug`` becomes ``werkzeug.utils.secure_filename(f)`` with
      ``import werkzeug.utils`` added;
    - ``werkzeug.contrib.fixers.ProxyFix`` -> ``werkzeug.middleware.proxy_fix.ProxyFix``
      (``num_proxies=N`` -> ``x_for=N``), ``werkzeug.contrib.profiler.ProfilerMiddleware``,
      ``werkzeug.contrib.lint.LintMiddleware``, ``werkzeug.wsgi.DispatcherMiddleware``,
      ``SharedDataMiddleware`` and ``ProxyMiddleware`` -> ``werkzeug.middleware.*``
      (target Flask 1.1 or later: they need Werkzeug 0.15);
    - ``flask.escape``, ``flask.Markup``, ``jinja2.escape``, ``jinja2.Markup`` ->
      ``markupsafe.escape``, ``markupsafe.Markup`` (the very same objects);
    - ``jinja2.contextfilter``/``contextfunction`` -> ``jinja2.pass_context``,
      ``evalcontextfilter``/``evalcontextfunction`` -> ``pass_eval_context``,
      ``environmentfilter``/``environmentfunction`` -> ``pass_environment`` (Jinja 3.0 added
      them; 3.1, which Flask 3.0 requires, removed the old ones), where the project's Jinja is
      3.0 or later: target Flask 2.0 or later (which requires it), or a Jinja2 the project
      declares from 3.0, and nothing lets it run an older one (a pin, a copy it ships); uses
      are renamed as ``BaseRequest``'s are (below);
    - ``werkzeug.wrappers.BaseRequest``/``BaseResponse`` -> ``Request``/``Response`` (target
      2.0 or later, where they are the same class). Uses are renamed too when the new name is
      free and no other module can import the old one from here (not in a package's
      ``__init__``, not named in a string such as ``__all__``, not imported from here by
      another module of the project, by name or by a star import); else
      ``from werkzeug.wrappers import Request as BaseRequest``;
    - ``flask.safe_join(d, name)`` -> ``werkzeug.utils.safe_join(d, name) or abort(404)``
      (target 2.0 or later). Werkzeug's function returns None for a path that would leave
      the folder, where Flask's raised ``NotFound``; ``or abort(404)`` raises the same
      exception. ``abort`` is imported from flask when the module does not have it. This is
      exactly Flask 2.0's ``flask.safe_join``; Flask 1.x's own differed only in how it spelled
      the same place (``safe_join("static", "")`` gave ``"static/"``, now ``"static"``;
      ``safe_join("", "a")`` gave ``"a"``, now ``"./a"``), and on Windows device names such as
      ``CON`` now count as unsafe too.

    Before::

        from flask import Flask, Markup, safe_join
        from flask.ext.sqlalchemy import SQLAlchemy
        from werkzeug import secure_filename
        from werkzeug.contrib.fixers import ProxyFix

        UPLOADS = "/srv/uploads"
        app = Flask(__name__)
        app.wsgi_app = ProxyFix(app.wsgi_app)
        db = SQLAlchemy(app)


        def upload_path(name):
            return safe_join(UPLOADS, secure_filename(name))


        def bold(text):
            return Markup("<b>%s</b>") % text

    After::

        from flask import Flask, abort
        from markupsafe import Markup
        from flask_sqlalchemy import SQLAlchemy
        from werkzeug.utils import safe_join, secure_filename
        from werkzeug.middleware.proxy_fix import ProxyFix

        UPLOADS = "/srv/uploads"
        app = Flask(__name__)
        app.wsgi_app = ProxyFix(app.wsgi_app)
        db = SQLAlchemy(app)


        def upload_path(name):
            return safe_join(UPLOADS, secure_filename(name)) or abort(404)


        def bold(text):
            return Markup("<b>%s</b>") % text

    A name split off a ``from`` import that keeps other names goes to the module's import
    section (in its group, in order), or right after that import when it is not at module level
    or holds comments (they stay, above the new line); a whole statement that moves is replaced
    where it stands, so an import inside a function stays there. At module level, names (not
    aliased, no comment on the line) whose new module the module already imports from on one
    line join that line (``from werkzeug.utils import redirect, secure_filename``). An
    ``import jinja2`` (``flask``, ``werkzeug``) every use of which was spelled anew
    (``jinja2.Markup`` is ``markupsafe.Markup`` now) gives way to the new import where it stood,
    rather than stay unused (flake8's F401, which a project's CI fails on); not an aliased one,
    one a new spelling still goes through (``flask.abort``), nor one in a package's ``__init__.py``
    or in a module another module of the project takes the name from (a test's ``from
    app.filters import *`` that then reads ``jinja2.Markup``, ``from app.filters import jinja2``,
    ``filters.jinja2``): the new import is added beside it.

    Refused, with a finding: ``flask.ext.X`` where the extension release the project may run
    ships no ``flask_X`` module, only ``flaskext.X``, which the ``flask.ext`` hook loaded in
    its place: Flask-SQLAlchemy before 0.16, Flask-Script before 0.4.0, Flask-WTF before 0.8,
    Flask-Mail before 0.7.0, Flask-Testing before 0.4, Flask-Babel before 0.9, Flask-Cache
    before 0.8, Flask-Uploads before 0.2.0, Flask-OpenID before 1.1, and every Flask-Markdown,
    Flask-BrowserID and Flask-Themes release (read off the project's requirements and the Pythons it declares; an unpinned extension
    gets its newest release). ``flask.Markup``, ``flask.escape``, ``jinja2.Markup`` and
    ``jinja2.escape`` where the project may run a Jinja2 older than 2.7 and declares no
    MarkupSafe: Jinja2 requires MarkupSafe from 2.7 on, while 2.5.1 to 2.6 fall back on a copy
    they bundle, so ``Flask==0.9`` with ``Jinja2==2.6`` installs no ``markupsafe`` to import
    (with MarkupSafe declared, a Jinja2 older than 2.5.1 still holds it back: its ``Markup``
    is its own class; a Jinja2 from the system's packages brings the system's MarkupSafe).
    Jinja's old decorators where the project may run a Jinja2 older than 3.0 (``Flask==0.10.1``
    with ``Jinja2==2.7.3``, or a Flask older than 2.0 and no Jinja2 declared): the new name is not
    there, and the finding names it (one finding for an import line, naming each old name and
    its own replacement).
    A name of a ``werkzeug.contrib`` module (deprecated since Werkzeug 0.15) left behind in an
    import whose other names move (``MergeStream`` beside ``ProfilerMiddleware``, a fixer beside
    ``ProxyFix``): it has no new home and breaks on 1.0, so the finding says what replaces it.
    And, only when the old form is gone at the target version:
    ``werkzeug.contrib.cache`` (use cachelib or Flask-Caching), ``securecookie`` and
    ``sessions`` (use secure-cookie), ``jsrouting``, ``limiter`` and ``testtools`` (gone in
    0.15), the other ``werkzeug.contrib`` modules (also where the target's Werkzeug, 0.15 or
    0.16, still has them: they warn on import there, and the finding names 1.0, which removes
    them; and where a fresh install may get a Werkzeug without them though the target's
    Werkzeug has them: a Werkzeug the project does not pin, whose Flask does not cap it,
    ``Flask==0.10.1`` alone giving Werkzeug 1.0.1 on Python 2.7), Flask's private ``flask.exthook`` (gone in 1.0, with ``flask.ext``) and
    ``flask._compat`` (gone in 2.0), top-level
    Werkzeug names that their submodule dropped later too (``cookie_date``, ``Href``,
    ``escape``, the wrapper mixins, ``parse_authorization_header`` ...; the finding names the
    replacement), the same names spelled at their submodule (``werkzeug.utils.escape``,
    imported or in a chain after ``import werkzeug``), ``flask.helpers.locked_cached_property`` (gone in Flask 3.0:
    ``functools.cached_property`` takes no lock, so it is not a drop-in replacement), ``from
    werkzeug import *`` and ``from flask import *`` that rely on moved
    names, ``flask.safe_join`` used other than by calling it, and any rewrite whose new name
    would clash with a name the module already uses. Werkzeug's ``url_*`` functions are left
    to ``werkzeug-stdlib``. Where the target is a release nobody declared (a checkout of
    Flask, the system's package an RPM spec requires), a name that moved from a release on
    (``werkzeug.contrib.profiler``'s middleware, ``flask.safe_join``) is left, as the move
    cannot be proven valid there, and, as it is gone from the newest releases, reported.

    Left alone: version-guarded code (``try: from flask import Markup`` /
    ``except ImportError: ...``, ``if werkzeug_version < ...``).
    """

    NAME = "moved-imports"
    SUMMARY = "Import flask.ext, werkzeug, werkzeug.contrib and flask.Markup-style names from where they live now."
    ORDER = 2
    CATALOGUE = (
        LegacyForm("`flask.ext.X`", "`flask_X`", "Flask 0.11", "Flask 1.0", "safe"),
        LegacyForm(
            "`from werkzeug import secure_filename` (and Werkzeug's other top-level names)",
            "`from werkzeug.utils import secure_filename` (each name's submodule)",
            "Werkzeug 0.16", "Werkzeug 1.0", "safe",
        ),
        LegacyForm(
            "`werkzeug.contrib.fixers.ProxyFix`, `werkzeug.contrib.profiler`, `werkzeug.contrib.lint`",
            "`werkzeug.middleware.proxy_fix.ProxyFix`, `.profiler`, `.lint`",
            "Werkzeug 0.15", "Werkzeug 1.0", "safe", (1, 1),
        ),
        LegacyForm("`ProxyFix(app, num_proxies=N)`", "`ProxyFix(app, x_for=N)`", "Werkzeug 0.15", "Werkzeug 1.0", "safe", (1, 1)),
        LegacyForm(
            "`werkzeug.wsgi.DispatcherMiddleware`, `SharedDataMiddleware`, `ProxyMiddleware`",
            "`werkzeug.middleware.dispatcher`, `.shared_data`, `.http_proxy`",
            "Werkzeug 0.15", "Werkzeug 1.0", "safe", (1, 1),
        ),
        LegacyForm(
            "`werkzeug.contrib.cache`, `securecookie`, `sessions`, other `werkzeug.contrib` modules",
            "cachelib, secure-cookie, ... (named in the finding)",
            "Werkzeug 0.15", "Werkzeug 1.0", "finding",
        ),
        LegacyForm("`flask.exthook`", "each extension's own package (`flask_X`)", "Flask 0.11", "Flask 1.0", "finding"),
        LegacyForm("`flask._compat`", "Python 3's `str`, `bytes` and dict methods, or six", "", "Flask 2.0", "finding"),
        LegacyForm(
            "`werkzeug.cookie_date`, `Href`, `escape`, the wrapper mixins, ... (dropped by their submodule too)",
            "named in the finding", "Werkzeug 0.16", "Werkzeug 2.1 – 3.0", "finding",
        ),
        LegacyForm("`flask.escape`, `flask.Markup`", "`markupsafe.escape`, `markupsafe.Markup`", "Flask 2.3", "Flask 3.0", "safe"),
        LegacyForm("`jinja2.escape`, `jinja2.Markup`", "`markupsafe.escape`, `markupsafe.Markup`", "Jinja 3.0", "Jinja 3.1", "safe"),
        LegacyForm(
            "`jinja2.contextfilter`, `contextfunction`, `evalcontextfilter`, `evalcontextfunction`, "
            "`environmentfilter`, `environmentfunction`",
            "`jinja2.pass_context`, `pass_eval_context`, `pass_environment`",
            "Jinja 3.0", "Jinja 3.1", "safe", (2, 0),
        ),
        LegacyForm(
            "`flask.safe_join(d, p)`", "`werkzeug.utils.safe_join(d, p) or abort(404)`", "Flask 2.0", "Flask 2.1", "safe", (2, 0)
        ),
        LegacyForm(
            "`flask.helpers.locked_cached_property`", "`functools.cached_property` with a lock of your own",
            "Flask 2.3", "Flask 3.0", "finding",
        ),
        LegacyForm(
            "`werkzeug.wrappers.BaseRequest`, `BaseResponse`", "`werkzeug.wrappers.Request`, `Response`",
            "Werkzeug 2.0", "Werkzeug 2.1", "safe", (2, 0),
        ),
    )

    def applies_to_file(self, source: str, path: str) -> bool:
        """The module spells one of flask, werkzeug or jinja2 and, as a word, a later part of a
        name the catalogue knows under it, a star import or ``num_proxies``: see
        _moved_imports_gate; never setup.py."""
        return may_spell_a_legacy_form(source)

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """An import of a moved or removed name (or from ``flask.ext``, a removed module), a
        chain that may end in one, a star import from flask, jinja2 or werkzeug, or
        ``num_proxies=`` with werkzeug imported: see _moved_imports_gate."""
        return may_name_a_legacy_form(tree)

    def applies_to_project(self, tree: ast.Module, ctx: Context) -> bool:
        """The tree gate again, at the target version: an imported name or module counts
        only when the planner moves or reports it there (see _moved_imports_gate)."""
        return may_name_a_legacy_form(tree, legacy_at(ctx))

    @staticmethod
    def preload() -> None:
        """The planner, which ``transform`` imports on first use: loaded once in a process
        about to fork its workers (tool/pool.py), rather than once in each."""
        from . import _moved_imports_plan  # noqa: F401 (lazy: see transform)

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        from ._moved_imports_plan import Planner  # lazy: only for a file past the gates (a run on a few files imports it only if one needs it)

        return self.planned(Planner, module, ctx)

"""config-env: ``app.env``, ``app.config["ENV"]`` and ``FLASK_ENV``, gone in Flask 2.3."""

from __future__ import annotations

import ast
import re

import libcst as cst

from ._base import Context
from ._config_env_gate import may_use_env
from ._config_env_plan import Planner, flask_ignores_env
from ._flask_versions import LegacyForm, available
from ._upgrade_support import NAMES_METADATA, UpgradeCodemod

DEPRECATED = (2, 2)
_TRIGGER = re.compile(r"FLASK_ENV|[\"']ENV[\"']|\.env\b|\bENV\s*=")


class ConfigEnv(UpgradeCodemod):
    """Replace ``ENV == "development"`` tests by debug-mode tests (``app.debug``,
    ``FLASK_DEBUG``), and report every other use of ``app.env``, ``ENV`` and ``FLASK_ENV``.

    Why: Flask 2.2 deprecated the ``FLASK_ENV`` environment variable, the ``ENV`` config key
    and ``app.env``, and Flask 2.3 removed them: ``app.env`` raises AttributeError,
    ``app.config["ENV"]`` raises KeyError, and ``FLASK_ENV=development`` no longer turns on
    debug mode. Up to 2.2, debug mode was on by default exactly when ``ENV`` was
    ``"development"`` (unless ``FLASK_DEBUG`` said otherwise): that is what the comparison
    meant to Flask, and since 2.3 debug mode is the only switch left.

    What it rewrites (target Flask 2.2 or newer): a comparison ``X == "development"`` (or
    ``!=``, either side) whose value decides debug behaviour — the test of an ``if``,
    ``while``, conditional expression or ``assert`` (also inside ``and``/``or``/``not``),
    the ``debug=`` argument of a call, or the value assigned to ``DEBUG`` / ``app.debug`` /
    ``app.config["DEBUG"]`` — where X is ``app.env``, ``app.config["ENV"]`` or
    ``app.config.get("ENV")`` of an app created in the module (or ``current_app``), which
    becomes ``app.debug``; or a read of the ``FLASK_ENV`` environment variable
    (``os.environ.get``, ``os.getenv``, ``os.environ[...]``), which becomes
    ``get_debug_flag()`` (``flask.helpers``: how Flask itself reads ``FLASK_DEBUG``) — unless
    its default makes an unset variable mean development (``os.environ.get("FLASK_ENV",
    "development")``): ``FLASK_DEBUG`` is off when unset, so that one is reported; or
    unless the project picks its own configuration by the variable's value (a factory's
    ``run_mode=os.getenv("FLASK_ENV", "production")``, ``configs[os.environ["FLASK_ENV"]]``,
    or through a name its scope binds once: ``env = os.getenv("FLASK_ENV")``, ``configs[env]``):
    it is then the app's own setting, which its deployments still set, and the test asks for
    that run mode (reported). A project every declaration of whose Flask starts at 2.3 or later
    (``flask==3.1.3``, Poetry's ``^3.0.0``; read as the upgrade codemods read pins) never ran on
    a Flask that read ``FLASK_ENV``: its reads of the variable are of its own setting, and are
    left as they are, unreported (nothing there changed with the removal).
    Where the app sets its own ``ENV`` — in the module (``app.config["ENV"] = ...``, a config
    class named so or loaded with ``from_object``, ``config.update(ENV=...)``, a module loading
    itself with ``from_object(__name__)``) or anywhere in the project's application code or
    the settings files it loads (a config class in ``config.py``, ``ENV = ...`` in a file for
    ``from_pyfile``, an ``update(ENV=...)`` in a factory module) — a read of
    ``app.config["ENV"]`` reads that value, which Flask keeps in ``app.config`` on every
    version and which never switched debug mode: it is left as it is (reported, naming where
    ENV is set, when that is another module; a subscript read is reported as a KeyError from
    2.3 on where ENV is set only in config classes, one of which may be loaded and leaves it
    unset, or only under a condition); ``app.env`` there (up to 2.2 the same value) is reported, not rewritten:
    ``app.config["ENV"]`` still holds it. Where the project loads configuration that cannot
    be read here (``from_envvar``, ``from_prefixed_env``, ``from_pyfile`` of a path named at
    run time or of a file the project does not hold, ``from_object`` of what the environment
    names), it may set ENV: the read is reported, not rewritten.

    Before::

        import os

        from flask import Flask

        app = Flask(__name__)
        if app.env == "development":
            app.config["EXPLAIN_TEMPLATE_LOADING"] = True

        DEBUG = os.environ.get("FLASK_ENV") == "development"

    After::

        import os

        from flask import Flask
        from flask.helpers import get_debug_flag

        app = Flask(__name__)
        if app.debug:
            app.config["EXPLAIN_TEMPLATE_LOADING"] = True

        DEBUG = get_debug_flag()

    This is a *review* codemod: deployments that set ``FLASK_ENV=development`` must set
    ``FLASK_DEBUG=1`` (or run ``flask run --debug``) instead; on Flask 2.2 both still agree.

    Findings (code left as it is): every other read — a comparison with another environment
    name (``"production"`` can mean "not development" or one of several), the name used as
    a value (``config[app.env]``, logging it), an object not known to be a Flask app — and
    every write (``app.env = ...``, ``app.config["ENV"] = ...``, ``ENV = ...`` in a config
    class, ``os.environ["FLASK_ENV"] = ...``: they have no effect since 2.3 — unless the
    project reads the config value (``app.config["ENV"]``, ``config.ENV`` in a template),
    which still sees it, and the finding says so; for a target
    Flask from 1.0 to 2.2, which still reads them, the finding says what they still set there
    and that they lose it in 2.3). Not reported where Flask does not read them (from 2.3, or
    before 1.0): a write beside the debug setting (``ENV`` in a config class or
    ``config.update()`` that also sets ``DEBUG``, ``os.environ["FLASK_ENV"]`` in a function
    that also sets ``FLASK_DEBUG``): debug mode is already set the current way, and the name
    is the app's own, which Flask still carries for its readers (templates' ``config.ENV``, a
    library reading the variable). In a project whose every declared Flask starts at 2.3
    (which never ran on a Flask that read ``FLASK_ENV``), a write of ``FLASK_ENV`` that the
    project's application code reads is its own setting, as its reads are, and is not
    reported; one nothing reads is reported as doing nothing. For a target older than Flask 2.2,
    everything is reported and nothing rewritten. Version-guarded code stays as it is.
    """

    NAME = "config-env"
    SUMMARY = "Replace ENV == \"development\" tests by debug-mode tests, and report other uses of app.env, ENV and FLASK_ENV."
    SAFETY = "review"
    ORDER = 9
    CATALOGUE = (
        LegacyForm('`app.env == "development"`', "`app.debug`", "Flask 2.2", "Flask 2.3", "review", DEPRECATED),
        LegacyForm('`app.config["ENV"] == "development"`', "`app.debug`", "Flask 2.2", "Flask 2.3", "review", DEPRECATED),
        LegacyForm(
            '`os.environ.get("FLASK_ENV") == "development"`', "`flask.helpers.get_debug_flag()` (`FLASK_DEBUG`)",
            "Flask 2.2", "Flask 2.3", "review", DEPRECATED,
        ),
        LegacyForm(
            "other uses of `app.env`, `ENV`, `FLASK_ENV`", "`app.debug`, or the app's own setting", "Flask 2.2", "Flask 2.3",
            "finding",
        ),
    )

    def applies_to_file(self, source: str, path: str) -> bool:
        # every match holds "ENV" or ".env": a substring test first spares the regex's scan of
        # the text (about a third of the whole text stage on the real-world corpus)
        return ("ENV" in source or ".env" in source) and _TRIGGER.search(source) is not None

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """What every read and write it handles spells: ``FLASK_ENV`` as a key, or ``X.env``,
        ``X.config["ENV"]`` of what may be an app (``current_app``, a name assigned
        ``Flask(...)``), ``ENV`` in a config class or given to ``X.config.update``: see
        ``_config_env_gate``. Not a ``".env"`` file name."""
        return may_use_env(tree)

    def applies_to_project(self, tree: ast.Module, ctx: Context) -> bool:
        """At a target Flask that does not read them, the writes left silent (beside the debug
        setting) do not count: ``may_use_env`` with ``own_name``."""
        return not flask_ignores_env(ctx) or may_use_env(tree, own_name=True)

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        return Planner.transformed(module, ctx, NAMES_METADATA, available(ctx, DEPRECATED))

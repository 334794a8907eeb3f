"""flask-script: modules that use Flask-Script, which does not run on Flask 2.0 or later."""

from __future__ import annotations

import ast

import libcst as cst
from libcst.metadata import ParentNodeProvider

from ._base import Context
from ._flask_versions import LegacyForm, Removal, left_at_unknown_target, removed, target_unknown
from ._upgrade_support import NAMES_METADATA, UpgradeCodemod, dotted, import_source, nodes_of
from ._version_guards import is_guarded

MODULES = ("flask_script", "flask.ext.script")
BROKEN_IN = (2, 0)  # Flask-Script imports flask._compat, which Flask 2.0 removed


class FlaskScript(UpgradeCodemod):
    """Report modules that use Flask-Script: it does not run on Flask 2.0 or later.

    Why: Flask-Script (``from flask_script import Manager``) is unmaintained; it imports
    ``flask._compat``, which Flask 2.0 removed, so a ``manage.py`` built on it stops with an
    ``ImportError`` on any current Flask. Its replacement is the ``flask`` command that Flask
    has shipped since 0.11, built on click.

    What it does: one finding per module that imports ``flask_script`` (or
    ``flask.ext.script``), at the first such import, when the target is Flask 2.0 or later, or
    a release nobody declared (a checkout of Flask, the system's package an RPM spec requires).
    It never rewrites: moving ``Manager`` commands to click changes how the project is run
    (``python manage.py runserver`` becomes ``flask run``), which a human decides. The finding
    says what replaces it:

    Before::

        from flask import Flask
        from flask_script import Manager

        app = Flask(__name__)
        manager = Manager(app)


        @manager.command
        def seed():
            print("seeded")


        if __name__ == "__main__":
            manager.run()

    After (by hand)::

        from flask import Flask

        app = Flask(__name__)


        @app.cli.command("seed")
        def seed():
            print("seeded")

    run as ``flask --app app seed``; ``Manager.add_command(...)`` becomes
    ``app.cli.add_command(...)`` of a click command, ``Server``/``Shell`` are built in
    (``flask run``, ``flask shell``), and Flask-Migrate's ``MigrateCommand`` is its
    ``flask db`` command.

    Left alone: version-guarded imports (``try: from flask_script import Manager`` /
    ``except ImportError: ...``). Test code is reported too; ``setup.py`` never.
    """

    NAME = "flask-script"
    SUMMARY = "Report modules that use Flask-Script, which does not run on Flask 2.0: move to the flask command."
    ORDER = 4
    METADATA = (ParentNodeProvider,)  # the guards around an import: no names are resolved
    CATALOGUE = (
        LegacyForm("`flask_script` (`Manager`, `Command`, `Server`, `Shell`)",
                   "the `flask` command: `@app.cli.command()` (click)", "", "Flask 2.0", "finding"),
    )

    def applies_to_file(self, source: str, path: str) -> bool:
        """flask_script or flask.ext.script is spelled; never setup.py."""
        return ("flask_script" in source or "script" in source and "flask.ext" in source)

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """The module imports flask_script or flask.ext.script (or script from flask.ext)."""
        for node in ast.walk(tree):
            if isinstance(node, ast.Import) and any(_is_script(a.name) for a in node.names):
                return True
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if _is_script(node.module) or node.module == "flask.ext" and any(a.name == "script" for a in node.names):
                    return True
        return False

    def applies_to_project(self, tree: ast.Module, ctx: Context) -> bool:
        """The target Flask is 2.0 or later (``ctx.target_version``, from what the project
        declares), or a release nobody declared: for an older one the codemod reports nothing."""
        return removed(ctx, BROKEN_IN) or target_unknown(ctx)

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        if not removed(ctx, BROKEN_IN) and not target_unknown(ctx):
            return module
        wrapper = ctx.metadata(module, NAMES_METADATA)
        parents = wrapper.resolve(ParentNodeProvider)
        for statement in nodes_of(wrapper.module, cst.Import, cst.ImportFrom):
            if _imports_script(statement) and not is_guarded(statement, parents.get):
                instead = ("move its commands to the flask command: @app.cli.command() functions (click), flask run and "
                           "flask shell for Server and Shell, flask db for Flask-Migrate's MigrateCommand")
                left = left_at_unknown_target(ctx, "flask._compat, which Flask-Script imports,", Removal("Flask", BROKEN_IN), instead)
                ctx.finding(statement, left or f"Flask-Script does not run on Flask 2.0 or later (it imports flask._compat): {instead}")
                break
        return module


def _is_script(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in MODULES)


def _imports_script(statement: cst.Import | cst.ImportFrom) -> bool:
    if isinstance(statement, cst.Import):
        return any(_is_script(dotted(a.name) or "") for a in statement.names)
    source = import_source(statement)
    if source is None:
        return False
    if _is_script(source):
        return True
    return source == "flask.ext" and not isinstance(statement.names, cst.ImportStar) and any(
        dotted(a.name) == "script" for a in statement.names
    )

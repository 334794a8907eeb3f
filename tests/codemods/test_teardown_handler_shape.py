"""The shape of the handler the ``teardown`` codemod adds: its names, the Flask it is written
for, where it goes, its newlines, and that a second run adds nothing."""

from __future__ import annotations

import textwrap

import pytest
from typer.testing import CliRunner

from flask_codemod.cli import app as cli
from helpers import REPO, assert_left_alone, run_codemods
from teardown_support import AFTER_REQUEST, APP_FACTORY, BLUEPRINT_VIEWS, SCOPED_SESSION, SINGLE_MODULE, teardown, teardown_sample


def test_handler_name_collides_with_nothing():
    source = """\
        import sqlite3
        from flask import Flask, g

        app = Flask(__name__)
        close_db = "taken"
        close_connection = "taken"

        def teardown_db():
            return "taken too"

        def get_db():
            g.db = sqlite3.connect("x.db")
            return g.db
        """
    after = teardown(source)
    assert "def close_db_2(exception=None):" in after


def test_handler_locals_do_not_shadow_module_names():
    source = """\
        import redis
        from flask import Blueprint, g

        bp = Blueprint("x", __name__)

        def get_redis():
            if "redis" not in g:
                g.redis = redis.StrictRedis.from_url("redis://")
            return g.redis
        """
    after = teardown(source)
    assert '@bp.teardown_app_request\ndef close_redis(exception=None):\n    redis_conn = g.pop("redis", None)' in after


def test_old_flask_without_g_pop_gets_the_getattr_handler():
    pinned = {"requirements.txt": "Flask==0.10.1\n"}
    result = run_codemods(SINGLE_MODULE, "teardown", dedent=False, path="app.py", files=pinned)
    assert 'db = getattr(g, "_database", None)\n    if db is not None:\n        db.close()' in result.new_text
    assert "g.pop" not in result.new_text


GETATTR_HANDLER = 'db = getattr(g, "_database", None)\n    if db is not None:\n        db.close()'


@pytest.mark.parametrize(
    "files",
    [
        {"setup.py": "from setuptools import setup\n\nsetup(name='x', install_requires=['Flask>=0.10'])\n"},
        {"setup.cfg": "[options]\ninstall_requires =\n    Flask~=0.10.1\n"},
        {"pyproject.toml": '[tool.poetry.dependencies]\nflask = "^0.10"\n'},
        # what the lock pins is what an install gets, whatever the Pipfile allows
        {"Pipfile": '[packages]\nflask = "*"\n', "Pipfile.lock": '{"default": {"flask": {"version": "==0.10.1"}}}'},
        {"../../requirements.txt": "Flask>=0.10,<1\n"},  # two folders up
    ],
)
def test_a_flask_older_than_0_11_declared_anywhere_the_project_declares_it_gets_the_getattr_handler(files):
    result = run_codemods(SINGLE_MODULE, "teardown", dedent=False, path="site/app/app.py", files=files)
    assert GETATTR_HANDLER in result.new_text and "g.pop" not in result.new_text


@pytest.mark.parametrize("files", [{"requirements.txt": "Flask>=0.11\n"}, {"setup.py": "setup(install_requires=['flask<2'])\n"}])
def test_a_flask_with_g_pop_keeps_the_pop(files):
    result = run_codemods(SINGLE_MODULE, "teardown", dedent=False, path="app.py", files=files)
    assert 'db = g.pop("_database", None)' in result.new_text


def test_the_target_version_older_than_0_11_gets_the_getattr_handler(tmp_path):
    (tmp_path / "app.py").write_text(SINGLE_MODULE)
    args = ["apply", "--dry-run", "--no-cache", "--no-config", "--select", "teardown", "-j", "1", str(tmp_path)]
    for target, handler in (("0.10", GETATTR_HANDLER), ("0.11", 'db = g.pop("_database", None)')):
        result = CliRunner().invoke(cli, [*args, "--target-version", target], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert handler.replace("\n", "\n+") in result.stdout


def test_g_imported_only_inside_a_function_gets_a_module_import():
    source = """\
        import sqlite3
        from flask import Flask

        app = Flask(__name__)

        def get_db():
            from flask import g
            g.db = sqlite3.connect("x.db")
            return g.db
        """
    after = teardown(source)
    assert "from flask import g, Flask" in after or "from flask import Flask, g" in after
    assert 'db = g.pop("db", None)' in after


def test_newlines_and_tab_indentation_are_kept():
    source = (
        'import sqlite3\r\nfrom flask import Flask, g\r\n\r\ntry:\r\n\tapp = Flask(__name__)\r\n'
        'except ImportError:\r\n\traise\r\n\r\n\r\ndef get_db():\r\n\tif "db" not in g:\r\n'
        '\t\tg.db = sqlite3.connect("x")\r\n\treturn g.db\r\n'
    )
    after = teardown(source, dedent=False)
    assert after.startswith(source)
    assert after[len(source):] == (
        '\r\n\r\n@app.teardown_appcontext\r\ndef close_db(exception=None):\r\n'
        '\tdb = g.pop("db", None)\r\n\tif db is not None:\r\n\t\tdb.close()\r\n'
    )


def test_handler_goes_before_a_module_level_app_run():
    source = """\
        import sqlite3
        from flask import Flask, g

        app = Flask(__name__)

        @app.route("/")
        def index():
            g.conn = sqlite3.connect("x.db")
            return "ok"

        app.run()
        """
    after = teardown(source)
    assert after.index("@app.teardown_appcontext") < after.index("app.run()")


@pytest.mark.parametrize(
    "source",
    [SINGLE_MODULE, APP_FACTORY, SCOPED_SESSION, AFTER_REQUEST, BLUEPRINT_VIEWS, teardown_sample("tutorial_init_app.before.py")],
    ids=["single", "factory", "scoped", "after_request", "blueprint", "tutorial"],
)
def test_idempotent(source):
    once = teardown(source, dedent=False)
    assert once != source
    assert teardown(once, dedent=False) == once


def test_legacy_app_gets_a_sensible_diff():
    from flask_codemod.codemods import get_codemod
    from flask_codemod.pipeline import process_file

    codemod = get_codemod("teardown")
    app = process_file(f"{REPO}/samples/legacy_app/app.py", [codemod])
    assert app.error is None and app.findings == ()
    handler = '@app.teardown_appcontext\ndef close_database(exception=None):\n    db = g.pop("_database", None)'
    assert handler in app.new_text
    assert app.new_text.index("def close_database") > app.new_text.index("def get_db")
    views = process_file(f"{REPO}/samples/legacy_app/shop/views.py", [codemod])
    assert views.error is None and views.findings == ()
    handler = '@shop_bp.teardown_app_request\ndef close_conn(exception=None):\n    conn = g.pop("conn", None)'
    assert handler in views.new_text
    # only the handlers are added: every original line is still there, in order
    for result in (app, views):
        old_lines = result.old_text.splitlines()
        new_lines = iter(result.new_text.splitlines())
        assert all(line in new_lines for line in old_lines)


def test_a_getter_that_returns_g_through_a_local_is_known_to_the_handler_that_closes_it():
    """Which functions are getters (and of what) is settled before the functions are read
    for their releases: ``close_db`` releases g.db through ``get_db()``, which returns it
    through a local bound first; nothing is left open."""
    source = """\
        import sqlite3
        from flask import Flask, g

        app = Flask(__name__)

        @app.teardown_appcontext
        def close_db(exception):
            get_db().close()

        def get_db():
            if "db" not in g:
                g.db = sqlite3.connect("x.db")
            db = g.db
            return db
        """
    assert_left_alone("teardown", textwrap.dedent(source))


def test_the_node_types_the_analysis_tells_apart_by_exact_type_have_no_subclasses():
    """The analysis compares ``type(node)`` with these LibCST classes (an ``isinstance`` on
    LibCST's abstract classes is a Python call per class): exact only while none is subclassed."""
    import libcst as cst

    from flask_codemod.codemods import _teardown_analysis

    exact = {*_teardown_analysis._FUNCTION_NODES, *_teardown_analysis._ASSIGNMENTS, cst.FunctionDef, cst.Import, cst.ImportFrom, cst.SimpleString}
    assert cst.Del in exact and all(not kind.__subclasses__() for kind in exact)

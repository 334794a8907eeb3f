"""app-context-stack: an import of a stack that nothing in the module uses goes, from Flask 2.2 on.

The "use Flask and SQLAlchemy, not Flask-SQLAlchemy" recipe passed
``scopefunc=_app_ctx_stack.__ident_func__`` to its ``scoped_session``; apps that dropped the
``scopefunc`` kept ``from flask import Flask, _app_ctx_stack`` (the Buildroot package statistics
site, on Flask 2.2.2). Flask 2.2 warns on that import and 3.0 stops at it (ImportError), and
nothing reads the name: the import goes at a target of 2.2 or later (or one nobody declared),
where a use of the stack would be reported. Before 2.2 the import is left, as is one another
module of the project takes from this one (with a finding naming it), one in a version guard,
and one ``__all__`` exports.
"""

from __future__ import annotations

import textwrap

import pytest

from helpers import finding_messages, run_at_target, run_codemods

APP = """\
    from flask import Flask, _app_ctx_stack
    from sqlalchemy.orm import scoped_session

    app = Flask(__name__)
    """


def rewrite(source: str = APP, **extra: str):
    """At the newest Flask (no declared one), in a project of ``extra`` files."""
    return run_codemods(source, "app-context-stack", path="app/__init__.py", project={"app/views.py": "", **extra})


def test_the_unused_import_goes_and_the_module_runs_on_the_installed_flask():
    result = rewrite()
    assert result.new_text == textwrap.dedent(APP).replace(", _app_ctx_stack", "")
    assert run_at_target(APP, "app-context-stack", (2, 2))[0] == result.new_text  # the app's own pin
    with pytest.raises(ImportError):  # the installed Flask (3.x) has no stack
        exec(compile(textwrap.dedent(APP), "app/__init__.py", "exec"), {"__name__": "app"})
    namespace = {"__name__": "app"}
    exec(compile(result.new_text, "app/__init__.py", "exec"), namespace)
    assert namespace["app"].name == "app"


def test_both_stacks_imported_alone_go_with_their_line():
    source = "from flask.globals import _app_ctx_stack, _request_ctx_stack\nimport flask\n\napp = flask.Flask(__name__)\n"
    assert rewrite(source).new_text == "import flask\n\napp = flask.Flask(__name__)\n"


def test_before_flask_2_2_the_import_stays():
    assert run_at_target(APP, "app-context-stack", (2, 1)) == (textwrap.dedent(APP), [])


def test_an_import_another_module_takes_from_this_one_stays_with_a_finding():
    result = rewrite(**{"app/views.py": "from app import app, _app_ctx_stack\n"})
    assert result.new_text == textwrap.dedent(APP)
    assert any("app/views.py" in m and "_app_ctx_stack" in m for m in finding_messages(result)), finding_messages(result)


@pytest.mark.parametrize(
    "source",
    [
        "try:\n    from flask import _app_ctx_stack\nexcept ImportError:\n    _app_ctx_stack = None\n",
        "from flask import _app_ctx_stack\n\n__all__ = ['_app_ctx_stack']\n",
    ],
)
def test_a_guarded_or_exported_import_stays(source):
    assert rewrite(source).new_text == source

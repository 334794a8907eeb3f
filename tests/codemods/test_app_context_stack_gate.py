"""The gates of app-context-stack: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases


class TestGates(GateCases):
    NAME = "app-context-stack"
    REJECTED = [
        # the stack named in a comment, flask not imported
        ("# this used to live on _app_ctx_stack.top\nimport threading\n\nlocal = threading.local()\n", "state.py"),
        # flask, but no context stack
        ("from flask import g\n\ndef get_db():\n    return g.db\n", "db.py"),
        # a packaging script: no codemod acts on it (Codemod.acts_on)
        ("from flask import _app_ctx_stack\n\ndef test_no_context():\n    assert _app_ctx_stack.top is None\n", "setup.py"),
    ]
    ACCEPTED = [
        # a test module: upgrades act on tests too (a removed API breaks them as well)
        ("from flask import _app_ctx_stack\n\ndef test_no_context():\n    assert _app_ctx_stack.top is None\n", "tests/test_context.py"),
        ("import flask\n\ndef get_db():\n    return flask._app_ctx_stack.top.sqlite_db\n", "app.py"),
        ("from flask.globals import _request_ctx_stack as stack\n\ndef path():\n    return stack.top.request.path\n", "views.py"),
        # test code is upgraded too: it breaks like the app does
        ("from flask import _app_ctx_stack\n\ndef test_no_context():\n    assert _app_ctx_stack.top is None\n", "tests/test_context.py"),
    ]

"""config-env: a write of ``FLASK_ENV`` in a project whose every declared Flask starts at 2.3
(session 43's leftover, kcfifa-signup: ``Flask==3.0.0``, its ``app.py`` picks its config by
``os.environ.get('FLASK_ENV', 'development')``, its ``tests/conftest.py`` sets
``os.environ['FLASK_ENV'] = 'testing'``). The finding said "setting it has no effect": true of
Flask, false of the app, which reads it. Such a project never ran on a Flask that read the
variable, so, as its reads are, a write of it that the project reads is its own setting and is
not reported; one that nothing in the project reads is reported in words true of it."""

from __future__ import annotations

import os

from helpers import finding_messages, run_codemods

NAME = "config-env"

APP = """\
import os

from flask import Flask

CONFIGS = {"development": "dev", "testing": "test"}


def create_app(config_name=None):
    app = Flask(__name__)
    app.config["MODE"] = CONFIGS[config_name or os.environ.get("FLASK_ENV", "development")]
    return app
"""
CONFTEST = """\
import os

from app import create_app


def make():
    os.environ["FLASK_ENV"] = "testing"
    return create_app()
"""
DECLARED = {"requirements.txt": "Flask==3.0.0\n"}


def _conftest_findings(project):
    result = run_codemods(CONFTEST, NAME, path="tests/conftest.py", project={**project, "tests/conftest.py": CONFTEST})
    assert result.new_text == CONFTEST
    return finding_messages(result)


def test_a_write_the_project_reads_is_its_own_setting():
    assert _conftest_findings({**DECLARED, "app.py": APP}) == []


def test_the_write_is_read_by_the_app(monkeypatch, tmp_path):
    (tmp_path / "app.py").write_text(APP)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv("FLASK_ENV", raising=False)
    namespace: dict = {"__name__": "conftest", "os": os}
    exec(compile(CONFTEST, "conftest.py", "exec"), namespace)  # noqa: S102
    assert namespace["make"]().config["MODE"] == "test"


def test_a_write_nothing_reads_is_said_to_do_nothing_in_true_words():
    app = APP.replace('os.environ.get("FLASK_ENV", "development")', '"development"')
    [message] = _conftest_findings({**DECLARED, "app.py": app})
    assert "every Flask the project declares is 2.3 or later" in message
    assert "nothing in the project's application code reads it" in message


def test_a_project_that_may_run_an_older_flask_keeps_the_old_words():
    [message] = _conftest_findings({"requirements.txt": "Flask>=2.0\n", "app.py": APP})
    assert "config-env: FLASK_ENV is removed in Flask 2.3 (deprecated in 2.2)" in message

"""config-env: a project whose every declaration of Flask starts at 2.3 or later (vss365today's
Poetry ``flask = "^3.0.0"``, funding-service's ``flask==3.1.3``) never ran on a Flask that read
``FLASK_ENV``: its reads of the variable are of its own setting (funding-service picks its config
class by it; vss365today its secrets), which its deployments set for it. "FLASK_ENV is removed in
Flask 2.3" is true and asks nothing of it, and a test ``== "development"`` there never meant debug
mode to Flask: it is left, and not reported. The floor is read as the upgrade codemods read it
(every declaration, with a lower bound; a copy of Flask the project ships); a project that may run
an older Flask, or declares none, keeps the finding and the rewrite."""

from __future__ import annotations

import os

import pytest

from helpers import finding_messages, run_codemods

NAME = "config-env"

SECRETS = """
import os

from flask import Flask


def create_app():
    app = Flask(__name__)
    app.config["SECRETS_FILE"] = f"secrets.{os.getenv('FLASK_ENV')}.json"
    return app
"""

DEV_TOOLS = """
import os

from flask import Flask

app = Flask(__name__)


@app.route("/tools")
def tools():
    if os.environ.get("FLASK_ENV") == "development":
        return "dev tools"
    return "none"
"""


def _run(source, declared):
    project = {"app.py": source}
    project.update(declared)
    return run_codemods(source, NAME, path="app.py", project=project)


FROM_3 = [
    {"requirements.txt": "flask==3.1.3\n"},
    {"pyproject.toml": '[tool.poetry]\nname = "x"\n\n[tool.poetry.dependencies]\npython = "^3.11"\nflask = "^3.0.0"\n'},
    {"pyproject.toml": '[project]\nname = "x"\ndependencies = ["flask>=2.3,<4"]\n'},
]


@pytest.mark.parametrize("declared", FROM_3, ids=["pinned 3.1.3", "poetry ^3.0.0", ">=2.3"])
def test_a_project_that_starts_at_flask_2_3_reads_its_own_variable(declared):
    for source in (SECRETS, DEV_TOOLS):
        result = _run(source, declared)
        assert result.new_text == source.lstrip("\n") or result.new_text == source
        assert finding_messages(result) == []


@pytest.mark.parametrize(
    "declared",
    [{"requirements.txt": "flask>=2.0\n"}, {"requirements.txt": "flask\n"}, {}, {"requirements.txt": "flask==3.0.0\n", "setup.py": "from setuptools import setup\nsetup(install_requires=['flask>=1.1'])\n"}],
    ids=["from 2.0", "unpinned", "undeclared", "one declaration older"],
)
def test_a_project_that_may_run_an_older_flask_keeps_the_finding_and_the_rewrite(declared):
    result = _run(SECRETS, declared)
    assert any("FLASK_ENV is removed in Flask 2.3" in message for message in finding_messages(result))
    assert "if get_debug_flag():" in _run(DEV_TOOLS, declared).new_text


def test_the_app_left_takes_the_path_its_deployment_asks_for(monkeypatch):
    """Its deployment sets FLASK_ENV=development for the app, and no FLASK_DEBUG: the tools stay on."""
    monkeypatch.setenv("FLASK_ENV", "development")
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    namespace: dict = {"__name__": "app", "os": os}
    exec(compile(_run(DEV_TOOLS, FROM_3[0]).new_text, "app.py", "exec"), namespace)  # noqa: S102
    assert namespace["app"].test_client().get("/tools").text == "dev tools"

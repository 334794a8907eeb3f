"""http-timeout: the project's own routes are found where Flask and connexion put them.

A blueprint's route is served under the prefix its ``Blueprint(..., url_prefix=...)`` gives,
or the one ``register_blueprint(bp, url_prefix=...)`` gives in its place; a connexion app's
routes are its OpenAPI spec's paths (under the spec's base path), served by the function its
``operationId`` names. A call to such a route whose view runs a program to its end is left
with a finding; a call whose whole literal path is another route's gets its timeout.
"""

from __future__ import annotations

import pytest

from helpers import finding_messages, run_codemods
from slow_upstream import SlowUpstream, run_against

NAME = "http-timeout"

VIEWS = """
import subprocess

from flask import Blueprint

bp = Blueprint("infra", __name__{own})


@bp.route("/deploy", methods=["POST"])
def deploy():
    subprocess.run("terraform apply -auto-approve", shell=True, check=True)
    return {{"deployed": True}}
"""

APP = """
from flask import Flask

from infra.views import bp as infra

app = Flask(__name__)
app.register_blueprint(infra{registered})
"""

CLI = """
from urllib.parse import urljoin

import requests


def deploy(api_url):
    return requests.post(urljoin(api_url, "{path}"), json={{}}).json()
"""


def run(own: str, registered: str, path: str, options=None):
    project = {
        "infra/__init__.py": "",
        "infra/views.py": VIEWS.format(own=own),
        "infra/app.py": APP.format(registered=registered),
        "cli/__init__.py": "",
    }
    return run_codemods(CLI.format(path=path), NAME, path="cli/cli.py", project=project, options=options)


def _left(result) -> bool:
    return "timeout=" not in result.new_text and any("deploy()" in m and "subprocess.run()" in m for m in finding_messages(result))


@pytest.mark.parametrize(
    "own, registered, path",
    [
        (', url_prefix="/api"', "", "/api/deploy"),
        ("", ', url_prefix="/v1"', "/v1/deploy"),
        (', url_prefix="/api"', ', url_prefix="/v2/"', "/v2/deploy"),
    ],
)
def test_a_call_to_a_blueprint_route_under_its_prefix_is_left(own, registered, path):
    assert _left(run(own, registered, path))


@pytest.mark.parametrize("own, registered", [(', url_prefix="/api"', ""), ("", ', url_prefix="/v1"')])
def test_a_whole_path_without_the_prefix_is_another_route_and_gets_its_timeout(own, registered):
    result = run(own, registered, "/deploy")
    assert "timeout=60" in result.new_text, finding_messages(result)


def test_the_left_call_still_waits_for_the_prefixed_deployment(monkeypatch):
    rewritten = run("", ', url_prefix="/v1"', "/v1/deploy", options={NAME: {"timeout": 1}}).new_text
    upstream = SlowUpstream(delay=2, answer={"deployed": True})
    assert run_against(monkeypatch, upstream, rewritten, "deploy", "http://api") == {"deployed": True}


SPEC = """
openapi: 3.0.0
info: {title: infra, version: "1"}
servers:
  - url: /api
paths:
  /deploy:
    post:
      operationId: infra.operations.deploy
      responses: {"200": {description: done}}
"""

OPERATIONS = """
import subprocess


def deploy():
    subprocess.run("terraform apply -auto-approve", shell=True, check=True)
    return {"deployed": True}
"""

CONNEXION_APP = """
import connexion

app = connexion.App(__name__, specification_dir="spec/")
app.add_api("openapi.yaml")
"""


def test_a_call_to_a_route_a_connexion_spec_declares_is_left():
    project = {
        "infra/__init__.py": "",
        "infra/operations.py": OPERATIONS,
        "infra/app.py": CONNEXION_APP,
        "infra/spec/openapi.yaml": SPEC,
        "cli/__init__.py": "",
    }
    result = run_codemods(CLI.format(path="/api/deploy"), NAME, path="cli/cli.py", project=project)
    assert _left(result), finding_messages(result)
    other = run_codemods(CLI.format(path="/deploy"), NAME, path="cli/cli.py", project=project)
    assert "timeout=60" in other.new_text

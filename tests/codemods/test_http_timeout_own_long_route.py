"""http-timeout: a call to the project's own route whose view runs a program to its end.

OpenMined/PyGrid's command line posts the deployment to its own API's ``/deploy``, whose view
runs ``terraform init``, ``validate`` and ``apply`` (``subprocess.run`` without a timeout,
three calls down in the project) before it answers: many minutes. A 60 s timeout made every
real deployment end in a ReadTimeout traceback while terraform went on. Such a call is left,
with a finding; a call to a route of the project whose view answers at once, or to a path the
project does not serve, still gets its timeout.
"""

from __future__ import annotations

import textwrap

import pytest

from helpers import finding_messages, run_codemods
from slow_upstream import SlowUpstream, run_against

NAME = "http-timeout"

API = """
from flask import Flask, request

from infra.providers import Provider

app = Flask(__name__)


@app.route("/deploy", methods=["POST"])
def deploy():
    done, output = Provider(request.json).deploy()
    return {"deployed": done, "output": output}


@app.route("/status")
def status():
    return {"status": "up"}
"""

PROVIDERS = """
import subprocess

from infra.tf import Terraform


class Provider:
    def __init__(self, config):
        self.config = config
        self.tf = Terraform()

    def deploy(self):
        try:
            self.tf.apply("/srv/deploy")
            return True, self.tf.output("/srv/deploy")
        except subprocess.CalledProcessError as error:
            return False, str(error)
"""

TF = """
import subprocess


class Terraform:
    def apply(self, folder):
        return subprocess.run("terraform apply -auto-approve", shell=True, cwd=folder, check=True)

    def output(self, folder):
        return subprocess.run("terraform output -json", shell=True, cwd=folder, check=True).stdout
"""

CLI = """
from urllib.parse import urljoin

import requests


def deploy(api_url, config):
    url = urljoin(api_url, "/deploy")
    r = requests.post(url, json=config)
    return r.json()


def status(api_url):
    return requests.get(api_url + "/status").json()


def elsewhere(api_url):
    return requests.get(f"{api_url}/health").json()
"""

PROJECT = {"infra/__init__.py": "", "infra/app.py": API, "infra/providers.py": PROVIDERS, "infra/tf.py": TF}


def run(options=None):
    return run_codemods(CLI, NAME, path="cli/cli.py", project={**PROJECT, "cli/__init__.py": ""}, options=options)


def test_the_deploy_call_is_left_with_a_finding_the_others_get_their_timeout():
    result = run()
    text = result.new_text
    assert "    r = requests.post(url, json=config)\n" in text
    assert 'requests.get(api_url + "/status", timeout=60)' in text
    assert 'requests.get(f"{api_url}/health", timeout=60)' in text
    messages = finding_messages(result)
    assert any("deploy()" in m and "subprocess.run()" in m and "'/deploy'" in m for m in messages), messages


@pytest.mark.parametrize("seconds", [1])
def test_the_deployment_that_outlasts_any_picked_wait_still_answers(monkeypatch, seconds):
    """The API answers after the run (here 2 s, beyond a 1 s option): the call left waits."""
    upstream = SlowUpstream(delay=2, answer={"deployed": True})
    rewritten = run(options={NAME: {"timeout": seconds}}).new_text
    assert run_against(monkeypatch, upstream, rewritten, "deploy", "http://api", {}) == {"deployed": True}
    status = run_against(monkeypatch, SlowUpstream(delay=2), rewritten, "status", "http://api")
    assert type(status).__name__ == "ReadTimeout"  # a quick view's call is bounded as before


def test_a_view_with_a_bounded_program_is_not_one():
    bounded = TF.replace("check=True)", "check=True, timeout=600)")
    result = run_codemods(CLI, NAME, path="cli/cli.py", project={**PROJECT, "infra/tf.py": bounded, "cli/__init__.py": ""})
    assert "requests.post(url, json=config, timeout=" in result.new_text, finding_messages(result)


def test_without_the_project_listed_nothing_is_known_of_its_routes():
    result = run_codemods(textwrap.dedent(CLI), NAME, dedent=False)
    assert "requests.post(url, json=config, timeout=60)" in result.new_text

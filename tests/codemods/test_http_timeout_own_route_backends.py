"""http-timeout: a view's calls are followed to the functions they can reach, not to any
function of the project that shares the called method's name.

A connexion spec's ``operationId`` may name a method that several backends define (the one
serving is picked at run time). Each backend's view calls a method of its own module's
class; only one of them runs a program to its end. The finding names that backend's view,
never a view whose own calls reach no such program.
"""

from __future__ import annotations

from helpers import finding_messages, run_codemods

NAME = "http-timeout"

SPEC = """
openapi: 3.0.0
info: {title: jobs, version: "1"}
servers:
  - url: /api
paths:
  /jobs:
    get:
      operationId: list_jobs
      responses: {"200": {description: listed}}
"""

QUICK_BACKEND = """
import os


class Job:
    def __init__(self, name):
        self.name = name

    def state(self):
        return "done" if os.path.exists(self.name) else "running"


class QuickBackend:
    def list_jobs(self):
        jobs = [Job(name) for name in os.listdir(".")]
        return [job.state() for job in jobs]
"""

SLOW_BACKEND = """
import os
import subprocess


class SlowJob:
    def __init__(self, name):
        self.name = name

    def state(self):
        subprocess.run(["job-tool", "status", self.name], check=True)
        return "done"


class SlowBackend:
    def list_jobs(self):
        jobs = [SlowJob(name) for name in os.listdir(".")]
        return [job.state() for job in jobs]
"""

APP = """
import connexion

app = connexion.App(__name__, specification_dir="spec/")
app.add_api("openapi.yaml")
"""

CLI = """
import requests


def jobs(base):
    return requests.get(base + "/api/jobs").json()
"""


def _run(quick_first: bool):
    modules = {"jobs/a_backend.py": QUICK_BACKEND, "jobs/b_backend.py": SLOW_BACKEND}
    if not quick_first:
        modules = {"jobs/a_backend.py": SLOW_BACKEND, "jobs/b_backend.py": QUICK_BACKEND}
    project = {"jobs/__init__.py": "", "jobs/app.py": APP, "jobs/spec/openapi.yaml": SPEC, "cli/__init__.py": "", **modules}
    return run_codemods(CLI, NAME, path="cli/cli.py", project=project)


def test_the_finding_names_the_backend_whose_view_reaches_the_program():
    for quick_first in (True, False):
        result = _run(quick_first)
        slow_module = "jobs/b_backend.py" if quick_first else "jobs/a_backend.py"
        messages = [m for m in finding_messages(result) if "subprocess.run()" in m]
        assert "timeout=" not in result.new_text
        assert messages, finding_messages(result)
        assert all(f"list_jobs() at {slow_module}:" in m and "which runs" in m for m in messages), messages


def test_a_call_only_matched_by_name_still_leaves_the_call_and_says_so():
    # the route's only view calls its own module's Job.state(), which runs nothing; another
    # module's SlowJob.state() shares the name: the reading cannot type every receiver, so the
    # call is still left, its finding saying the program is reached through a name match only
    project = {
        "jobs/__init__.py": "",
        "jobs/app.py": APP,
        "jobs/spec/openapi.yaml": SPEC.replace("list_jobs", "jobs.a_backend.list_jobs"),
        "jobs/a_backend.py": QUICK_BACKEND,
        "jobs/b_backend.py": SLOW_BACKEND.replace("def list_jobs", "def list_slow_jobs"),
        "cli/__init__.py": "",
    }
    result = run_codemods(CLI, NAME, path="cli/cli.py", project=project)
    messages = [m for m in finding_messages(result) if "subprocess.run()" in m]
    assert "timeout=" not in result.new_text
    assert len(messages) == 1 and "may run subprocess.run() at jobs/b_backend.py:" in messages[0], messages
    assert "matched by the function's name only" in messages[0]


def test_a_method_named_as_the_view_is_followed_into_its_class():
    # the view deploy() calls deployment.deploy(): its module has no method so named, so the
    # call reaches the method of the class another module defines, not the view itself
    views = """
from flask import Flask

from deploy.steps import Deployment

app = Flask(__name__)


@app.route("/deploy", methods=["POST"])
def deploy():
    deployment = Deployment()
    return {"done": deployment.deploy()}
"""
    steps = """
import subprocess


class Deployment:
    def deploy(self):
        subprocess.run(["terraform", "apply"], check=True)
        return True
"""
    cli = """
import requests


def deploy(base):
    return requests.post(base + "/deploy").json()
"""
    project = {"deploy/__init__.py": "", "deploy/views.py": views, "deploy/steps.py": steps, "cli/__init__.py": ""}
    result = run_codemods(cli, NAME, path="cli/cli.py", project=project)
    messages = [m for m in finding_messages(result) if "subprocess.run()" in m]
    assert "timeout=" not in result.new_text
    assert len(messages) == 1 and "which runs subprocess.run() at deploy/steps.py:" in messages[0], messages

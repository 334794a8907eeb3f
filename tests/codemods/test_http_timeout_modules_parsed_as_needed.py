"""http-timeout's project questions parse a module of the project only where it may hold what
they ask about (issue 19): the routes' reading parses the modules that may declare a route,
a blueprint or a registration, and every module (the functions a view may reach) only when a
route reaches the path a call asks for; the waits per host read the modules that name a
timeout, and the modules that only name a URL only when some function times the URL it is
given. Each module is parsed at most once; the answers are those of a reading of every module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from flask_codemod.codemods import _http_timeout_own_routes as own_routes
from flask_codemod.codemods import _http_timeout_route_table as route_table
from flask_codemod.codemods._http_timeout_default import may_give_waits
from flask_codemod.codemods._http_timeout_endpoints import module_url_flows
from flask_codemod.codemods._http_timeout_route_table import may_declare_routes
from parse_counts import parses  # noqa: F401  (a fixture)
from helpers import finding_messages, run_codemods

NAME = "http-timeout"

VIEWS = """\
from flask import Blueprint

from infra.plans import apply_plan

bp = Blueprint("infra", __name__, url_prefix="/api")


@bp.route("/deploy", methods=["POST"])
def deploy():
    return apply_plan()
"""

PLANS = """\
import subprocess


def apply_plan():
    subprocess.run("terraform apply", shell=True, check=True)
"""

APP = """\
from flask import Flask

from infra.views import bp as infra

app = Flask(__name__)
app.register_blueprint(infra, url_prefix="/v1")
"""

CLI = """\
from urllib.parse import urljoin

import requests


def deploy(api_url):
    return requests.post(urljoin(api_url, "{path}"), json={{}}).json()
"""


def _project(marker: str) -> dict[str, str]:
    # (a marker of each test's own: the texts, and so the answers kept for them, are its own)
    return {
        "infra/__init__.py": f"# infra {marker}\n",
        "infra/views.py": VIEWS + f"# {marker}\n",
        "infra/plans.py": PLANS + f"# {marker}\n",
        "infra/app.py": APP + f"# {marker}\n",
    }


def test_a_module_without_routes_is_not_parsed_when_no_route_has_the_path(parses):
    project = _project("no route")
    result = run_codemods(CLI.format(path="/v1/elsewhere"), NAME, path="cli/cli.py", project=project, dedent=False)
    assert not any("own view" in m for m in finding_messages(result)), finding_messages(result)
    assert parses.get(project["infra/plans.py"], 0) == 0, "a module declaring no route was parsed for the routes"
    assert parses.get(project["infra/views.py"]) == 1 and parses.get(project["infra/app.py"]) == 1


def test_a_route_with_the_path_has_every_module_read_once_and_the_view_s_callee_found(parses):
    project = _project("route")
    result = run_codemods(CLI.format(path="/v1/deploy"), NAME, path="cli/cli.py", project=project, dedent=False)
    messages = finding_messages(result)
    assert "timeout=" not in result.new_text
    assert any("deploy()" in m and "subprocess.run() at infra/plans.py:5" in m for m in messages), messages
    for path, text in project.items():
        assert parses.get(text, 0) <= 1, f"{path} was parsed more than once"
    assert parses.get(project["infra/plans.py"]) == 1


@pytest.mark.parametrize(
    "text",
    [
        "@app.route('/x')\ndef f():\n    pass\n",
        "class A:\n    @property\n    def f(self):\n        pass\n",
        "x = 1\r@bp.get('/y')\ndef g():\n    pass\n",
        "api = Blueprint('api', __name__)\n",
        "app.register_blueprint(api)\n",
        "ｂｐ = 1\n",  # (not ASCII: a name may read as another)
    ],
)
def test_what_may_declare_a_route_is_read(text):
    assert may_declare_routes(text)


@pytest.mark.parametrize("text", ["def f(x):\n    return x @ x\n", "EMAIL = 'me@example.org'\n", "import os\n"])
def test_what_declares_none_is_not(text):
    ast.parse(text)  # (Python, and no decorator in it)
    assert not may_declare_routes(text)


TIMED_URL = """\
import requests


def fetch(url):
    return requests.get(url, timeout=90)
"""

PASSES_URL = """\
from client import fetch


def parse(doc):
    return fetch("https://parser.example/parse?doc=" + doc)
"""

TIMED_HOST = """\
import requests


def fetch(doc):
    return requests.get("https://parser.example/parse?doc=" + doc, timeout=90)
"""

NAMES_URL = """\
PARSER = "https://parser.example/parse"
"""

ASKS = """\
import requests


def probe():
    return requests.get("https://other.example/ping", timeout=5)


def parsed(doc):
    return requests.get("https://parser.example/parse?doc=" + doc)
"""


def test_a_function_timing_its_url_has_the_modules_naming_urls_read(parses):
    # the host's wait reaches it through a module that names no timeout: that module is read
    project = {"client.py": TIMED_URL, "jobs.py": PASSES_URL}
    result = run_codemods(ASKS, NAME, path="app.py", project=project, dedent=False)
    assert 'doc=" + doc, timeout=90)' in result.new_text, result.new_text
    assert parses.get(PASSES_URL) == 1


def test_with_no_function_timing_its_url_a_module_naming_only_urls_is_not_parsed(parses):
    project = {"client.py": TIMED_HOST, "settings.py": NAMES_URL}
    result = run_codemods(ASKS, NAME, path="app.py", project=project, dedent=False)
    assert 'doc=" + doc, timeout=90)' in result.new_text, result.new_text
    assert parses.get(NAMES_URL, 0) == 0, "a module naming no timeout was parsed for the waits per host"
    assert parses.get(TIMED_HOST) == 1


# -- the facts of the modules left unread are none, on every sample module --------------------
def _sample_modules() -> list[tuple[str, str, ast.Module]]:
    root = Path(__file__).resolve().parents[2] / "samples"
    found = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        try:
            tree = ast.parse(text)
        except SyntaxError:  # (Python 2 samples)
            continue
        found.append((path.relative_to(root).as_posix(), text, tree))
    return found


def _routes_read(routes) -> list[tuple[str, bool, str, int]]:
    return [(route.path, route.exact, route.module, route.function.lineno) for route in routes]


def test_the_sample_modules_routes_are_those_of_every_module_read():
    # the samples as one project: the modules declaring no route add nothing to any route,
    # blueprint or prefix of the others
    modules = [(path, route_table.route_facts(tree)) for path, _text, tree in _sample_modules()]
    texts = {path: text for path, text, _tree in _sample_modules()}
    read = [module for module in modules if may_declare_routes(texts[module[0]])]
    every = _routes_read(route_table.project_routes(modules))
    assert every, "no sample declares a route: the comparison says nothing"
    assert len(read) < len(modules), "every sample module was read: the gate says nothing"
    assert _routes_read(route_table.project_routes(read)) == every


def test_the_sample_modules_giving_no_wait_time_no_url():
    flows = [(text, module_url_flows(tree)) for _path, text, tree in _sample_modules()]
    assert any(found.waits or found.timed for _text, found in flows), "no sample times a URL: the comparison says nothing"
    for text, found in flows:
        if not may_give_waits(text):
            assert found.waits == () and found.timed == (), text


# -- no module of the application code names subprocess: no view can run a process -----------
PLANS_WITHOUT_PROCESS = """\
def apply_plan():
    return {"applied": True}
"""


def test_no_module_is_parsed_for_the_routes_where_no_application_module_names_subprocess(parses):
    # the route has the path the call asks for, but no view can reach a subprocess call: the
    # project's texts (read for the answer anyway) say so before any module is parsed for it
    project = _project("no process")
    project["infra/plans.py"] = PLANS_WITHOUT_PROCESS + "# no process\n"
    result = run_codemods(CLI.format(path="/v1/deploy"), NAME, path="cli/cli.py", project=project, dedent=False)
    assert not any("own view" in m for m in finding_messages(result)), finding_messages(result)
    assert "timeout=" in result.new_text, result.new_text
    for path, text in project.items():
        assert parses.get(text, 0) == 0, f"{path} was parsed for the routes, though no module names subprocess"


@pytest.mark.parametrize(
    "text, may",
    [
        ("import subprocess\n", True),
        ("from subprocess import run\n", True),
        ("import os\nos.system('ls')\n", False),
        ("ｓubprocess = 1\n", True),  # (not ASCII: a name may read as another)
    ],
)
def test_what_may_run_a_process_is_read_off_the_text(text, may):
    assert own_routes.may_run_a_process(text) is may

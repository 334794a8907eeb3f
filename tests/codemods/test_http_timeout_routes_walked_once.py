"""http-timeout's reading of the project's routes (issue 19): each application module's tree
is walked once (``_parsed_modules.walked``: one walk for every fact of the module, its
functions read off its statements alone), and every question about it (its functions, its
imports, its blueprints' registrations, its routes, connexion's ``add_api``) reads that one
walk; the routes found and the finding made are those of a walk per question."""

from __future__ import annotations

import ast
import textwrap

from flask_codemod.codemods import _http_timeout_own_routes as own_routes
from flask_codemod.codemods import _http_timeout_route_table as route_table
from flask_codemod.codemods import _parsed_modules
from helpers import finding_messages, run_codemods

VIEWS = """
import subprocess

from flask import Blueprint

bp = Blueprint("infra", __name__, url_prefix="/api")


@bp.route("/deploy", methods=["POST"])
def deploy():
    return apply_plan()


def apply_plan():
    subprocess.run("terraform apply", shell=True, check=True)
"""

APP = """
from flask import Flask

from infra.views import bp as infra

app = Flask(__name__)
app.register_blueprint(infra, url_prefix="/v1")
"""

CLI = """
from urllib.parse import urljoin

import requests


def deploy(api_url):
    return requests.post(urljoin(api_url, "/v1/deploy"), json={}).json()
"""

# (texts of their own: one text is parsed once, and two modules of one text share its tree)
PROJECT = {"infra/__init__.py": "# infra\n", "infra/views.py": VIEWS, "infra/app.py": APP, "cli/__init__.py": "# cli\n"}


def test_each_module_is_walked_once_and_the_route_under_its_registered_prefix_is_found(monkeypatch):
    # a walk of a module, by anyone (``ast.walk``, the shared ``walked``, a reading of its
    # children): a call of ``ast.iter_child_nodes`` on the module's tree
    _parsed_modules.forget()  # (the project's trees parsed afresh, their walks made here)
    walked: list[int] = []
    real_children = ast.iter_child_nodes

    def counting_children(node):
        if isinstance(node, ast.Module):
            walked.append(id(node))
        return real_children(node)

    monkeypatch.setattr(ast, "iter_child_nodes", counting_children)
    result = run_codemods(CLI, "http-timeout", path="cli/cli.py", project=PROJECT)
    messages = finding_messages(result)
    assert "timeout=" not in result.new_text
    assert any("deploy()" in m and "'/v1/deploy'" in m and "subprocess.run()" in m for m in messages), messages
    views = _parsed_modules.known_python_tree(textwrap.dedent(VIEWS))
    assert views is not None and id(views) in walked, "the project's routes were not read"
    assert len(walked) == len(set(walked)), "a module's tree was walked more than once"
    _parsed_modules.forget()


def _functions_walking_every_node(tree):
    """The functions of a module with their classes, as read before (every node walked)."""
    found, todo = [], [(None, tree)]
    while todo:
        owner, node = todo.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found.append((owner, child))
                todo.append((None, child))
            elif isinstance(child, ast.ClassDef):
                todo.append((child.name, child))
            else:
                todo.append((owner, child))
    return found


NESTED = """
import subprocess


def top(x=lambda: 1):
    def inner():
        class Local:
            def method(self):
                pass
        return Local

    return inner


class Api:
    timeout = 3

    def get(self):
        return [lambda: 2 for _ in ()]

    if True:
        def maybe(self):
            try:
                pass
            except ValueError:
                def handler():
                    pass
            return 1
    else:
        async def maybe(self):
            pass

    class Inner:
        def get(self):
            with open("x") as handle:
                def reader():
                    return handle.read()
            return reader

    @staticmethod
    def run(command):
        match command:
            case "a":
                def case_a():
                    return subprocess.run(command)
            case _:
                pass
        for item in ():
            def looped():
                pass
        while False:
            def waited():
                pass


def get():
    pass
"""


def test_the_functions_read_off_the_statements_are_those_a_walk_of_every_node_finds():
    for text in (NESTED, VIEWS, APP, CLI, ""):
        tree = ast.parse(text)
        assert own_routes._defined_functions(tree) == _functions_walking_every_node(tree)
    spelled = [(owner, f.name) for owner, f in own_routes._defined_functions(ast.parse(NESTED))]
    assert ("Api", "get") in spelled and ("Inner", "get") in spelled and (None, "get") in spelled
    assert ("Local", "method") in spelled and ("Api", "maybe") in spelled and (None, "case_a") in spelled


def test_project_routes_reads_the_facts_taken_from_each_walk(monkeypatch):
    views = ast.parse(VIEWS)
    app = ast.parse(APP)
    modules = [("infra/views.py", route_table.route_facts(views)), ("infra/app.py", route_table.route_facts(app))]
    routes = route_table.project_routes(modules)
    assert [(r.path, r.exact, r.module, r.function.name) for r in routes] == [("/v1/deploy", True, "infra/views.py", "deploy")]
    # the facts are read off the shared walk: a walk without the module's functions, no route
    monkeypatch.setattr(route_table, "walked", lambda tree: [tree])
    assert route_table.project_routes([("infra/views.py", route_table.route_facts(views))]) == []


TWO_VIEWS = """
import subprocess

from flask import Flask

app = Flask(__name__)


@app.route("/plan", methods=["POST"])
def plan():
    return apply_plan("plan")


@app.route("/apply", methods=["POST"])
def apply():
    return apply_plan("apply")


def apply_plan(step):
    return subprocess.run(["terraform", step], check=True)
"""

TWO_CALLS = """
import requests


def plan(api):
    return requests.post(api + "/plan", json={})


def apply(api):
    return requests.post(api + "/apply", json={})
"""


def test_a_function_two_views_reach_is_read_once_per_project(monkeypatch):
    """``_runs_process`` reads the calls of each function it reaches once per project
    (``_calls_in``), whichever view reaches it, and finds the same program for both calls."""
    walks: list[str] = []
    real_walk = ast.walk

    def counting_walk(node):
        if isinstance(node, ast.FunctionDef):
            walks.append(node.name)
        return real_walk(node)

    monkeypatch.setattr(ast, "walk", counting_walk)
    project = {"infra/__init__.py": "# infra\n", "infra/views.py": TWO_VIEWS, "cli/__init__.py": "# cli\n"}
    result = run_codemods(TWO_CALLS, "http-timeout", path="cli/cli.py", project=project)
    messages = finding_messages(result)
    assert "timeout=" not in result.new_text
    assert any("plan()" in m and "'/plan'" in m and "subprocess.run()" in m for m in messages), messages
    assert any("apply()" in m and "'/apply'" in m and "subprocess.run()" in m for m in messages), messages
    assert walks.count("apply_plan") == 1, walks


def test_the_calls_of_a_function_are_those_a_walk_of_it_gives_in_its_order():
    tree = ast.parse(NESTED + TWO_VIEWS)
    for _, function in own_routes._defined_functions(tree):
        calls = own_routes._calls_in(function)
        walked = [node for node in ast.walk(function) if isinstance(node, ast.Call)]
        assert [call.lineno for call in calls] == [node.lineno for node in walked]
        assert [call.name for call in calls] == [_name_called(node) for node in walked]
    runs = [call for _, f in own_routes._defined_functions(tree) for call in own_routes._calls_in(f) if call.runs]
    assert {call.runs for call in runs} == {"run"}, runs


def _name_called(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""

"""http-timeout's reading of the project's routes (issue 19): each application module's tree
is walked once, and every question about it (its functions, its imports, its blueprints'
registrations, its routes, connexion's ``add_api``) reads that one walk; the routes found
and the finding made are those of a walk per question."""

from __future__ import annotations

import ast

from flask_codemod.codemods import _http_timeout_own_routes as own_routes
from flask_codemod.codemods import _http_timeout_route_table as route_table
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
    walked: list[int] = []
    real_walk = ast.walk

    def counting_walk(node):
        if isinstance(node, ast.Module):
            walked.append(id(node))
        return real_walk(node)

    class CountingAst:  # ``ast`` as the two modules see it, with the walks of modules counted
        walk = staticmethod(counting_walk)

        def __getattr__(self, name):
            return getattr(ast, name)

    for module in (own_routes, route_table):
        monkeypatch.setattr(module, "ast", CountingAst())
    result = run_codemods(CLI, "http-timeout", path="cli/cli.py", project=PROJECT)
    messages = finding_messages(result)
    assert "timeout=" not in result.new_text
    assert any("deploy()" in m and "'/v1/deploy'" in m and "subprocess.run()" in m for m in messages), messages
    assert walked, "the project's routes were not read"
    assert len(walked) == len(set(walked)), "a module's tree was walked more than once"


def test_project_routes_reads_the_walk_it_is_given():
    views = ast.parse(VIEWS)
    app = ast.parse(APP)
    modules = [
        route_table.Module("infra/views.py", views, list(ast.walk(views))),
        route_table.Module("infra/app.py", app, list(ast.walk(app))),
    ]
    routes = route_table.project_routes(modules)
    assert [(r.path, r.exact, r.module, r.function.name) for r in routes] == [("/v1/deploy", True, "infra/views.py", "deploy")]
    # a walk without the module's functions: no route, whatever the tree holds
    assert route_table.project_routes([route_table.Module("infra/views.py", views, [views])]) == []

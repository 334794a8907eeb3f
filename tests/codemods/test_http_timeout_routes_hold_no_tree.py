"""http-timeout's table of the project's own routes holds no tree (issue 19): each module is
read into plain facts (its routes, its functions by name and place) one at a time, so that
no more of the project's trees are alive at once than the shared memo keeps, and a function's
calls are read off its module's tree when a view first reaches it (parsed again where the memo
dropped it). The answer kept for the process holds no node, and gives the same findings
whether the memo kept the trees or not."""

from __future__ import annotations

import ast
import gc
import weakref

from flask_codemod.codemods import _http_timeout_own_routes as own_routes
from flask_codemod.codemods import _parsed_modules, _project_memo
from parse_counts import fresh, trees_alive  # noqa: F401  (fixtures)

VIEWS = """\
import subprocess

from flask import Blueprint

from infra.plans import Planner

bp = Blueprint("infra", __name__, url_prefix="/api")


@bp.route("/deploy", methods=["POST"])
def deploy():
    return Planner().apply()


@bp.route("/status")
def status():
    return "ok"


@bp.post("/backup")
def backup():
    return archive()


def archive():
    return subprocess.check_call(["tar", "cf", "x.tar", "."])
"""

PLANS = """\
from infra.shell import run_terraform


class Planner:
    def apply(self):
        return self.run("apply")

    def run(self, step):
        return run_terraform(step)
"""

SHELL = """\
import subprocess


def run_terraform(step):
    helper = lambda: None
    return subprocess.run(["terraform", step], check=True)
"""

APP = """\
from flask import Flask

from infra.views import bp

app = Flask(__name__)
app.register_blueprint(bp, url_prefix="/v1")
"""

FILLER = "def filler_{n}(value):\n    return [value + {n} for _ in range(3)]\n"

PROJECT = [
    ("infra/views.py", VIEWS),
    ("infra/plans.py", PLANS),
    ("infra/shell.py", SHELL),
    ("infra/app.py", APP),
    *((f"infra/filler_{n}.py", FILLER.format(n=n)) for n in range(6)),
]

ASKED = [("/v1/deploy", True), ("/deploy", False), ("/v1/backup", True), ("/status", False), ("/v1/none", True)]


def _answers(routes: own_routes._Routes) -> list:
    return [routes.long_view(path, whole) for path, whole in ASKED]


def _nodes_reached(root: object) -> list[ast.AST]:
    """The stdlib AST nodes reachable from ``root`` through its references (strings, numbers
    and types not followed)."""
    found, seen, todo = [], set(), [root]
    while todo:
        item = todo.pop()
        if id(item) in seen or isinstance(item, (str, bytes, int, float, type)):
            continue
        seen.add(id(item))
        if isinstance(item, ast.AST):
            found.append(item)
            continue
        todo.extend(gc.get_referents(item))
    return found


def test_the_answer_holds_no_node_and_the_trees_go_with_the_memo(fresh):
    routes = own_routes._Routes(list(PROJECT), [])
    answers = _answers(routes)
    assert answers[0] is not None and "deploy()" in answers[0][0] and "subprocess.run() at infra/shell.py:6" in answers[0][1]
    assert answers[2] is not None and "subprocess.check_call() at infra/views.py:26" in answers[2][1]
    assert answers[3] is None and answers[4] is None
    assert _nodes_reached(routes) == []
    kept = [_parsed_modules.known_python_tree(text) for _path, text in PROJECT]
    trees = [weakref.ref(tree) for tree in kept if tree is not None]
    del kept
    assert trees, "no module was parsed: the test says nothing"
    _parsed_modules.forget()
    gc.collect()
    assert [ref for ref in trees if ref() is not None] == [], "a tree outlived the memo: the routes' answer holds it"
    assert _answers(routes) == answers  # (asked again: the same, its plain facts kept)


def test_no_more_trees_are_alive_at_once_than_the_memo_keeps(trees_alive, monkeypatch):
    """With a memo keeping one tree, reading every module of the project leaves at most the
    memo's tree and the one just parsed alive at each parse (all of them, when the table held
    every tree until its routes were found)."""
    routes = own_routes._Routes(list(PROJECT), [])
    answers = _answers(routes)
    assert trees_alive.parsed >= len(PROJECT), "not every module was parsed: the test says nothing"
    assert trees_alive.most <= 2, (trees_alive.most, trees_alive.parsed)  # the memo's one and the one just parsed
    trees_alive.stop()
    _parsed_modules.forget()
    _project_memo.forget_every_memo()
    monkeypatch.undo()
    _parsed_modules.forget()
    assert _answers(own_routes._Routes(list(PROJECT), [])) == answers  # the memo keeping every tree: the same

"""gunicorn-config: the handler methods of a class registered as a view run as requests are
served (session 44's leftover, ARL). ARL's ``AddARLScheduler`` is a flask-restx ``Resource``
routed by ``@ns.route('/add/')``; its ``post`` calls ``app_scheduler.add_job(...)``, which
updates the module-level ``ip_monitor_options`` dict. The finding said the write is made "by
a function no request is seen to run": the rule knew views only as decorated functions. A
class routed by a decorator (``@ns.route``, ``@api.route``, ``@blp.route``), handed to
``add_resource(...)`` (Flask-RESTful, flask-restx, flask-restplus) or made a view by
``as_view(...)`` (Flask's ``View``/``MethodView``) has its request handlers in its HTTP-verb
methods (and ``dispatch_request``)."""

from __future__ import annotations

import importlib
import sys
import textwrap

import pytest

from helpers import finding_messages, run_codemods

FILES = {"requirements.txt": "flask\ngunicorn\n", "Procfile": "web: gunicorn app:app\n"}

SCHEDULER = """\
monitor_options = {"port_scan": True}


def add_job(domain, options=None):
    if options is None:
        options = monitor_options
    options.update({"domain": domain})
    return domain
"""

RESTX = """\
from flask import Flask, request
from flask_restx import Api, Namespace, Resource

import scheduler

app = Flask(__name__)
api = Api(app)
ns = Namespace("scheduler")
api.add_namespace(ns)


@ns.route("/add/")
class AddScheduler(Resource):
    def post(self):
        return {"job": scheduler.add_job(request.json["domain"])}
"""

RESTFUL = """\
from flask import Flask, request
from flask_restful import Api, Resource

import scheduler

app = Flask(__name__)
api = Api(app)


class AddScheduler(Resource):
    def post(self):
        return {"job": scheduler.add_job(request.json["domain"])}


api.add_resource(AddScheduler, "/add/")
"""

METHOD_VIEW = """\
from flask import Flask, request
from flask.views import MethodView

import scheduler

app = Flask(__name__)


class AddScheduler(MethodView):
    def post(self):
        return {"job": scheduler.add_job(request.json["domain"])}


app.add_url_rule("/add/", view_func=AddScheduler.as_view("add"))
"""


def _run(source: str):
    result = run_codemods(source, "gunicorn-config", files={**FILES, "scheduler.py": SCHEDULER}, path="app.py")
    assert result.error is None, result.error
    return finding_messages(result), {e.key: e.value for e in result.project_edits if e.kind == "file"}


@pytest.mark.parametrize("source", [RESTX, RESTFUL, METHOD_VIEW], ids=["ns.route", "add_resource", "as_view"])
def test_a_write_made_by_a_registered_class_handler_is_made_by_a_request(source):
    messages, created = _run(source)
    assert created == {}
    [message] = messages
    assert "monitor_options (scheduler.py:1), written at scheduler.py:7 by a function a request runs" in message, message


def test_a_class_no_one_registers_is_no_view():
    """A ``post`` method of a class that is registered nowhere is not a request handler."""
    source = METHOD_VIEW.replace('app.add_url_rule("/add/", view_func=AddScheduler.as_view("add"))\n', "")
    messages, created = _run(source)
    assert created == {}
    [message] = messages
    assert "by a function no request is seen to run" in message, message


def test_the_post_does_change_the_module_dict_a_second_worker_would_not_see(tmp_path, monkeypatch):
    """The behaviour the finding reports: a POST served by the class view changes
    ``monitor_options`` in the process that served it."""
    (tmp_path / "scheduler.py").write_text(SCHEDULER)
    (tmp_path / "app.py").write_text(textwrap.dedent(METHOD_VIEW))
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("app", "scheduler"):
        sys.modules.pop(name, None)
    app = importlib.import_module("app")
    scheduler = importlib.import_module("scheduler")
    assert app.app.test_client().post("/add/", json={"domain": "example.org"}).get_json() == {"job": "example.org"}
    assert scheduler.monitor_options == {"port_scan": True, "domain": "example.org"}
    for name in ("app", "scheduler"):
        sys.modules.pop(name, None)

"""http-timeout: calls whose answer takes as long as the work they ask of the other server.

Two shapes seen on the corpus (session 28, scientific front-ends and model serving):

- a relay: Novartis' cellxgene gateway hands every request of the browser on to the cellxgene
  process it launched for the dataset (the same method, the raw body), and returns its answer.
  That server answers a differential-expression request or a large matrix only when it has
  computed it; a 60 s timeout turned such a request on a big dataset into a 500, where the
  gateway (served by ``app.run``, no worker timeout) waited for it before.
- a bulk export: Label Studio's ML backends fetch ``/api/projects/<id>/export`` to train. Label
  Studio answers once the whole export is built (its own server lets a request run 120 s under
  uWSGI, 300 s behind its nginx); 60 s failed the training of a large project.

No number picked here is provably long enough: such a call is left, with a finding; the other
calls of the module still get their bound.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from helpers import finding_messages, run_codemods
from slow_upstream import SlowUpstream, run_against

NAME = "http-timeout"

GATEWAY = """\
from flask import Flask, make_response, request
from requests import get, post, put

app = Flask(__name__)
BACKEND = "http://127.0.0.1:8081"
FORWARDED = ["accept", "content-type", "cookie"]


def relay(path):
    headers = {h: request.headers[h] for h in FORWARDED if h in request.headers}
    target = BACKEND + "/" + path
    if request.method in ["GET", "HEAD", "OPTIONS"]:
        answer = get(target, headers=headers)
    elif request.method == "PUT":
        answer = put(target, headers=headers, data=request.data)
    elif request.method == "POST":
        answer = post(
            target,
            headers=headers,
            data=request.data,
        )
    else:
        return "unexpected method", 400
    return make_response(answer.text, answer.status_code)


@app.route("/view/<path:path>", methods=["GET", "PUT", "POST"])
def view(path):
    return relay(path)


def backend_up():
    return get(BACKEND + "/health").status_code == 200
"""

PASS_THROUGH = """\
import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/shell/<path:rest>", methods=["GET", "POST"])
def shell(rest):
    answer = requests.request(
        request.method,
        "http://localhost:3000/" + rest,
        headers={k: v for k, v in request.headers if k != "Host"},
    )
    return answer.text, answer.status_code
"""

FORM_TO_SERVICE = """\
import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/classify", methods=["POST"])
def classify():
    if request.method == "POST":
        answer = requests.post("http://model:8501/v1/models/m:predict", json={"instances": [request.form["x"]]})
        return answer.json()
    return "?"
"""

TRAINER = """\
import json
import os

import requests

HOSTNAME = os.environ.get("LABEL_STUDIO_HOSTNAME", "http://localhost:8080")
API_KEY = os.environ.get("LABEL_STUDIO_API_KEY", "")


class Classifier:
    def _annotated(self, project_id):
        url = f'{HOSTNAME.rstrip("/")}/api/projects/{project_id}/export'
        response = requests.get(url, headers={"Authorization": f"Token {API_KEY}"})
        if response.status_code != 200:
            raise Exception(f"cannot load tasks from {url}")
        return response.json()

    def _text(self, url):
        return requests.get(url).text

    def fit(self, project_id):
        tasks = self._annotated(project_id)
        return len(tasks["tasks"])


def train(project_id):
    return Classifier().fit(project_id)
"""

NOT_AN_EXPORT = """\
import requests


def code(base):
    return requests.get(base + "/dtale/code-export/1").json()["code"]
"""


class _SlowBackend(SlowUpstream):
    """The cellxgene process behind the gateway: PUT too, and every answer a text."""

    def put(self, url: str, *args: Any, **kwargs: Any) -> types.SimpleNamespace:
        return self.request("PUT", url, *args, **kwargs)


def _result(source: str, path: str) -> Any:
    return run_codemods(source, NAME, path=path, project={}, dedent=False)


def _findings(result: Any) -> list[str]:
    return finding_messages(result)


def test_a_gateway_relaying_the_incoming_request_is_left_with_a_finding():
    result = _result(GATEWAY, "gateway/cache_entry.py")
    assert "answer = get(target, headers=headers)\n" in result.new_text
    assert "put(target, headers=headers, data=request.data)\n" in result.new_text
    assert "            data=request.data,\n        )" in result.new_text
    relays = [m for m in _findings(result) if "hands the incoming request on" in m]
    assert len(relays) == 3, _findings(result)
    # the gateway's own probe of its backend is no relay: it is bounded
    assert 'get(BACKEND + "/health", timeout=60)' in result.new_text


def test_a_differential_expression_that_takes_sixty_five_seconds_still_answers_through_the_gateway(monkeypatch):
    new = _result(GATEWAY, "gateway/cache_entry.py").new_text
    backend = _SlowBackend(65, {"de": [1, 2]})
    monkeypatch.setitem(sys.modules, "requests", backend)
    namespace: dict[str, Any] = {"__name__": "gateway_code"}
    exec(compile(new, "gateway_code.py", "exec"), namespace)
    client = namespace["app"].test_client()
    answer = client.put("/view/api/v0.2/diffexp/obs", data=b'{"set1": [0, 1]}', content_type="application/json")
    assert answer.status_code == 200 and b"de" in answer.data
    assert backend.received[-1][0] == "PUT" and backend.received[-1][2] is None


def test_a_pass_through_of_the_incoming_method_is_a_relay():
    result = _result(PASS_THROUGH, "proxy/app.py")
    assert result.new_text == PASS_THROUGH
    assert any("hands the incoming request on" in m for m in _findings(result)), _findings(result)


def test_a_view_posting_its_form_to_a_model_service_is_no_relay():
    result = _result(FORM_TO_SERVICE, "frontend/app.py")
    assert "timeout=60" in result.new_text
    assert not any("hands the incoming request on" in m for m in _findings(result))


def test_a_bulk_export_is_left_and_the_module_s_other_call_is_bounded():
    result = _result(TRAINER, "backends/classifier.py")
    assert 'response = requests.get(url, headers={"Authorization": f"Token {API_KEY}"})\n' in result.new_text
    assert "return requests.get(url, timeout=60).text" in result.new_text
    assert any("bulk export" in m for m in _findings(result)), _findings(result)


def test_an_export_that_takes_ninety_seconds_still_trains(monkeypatch):
    new = _result(TRAINER, "backends/classifier.py").new_text
    assert run_against(monkeypatch, SlowUpstream(90, {"tasks": [1, 2, 3]}), new, "train", 7) == 3


def test_a_path_that_only_contains_the_word_is_no_export():
    result = _result(NOT_AN_EXPORT, "docs/streamlit/script.py")
    assert 'requests.get(base + "/dtale/code-export/1", timeout=60)' in result.new_text


FAN_OUT = """\
import requests
from flask import Flask, request

app = Flask(__name__)
NODES = {"a": "http://node-a", "b": "http://node-b"}


@app.route("/search", methods=["POST"])
def search():
    found = []
    try:
        for node in NODES.values():
            try:
                found.append(requests.post(node + "/search-models", data=request.data).json())
            except requests.exceptions.ConnectionError:
                continue
    except Exception as error:
        return {"error": str(error)}, 500
    return {"found": found}
"""


def test_a_body_sent_to_fixed_addresses_whatever_the_method_is_no_relay():
    result = _result(FAN_OUT, "network/routes.py")
    assert 'requests.post(node + "/search-models", data=request.data, timeout=60)' in result.new_text
    assert not any("hands the incoming request on" in m for m in _findings(result))

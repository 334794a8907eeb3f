"""json-encoding-arg: flask.json's encoding= argument, removed in Flask 2.1."""

from __future__ import annotations

import pytest

from helpers import run_codemods
from upgrade_checks import LeftAlone, Refusals, Rewrites, at_target, legacy_and_upgraded

NAME = "json-encoding-arg"

LEGACY_APP = '''
from flask import Flask, json, request

app = Flask(__name__)


@app.route("/hook", methods=["POST"])
def hook():
    event = json.loads(request.get_data(), encoding="utf-8")
    return {"kind": event["kind"], "note": event["note"]}
'''

PROBE = '''
legacy.app.testing = True
out = {}
for name, body in (
    ("utf8", json.dumps({"kind": "order", "note": "caf\\u00e9"}).encode("utf-8")),
    ("escaped", json.dumps({"kind": "order", "note": "caf\\u00e9"}, ensure_ascii=True).encode("ascii")),
):
    out[name] = outcome(lambda: client.post("/hook", data=body).get_json())
print(json.dumps(out))
'''


def test_the_legacy_app_fails_today_and_works_after_the_rewrite(tmp_path):
    before, after = legacy_and_upgraded(tmp_path, NAME, {"app.py": LEGACY_APP}, PROBE)
    assert before == {"utf8": "TypeError", "escaped": "TypeError"}
    assert after == {"utf8": {"kind": "order", "note": "caf\u00e9"}, "escaped": {"kind": "order", "note": "caf\u00e9"}}


class TestUpgrade(Rewrites, Refusals, LeftAlone):
    NAME = NAME
    REWRITES = [
        ("import flask\nx = flask.json.loads(s, encoding=None)\n", "import flask\nx = flask.json.loads(s)\n"),
        ("from flask.json import load\nx = load(fp, encoding='UTF_8', object_hook=f)\n", "from flask.json import load\nx = load(fp, object_hook=f)\n"),
        ("from flask import json\nx = json.loads(\n    s,\n    encoding='utf8',\n)\n", "from flask import json\nx = json.loads(\n    s,\n)\n"),
    ]
    REFUSED = [
        ("from flask import json\nx = json.loads(s, encoding='latin-1')\n", "not UTF-8"),
        ("from flask import json\nx = json.loads(s, encoding=charset)\n", "not UTF-8"),
        ("from flask import json\nx = json.dumps(o, encoding='utf-8')\n", "returned bytes"),
        ("from flask import json\njson.dump(o, fp, encoding='utf-8')\n", "returned bytes"),
    ]
    LEFT_ALONE = [
        pytest.param("import json\nx = json.loads(s, encoding='utf-8')\n", id="stdlib-json"),
        pytest.param("from flask import json\nx = json.loads(s)\n", id="modern"),
        pytest.param("import flask\nfrom flask import json\nif flask.__version__ < '2.1':\n    x = json.loads(s, encoding='utf-8')\n", id="guarded"),
    ]


def test_findings_only_where_the_argument_is_gone() -> None:
    source = "from flask import json\nx = json.dumps(o, encoding='utf-8')\n"
    assert at_target(source, NAME, (2, 0)) == (source, [])
    assert len(at_target(source, NAME, (2, 1))[1]) == 1


def test_setup_py_never() -> None:
    legacy = "from flask import json\nx = json.loads(s, encoding='utf-8')\n"
    packaging = "from setuptools import setup\n" + legacy  # a setup.py that runs setuptools
    assert run_codemods(packaging, NAME, path="setup.py").new_text == packaging

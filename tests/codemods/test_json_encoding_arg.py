"""json-encoding-arg: flask.json's encoding= argument, removed in Flask 2.1."""

from __future__ import annotations

import pytest

from helpers import assert_left_alone, assert_refused, run_codemods
from upgrade_checks import at_target, run_app, upgraded

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
import json as std
import app as legacy

legacy.app.testing = True
client = legacy.app.test_client()
out = {}
for name, body in (
    ("utf8", std.dumps({"kind": "order", "note": "caf\\u00e9"}).encode("utf-8")),
    ("escaped", std.dumps({"kind": "order", "note": "caf\\u00e9"}, ensure_ascii=True).encode("ascii")),
):
    try:
        out[name] = client.post("/hook", data=body).get_json()
    except Exception as error:
        out[name] = type(error).__name__
print(std.dumps(out))
'''


def test_the_legacy_app_fails_today_and_works_after_the_rewrite(tmp_path):
    before = run_app(tmp_path / "before", {"app.py": LEGACY_APP}, PROBE)
    assert before == {"utf8": "TypeError", "escaped": "TypeError"}
    after = run_app(tmp_path / "after", {"app.py": upgraded(LEGACY_APP, NAME)}, PROBE)
    assert after == {"utf8": {"kind": "order", "note": "caf\u00e9"}, "escaped": {"kind": "order", "note": "caf\u00e9"}}


@pytest.mark.parametrize(
    "before, after",
    [
        ("import flask\nx = flask.json.loads(s, encoding=None)\n", "import flask\nx = flask.json.loads(s)\n"),
        ("from flask.json import load\nx = load(fp, encoding='UTF_8', object_hook=f)\n", "from flask.json import load\nx = load(fp, object_hook=f)\n"),
        ("from flask import json\nx = json.loads(\n    s,\n    encoding='utf8',\n)\n", "from flask import json\nx = json.loads(\n    s,\n)\n"),
    ],
)
def test_rewrites(before: str, after: str) -> None:
    assert upgraded(before, NAME) == after


@pytest.mark.parametrize(
    "source, says",
    [
        ("from flask import json\nx = json.loads(s, encoding='latin-1')\n", "not UTF-8"),
        ("from flask import json\nx = json.loads(s, encoding=charset)\n", "not UTF-8"),
        ("from flask import json\nx = json.dumps(o, encoding='utf-8')\n", "returned bytes"),
        ("from flask import json\njson.dump(o, fp, encoding='utf-8')\n", "returned bytes"),
    ],
)
def test_refused_with_a_finding(source: str, says: str) -> None:
    assert_refused(NAME, source, says)


def test_findings_only_where_the_argument_is_gone() -> None:
    source = "from flask import json\nx = json.dumps(o, encoding='utf-8')\n"
    assert at_target(source, NAME, (2, 0)) == (source, [])
    assert len(at_target(source, NAME, (2, 1))[1]) == 1


@pytest.mark.parametrize(
    "source",
    [
        "import json\nx = json.loads(s, encoding='utf-8')\n",
        "from flask import json\nx = json.loads(s)\n",
        "import flask\nfrom flask import json\nif flask.__version__ < '2.1':\n    x = json.loads(s, encoding='utf-8')\n",
    ],
    ids=["stdlib-json", "modern", "guarded"],
)
def test_stdlib_modern_and_guarded_code_is_byte_identical(source: str) -> None:
    assert_left_alone(NAME, source)


def test_setup_py_never() -> None:
    legacy = "from flask import json\nx = json.loads(s, encoding='utf-8')\n"
    assert run_codemods(legacy, NAME, path="setup.py").new_text == legacy

"""upload-limit: every body the limit caps is weighed, at the Werkzeug release the project runs.

Werkzeug has always applied ``MAX_CONTENT_LENGTH`` to form parsing (``request.files``,
``request.form``); from 2.3 on it checks it whenever the body is read at all
(``request.get_data()``, ``.data``, ``.json``/``get_json()``, ``.stream``). A view that takes
a whole store of data as a JSON or raw body, or that is registered under a name that cannot
be read, is then weighed as an upload is: a fixed limit sized for the app's file uploads
would refuse it, so the app is left alone with a finding. Where the project runs only
Werkzeug releases older than 2.3, the limit never reaches those bodies and is set.
"""

from __future__ import annotations

import io
import textwrap

from helpers import finding_messages, load_source, run_at_target, run_codemods

LIMIT = 'app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024'
LARGE = 20 * 1024 * 1024

APP = '''
from flask import Flask, request

app = Flask(__name__)


@app.post("/photo")
def photo():
    return {"size": len(request.files["photo"].read())}


@app.put("/backup/restore")
def restore():
    return {"size": len(request.get_data())}
'''

JSON_EDITOR = '''
from flask import Flask, request

app = Flask(__name__)


@app.post("/photo")
def photo():
    return {"size": len(request.files["photo"].read())}


def endpoint(name):
    @app.put(f"/{name}")
    def save():
        return {"size": len(request.get_json()["source"])}

    return save


endpoint("source")
'''


def _put(module, path: str, body: bytes, **kwargs) -> int:
    return module.app.test_client().put(path, data=body, **kwargs).status_code


def test_the_limit_caps_raw_and_json_bodies_at_the_werkzeug_the_suite_runs(tmp_path):
    """Why the bodies count: with the limit the view's raw body is refused (Werkzeug >= 2.3)."""
    limited = load_source(tmp_path, textwrap.dedent(APP).replace("app = Flask(__name__)\n", "app = Flask(__name__)\n" + LIMIT + "\n"), stem="limited_app")
    assert _put(limited, "/backup/restore", b"x" * LARGE) == 413
    unlimited = load_source(tmp_path, textwrap.dedent(APP), stem="unlimited_app")
    assert _put(unlimited, "/backup/restore", b"x" * LARGE) == 200


def test_a_raw_body_named_for_a_whole_store_stops_the_limit_and_still_arrives(tmp_path):
    result = run_codemods(APP, "upload-limit", files={"requirements.txt": "flask>=2.0\n"})
    assert result.new_text == textwrap.dedent(APP)
    [message] = finding_messages(result)
    assert "restore()" in message and "request.get_data" in message and "Werkzeug 2.3" in message
    module = load_source(tmp_path, result.new_text, stem="restore_app")
    assert _put(module, "/backup/restore", b"x" * LARGE) == 200


def test_a_json_body_read_by_a_view_whose_route_cannot_be_read_stops_the_limit(tmp_path):
    result = run_codemods(JSON_EDITOR, "upload-limit", files={"pyproject.toml": '[project]\ndependencies = ["Werkzeug>=2.2,<4"]\n'})
    assert result.new_text == textwrap.dedent(JSON_EDITOR)
    [message] = finding_messages(result)
    assert "save()" in message and "request.get_json" in message and "cannot read" in message
    module = load_source(tmp_path, result.new_text, stem="editor_app")
    source = '{"source": "%s"}' % ("x" * LARGE)
    assert _put(module, "/source", source.encode(), content_type="application/json") == 200


def test_below_werkzeug_2_3_only_forms_are_capped_and_the_limit_is_set():
    """Flask 2.2 (the target: the lowest Flask the project allows) with a Werkzeug older than 2.3."""
    for declared in ({"requirements.txt": "flask==2.2.5\nwerkzeug<2.3\n"}, {"requirements.txt": "werkzeug==2.2.3\n"}):
        text, findings = run_at_target(APP, "upload-limit", (2, 2), files=declared)
        assert LIMIT in text, declared
        assert findings == []


def test_a_flask_older_than_2_3_with_no_werkzeug_declared_may_get_the_newest_werkzeug():
    text, findings = run_at_target(APP, "upload-limit", (2, 2), files={"requirements.txt": "flask>=2.2\n"})
    assert text == textwrap.dedent(APP)
    [(_, message)] = findings
    assert "request.get_data()" in message


def test_a_form_is_capped_at_every_release_and_weighed_too():
    source = APP.replace("len(request.get_data())", 'len(request.form["text"])')
    text, findings = run_at_target(source, "upload-limit", (2, 2), files={"requirements.txt": "werkzeug==2.2.3\n"})
    assert text == textwrap.dedent(source)
    [(_, message)] = findings
    assert "restore()" in message and "request.form" in message


def test_bodies_of_views_with_ordinary_names_keep_the_limit():
    source = APP.replace('"/backup/restore"', '"/notes"').replace("def restore", "def save_note")
    result = run_codemods(source, "upload-limit", files={"requirements.txt": "flask>=2.0\n"})
    assert LIMIT in result.new_text


def test_a_method_named_as_a_body_reading_view_does_not_make_its_callers_read_the_body():
    """``archive_entries`` calls ``reader.add_entry(...)``, a method of another object that
    shares a view's name: only a plain call of this module's own function hands a body on."""
    source = APP.replace("def restore", "def add_entry").replace('"/backup/restore"', '"/entries"')
    helper = "def archive_entries(reader, entries):\n    for entry in entries:\n        reader.add_entry(entry)\n"
    result = run_codemods(source, "upload-limit", files={"utils.py": helper, "requirements.txt": "flask>=2.0\n"})
    assert LIMIT in result.new_text
    local = source + "\n\ndef archive_entries():\n    return add_entry()\n"
    result = run_codemods(local, "upload-limit", files={"requirements.txt": "flask>=2.0\n"})
    assert result.new_text == textwrap.dedent(local)
    [message] = finding_messages(result)
    assert "archive_entries()" in message and "request.get_data()" in message

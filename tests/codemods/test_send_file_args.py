"""send-file-args: the keyword arguments Flask 2.0 renamed and 2.2 removed."""

from __future__ import annotations

import pytest

from helpers import run_codemods
from upgrade_checks import LeftAlone, Rewrites, at_target, legacy_and_upgraded, run_app

NAME = "send-file-args"

LEGACY_APP = '''
import io
import os

from flask import Flask, send_file, send_from_directory

app = Flask(__name__)
MEDIA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "media")


@app.route("/report.csv")
def report():
    data = io.BytesIO(b"id,total\\n1,9.50\\n")
    return send_file(data, mimetype="text/csv", as_attachment=True,
                     attachment_filename="report.csv", cache_timeout=0)


@app.route("/media/<path:name>")
def media(name):
    return send_from_directory(MEDIA, filename=name, cache_timeout=600, add_etags=False)
'''

PROBE = '''
report = client.get("/report.csv")
media = client.get("/media/logo.txt")
print(json.dumps({
    "report": [report.status_code, report.headers.get("Content-Disposition"), report.get_data(as_text=True)],
    "report_cache": report.headers.get("Cache-Control"),
    "media": [media.status_code, media.get_data(as_text=True), media.headers.get("Cache-Control"), media.headers.get("ETag")],
}))
'''


def test_the_legacy_app_fails_today_and_works_after_the_rewrite(tmp_path):
    files = {"media/logo.txt": "logo\n"}
    before, after = legacy_and_upgraded(tmp_path, NAME, {**files, "app.py": LEGACY_APP}, PROBE)
    assert before["report"][0] == 500 and before["media"][0] == 500  # TypeError: unexpected keyword argument
    assert after == {
        "report": [200, "attachment; filename=report.csv", "id,total\n1,9.50\n"],
        "report_cache": "no-cache, max-age=0",  # max_age=0 (was cache_timeout=0) is honoured
        "media": [200, "logo\n", "public, max-age=600", None],
    }


def test_before_the_rewrite_each_view_fails_with_a_type_error(tmp_path):
    probe = "legacy.app.testing = True\n" + PROBE
    files = {"media/logo.txt": "logo\n", "app.py": LEGACY_APP}
    result = run_app(tmp_path, files, probe)
    assert "TypeError" in result["error"] and "unexpected keyword argument" in result["error"]


class TestUpgrade(Rewrites, LeftAlone):
    NAME = NAME
    REWRITES = [
        ("import flask\nr = flask.send_file(p, attachment_filename='a.txt')\n", "import flask\nr = flask.send_file(p, download_name='a.txt')\n"),
        ("from flask.helpers import send_file as sf\nr = sf(p, add_etags=False)\n", "from flask.helpers import send_file as sf\nr = sf(p, etag=False)\n"),
        ("from flask import send_from_directory\nr = send_from_directory(d, filename=n)\n", "from flask import send_from_directory\nr = send_from_directory(d, path=n)\n"),
    ]
    LEFT_ALONE = [
        pytest.param("from flask import send_file\nr = send_file(p, download_name='a', max_age=0, etag=True)\n", id="modern"),
        pytest.param("from werkzeug.utils import send_file\nr = send_file(p, environ, download_name='a')\n", id="werkzeug-send-file"),
        pytest.param("def send_file(p, attachment_filename=None):\n    pass\nsend_file(1, attachment_filename='x')\n", id="own-function"),
        pytest.param("from flask import send_file\nif FLASK_VERSION < (2, 0):\n    r = send_file(p, attachment_filename='a')\n", id="guarded"),
    ]


def test_below_flask_2_0_nothing_changes_or_is_reported() -> None:
    source = "from flask import send_file\nr = send_file(p, attachment_filename='a', **kw)\n"
    assert at_target(source, NAME, (1, 1)) == (source, [])
    new, findings = at_target("from flask import send_file\nr = send_file(p, cache_timeout=1)\n", NAME, (2, 0))
    assert new == "from flask import send_file\nr = send_file(p, max_age=1)\n" and findings == []
    _, findings = at_target(source, NAME, (2, 1))
    assert findings == []  # the old names still work in 2.1: no finding, and **kw is not followed
    _, findings = at_target(source, NAME, (2, 2))
    assert len(findings) == 1 and "**kw" in findings[0]


def test_setup_py_never() -> None:
    legacy = "from flask import send_file\nr = send_file(p, attachment_filename='a')\n"
    packaging = "from setuptools import setup\n" + legacy  # a setup.py that runs setuptools
    assert run_codemods(packaging, NAME, path="setup.py").new_text == packaging
    assert "download_name" in run_codemods(legacy, NAME, path="tests/test_downloads.py").new_text


def test_only_the_functions_of_calls_with_old_keywords_are_analysed(monkeypatch) -> None:
    from flask_codemod.codemods._lazy_scopes import LazyScopes

    analysed = []
    analyse = LazyScopes._analyse
    monkeypatch.setattr(LazyScopes, "_analyse", lambda self, body: analysed.append(body) or analyse(self, body))
    source = (
        "from flask import send_file\n\n\ndef new(name):\n    return send_file(name, download_name='b')\n\n\n"
        "def old(name):\n    return send_file(name, attachment_filename='d')\n"
    )
    result = run_codemods(source, NAME)
    assert "download_name='d'" in result.new_text and "download_name='b'" in result.new_text
    assert len(analysed) == 1

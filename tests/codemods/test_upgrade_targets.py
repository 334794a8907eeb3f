"""The upgrade codemods together, on one legacy app, for the Flask version it is pinned to.

A project that pins ``Flask==2.0.3`` gets only the rewrites whose new form exists in 2.0, and
findings for the forms 2.0 no longer has; pinned to 1.1 it gets fewer rewrites still.
"""

from __future__ import annotations

import json
import subprocess
import sys

from upgrade_checks import at_target

UPGRADES = ("moved-imports", "werkzeug-stdlib", "send-file-args", "app-attributes", "json-encoding-arg", "flask-script")

LEGACY = """\
from flask import Flask, Markup, json, request, safe_join, send_file
from flask.ext.caching import Cache
from flask_script import Manager
from werkzeug.contrib.cache import SimpleCache
from werkzeug.security import safe_str_cmp
from werkzeug.urls import url_parse, url_quote
from werkzeug.wrappers import BaseResponse

app = Flask(__name__)
app.session_cookie_name = "shop"
manager = Manager(app)


@app.route("/file/<name>")
def download(name):
    return send_file(safe_join("/srv", name), attachment_filename=url_quote(name))


@app.route("/login")
def login():
    target = request.args.get("next", "")
    try:
        external = url_parse(target).netloc
    except ValueError:
        external = "malformed"
    if external or not safe_str_cmp(request.args["a"], request.args["b"]):
        return json.dumps({"ok": False}, encoding="utf-8")
    return json.loads(request.get_data(), encoding="utf-8")
"""


def upgrade(target: tuple[int, int]) -> tuple[str, list[str]]:
    text, findings = LEGACY, []
    for name in UPGRADES:
        text, found = at_target(text, name, target)
        findings += [f"{name} {finding}" for finding in found]
    return text, findings


def test_pinned_to_flask_2_0() -> None:
    text, findings = upgrade((2, 0))
    for rewritten in (
        "from flask_caching import Cache",
        "from markupsafe import Markup",
        "from werkzeug.utils import safe_join",  # new in Werkzeug 2.0, which Flask 2.0 requires
        "Response as BaseResponse",
        'send_file(safe_join("/srv", name) or abort(404), download_name=url_quote(name))',
        "urlsplit(target).netloc",
        'app.config["SESSION_COOKIE_NAME"] = "shop"',
        'json.loads(request.get_data())',
    ):
        assert rewritten in text, rewritten
    # still there in Werkzeug 2.0 / Flask 2.0: left as they are, no finding
    for kept in ("from werkzeug.urls import url_quote", "safe_str_cmp(request.args", 'json.dumps({"ok": False}, encoding="utf-8")'):
        assert kept in text, kept
    assert [f.split(":")[0] for f in findings] == ["moved-imports 4", "flask-script 5"]  # lines of the text each saw
    assert "cachelib" in findings[0] and "flask command" in findings[1]


def test_pinned_to_flask_1_1() -> None:
    text, findings = upgrade((1, 1))
    assert "from flask_caching import Cache" in text and "from markupsafe import Markup" in text
    assert "from flask import Flask, json, request, safe_join, send_file" in text  # safe_join: new form from 2.0
    assert "attachment_filename=" in text and "from werkzeug.wrappers import BaseResponse" in text
    assert "urlsplit(target).netloc" in text and 'app.config["SESSION_COOKIE_NAME"]' in text
    # Werkzeug 0.15 still has werkzeug.contrib, but warns on it and 1.0 removes it (Flask 1.1 allows
    # 1.0): said, not changed; Flask-Script still runs
    assert len(findings) == 1 and findings[0].startswith("moved-imports")
    assert "werkzeug.contrib.cache is deprecated since Werkzeug 0.15" in findings[0] and "removed in Werkzeug 1.0" in findings[0]
    assert "from werkzeug.contrib.cache import" in text


def test_the_newest_flask() -> None:
    text, findings = upgrade((3, 1))
    assert "download_name=url_quote(name)" in text
    reported = sorted(f.split(" ")[0] for f in findings)
    assert reported == ["flask-script", "json-encoding-arg", "moved-imports", "werkzeug-stdlib", "werkzeug-stdlib"]


def test_a_flask_2_0_3_pin_is_read_as_the_target_flask_2_0(tmp_path) -> None:
    """The command, given no target, reads it from the project's pin: the result is exactly
    the Flask 2.0 one above (its rewrites, its findings), not the newest Flask's."""
    (tmp_path / "requirements.txt").write_text("Flask==2.0.3\n")
    (tmp_path / "app.py").write_text(LEGACY)
    report = tmp_path.parent / f"{tmp_path.name}-report.json"
    done = subprocess.run(
        [sys.executable, "-m", "flask_codemod", "apply", "--no-cache", "-j", "1", "--select", ",".join(UPGRADES),
         "--report", str(report), str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    expected_text, expected_findings = upgrade((2, 0))
    assert (tmp_path / "app.py").read_text() == expected_text
    assert expected_text != upgrade((1, 1))[0] and expected_findings != upgrade((3, 1))[1]  # the pin decides
    (entry,) = json.loads(report.read_text())["files"]
    reported = sorted(f"{f['codemod']} {f['reason']}" for f in entry["findings"])
    assert reported == sorted(f.split(" ", 1)[0] + " " + f.split(": ", 1)[1] for f in expected_findings)

"""A project whose Flask is a checkout — however it declares it — is judged at an unknown
release that may be the oldest (target ``(0, 0)``): no upgrade counts on a form newer than
any release, and no message names "Flask 0.0"."""

from __future__ import annotations

import json
import textwrap

import pytest
from typer.testing import CliRunner

from flask_codemod.cli import app

APP = '''
from urlparse import urljoin

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from werkzeug.urls import url_parse

app = Flask(__name__)
app.config["SQLALCHEMY_BINDS"] = {"audit": "sqlite://"}
db = SQLAlchemy(app)


def engines():
    return db.get_engine(bind="audit")


def local(u):
    try:
        return url_parse(u).netloc == ""
    except ValueError:
        return False
'''


@pytest.mark.parametrize(
    "name, declaration",
    [
        ("requirements.txt", "-e git+https://github.com/pallets/flask.git@1.1.x#egg=Flask\nflask-sqlalchemy\n"),
        ("requirements.txt", "Flask @ https://github.com/pallets/flask/archive/1.1.4.zip\nflask-sqlalchemy\n"),
        ("requirements.txt", "flask @ git+https://github.com/pallets/flask.git@1.1.x\nflask-sqlalchemy\n"),
        ("Pipfile", '[packages]\nflask = {git = "https://github.com/pallets/flask.git", ref = "1.1.x"}\nflask-sqlalchemy = "*"\n'),
    ],
)
def test_a_checkout_of_flask_is_an_unknown_release_in_every_declaration(tmp_path, name, declaration):
    (tmp_path / name).write_text(declaration, encoding="utf-8")
    (tmp_path / "app").mkdir()
    source = textwrap.dedent(APP).lstrip()
    (tmp_path / "app" / "__init__.py").write_text(source, encoding="utf-8")
    report = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["apply", str(tmp_path), "--dry-run", "--no-cache", "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "app" / "__init__.py").read_text(encoding="utf-8") == source
    [entry] = [entry for entry in json.loads(report.read_text(encoding="utf-8"))["files"] if entry["path"].endswith("__init__.py")]
    assert entry["status"] != "changed"  # url_parse and db.get_engine stay: a 1.1 checkout has no urlsplit on Python 2, no db.engines
    reasons = [finding["reason"] for finding in entry["findings"]]
    assert len(reasons) == 2, reasons
    assert all("0.0" not in reason for reason in reasons), reasons
    assert any("a Flask release that is not known (a checkout or a system package) may allow" in reason for reason in reasons), reasons
    assert any("the target Flask is a release that is not known (a checkout or a system package), possibly older than 2.2" in reason for reason in reasons)

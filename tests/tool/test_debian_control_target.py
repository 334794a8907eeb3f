"""A Debian package the project builds itself with declares the Flask its app runs on
(session 33, apps with outbound HTTP clients).

A measurement API packaged for Debian lists its run-time libraries in ``debian/control``
(``Depends: python3-flask, gunicorn3, ...``) and in no requirements file: the app runs on the
Flask the system ships (1.1 on Debian 11), a release the package does not name. Its app factory
sets ``app.json_encoder``; rewritten to a Flask 2.2 JSON provider, the package's app stopped at
the import of ``flask.json.provider``. ``Depends:`` of a binary package is a declaration as an
RPM spec's ``Requires:`` is: a release not known (``(0, 0)``), unless the relation bounds it
(``python3-flask (>= 2.2)`` -> 2.2). ``Build-Depends:`` installs nothing where the app runs.
"""

from __future__ import annotations

from typer.testing import CliRunner

from flask_codemod.cli import app
from flask_codemod.codemods._flask_versions import UNKNOWN_RELEASE
from flask_codemod.target import declared_target

CONTROL = """\
Source: measurements
Section: python
Build-Depends: debhelper-compat (= 12),
 python3,
 python3-flask (>= 2.2),
 python3-setuptools

Package: measurements
Architecture: all
Depends: ${misc:Depends},
 ${python3:Depends},
 gunicorn3,
 python3-flask,
 python3-requests | python3-urllib3,
Description: the measurement API
 its long description names python3-flask (>= 3.0) too
"""

APP = """\
from flask import Flask, json


class Encoder(json.JSONEncoder):
    def default(self, o):
        return json.JSONEncoder.default(self, o)


def create_app():
    app = Flask(__name__)
    app.json_encoder = Encoder
    return app
"""


def _project(tmp_path, control: str):
    (tmp_path / "debian").mkdir()
    (tmp_path / "debian" / "control").write_text(control)
    (tmp_path / "setup.py").write_text('from setuptools import setup\nsetup(name="measurements")\n')
    return tmp_path


def test_a_binary_package_depending_on_the_system_flask_declares_a_release_not_known(tmp_path):
    root = _project(tmp_path, CONTROL)
    target, where = declared_target(str(root))
    assert target == UNKNOWN_RELEASE
    assert where.endswith("control")


def test_a_bounded_dependency_declares_its_lower_bound(tmp_path):
    root = _project(tmp_path, CONTROL.replace(" python3-flask,\n python3-requests", " python3-flask (>= 1:1.1.2-2),\n python3-requests"))
    assert declared_target(str(root))[0] == (1, 1)


def test_build_depends_and_descriptions_declare_nothing(tmp_path):
    root = _project(tmp_path, CONTROL.replace(" python3-flask,\n python3-requests", " python3-requests"))
    assert declared_target(str(root)) is None


def test_the_json_encoder_of_a_debian_packaged_app_stays(tmp_path):
    root = _project(tmp_path, CONTROL)
    (root / "api.py").write_text(APP)
    result = CliRunner().invoke(app, ["apply", str(root), "--no-cache", "--select", "json-provider"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (root / "api.py").read_text() == APP

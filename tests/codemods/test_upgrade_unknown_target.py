"""An old form the newest releases removed, where the release the app runs on is not known.

The target is a release nobody declared (``UNKNOWN_RELEASE``) where the project runs a checkout
of Flask or the system's package an RPM spec requires (tool/target.py). No rewrite to a newer
form can be proven valid there (the release may predate it), so the code is left; but the old
form is gone from the newest releases, which the app may just as well run on: one finding per
place says so (_flask_versions.left_at_unknown_target), the rule every upgrade codemod shares.
Fedora's MirrorManager 2 (``werkzeug.contrib.profiler`` in runserver.py) and fedocal
(``send_from_directory(cache_timeout=)``) both require the system's Flask in their RPM spec.
"""

from __future__ import annotations


import pytest
from typer.testing import CliRunner

from flask_codemod.cli import app
from flask_codemod.codemods._flask_versions import UNKNOWN_RELEASE
from upgrade_checks import at_target

PROFILED = """\
from flask import Flask

app = Flask(__name__)

if __name__ == "__main__":
    from werkzeug.contrib.profiler import ProfilerMiddleware, MergeStream
    app.wsgi_app = ProfilerMiddleware(app.wsgi_app)
    app.run()
"""

STATIC = """\
from flask import send_from_directory


def serve(directory, filename, cache_timeout):
    return send_from_directory(directory, filename, cache_timeout=cache_timeout)
"""


def test_a_removed_werkzeug_contrib_module_is_left_and_reported_once():
    text, findings = at_target(PROFILED, "moved-imports", UNKNOWN_RELEASE)
    assert text == PROFILED
    assert len(findings) == 1  # one place, one finding, however many names it imports
    assert findings[0].startswith("6: werkzeug.contrib.profiler is removed in Werkzeug 1.0; ")
    assert "is not known" in findings[0]
    assert findings[0].endswith("so it was left; once it is known: use werkzeug.middleware.profiler.ProfilerMiddleware "
                                "(MergeStream: use the tee command)")


def test_a_moved_name_is_left_and_reported():
    source = "from werkzeug.wrappers import BaseResponse\n\n\nclass Reply(BaseResponse):\n    pass\n"
    text, findings = at_target(source, "moved-imports", UNKNOWN_RELEASE)
    assert text == source
    assert findings == [
        "1: werkzeug.wrappers.BaseResponse is removed in Werkzeug 2.1; the release of Flask this app runs on is not "
        "known (a checkout or a system package, possibly older than the replacement), so it was left; once it is "
        "known: use werkzeug.wrappers.Response"
    ]


def test_send_from_directory_cache_timeout_is_left_and_reported():
    text, findings = at_target(STATIC, "send-file-args", UNKNOWN_RELEASE)
    assert text == STATIC
    assert len(findings) == 1
    assert findings[0].startswith("5: send_from_directory(cache_timeout=) is removed in Flask 2.2; ")
    assert findings[0].endswith("so it was left; once it is known: use max_age=")


def test_several_old_keywords_of_one_call_are_one_finding():
    source = 'from flask import send_file\n\nsend_file("a", attachment_filename="b.csv", add_etags=False)\n'
    text, findings = at_target(source, "send-file-args", UNKNOWN_RELEASE)
    assert text == source
    assert len(findings) == 1
    assert findings[0].startswith("3: send_file(attachment_filename=, add_etags=) is removed in Flask 2.2; ")
    assert findings[0].endswith("once it is known: use download_name=, etag=")


@pytest.mark.parametrize(
    "source, name",
    [
        (PROFILED, "moved-imports"),
        (STATIC, "send-file-args"),
    ],
)
def test_a_known_old_target_reports_nothing(source, name):
    # Flask 1.0 is declared: the old forms work there, and nothing is said (as before)
    text, findings = at_target(source, name, (1, 0))
    assert (text, findings) == (source, [])


@pytest.mark.parametrize(
    "source, name",
    [
        # moved on every release: the move is made, no finding
        ("from werkzeug import secure_filename\n\nsecure_filename('a b')\n", "moved-imports"),
        # only deprecated (SQLAlchemy 2.0 still imports it): nothing said by this rule
        ("from sqlalchemy.ext.declarative import declarative_base\n\nBase = declarative_base()\n", "sqlalchemy-2"),
    ],
)
def test_no_finding_for_a_form_that_is_not_removed_or_is_moved(source, name):
    _text, findings = at_target(source, name, UNKNOWN_RELEASE)
    assert not any("is not known" in f and "so it was left" in f for f in findings)


def test_the_rpm_packaged_app_is_told_and_its_code_left(tmp_path):
    project = tmp_path / "mirrormanager2"
    project.mkdir()
    (project / "pyproject.toml").write_text('[project]\nname = "mm2"\ndependencies = ["flask>=2.2.3"]\n')
    (project / "mirrormanager2.spec").write_text("Name: mirrormanager2\nRequires: python3-flask\n")
    (project / "runserver.py").write_text(PROFILED)
    result = CliRunner().invoke(app, ["apply", str(project), "--no-cache", "--verbose", "--select", "moved-imports"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (project / "runserver.py").read_text() == PROFILED
    assert "werkzeug.contrib.profiler is removed in Werkzeug 1.0" in result.output


@pytest.mark.parametrize(
    "source, name, start",
    [
        (
            "from flask import Flask\n\napp = Flask(__name__)\napp.config.from_json('settings.json')\n",
            "config-from-json",
            "4: app.config.from_json is removed in Flask 2.1; ",
        ),
        ("from flask_script import Manager\n\nmanager = Manager()\n", "flask-script",
         "1: flask._compat, which Flask-Script imports, is removed in Flask 2.0; "),
    ],
)
def test_other_upgrade_codemods_share_the_rule(source, name, start):
    text, findings = at_target(source, name, UNKNOWN_RELEASE)
    assert text == source
    assert len(findings) == 1 and findings[0].startswith(start) and "so it was left" in findings[0]
    assert at_target(source, name, (1, 1)) == (source, [])  # a declared old release: nothing to say

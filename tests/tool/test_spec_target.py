"""An RPM spec the project packages itself with declares the Flask its app runs on.

Fedora's calendar, fedocal (2017), lists ``flask`` unpinned in requirements.txt and packages
itself with ``fedocal.spec``: ``Requires: python-flask``, the system's Flask (0.10 on EPEL 7).
Its static-file view calls ``send_from_directory(..., cache_timeout=...)``; written as
``max_age=`` (Flask 2.0), the RPM's app fails on every static file. The spec's requirement is a
declaration as a requirements line is: the target is the lowest release any of them allows,
here one the spec does not name (``(0, 0)``, as for a checkout), unless the line bounds it.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from flask_codemod.cli import app
from flask_codemod.codemods._flask_versions import NEWEST_KNOWN, UNKNOWN_RELEASE
from flask_codemod.target import declared_target

STATIC = """\
from flask import send_from_directory


def serve(directory, filename, cache_timeout):
    return send_from_directory(directory, filename, cache_timeout=cache_timeout)
"""

SPEC = """\
Name:           fedocal
BuildRequires:  python-flask
%if ( 0%{?rhel} && 0%{?rhel} == 6 )
Requires:  python-sqlalchemy0.7
%else
Requires:  python-sqlalchemy > 0.5
%endif
Requires:  python-flask
Requires:  python-fedora-flask >= 0.3.33
"""

# Flask 0.10's send_from_directory: the options go to send_file, which has no max_age
OLD_FLASK = """\
def send_file(filename, mimetype=None, as_attachment=False, attachment_filename=None,
              add_etags=True, cache_timeout=None, conditional=False):
    return ("sent", filename, cache_timeout)


def send_from_directory(directory, filename, **options):
    return send_file(directory + "/" + filename, **options)
"""


def _serves_on_old_flask(code: str, folder) -> bool:
    site = folder / f"site{len(list(folder.iterdir()))}"
    site.mkdir()
    (site / "flask.py").write_text(OLD_FLASK)
    (site / "static_files.py").write_text(code)
    run = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path[:0] = [{str(site)!r}]; import static_files; "
         "assert static_files.serve('static', 'app.css', 60) == ('sent', 'static/app.css', 60)"],
        capture_output=True,
    )
    return run.returncode == 0


def _rewrite(tmp_path, files: dict[str, str]) -> str:
    project = tmp_path / "project"
    project.mkdir()
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text)
    (project / "fedocal").mkdir()
    (project / "fedocal" / "flask_multistatic.py").write_text(STATIC)
    result = CliRunner().invoke(app, ["apply", str(project), "--no-cache"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return (project / "fedocal" / "flask_multistatic.py").read_text()


def test_the_rpm_package_of_the_app_still_serves_static_files(tmp_path):
    assert _serves_on_old_flask(STATIC, tmp_path)  # the original runs on the system's Flask
    new = _rewrite(tmp_path, {"requirements.txt": "flask\nflask-wtf\n", "fedocal.spec": SPEC})
    assert new == STATIC
    assert _serves_on_old_flask(new, tmp_path)


def test_without_the_spec_the_newest_flask_is_the_target(tmp_path):
    new = _rewrite(tmp_path, {"requirements.txt": "flask\n"})
    assert "max_age=cache_timeout" in new
    assert not _serves_on_old_flask(new, tmp_path)  # what the rule must not write for the RPM


@pytest.mark.parametrize(
    "name, spec, target",
    [
        ("fedocal.spec", SPEC, UNKNOWN_RELEASE),
        ("files/app.spec", "Requires: python3-flask >= 1.1\n", (1, 1)),
        ("utility/app.spec", "Requires:  python%{python_pkgversion}-flask\n", UNKNOWN_RELEASE),
        ("app.spec", "Requires: python3dist(flask) < 3\n", UNKNOWN_RELEASE),
        ("app.spec", "Requires: python3-flask = 2.2.5-1.fc38\n", (2, 2)),
    ],
)
def test_a_spec_requiring_the_system_flask_declares_the_target(tmp_path, name, spec, target):
    (tmp_path / "requirements.txt").write_text("flask\n")
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(spec)
    declared = declared_target(str(tmp_path))
    assert declared is not None and declared[0] == target
    assert declared[1].endswith(name)


@pytest.mark.parametrize(
    "name, spec",
    [
        ("app.spec", "BuildRequires: python-flask\n"),  # building needs it; the app runs elsewhere
        ("app.spec", "Requires: python-flask-wtf\nRequires: python-fedora-flask\n"),  # other libraries
        ("deep/er/app.spec", "Requires: python-flask\n"),  # not the project's own packaging
    ],
)
def test_other_spec_lines_declare_no_flask(tmp_path, name, spec):
    (tmp_path / "requirements.txt").write_text("flask>=2.3\n")
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(spec)
    declared = declared_target(str(tmp_path))
    assert declared is not None and declared[0] == (2, 3) <= NEWEST_KNOWN

"""Where findings are reported: a finding asks a maintainer to look at code. What cleanup and
policy codemods leave alone in tests, examples, helper scripts (a top-level ``scripts/``,
``bin/``, ``contrib/``, ``misc/``) and Alembic revisions asks nothing of the served app, so it is
not reported there (their changes there stay); upgrade findings are reported wherever the
codemod acts: a legacy API breaks a test run or a script as it breaks the app."""

from __future__ import annotations

import pytest

from flask_codemod.codemods._code_kinds import is_helper_script, reports_findings
from helpers import run_codemods

STORED = '''
def upload(client, path):
    data = {"file": open(path, "rb")}
    return client.post("/upload", data=data)
'''
LEAK = '''
def size(path):
    handle = open(path)
    return len(handle.read())
'''
LOGIN = '''
from flask_login import current_user


def active():
    return current_user.is_active()
'''
OLD_LOGIN = {"requirements.txt": "flask-login==0.2.11\n"}

QUIET = ["tests/test_api.py", "shop/tests/conftest.py", "docs/example.py", "examples/app.py", "scripts/release.py",
         "bin/release_manager.py", "contrib/example.py", "misc/check_agents.py", "migrations/versions/1a2b_.py",
         "shop/alembic/versions/3c4d_.py"]
SAID = ["shop/views.py", "app.py", "shop/scripts/views.py", "shop/bin.py", "migrations/env.py", "shop/versions/views.py"]


@pytest.mark.parametrize("path", QUIET)
def test_a_cleanup_finding_is_not_reported_outside_the_application(path: str) -> None:
    result = run_codemods(STORED, "open-with", path=path)
    assert result.error is None and result.findings == []
    assert not reports_findings("cleanup", path) and not reports_findings("policy", path)


@pytest.mark.parametrize("path", SAID)
def test_a_cleanup_finding_is_reported_in_the_application(path: str) -> None:
    result = run_codemods(STORED, "open-with", path=path)
    [finding] = result.findings
    assert "stored in a container" in finding.message


@pytest.mark.parametrize("path", ["tests/test_sizes.py", "scripts/sizes.py", "migrations/versions/1a2b_.py"])
def test_changes_stay_where_findings_are_not_reported(path: str) -> None:
    result = run_codemods(LEAK, "open-with", path=path)
    assert "with open(path) as handle:" in result.new_text


@pytest.mark.parametrize("path", ["tests/test_users.py", "scripts/users.py", "migrations/versions/1a2b_.py", "shop/users.py"])
def test_upgrade_findings_are_reported_wherever_the_codemod_acts(path: str) -> None:
    result = run_codemods(LOGIN, "flask-login-properties", path=path, project={**OLD_LOGIN})
    [finding] = result.findings
    assert "is a property since Flask-Login 0.3" in finding.message
    assert reports_findings("upgrade", path)


def test_helper_scripts_are_told_by_their_top_level_folder_or_an_alembic_versions_folder() -> None:
    assert is_helper_script("scripts/email_client_example.py")
    assert is_helper_script("./bin/release_manager.py")
    assert is_helper_script("migrations/versions/11f081cf54e2_.py")
    assert not is_helper_script("shop/scripts/views.py")  # an app package's own module
    assert not is_helper_script("migrations/env.py")
    assert not is_helper_script("scripts.py")


def test_a_setup_module_of_the_app_is_application_code_for_findings() -> None:
    """``CTFd/forms/setup.py`` is named like a packaging script; a codemod that ran on it (the
    engine told it from its text) reports there."""
    assert reports_findings("cleanup", "shop/forms/setup.py")



SERVED = '''
from flask import Flask

app = Flask(__name__)


@app.route("/upload")
def upload_view():
    data = {"file": open("spool.bin", "rb")}
    return str(len(data))
'''
SERVER = '''
from app import app


def upload(client, path):
    data = {"file": open(path, "rb")}
    return client.post("/upload", data=data)
'''
DOCKERFILE = 'FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\nENTRYPOINT ["python3", "-u", "bin/srv.py"]\n'


def _findings(path: str, source: str, project: dict[str, str]) -> list[str]:
    result = run_codemods(source, "open-with", path=path, project=project)
    assert result.error is None, result.error
    return [finding.message for finding in result.findings]


def test_a_script_the_deployment_runs_is_the_application() -> None:
    """cheat-sh:bin/srv.py: the Dockerfile runs it; its findings are the app's."""
    [message] = _findings("bin/srv.py", SERVER, {"Dockerfile": DOCKERFILE, "bin/app.py": SERVED})
    assert "stored in a container" in message


def test_a_module_of_its_folder_that_it_imports_is_the_application_too() -> None:
    """cheat-sh:bin/app.py: the served Flask app, imported by the script the Dockerfile runs."""
    [message] = _findings("bin/app.py", SERVED, {"Dockerfile": DOCKERFILE, "bin/srv.py": SERVER})
    assert "stored in a container" in message


@pytest.mark.parametrize(
    "path, project",
    [
        # no deployment file runs it: a client example with an app of its own stays a tool
        ("bin/app.py", {"bin/srv.py": SERVER}),
        ("scripts/app.py", {"Dockerfile": DOCKERFILE.replace("bin/srv.py", "serve.py"), "serve.py": SERVER}),
        # run by the deployment, but the module does not import this one
        ("bin/app.py", {"Dockerfile": DOCKERFILE, "bin/srv.py": "print('up')\n"}),
        # run while the image is built, or as its health check: a tool all the same
        ("bin/srv.py", {"Dockerfile": DOCKERFILE.replace("ENTRYPOINT", "RUN python3 bin/srv.py\nENTRYPOINT")
                        .replace('"bin/srv.py"', '"serve.py"'), "bin/app.py": SERVED}),
        ("bin/srv.py", {"Dockerfile": "FROM python\nHEALTHCHECK CMD python bin/srv.py\nCMD gunicorn serve:app\n"}),
    ],
)
def test_a_helper_script_no_deployment_runs_stays_quiet(path: str, project: dict[str, str]) -> None:
    assert _findings(path, SERVED, project) == []

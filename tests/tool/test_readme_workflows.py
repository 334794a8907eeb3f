"""The README's GitHub Actions workflows: read as YAML from the README, and their shell steps
run as the runner runs them (``bash -eo pipefail``, in order, a step after a failure only
with ``if: always()``) in a temporary git repository holding the legacy sample app. What only
GitHub has is stood in for: the installed ``flask-codemod`` is this one, ``origin`` is a local
bare repository, and ``gh`` is a script that records how it was called."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

import review_support
from review_support import parse_command

from helpers import REPO

README = os.path.join(REPO, "README.md")
LEGACY_APP = os.path.join(REPO, "samples", "legacy_app")
BIN = os.path.dirname(sys.executable)  # where this flask-codemod is installed


def workflows() -> dict[str, dict]:
    """The README's workflows: each ```yaml block that starts with ``# .github/workflows/NAME``."""
    with open(README, encoding="utf-8") as handle:
        text = handle.read()
    found = {}
    for block in re.findall(r"```yaml\n(.*?)```", text, re.S):
        first = block.splitlines()[0]
        if first.startswith("# .github/workflows/"):
            found[first[2:].strip()] = yaml.safe_load(block)
    return found


def _steps(workflow: dict) -> list[dict]:
    [job] = workflow["jobs"].values()
    return job["steps"]


def run_steps(workflow: dict, cwd, env: dict[str, str]) -> list[tuple[dict, subprocess.CompletedProcess]]:
    """Each ``run`` step but the install (``pip install flask-codemod``: this one is installed),
    as GitHub runs it; returns the steps run with what they did."""
    done = []
    failed = False
    for step in _steps(workflow):
        if "run" not in step or step["run"].strip() == "pip install flask-codemod":
            continue
        if failed and "always()" not in str(step.get("if", "")):
            continue
        step_env = {**env, **{k: v for k, v in (step.get("env") or {}).items() if "${{" not in str(v)}}
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=cwd, env=step_env, capture_output=True, text=True)
        done.append((step, result))
        failed = failed or result.returncode != 0
    return done


def _environment(tmp_path, **extra: str) -> dict[str, str]:
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    return {
        "PATH": f"{tmp_path / 'bin'}{os.pathsep}{BIN}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(home),  # no global git identity: the workflow sets its own
        "GIT_CONFIG_NOSYSTEM": "1",
        "RUNNER_TEMP": str(runner_temp),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "step-summary.md"),
        "GITHUB_RUN_ID": "4242",
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        **extra,
    }


def _legacy_repo(tmp_path):
    folder = tmp_path / "checkout"
    shutil.copytree(LEGACY_APP, folder)
    review_support.git_repo(folder)
    return folder


def test_the_readme_has_both_workflows():
    found = workflows()
    assert set(found) == {".github/workflows/flask-codemod.yml", ".github/workflows/flask-codemod-pr.yml"}
    for workflow in found.values():
        assert workflow["name"] and workflow["jobs"]
        assert any(step.get("uses", "").startswith("actions/checkout@") for step in _steps(workflow))


def test_the_check_workflow_annotates_summarises_and_uploads_sarif(tmp_path):
    workflow = workflows()[".github/workflows/flask-codemod.yml"]
    assert workflow["permissions"]["security-events"] == "write"
    folder = _legacy_repo(tmp_path)
    env = _environment(tmp_path)
    done = run_steps(workflow, folder, env)
    (check, checked), (summary_step, summarised) = done
    assert "--check" in check["run"] and "--output-format github" in check["run"]
    assert checked.returncode == 1, checked.stderr  # the legacy app has things to rewrite
    commands = [parse_command(line) for line in checked.stdout.splitlines()]
    assert {name for name, _, _ in commands} == {"notice", "warning"}
    assert any(name == "warning" and props["file"] == "shop/views.py" and "left uncached" in message for name, props, message in commands)
    assert subprocess.run(["git", "status", "--porcelain"], cwd=folder, capture_output=True, text=True).stdout == ""  # --check wrote nothing
    # the job summary holds the Markdown report (the step after the failing one ran: if: always())
    assert summarised.returncode == 0 and summary_step["if"] == "always()"
    assert "### Before you merge" in (tmp_path / "step-summary.md").read_text()
    # the upload step reads the SARIF file the check wrote
    [upload] = [step for step in _steps(workflow) if step.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert upload["if"] == "always()"
    sarif_path = upload["with"]["sarif_file"].replace("${{ runner.temp }}", env["RUNNER_TEMP"])
    sarif = json.loads(open(sarif_path, encoding="utf-8").read())
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]


def _fake_gh(tmp_path) -> str:
    """A ``gh`` that records its arguments and the body file's text."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "gh.json"
    script = bin_dir / "gh"
    script.write_text(
        "#!/bin/sh\n"
        f'exec {sys.executable} -c "import json, sys; args = sys.argv[1:]; '
        "body = open(args[args.index('--body-file') + 1]).read() if '--body-file' in args else None; "
        f"json.dump({{'args': args, 'body': body}}, open('{log}', 'w'))\" \"$@\"\n"
    )
    script.chmod(0o755)
    return str(log)


def _origin(tmp_path, folder) -> str:
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", str(origin)], check=True)
    review_support.git(folder, "remote", "add", "origin", str(origin))
    review_support.git(folder, "push", "-q", "origin", "main")
    return str(origin)


def test_the_pull_request_workflow_commits_pushes_and_opens_a_pull_request(tmp_path):
    workflow = workflows()[".github/workflows/flask-codemod-pr.yml"]
    assert workflow["permissions"] == {"contents": "write", "pull-requests": "write"}
    folder = _legacy_repo(tmp_path)
    origin = _origin(tmp_path, folder)
    log = _fake_gh(tmp_path)
    [(step, result)] = run_steps(workflow, folder, _environment(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "--commit" in step["run"]
    # the branch is on the remote, one commit per codemod on top of main, .env not in it
    pushed = subprocess.run(["git", "log", "--format=%s", "main..flask-codemod/4242"], cwd=origin, capture_output=True, text=True, check=True).stdout.splitlines()
    assert len(pushed) >= 3 and any(subject.startswith("dotenv-config: ") for subject in pushed)
    files = subprocess.run(["git", "ls-tree", "-r", "--name-only", "flask-codemod/4242"], cwd=origin, capture_output=True, text=True, check=True).stdout.splitlines()
    assert ".env.example" in files and ".env" not in files
    assert (folder / ".env").exists()  # the values stay in the runner's work tree
    # the pull request: from that branch to main, described by the Markdown report
    called = json.loads(open(log).read())
    args = called["args"]
    assert args[:2] == ["pr", "create"]
    assert args[args.index("--base") + 1] == "main" and args[args.index("--head") + 1] == "flask-codemod/4242"
    assert "### Before you merge" in called["body"] and "`SECRET_KEY`" in called["body"]
    assert "dev-3f9a1c2b7e" not in called["body"]


def test_the_pull_request_workflow_does_nothing_when_nothing_changes(tmp_path):
    workflow = workflows()[".github/workflows/flask-codemod-pr.yml"]
    folder = tmp_path / "checkout"
    folder.mkdir()
    (folder / "numbers.py").write_text("def add(a, b):\n    return a + b\n")  # nothing any codemod changes
    review_support.git_repo(folder)
    origin = _origin(tmp_path, folder)
    log = _fake_gh(tmp_path)
    [(_, result)] = run_steps(workflow, folder, _environment(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "flask-codemod: nothing to change" in result.stdout
    assert not os.path.exists(log)
    branches = subprocess.run(["git", "branch", "--list"], cwd=origin, capture_output=True, text=True, check=True).stdout
    assert "flask-codemod/" not in branches


@pytest.mark.parametrize("name", [".github/workflows/flask-codemod.yml", ".github/workflows/flask-codemod-pr.yml"])
def test_every_shell_step_is_valid_bash(name):
    for step in _steps(workflows()[name]):
        if "run" in step:
            subprocess.run(["bash", "-n", "-c", step["run"]], check=True)

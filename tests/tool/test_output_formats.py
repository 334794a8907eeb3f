"""--output-format: what goes to stdout, each against its documented shape.

- ``diff`` (the default): the unified diff, with --dry-run;
- ``json``: the JSON report (the one ``--report FILE.json`` writes);
- ``concise``: one line per changed file and per finding;
- ``github``: GitHub Actions workflow commands (``::warning file=...,line=...::message``),
  with the runner's escaping: ``%``, CR and LF in messages, and ``:`` and ``,`` too in
  property values.
"""

from __future__ import annotations

import json
import os

import jsonschema
import libcst as cst
import pytest
from hypothesis import given, strategies as st

import review_support
from review_support import decode_workflow_text as _decode, parse_command

from flask_codemod.cli import app
from flask_codemod.codemods import Codemod
from flask_codemod.report_lines import escape_data, escape_property
from flask_codemod.reports import SCHEMA_FILE

FAKES = "fake-rename,fake-env,fake-noop"


class FakeNote(Codemod):
    """Report every name ``note_here``, in words that need escaping.

    It changes nothing.
    """

    NAME = "fake-note"
    SUMMARY = "Point at note_here."
    ORDER = 4
    TRIGGERS = ("note_here",)

    def transform(self, module, ctx):
        codemod_ctx = ctx

        class Note(cst.CSTVisitor):
            def visit_Name(self, node):
                if node.value == "note_here":
                    codemod_ctx.finding(node, "100% sure:\r\nsecond line, really")

        ctx.metadata(module).visit(Note())
        return module


@pytest.fixture
def repo(tmp_path, monkeypatch):
    folder = review_support.installed_sample_repo(
        tmp_path, monkeypatch, "shop", with_git=False, codemods=review_support.FAKES + (FakeNote,)
    )
    (folder / "broken.py").write_text("def f(:\n    old_api\n")
    (folder / "we,ird:name.py").write_text("value = 1\nnote_here = old_api\n")
    monkeypatch.chdir(folder)
    return folder


run = review_support.apply_command


def _texts(folder) -> dict[str, str]:
    return {
        os.path.relpath(os.path.join(root, name), folder): open(os.path.join(root, name), encoding="utf-8").read()
        for root, _, names in os.walk(folder)
        for name in names
    }


def test_escaping_follows_the_workflow_command_syntax():
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("flask-codemod: a, b 50%\n") == "flask-codemod%3A a%2C b 50%25%0A"
    assert escape_data("bell\x07") == "bell\\x07"  # other control characters never reach the log raw


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x07\x1b\x7f")))
def test_escaping_round_trips(text):
    text = "".join(c for c in text if c in "\r\n\t" or ord(c) >= 32)
    assert _decode(escape_data(text)) == text
    assert _decode(escape_property(text), property_value=True) == text
    assert "," not in escape_property(text) and ":" not in escape_property(text) and "\n" not in escape_data(text)


def test_github_format_annotates_findings_changed_blocks_project_files_and_errors(repo):
    before = _texts(repo)
    result = run("--check", "--output-format", "github", "--select", FAKES + ",fake-note", ".")
    assert result.exit_code == 3, result.stderr  # broken.py; --check would also say 1
    assert _texts(repo) == before  # --check writes nothing, whatever the format
    commands = [parse_command(line) for line in result.stdout.splitlines()]
    assert commands, result.stdout
    by_file: dict[str, list] = {}
    for name, properties, message in commands:
        by_file.setdefault(properties.get("file"), []).append((name, properties, message))
    # a finding: a warning at its line and column
    assert (
        "warning",
        {"file": "app.py", "line": "11", "col": "12", "title": "flask-codemod: fake-rename"},
        "attribute old_api left alone: its owner is unknown",
    ) in by_file["app.py"]
    # a changed block: a notice on the original lines (what the pull request shows), with the new code
    [helper] = by_file["helpers.py"]
    assert helper[0] == "notice" and helper[1] == {"file": "helpers.py", "line": "2", "endLine": "2", "title": "flask-codemod: fake-rename"}
    assert helper[2] == "Would rewrite this line: Rename old_api to new_api.\n\nThe new code:\n    return new_api(1) + new_api(2)"
    # escaping: a path with ',' and ':', a message with '%', CR and LF
    weird = by_file["we,ird:name.py"]
    assert ("warning", {"file": "we,ird:name.py", "line": "2", "col": "1", "title": "flask-codemod: fake-note"}, "100% sure:\r\nsecond line, really") in weird
    assert any(name == "notice" and props["line"] == "2" for name, props, _ in weird)
    raw = next(line for line in result.stdout.splitlines() if "fake-note" in line)
    assert raw == "::warning file=we%2Cird%3Aname.py,line=2,col=1,title=flask-codemod%3A fake-note::100%25 sure:%0D%0Asecond line, really"
    # project files and errors
    assert by_file[".env"][0][0] == "notice" and "never shown" in by_file[".env"][0][2]
    assert ("error", {"file": "broken.py", "line": "1", "col": "7", "title": "flask-codemod: not processed"}, "syntax error: invalid syntax") in by_file["broken.py"]
    assert "s3cr3t-value" not in result.stdout
    # stderr keeps the errors and the summary, not the findings (they are on stdout)
    assert "broken.py" in result.stderr and "attribute old_api" not in result.stderr and "would change" not in result.stderr


def test_github_format_after_writing_gives_the_new_line_numbers(repo):
    result = run("--output-format", "github", "--select", "fake-env", "app.py")
    assert result.exit_code == 0, result.stderr
    notices = [parse_command(line) for line in result.stdout.splitlines()]
    app_notices = [(props["line"], message) for name, props, message in notices if props.get("file") == "app.py"]
    assert app_notices == [("2", "Rewrote this line: Read the secret key from the environment."), ("4", "Rewrote this line: Read the secret key from the environment.")]
    assert (repo / "app.py").read_text().splitlines()[1] == "import os"


def test_concise_format_has_one_line_per_changed_file_and_per_finding(repo):
    result = run("--dry-run", "--output-format", "concise", "--select", FAKES + ",fake-note", ".")
    assert result.exit_code == 3
    assert result.stdout.splitlines() == [
        "app.py: would change lines after 1, 3, 7: fake-env, fake-rename",
        "app.py:11:12: fake-rename: attribute old_api left alone: its owner is unknown",
        "helpers.py: would change line 2: fake-rename",
        "we,ird:name.py: would change line 2: fake-rename",
        "we,ird:name.py:2:1: fake-note: 100% sure:\\x0d\\x0asecond line, really",
        ".env: would create (project file; values never shown)",
        ".env.example: would create (project file)",
        ".gitignore: would create (project file)",
    ]
    assert "diff --git" not in result.stdout and "s3cr3t-value" not in result.stdout
    assert "attribute old_api" not in result.stderr and "broken.py" in result.stderr


def test_json_format_prints_the_json_report(repo, tmp_path):
    target = tmp_path / "report.json"
    result = run("--dry-run", "--output-format", "json", "--select", FAKES, "--report", str(target), ".")
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    jsonschema.validate(data, json.loads(open(SCHEMA_FILE).read()), cls=jsonschema.Draft202012Validator)
    assert data == json.loads(target.read_text())
    assert {f["path"] for f in data["files"] if f["status"] == "changed"} == {"app.py", "helpers.py", "we,ird:name.py"}


def test_diff_is_the_default(repo):
    default = run("--dry-run", "--select", FAKES, ".")
    named = run("--dry-run", "--output-format", "diff", "--select", FAKES, ".")
    assert default.stdout == named.stdout and default.stdout.startswith("diff --git a/app.py b/app.py\n")


@pytest.mark.parametrize("output_format", ["diff", "github", "json", "concise"])
def test_check_writes_nothing_in_any_format(repo, output_format):
    before = _texts(repo)
    result = run("--check", "--output-format", output_format, "--select", FAKES, ".")
    assert result.exit_code == 3
    assert _texts(repo) == before


def test_a_wrong_format_and_impossible_combinations_are_usage_errors(repo, tmp_path):
    wrong = run("--output-format", "xml", ".")
    assert wrong.exit_code == 2 and "diff, github, json, concise" in wrong.stderr
    other = tmp_path / "other"
    review_support.sample_repo(other)
    review_support.git_repo(repo)
    batch = run("--check", "--output-format", "json", str(repo), str(other))
    assert batch.exit_code == 2 and "--report {repo}.json" in batch.stderr


def test_after_writing_a_project_file_the_run_created_is_still_said_created(repo, tmp_path):
    target = tmp_path / "report.json"
    result = run("--output-format", "concise", "--select", "fake-env", "--report", str(target), "app.py")
    assert result.exit_code == 0, result.stderr
    assert (repo / ".env").exists()
    assert ".env: created (project file; values never shown)" in result.stdout.splitlines()
    assert {p["path"]: p["status"] for p in json.loads(target.read_text())["project_files"]}[".env"] == "created"

"""A crash in one codemod costs only that codemod's change to that file (issue 17): the other
codemods' changes to the file survive and are written, the crash is reported as an internal
error naming the codemod (exit 3), and what the crashing codemod reported before it crashed
(a finding, a project edit, a rewrite) is taken back.

The crashing codemod is a throwaway one, registered for these tests only, that runs between
two test codemods which both change the file (tests/tool/review_support.py).
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from flask_codemod import engine
from flask_codemod.cli import app
from flask_codemod.codemods import Codemod

import review_support


class Crashes(Codemod):
    """Report a finding, ask for a .gitignore line, count a rewrite, then crash.

    A test codemod: a bug in a codemod must cost only its own change.
    """

    NAME = "crash-test"
    SUMMARY = "Crash after reporting."
    ORDER = 2  # after fake-rename (1), before fake-env (2, "fake-env" > "crash-test")

    def transform(self, module, ctx):
        ctx.finding(None, "seen by the crashing codemod", line=1)
        ctx.project_edit("gitignore", "crash-test-output/")
        ctx.rewrote()
        return [][0]  # IndexError, as the cache-views crash of issue 17


SOURCE = 'import json\n\nSECRET_KEY = "s3cr3t"\n\n\ndef load(path):\n    return old_api(path)\n'
EXPECTED = 'import json\nimport os\n\nSECRET_KEY = os.environ["SECRET_KEY"]\n\n\ndef load(path):\n    return new_api(path)\n'


@pytest.fixture
def registry(monkeypatch):
    review_support.install(monkeypatch)
    from flask_codemod.codemods import _registry

    with_fakes = _registry.all_codemods

    def all_codemods():
        return tuple(sorted(set(with_fakes()) | {Crashes}, key=lambda c: (c.ORDER, c.NAME)))

    import flask_codemod.codemods as package

    monkeypatch.setattr(_registry, "all_codemods", all_codemods)
    monkeypatch.setattr(package, "all_codemods", all_codemods)


def test_the_other_codemods_changes_survive_in_the_engine():
    result = engine.transform_text(SOURCE, [review_support.FakeRename, Crashes, review_support.FakeEnv])
    assert result.error is None
    assert result.new_text == EXPECTED
    (problem,) = result.codemod_errors
    assert problem.startswith("internal error in crash-test: IndexError: list index out of range")
    assert problem.endswith("its change to this file dropped")
    assert [f.codemod for f in result.findings] == []
    assert [e.codemod for e in result.project_edits] == ["fake-env"]
    assert result.rewrites == {"fake-rename": 1, "fake-env": 1}


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("marked", [False, True], ids=["plain", "with a skip comment"])
def test_the_other_codemods_changes_are_written(tmp_path, registry, jobs, marked):
    source = SOURCE + ("\nKEEP = old_api(2)  # flask-codemod: skip\n" if marked else "")
    expected = EXPECTED + ("\nKEEP = old_api(2)  # flask-codemod: skip\n" if marked else "")
    (tmp_path / "app.py").write_text(source)
    (tmp_path / "other.py").write_text("x = old_api(1)\n")
    result = CliRunner().invoke(
        app, ["apply", "-j", jobs, "--select", "fake-rename,crash-test,fake-env", "--no-cache", str(tmp_path)]
    )
    assert result.exit_code == 3, result.output
    assert (tmp_path / "app.py").read_text() == expected
    assert (tmp_path / "other.py").read_text() == "x = new_api(1)\n"
    assert (tmp_path / ".env").read_text() == "SECRET_KEY=s3cr3t\n"
    assert "crash-test-output/" not in (tmp_path / ".gitignore").read_text()
    errors = [line for line in result.stderr.splitlines() if "internal error" in line]
    assert len(errors) == 2 and all("internal error in crash-test: IndexError" in line for line in errors), result.stderr
    assert "2 changed" in result.stderr

"""Which results with an error the result cache keeps (tool/cache.py): a file CPython will not
compile gives the same error for the same text under the same Python, so a warm run serves it
without transforming anything; an error that may not come again (a codemod that crashed) is
not cached, and the next run tries again."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from flask_codemod import cache, pipeline, pool
from flask_codemod.cli import app
from flask_codemod.codemods import Codemod, Context
from flask_codemod.pipeline import Job
from test_cache import user_cache  # noqa: F401 (the autouse fixture: a user cache of each test's own)

BROKEN = "def read(p):\n    return open(p).read(\n"  # open-with's text gate wants it; CPython refuses it


@pytest.fixture
def project(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    (tmp_path / "broken.py").write_text(BROKEN)
    (tmp_path / "leaky.py").write_text("def read(p):\n    return open(p).read()\n")
    return tmp_path


@pytest.fixture
def transforms(monkeypatch):
    """The paths the per-file pipeline transforms in this process."""
    seen: list[str] = []
    real = pipeline.process_file
    monkeypatch.setattr(pipeline, "process_file", lambda path, *a, **k: seen.append(path) or real(path, *a, **k))
    return seen


def run(paths, workers=1):
    return list(pool.process_files([str(p) for p in paths], ["open-with"], workers=workers))


def test_a_syntax_error_is_served_from_the_cache_without_a_transform(project, transforms, monkeypatch):
    files = [project / "broken.py", project / "leaky.py"]
    cold = run(files)
    assert cold[0].error and "syntax error" in cold[0].error and cold[1].changed
    assert transforms == [str(f) for f in files]
    transforms.clear()
    pools = []
    monkeypatch.setattr(pool, "new_pool", lambda *args: pools.append(args))
    warm = run(files, workers=2)
    assert transforms == [] and pools == []  # no transform, no worker
    assert [(r.error, r.new_text, r.findings) for r in warm] == [(r.error, r.new_text, r.findings) for r in cold]
    assert warm[0].error_line() == cold[0].error_line()


def test_a_changed_broken_file_is_transformed_again(project, transforms):
    target = project / "broken.py"
    run([target])
    target.write_text(BROKEN + ")\n")
    transforms.clear()
    (fixed,) = run([target])
    assert transforms == [str(target)] and fixed.error is None and fixed.changed


def test_the_command_line_reports_the_same_error_cold_and_warm(project, transforms):
    def dry():
        result = CliRunner().invoke(app, ["apply", "--dry-run", "-j", "1", str(project)], catch_exceptions=False)
        assert result.exit_code == 3
        return result.stdout, [line for line in result.stderr.splitlines() if "syntax error" in line]

    cold_out, cold_errors = dry()
    assert len(cold_errors) == 1 and "broken.py:2:" in cold_errors[0]
    transforms.clear()
    assert dry() == (cold_out, cold_errors)
    assert transforms == []


class Crashes(Codemod):
    """Test codemod: crashes on every file (an error that a fixed codemod would not give)."""

    NAME = "crashes"
    SUMMARY = "test"
    calls = 0

    def transform(self, module, ctx: Context):
        Crashes.calls += 1
        raise RuntimeError("boom")


def test_a_crash_is_not_cached(project):
    Crashes.calls = 0
    job = Job(str(project / "leaky.py"), (Crashes.NAME,))
    first = cache.process_job(job, [Crashes()])
    assert first.codemod_errors and Crashes.calls == 1
    again = cache.process_job(job, [Crashes()])
    assert again.codemod_errors == first.codemod_errors and Crashes.calls == 2 and again.parsed


def test_only_what_the_text_alone_decides_is_an_error_from_the_text():
    from flask_codemod import engine
    from flask_codemod.codemods import get_codemod

    open_with = get_codemod("open-with")
    refused = engine.transform_text("f = open(\n", [open_with])
    assert refused.error and "syntax error" in refused.error and refused.error_from_text
    deep = engine.transform_text("f = open('x')\nx = " + "-" * 100_000 + "1\n", [open_with])
    assert deep.error == "cannot parse: nesting too deep" and not deep.error_from_text  # the stack's limit, not the text's
    fine = engine.transform_text("f = open('x')\n", [open_with])
    assert fine.error is None and not fine.error_from_text

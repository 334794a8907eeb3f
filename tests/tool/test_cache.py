"""The result cache (tool/cache.py): a re-run on an unchanged tree parses nothing and shows
the same diff; whatever a result depends on (the file, the codemods and their options, the
other files a codemod read) invalidates it; a bad entry is never trusted."""

from __future__ import annotations

import glob
import json
import os
import shutil

import libcst
import pytest
from typer.testing import CliRunner

from flask_codemod import cache, pool
from flask_codemod.paths import cache_root
from flask_codemod.pipeline import Job
from flask_codemod.cli import app
from flask_codemod.codemods import Codemod, Context
from helpers import SAMPLES

LEAKY = "def read(p):\n    return open(p).read()\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.delenv(cache.ENV_DISABLE, raising=False)
    cache._roots.clear()
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    (tmp_path / "leaky.py").write_text(LEAKY)
    (tmp_path / "plain.py").write_text("x = 1\n")
    return tmp_path


def entries(root) -> list[str]:
    return sorted(glob.glob(os.path.join(str(root), cache.CACHE_DIR, "*", "*", "*.json")))


def comparable(results):
    return [(r.path, r.old_text, r.new_text, r.findings, r.project_edits, r.rewrites, r.error) for r in results]


def run(paths, names=("open-with",), options=None):
    return list(pool.process_files([str(p) for p in paths], list(names), options or {}, workers=1))


def test_second_run_parses_nothing_and_gives_the_same_results(project, parses):
    files = [project / "leaky.py", project / "plain.py"]
    first = run(files)
    assert first[0].parsed and first[0].changed and len(parses) >= 1
    assert len(entries(project)) == 2
    parses.clear()
    second = run(files)
    assert parses == [] and not any(r.parsed for r in second)
    assert comparable(second) == comparable(first)
    with open(project / cache.CACHE_DIR / ".gitignore") as handle:
        assert "*" in handle.read().split()


def test_a_changed_file_is_processed_again(project, parses):
    target = project / "leaky.py"
    run([target])
    target.write_text(LEAKY.replace("read(p)", "load(p)", 1))
    parses.clear()
    (result,) = run([target])
    assert parses and result.parsed and "def load(p):" in result.new_text


def test_other_codemods_or_options_are_other_entries(project, parses):
    target = project / "leaky.py"
    run([target], ["open-with"])
    parses.clear()
    run([target], ["open-with", "atexit-cleanup"])
    assert parses, "another selection must not reuse the entry"
    parses.clear()
    run([target], ["open-with", "atexit-cleanup"])
    assert parses == []
    key = lambda opts: cache.entry_key(str(target), "d", [engine_codemod("cache-views")], opts)
    assert key({"cache-views": {"timeout": 600}}) != key({"cache-views": {"timeout": 300}})


SETUP_HOOK = (
    "from flask import Flask\n\napp = Flask(__name__)\n\n"
    "@app.before_first_request\ndef create_tables():\n    pass\n"
)


def test_another_target_version_is_another_entry(project, parses):
    """Rewritten for Flask 2.2, only reported for 2.1: the target is part of the key."""
    target = project / "setup_hook.py"
    target.write_text(SETUP_HOOK)

    def at(version):
        (result,) = pool.process_files([str(target)], ["before-first-request"], {}, target_of=lambda path: version)
        assert result.target_version == version
        return result

    older = at((2, 1))
    assert not older.changed and [f.codemod for f in older.findings] == ["before-first-request"]
    parses.clear()
    newer = at((2, 2))
    assert parses, "another target version must not reuse the entry"
    assert newer.changed and "with app.app_context():" in newer.new_text and newer.findings == ()
    parses.clear()
    again = at((2, 1))
    assert parses == [] and comparable([again]) == comparable([older])
    key = lambda version: cache.entry_key(str(target), "d", [engine_codemod("open-with")], {}, None, version)
    assert key((2, 1)) != key((2, 2)) != key(None)


def engine_codemod(name):
    from flask_codemod.codemods import get_codemod

    return get_codemod(name)()


def test_no_cache_flag_and_environment_turn_it_off(project, monkeypatch):
    result = CliRunner().invoke(app, ["apply", "--dry-run", "--no-cache", "-j", "1", str(project)], catch_exceptions=False)
    assert result.exit_code == 0 and "with open(p) as f:" in result.stdout
    assert not os.path.exists(project / cache.CACHE_DIR)
    assert cache.ENV_DISABLE not in os.environ  # the flag does not leak past the command
    monkeypatch.setenv(cache.ENV_DISABLE, "1")
    run([project / "leaky.py"])
    assert not os.path.exists(project / cache.CACHE_DIR)


def test_files_outside_a_project_are_not_cached(tmp_path, monkeypatch):
    monkeypatch.delenv(cache.ENV_DISABLE, raising=False)
    cache._roots.clear()
    loose = tmp_path / "loose"
    loose.mkdir()
    (loose / "leaky.py").write_text(LEAKY)
    if cache_root(str(loose / "leaky.py")) is not None:
        pytest.skip("the temporary folder lies inside a project")
    run([loose / "leaky.py"])
    assert not glob.glob(str(tmp_path / "**" / cache.CACHE_DIR), recursive=True)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "foreign", "ill-typed", "other-format"])
def test_a_bad_entry_is_ignored_and_replaced(project, parses, damage):
    files = [project / "leaky.py", project / "plain.py"]
    first = run(files)
    by_file = {}
    for path in entries(project):
        with open(path) as handle:
            entry = json.load(handle)
        by_file["leaky" if entry["result"]["unchanged"] is False else "plain"] = (path, entry)
    leaky_path, leaky_entry = by_file["leaky"]
    plain_path, plain_entry = by_file["plain"]
    if damage == "garbage":
        text = "\x00not json at all"
    elif damage == "truncated":
        text = json.dumps(leaky_entry)[:40]
    elif damage == "foreign":  # another file's entry under this file's key: its diff would be wrong
        text = json.dumps(plain_entry)
    elif damage == "ill-typed":
        leaky_entry["result"]["findings"] = [["open-with", "one", 0, "x"]]
        text = json.dumps(leaky_entry)
    else:
        leaky_entry["format"] = cache.FORMAT + 1
        text = json.dumps(leaky_entry)
    with open(leaky_path, "w") as handle:
        handle.write(text)
    parses.clear()
    second = run(files)
    assert comparable(second) == comparable(first)
    assert second[0].parsed and not second[1].parsed  # the bad entry was not trusted
    parses.clear()
    third = run(files)  # and was replaced by a good one
    assert parses == [] and comparable(third) == comparable(first)


class ReadsData(Codemod):
    """Test codemod: appends a comment holding what ``data.txt`` (next to the file) says."""

    NAME = "reads-data"
    SUMMARY = "test"

    def transform(self, module, ctx: Context):
        text = ctx.read_file("data.txt")
        ctx.rewrote()
        return module.with_changes(footer=[libcst.EmptyLine(comment=libcst.Comment(f"# data: {text!r}"))])


def process(path):
    return cache.process_job(Job(str(path), (ReadsData.NAME,)), [ReadsData()])


def test_what_a_codemod_read_is_part_of_the_key(project):
    target = project / "plain.py"
    data = project / "data.txt"
    assert process(target).new_text.endswith("# data: None\n")
    assert not process(target).parsed  # absent, still absent: a hit
    data.write_text("one")
    result = process(target)
    assert result.parsed and result.new_text.endswith("# data: 'one'\n")
    assert not process(target).parsed
    data.write_text("two")
    result = process(target)
    assert result.parsed and result.new_text.endswith("# data: 'two'\n")
    data.unlink()
    result = process(target)
    assert result.parsed and result.new_text.endswith("# data: None\n")


def test_dry_run_diff_from_the_cache_matches_and_follows_templates(tmp_path, monkeypatch):
    """The real codemods on the legacy app: cache-views decides by the templates a view
    renders, teardown and gunicorn-config by sibling files; the cached diff must always be
    the diff an uncached run prints."""
    monkeypatch.delenv(cache.ENV_DISABLE, raising=False)
    cache._roots.clear()
    project = tmp_path / "legacy"
    shutil.copytree(os.path.join(SAMPLES, "legacy_app"), project)
    (project / "pyproject.toml").write_text("[project]\nname = 'legacy'\n")
    runner = CliRunner()

    def dry(*extra):
        args = ["apply", "--dry-run", "-j", "1", "--select", "cache-views,teardown,gunicorn-config", *extra, str(project)]
        result = runner.invoke(app, args, catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    cold = dry()
    assert "@cache.cached" in cold and entries(project)
    assert dry() == cold  # served from the cache
    about = project / "templates" / "about.html"
    about.write_text(about.read_text().replace("{{ changelog }}", "{{ changelog }} {{ request.args }}"))
    changed = dry()
    assert changed != cold
    assert changed == dry("--no-cache")
    (project / "Procfile").write_text("web: gunicorn app:app\n")
    with_procfile = dry()
    assert with_procfile == dry("--no-cache")

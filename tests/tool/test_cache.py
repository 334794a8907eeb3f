"""The result cache (tool/cache.py): a re-run on an unchanged tree parses nothing and shows
the same diff; whatever a result depends on (the file, the codemods and their options, the
other files a codemod read) invalidates it; a bad entry is never trusted; the entries live in
the user's cache directory, keyed by project, and a run creates nothing in the tree."""

from __future__ import annotations

import glob
import json
import os
import shutil

import libcst
import pytest
from typer.testing import CliRunner

from flask_codemod import cache, cache_pack, pool
from flask_codemod.paths import CACHE_DIR_VARIABLE, user_cache_dir
from flask_codemod.pipeline import Job
from flask_codemod.cli import app
from flask_codemod.codemods import Codemod, Context
from helpers import SAMPLES

LEAKY = "def read(p):\n    return open(p).read()\n"


@pytest.fixture(autouse=True)
def user_cache(tmp_path_factory, monkeypatch):
    """A user cache directory of this test's own, enabled."""
    folder = tmp_path_factory.mktemp("user-cache")
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(folder))
    monkeypatch.delenv(cache.ENV_DISABLE, raising=False)
    cache._projects.clear()
    return folder


@pytest.fixture
def project(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    (tmp_path / "leaky.py").write_text(LEAKY)
    (tmp_path / "plain.py").write_text("x = 1\n")
    return tmp_path


def cache_folder(root) -> str:
    """The folder of the user cache that holds the entries of the project at ``root``."""
    return cache._root_of(os.path.join(str(root), "any.py"))


def entries(root) -> list[str]:
    """The keys of the cache entries of the project at ``root``: in its pack, or alone."""
    folder = cache_folder(root)
    alone = [os.path.basename(path)[: -len(".json")] for path in glob.glob(os.path.join(folder, "*", "*.json"))]
    return sorted([*cache_pack.read_pack(folder).entries, *alone])


def tree(folder) -> list[str]:
    return sorted(os.path.relpath(os.path.join(d, name), folder) for d, _, names in os.walk(folder) for name in names)


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
    assert tree(project) == ["leaky.py", "plain.py", "pyproject.toml"]  # nothing in the tree


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
    # transformed again (the engine may borrow the tree it lent itself: no parse is counted then)
    assert any(r.parsed for r in run([target], ["open-with", "atexit-cleanup"])), "another selection must not reuse the entry"
    parses.clear()
    again = run([target], ["open-with", "atexit-cleanup"])
    assert parses == [] and not any(r.parsed for r in again)
    key = lambda opts: cache.entry_key(str(target), "d", [engine_codemod("cache-views")], opts)
    assert key({"cache-views": {"timeout": 600}}) != key({"cache-views": {"timeout": 300}})


def test_within_one_run_each_selection_keeps_its_own_key_part():
    """A pass over the files describes each selection once: other codemods, another order or
    other options are still other keys, and the same selection the same key as outside a pass."""
    open_with, teardown = engine_codemod("open-with"), engine_codemod("teardown")
    six, three = {"cache-views": {"timeout": 600}}, {"cache-views": {"timeout": 300}}
    views = engine_codemod("cache-views")

    def keys():
        return [
            cache.entry_key("/p/a.py", "d", [open_with, teardown], {}),
            cache.entry_key("/p/a.py", "d", [teardown, open_with], {}),
            cache.entry_key("/p/a.py", "d", [open_with], {}),
            cache.entry_key("/p/a.py", "d", [views], six),
            cache.entry_key("/p/a.py", "d", [views], three),
            cache.entry_key("/p/b.py", "d", [views], three),
        ]

    outside = keys()
    with cache.one_run():
        inside, again = keys(), keys()
    assert len(set(outside)) == len(outside) and inside == outside == again


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
    assert not entries(project)
    assert cache.ENV_DISABLE not in os.environ  # the flag does not leak past the command
    monkeypatch.setenv(cache.ENV_DISABLE, "1")
    run([project / "leaky.py"])
    assert not entries(project)


def test_entries_live_in_the_user_cache_dir_one_folder_per_project(tmp_path, user_cache):
    """Two projects, and a file in no project: each is cached under its own folder of the
    user cache dir (tool/paths.py's project rule), and nothing is written next to them."""
    for name in ("shop", "blog"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "pyproject.toml").write_text(f"[project]\nname = '{name}'\n")
        (tmp_path / name / "views.py").write_text(LEAKY)
    (tmp_path / "loose").mkdir()
    (tmp_path / "loose" / "script.py").write_text(LEAKY)
    before = tree(tmp_path)
    run([tmp_path / "shop" / "views.py", tmp_path / "blog" / "views.py", tmp_path / "loose" / "script.py"])
    assert tree(tmp_path) == before
    assert user_cache_dir() == str(user_cache)
    folders = {os.path.dirname(path) for path in glob.glob(str(user_cache / "*" / "*" / cache_pack.PACK))}
    assert len(folders) == 3
    assert all(entries(tmp_path / name) for name in ("shop", "blog", "loose"))


@pytest.mark.parametrize("damage", ["garbage", "truncated", "foreign", "ill-typed", "bad-read"])
def test_a_bad_entry_is_ignored_and_replaced(project, parses, damage):
    files = [project / "leaky.py", project / "plain.py"]
    first = run(files)
    pack_path = os.path.join(cache_folder(project), cache_pack.PACK)
    with open(pack_path) as handle:
        pack = json.load(handle)
    by_file = {("leaky" if entry["result"]["unchanged"] is False else "plain"): key for key, entry in pack["entries"].items()}
    leaky, plain = pack["entries"][by_file["leaky"]], pack["entries"][by_file["plain"]]
    if damage == "garbage":
        leaky = "\x00not an entry at all"
    elif damage == "truncated":
        del leaky["result"]
    elif damage == "foreign":  # another file's entry under this file's key: its diff would be wrong
        leaky = plain
    elif damage == "ill-typed":
        leaky["result"]["findings"] = [["open-with", "one", 0, "x"]]
    else:  # a read the pack does not hold
        leaky["reads"] = [len(pack["reads"])]
    pack["entries"][by_file["leaky"]] = leaky
    with open(pack_path, "w") as handle:
        json.dump(pack, handle)
    parses.clear()
    second = run(files)
    assert comparable(second) == comparable(first)
    assert second[0].parsed and not second[1].parsed  # the bad entry was not trusted
    parses.clear()
    third = run(files)  # and was replaced by a good one
    assert parses == [] and comparable(third) == comparable(first)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other-format"])
def test_a_bad_pack_is_ignored_and_replaced(project, parses, damage):
    files = [project / "leaky.py", project / "plain.py"]
    first = run(files)
    pack_path = os.path.join(cache_folder(project), cache_pack.PACK)
    with open(pack_path) as handle:
        text = handle.read()
    if damage == "garbage":
        text = "\x00not json at all"
    elif damage == "truncated":
        text = text[: len(text) // 2]
    else:
        text = json.dumps({**json.loads(text), "format": cache_pack.PACK_FORMAT + 1})
    with open(pack_path, "w") as handle:
        handle.write(text)
    parses.clear()
    second = run(files)
    assert comparable(second) == comparable(first) and all(r.parsed for r in second[:1])
    parses.clear()
    third = run(files)
    assert parses == [] and comparable(third) == comparable(first) and len(entries(project)) == 2


@pytest.mark.parametrize("damage", ["garbage", "foreign", "other-format"])
def test_a_bad_entry_kept_alone_is_ignored(project, damage):
    """An entry written alone (by a miss, before a pass packs it) is checked as one in the pack."""
    leaky, plain = Job(str(project / "leaky.py"), ("open-with",)), Job(str(project / "plain.py"), ("open-with",))
    codemods = [engine_codemod("open-with")]
    first = cache.process_job(leaky, codemods)
    cache.process_job(plain, codemods)
    (leaky_path,) = [p for p in glob.glob(os.path.join(cache_folder(project), "*", "*.json")) if "with open" in open(p).read()]
    (plain_path,) = [p for p in glob.glob(os.path.join(cache_folder(project), "*", "*.json")) if p != leaky_path]
    with open(leaky_path) as handle:
        entry = json.load(handle)
    if damage == "garbage":
        text = "\x00not json at all"
    elif damage == "foreign":
        text = open(plain_path).read()
    else:
        text = json.dumps({**entry, "format": cache.FORMAT + 1})
    with open(leaky_path, "w") as handle:
        handle.write(text)
    second = cache.process_job(leaky, codemods)
    assert second.parsed and comparable([second]) == comparable([first])
    assert not cache.process_job(leaky, codemods).parsed  # replaced


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


@pytest.mark.parametrize("mode", ["--dry-run", "--check"])
def test_a_dry_run_in_a_git_repository_creates_no_file(tmp_path, mode, user_cache):
    """Issue 17: `.flask-codemod-cache/` appeared in a repository after a dry run. Now the
    cache is used (cold, then warm) and `git status` stays clean, ignored files included,
    and no file appears anywhere in the tree."""
    import subprocess

    repo = tmp_path / "legacy"
    shutil.copytree(os.path.join(SAMPLES, "legacy_app"), repo)
    (repo / "pyproject.toml").write_text("[project]\nname = 'legacy'\ndependencies = ['flask']\n")

    def git(*args):
        return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout

    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "legacy app")
    outside_git = lambda: [path for path in tree(repo) if not path.startswith(".git" + os.sep)]
    before = outside_git()
    for _ in range(2):
        result = CliRunner().invoke(app, ["apply", mode, "-j", "2", str(repo)], catch_exceptions=False)
        assert result.exit_code == (1 if mode == "--check" else 0), result.output
        assert git("status", "--porcelain", "--ignored", "--untracked-files=all") == ""
        assert outside_git() == before
    assert entries(repo), "the run used the cache (in the user cache dir)"
class CountsModules(Codemod):
    """Test codemod: appends a comment naming the project's Python files (ctx.project_files)."""

    NAME = "counts-modules"
    SUMMARY = "test"

    def transform(self, module, ctx: Context):
        names = list(ctx.project_files().files)
        ctx.rewrote()
        return module.with_changes(footer=[libcst.EmptyLine(comment=libcst.Comment(f"# modules: {names}"))])


def test_the_project_listing_is_part_of_the_key(project):
    """A codemod that looked at the project's files is run again when a file appears, even
    in a folder that was empty (a listing is a read like any other)."""
    target = project / "plain.py"
    (project / "scripts").mkdir()
    process_listing = lambda: cache.process_job(Job(str(target), (CountsModules.NAME,)), [CountsModules()])
    first = process_listing()
    assert first.new_text.endswith("# modules: ['leaky.py', 'plain.py']\n")
    assert not process_listing().parsed
    (project / "scripts" / "seed.py").write_text("x = 2\n")
    again = process_listing()
    assert again.parsed and again.new_text.endswith("# modules: ['leaky.py', 'plain.py', 'scripts/seed.py']\n")


def test_with_workers_the_cache_answers_in_the_main_process_and_workers_get_the_rest(project, monkeypatch):
    files = [str(project / "leaky.py"), str(project / "plain.py")]
    cold = list(pool.process_files(files, ["open-with"], workers=2))
    pools = []
    new_pool = pool.new_pool
    monkeypatch.setattr(pool, "new_pool", lambda *args: pools.append(args) or new_pool(*args))
    warm = list(pool.process_files(files, ["open-with"], workers=2))
    assert comparable(warm) == comparable(cold) and not any(r.parsed for r in warm)
    assert pools == []  # nothing to compute: no worker started
    (project / "leaky.py").write_text(LEAKY + "data = read('x')\n")
    mixed = list(pool.process_files(files, ["open-with"], workers=2))
    assert [r.path for r in mixed] == files and [r.parsed for r in mixed] == [True, False]
    assert "with open(p)" in mixed[0].new_text and len(pools) == 1


def test_the_fingerprint_reads_libcst_version_from_its_version_module(tmp_path, monkeypatch) -> None:
    """The cache key's LibCST version is the installed one; read from libcst/_version.py (a warm
    re-run imports neither LibCST nor importlib.metadata), else from the installed metadata."""
    from importlib import metadata
    from types import SimpleNamespace

    assert cache.libcst_version() == metadata.version("libcst") == libcst._version.__version__
    fake = tmp_path / "libcst"
    fake.mkdir()
    (fake / "__init__.py").write_text("")
    monkeypatch.setattr(cache.importlib.util, "find_spec", lambda name: SimpleNamespace(origin=str(fake / "__init__.py")))
    (fake / "_version.py").write_text("from __future__ import annotations\n__version__ = version = '9.8.7'\n")
    assert cache.libcst_version() == "9.8.7"
    (fake / "_version.py").unlink()
    assert cache.libcst_version() == metadata.version("libcst")

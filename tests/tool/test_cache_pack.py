"""A project's cache entries packed in one file (tool/cache_pack.py): a pass over the files
leaves its entries in the pack, an entry for an older text of a file is dropped from it, the
files entries record reading are kept once, and two runs packing one project at once leave a
cache that gives the same results."""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys

import libcst
import pytest

from flask_codemod import cache, cache_pack, pool
from flask_codemod.codemods import Codemod, Context, get_codemod
from flask_codemod.paths import CACHE_DIR_VARIABLE
from flask_codemod.pipeline import Job
from test_cache import user_cache  # noqa: F401 (the autouse fixture: a user cache of each test's own)

LEAKY = "def read(p):\n    return open(p).read()\n"


@pytest.fixture
def project(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    for index in range(3):
        (tmp_path / f"mod{index}.py").write_text(LEAKY + f"N = {index}\n")
    return tmp_path


def folder_of(root) -> str:
    # the folder as the runs just made it: the tool's fingerprint (its files' contents) taken
    # now, not kept from the test process's first run (files edited since, as in a worktree
    # being worked on while the suite runs, give the command-line runs another folder, and
    # their first store removes the folders of other fingerprints)
    cache.tool_fingerprint.cache_clear()
    return cache._root_of(os.path.join(str(root), "any.py"))


def pack_of(root) -> dict:
    with open(os.path.join(folder_of(root), cache_pack.PACK)) as handle:
        return json.load(handle)


def alone(root) -> list[str]:
    return glob.glob(os.path.join(folder_of(root), "*", "*.json"))


def run(paths, names=("open-with",), workers=1):
    return list(pool.process_files([str(p) for p in paths], list(names), workers=workers))


@pytest.mark.parametrize("workers", [1, 2])
def test_a_pass_leaves_its_entries_in_the_pack(project, parses, workers):
    files = sorted(project.glob("mod*.py"))
    cold = run(files, workers=workers)
    assert len(pack_of(project)["entries"]) == 3 and alone(project) == []
    parses.clear()
    warm = run(files, workers=workers)
    assert parses == [] and [r.new_text for r in warm] == [r.new_text for r in cold]


def test_an_entry_for_an_older_text_of_a_file_is_dropped(project):
    files = sorted(project.glob("mod*.py"))
    run(files)
    before = set(pack_of(project)["entries"])
    files[0].write_text(LEAKY + "N = 'changed'\n")
    run(files)
    after = set(pack_of(project)["entries"])
    assert len(after) == 3 and len(after - before) == 1
    run(files, names=("open-with", "atexit-cleanup"))  # another selection: other entries, kept apart
    assert len(pack_of(project)["entries"]) == 6


class ReadsAll(Codemod):
    """Test codemod: reads every other module of its folder and notes how many lines they hold."""

    NAME = "reads-all"
    SUMMARY = "test"

    def transform(self, module, ctx: Context):
        lines = sum((ctx.read_file(f"mod{index}.py") or "").count("\n") for index in range(3))
        ctx.rewrote()
        return module.with_changes(footer=[libcst.EmptyLine(comment=libcst.Comment(f"# lines: {lines}"))])


def test_recorded_reads_are_kept_once_per_pack(project, parses):
    files = sorted(project.glob("mod*.py"))
    codemods = [ReadsAll()]
    jobs = [Job(str(path), (ReadsAll.NAME,)) for path in files]
    with cache.one_run():
        first = [cache.process_job(job, codemods) for job in jobs]
    cache.pack_entries()  # what process_jobs does once a pass ends
    pack = pack_of(project)
    assert len(pack["reads"]) == 3  # three modules, read for each of the three files
    assert all(sorted(entry["reads"]) == [0, 1, 2] for entry in pack["entries"].values())
    parses.clear()
    with cache.one_run():
        again = [cache.process_job(job, codemods) for job in jobs]
    assert parses == [] and [r.new_text for r in again] == [r.new_text for r in first]
    files[2].write_text(LEAKY + "N = 2\nM = 3\n")  # one more line: every entry read it
    with cache.one_run():
        changed = [cache.process_job(job, codemods) for job in jobs]
    assert all(r.parsed for r in changed) and all(r.new_text.endswith("# lines: 10\n") for r in changed)


def test_two_runs_packing_one_project_at_once_leave_a_good_cache(project, user_cache):
    for index in range(3, 40):
        (project / f"mod{index}.py").write_text(LEAKY + f"N = {index}\n")
    command = [sys.executable, "-m", "flask_codemod", "apply", "--dry-run", "--no-color", "-j", "1", str(project)]
    env = dict(os.environ, **{CACHE_DIR_VARIABLE: str(user_cache)})
    both = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outputs = [process.communicate() for process in both]
    assert [process.returncode for process in both] == [0, 0] and outputs[0][0] == outputs[1][0]
    warm = subprocess.run(command, env=env, capture_output=True)
    assert warm.returncode == 0 and warm.stdout == outputs[0][0]
    again = subprocess.run(command, env=env, capture_output=True)
    assert again.stdout == outputs[0][0] and alone(project) == []
    assert len(pack_of(project)["entries"]) == 40


def test_reads_found_unchanged_before_give_the_same_answers(tmp_path):
    """A pack answers an entry all of whose reads it found unchanged in the folder before
    without looking at them one by one: the same answers as a pack asked first, for good
    entries and damaged ones (not a list of indices, an index out of range or of another type)."""
    from flask_codemod.cache_reads import text_digest

    (tmp_path / "a.py").write_text("A = 1\n")
    (tmp_path / "b.py").write_text("B = 2\n")
    reads = [["a.py", text_digest("A = 1\n"), None], ["b.py", text_digest("B = 2\n"), None], ["b.py", "another hash", None], ["gone.py", None, None]]
    job = Job(str(tmp_path / "mod.py"), ("open-with",))
    asked = [[0, 1], [0, 1, 3], [1, 0], [], [0, 2], [2], [0, 1.0], [0, True], [True], [1.0], [0, "1"], [0, [1]], [0, 7], [-1], "01", None, [0, 1, 3]]
    with cache.one_run():
        kept = cache_pack.Pack({}, reads)
        first = [kept.reads_hold(ids, job) for ids in asked]
        again = [kept.reads_hold(ids, job) for ids in asked]
        fresh = [cache_pack.Pack({}, reads).reads_hold(ids, job) for ids in asked]
    assert first == again == fresh
    assert first[:6] == [True, True, True, True, False, False] and not any(first[6:-1]) and first[-1]



def _alone_entries(paths, names) -> set[str]:
    """The keys of the entries a run's pass over ``paths`` leaves alone, before it packs them."""
    codemods = [get_codemod(name)() for name in names]
    cache_pack._noted.clear()  # (what earlier tests of this process noted and left)
    with cache.one_run():
        for path in paths:
            cache.process_job(Job(str(path), tuple(names)), codemods)
    keys = set().union(*cache_pack._noted.values())
    cache_pack._noted.clear()
    return keys


def test_a_run_packing_while_another_packs_loses_none_of_its_entries(project, monkeypatch):
    """Two runs end their passes over one project at once, each with entries of its own (here
    another selection, and a file changed since). Run A read the pack, run B then packed its
    entries and removed them from where they lay alone, and A wrote the pack it had read with
    its own entries added: B's were in neither place, lost (a miss for every one of them next
    time). Packing is one run at a time per cache folder: B waits for A's pack, then reads it
    and adds to it."""
    import threading

    files = sorted(project.glob("mod*.py"))
    run(files)  # the pack exists
    root = folder_of(project)
    b_keys = _alone_entries(files, ("open-with", "atexit-cleanup"))
    (project / "mod2.py").write_text(LEAKY + "N = 'A'\n")
    a_keys = _alone_entries([project / "mod2.py"], ("open-with",))
    assert len(b_keys) == 3 and len(a_keys) == 1
    original = cache_pack.read_pack
    b = threading.Thread(target=cache_pack._pack, args=(root, set(b_keys), cache.FORMAT))

    def a_reads_then_b_packs(folder):
        pack = original(folder)
        if threading.current_thread() is threading.main_thread() and not b.is_alive() and b.ident is None:
            b.start()
            b.join(timeout=3)  # B packs now, unless packing waits for A's
        return pack

    monkeypatch.setattr(cache_pack, "read_pack", a_reads_then_b_packs)
    cache_pack._pack(root, set(a_keys), cache.FORMAT)
    b.join(timeout=60)
    assert not b.is_alive()
    kept = set(original(root).entries) | {os.path.basename(path)[: -len(".json")] for path in alone(project)}
    assert a_keys <= kept and b_keys <= kept, (a_keys - kept, b_keys - kept)

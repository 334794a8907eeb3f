"""What makes a warm run's look-ups cheap must not change what they find: an entry's key
(tool/cache.py) still tells every file and selection apart, a pack's read verdicts
(tool/cache_pack.py) are per reading folder, a recorded read's path is the one
``os.path.join`` makes (tool/cache_reads.py), a file is read whole even when it grew after it
was stat-ed (tool/sources.py), and decoding a pack leaves the garbage collector as it was."""

from __future__ import annotations

import gc
import os

import pytest

from flask_codemod import cache, cache_pack, cache_reads, sources
from flask_codemod.cache_reads import text_digest
from flask_codemod.pipeline import Job


def test_a_key_tells_apart_paths_and_digests_that_run_into_each_other():
    """The path is hashed length first: "/p/a" + "bc" is not "/p/ab" + "c"."""
    key = lambda path, digest: cache.entry_key(path, digest, [], {})
    assert key("/p/a", "bcd") != key("/p/ab", "cd")
    assert key("/p/a", "") != key("/p/a", "0")
    assert key("/p/a", "d") == key("/p/a", "d")


def test_a_key_changes_with_the_env_lines_and_target_version():
    key = lambda variant, version: cache.entry_key("/p/a.py", "d", [], {}, variant, version)
    keys = [key(None, None), key("A=1\n", None), key("A=2\n", None), key(None, (2, 2)), key(None, (2, 3))]
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize(
    "folder, relative",
    [("/a/b", "c.py"), ("/a/b/", "c.py"), ("/a", "/abs/c.py"), ("", "c.py"), ("/a", ""), ("/a", "../x/y.py"), ("/", "x.py")],
)
def test_a_recorded_read_is_checked_at_the_path_join_makes(folder, relative):
    assert cache_reads._joined(folder, relative) == os.path.join(folder, relative)


def test_a_read_verdict_is_per_reading_folder(tmp_path):
    """One read of a pack, ``x.py`` relative to the reading file, names another file from
    each folder: what holds for one folder's file says nothing of the other's."""
    for name, text in (("a", "X = 1\n"), ("b", "X = 2\n")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.py").write_text(text)
    pack = cache_pack.Pack({}, [["x.py", text_digest("X = 1\n"), None]])
    job = lambda name: Job(str(tmp_path / name / "m.py"), ("open-with",), {})
    with cache_reads.one_run():
        assert pack.reads_hold([0], job("a")) is True
        assert pack.reads_hold([0], job("b")) is False
        assert pack.reads_hold([0], job("a")) is True
    with cache_reads.one_run():
        assert pack.reads_hold([0], job("b")) is False
        assert pack.reads_hold([0], job("a")) is True
    assert pack.reads_hold([0, 1], job("a")) is False  # an index the pack has no read for
    assert pack.reads_hold([True], job("a")) is False  # nor a bool


def test_a_file_that_grew_after_it_was_stat_ed_is_read_whole(tmp_path):
    target = tmp_path / "grown.py"
    data = b"".join(b"line %d\n" % n for n in range(20_000))
    target.write_bytes(data)
    fd = os.open(target, os.O_RDONLY)
    try:
        assert sources._read_to_end(fd, 10) == data  # stat-ed when it held 10 bytes
    finally:
        os.close(fd)
    assert sources.read_bytes(str(target)) == data
    (tmp_path / "empty.py").write_bytes(b"")
    assert sources.read_bytes(str(tmp_path / "empty.py")) == b""


@pytest.mark.parametrize("collecting", [True, False])
@pytest.mark.parametrize("content", [b'{"format": 1, "reads": [], "entries": {}}', b"{not json"])
def test_reading_a_pack_leaves_the_garbage_collector_as_it_was(tmp_path, collecting, content):
    (tmp_path / cache_pack.PACK).write_bytes(content)
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        cache_pack.read_pack(str(tmp_path))
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()


def test_a_rerun_checks_an_absent_file_by_its_absence_and_env_by_what_it_is_shown(tmp_path, monkeypatch):
    """A Job shown ``.env`` lines (a settling re-run) reads every other file as it is: a
    recorded read of a file found absent holds while the file is absent, told from ``stat``
    without reading it; its project's ``.env``, absent too, is read (it is shown lines)."""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    job = Job(str(tmp_path / "app.py"), ("dotenv-config",), {}, env_shown="SECRET_KEY=x\n")
    readers = []
    real = Job.reader

    def reader(self):
        readers.append(self.path)
        return real(self)

    monkeypatch.setattr(Job, "reader", reader)
    with cache_reads.one_run():
        check = cache_reads.ReadCheck(job)
        assert check.holds(["templates/absent.html", None, None]) is True
        assert check.holds(["../absent.py", None, None]) is True
        assert readers == []
        assert check.holds([".env", None, None]) is False  # it holds the lines shown
        assert readers == [job.path]
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "absent.html").write_text("now here")
    with cache_reads.one_run():
        assert cache_reads.ReadCheck(job).holds(["templates/absent.html", None, None]) is False

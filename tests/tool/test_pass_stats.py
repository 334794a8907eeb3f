"""tool/pass_stats.py: within one pass over the files, each project's remembered listing is
checked once (not once per file that lists it) and each file ``ctx.read_file`` reads is
stat'ed once (not once per file that reads it); the next pass sees every change. (A cold run
records the same result-cache entries with it as without it: tests/codemods/test_project_memo.py.)"""

from __future__ import annotations

import os

from gate_checks import lay_out


from flask_codemod import file_texts, pass_stats, pipeline, walk

PAST = 1_600_000_000 * 10**9


def _settled(folder) -> None:
    """Every folder under ``folder`` (and itself) last changed long ago: its listing is
    remembered (tool/walk.py does not keep one whose folders changed in the racy window)."""
    for here, folders, _ in os.walk(folder):
        for name in folders:
            os.utime(os.path.join(here, name), ns=(PAST, PAST))
    os.utime(folder, ns=(PAST, PAST))


def test_within_a_pass_a_project_listing_is_checked_once_and_the_next_pass_sees_a_new_file(tmp_path, monkeypatch):
    folder = lay_out(tmp_path, {"shop/app.py": "", "shop/views.py": "", "docs/notes.txt": ""})
    _settled(folder)
    checks: list[int] = []
    real = walk.stamps_unchanged
    monkeypatch.setattr(walk, "stamps_unchanged", lambda stamps: checks.append(1) or real(stamps))
    walk._LISTINGS.pop(str(folder), None)
    first = walk.project_listing(str(folder))  # walked and remembered
    assert "shop/views.py" in first and checks == []
    with pass_stats.one_pass():
        assert all(walk.project_listing(str(folder)) is first for _ in range(5))
    assert len(checks) == 1  # checked by the first asker of the pass only
    assert walk.project_listing(str(folder)) is first and len(checks) == 2  # outside a pass: each time
    (folder / "shop/models.py").write_text("")
    _settled(folder)
    os.utime(folder / "shop", ns=(PAST + 10**9, PAST + 10**9))  # the folder's entries changed
    with pass_stats.one_pass():
        again = walk.project_listing(str(folder))
        assert "shop/models.py" in again and walk.project_listing(str(folder)) is again


def test_within_a_pass_a_file_is_stat_ed_once_and_the_next_pass_sees_it_changed(tmp_path, monkeypatch):
    monkeypatch.setattr(file_texts, "_RACY_NS", 0)
    (tmp_path / "settings.py").write_text("one")
    looked: list[str] = []
    real = file_texts._stat_stamps
    monkeypatch.setattr(file_texts, "_stat_stamps", lambda path, racy: looked.append(path) or real(path, racy))
    read = pipeline_reader(tmp_path)
    with pass_stats.one_pass():
        stamp, text = read.read_stamped("settings.py", 0)
        assert text == "one" and stamp is not None
        assert read("settings.py") == "one" and read.read_stamped("settings.py", 0) == (stamp, "one")
        assert read("absent.py") is None and read("absent.py") is None
    assert looked == [str(tmp_path / "settings.py"), str(tmp_path / "absent.py")]
    (tmp_path / "settings.py").write_text("two")
    (tmp_path / "absent.py").write_text("here now")
    with pass_stats.one_pass():
        assert read("settings.py") == "two" and read("absent.py") == "here now"
    pass_stats.start_pass_for_this_process()  # a worker's next pass forgets the last one too
    try:
        (tmp_path / "settings.py").write_text("three")
        assert read("settings.py") == "three"
    finally:
        pass_stats._current = None


def pipeline_reader(folder):
    from flask_codemod import pipeline

    return pipeline.sibling_reader(str(folder / "app.py"))


def test_within_a_pass_a_file_read_from_folders_at_every_depth_is_stat_ed_and_read_once(tmp_path, monkeypatch):
    monkeypatch.setattr(file_texts, "_RACY_NS", 0)
    folder = lay_out(tmp_path, {"shop/db.py": "DB = 1\n", "shop/api/v1/feed.py": ""})
    file_texts.forget()
    looked: list[str] = []
    read_from_disk: list[str] = []
    real_stat, real_read = file_texts._stat_stamps, file_texts.read_bytes_or_none
    monkeypatch.setattr(file_texts, "_stat_stamps", lambda path, racy: looked.append(path) or real_stat(path, racy))
    monkeypatch.setattr(file_texts, "read_bytes_or_none", lambda path: read_from_disk.append(path) or real_read(path))
    spellings = {"shop/app.py": "db.py", "shop/api/hooks.py": "../db.py", "shop/api/v1/feed.py": "../../db.py", "run.py": "shop/db.py"}
    with pass_stats.one_pass():
        for asker, relative in spellings.items():
            read = pipeline.sibling_reader(str(folder / asker))
            assert read(relative) == "DB = 1\n" and read.read_stamped(relative, 0)[1] == "DB = 1\n"
            assert read(relative.replace("db.py", "absent.py")) is None
    assert looked == [os.path.realpath(folder / "shop/db.py"), os.path.realpath(folder / "shop/absent.py")]
    assert read_from_disk == [os.path.realpath(folder / "shop/db.py")]


def test_within_a_pass_a_path_reads_what_the_system_finds_at_it(tmp_path):
    """``..`` from a folder that is a link climbs from where the link leads; a path that climbs
    after a folder, or names ``.`` or a file as a folder, is read as spelled."""
    (tmp_path / "elsewhere/pkg").mkdir(parents=True)
    (tmp_path / "elsewhere/settings.py").write_text("there\n")
    (tmp_path / "elsewhere/pkg/db.py").write_text("db\n")
    (tmp_path / "project").mkdir()
    (tmp_path / "project/settings.py").write_text("here\n")
    (tmp_path / "project/pkg").symlink_to(tmp_path / "elsewhere/pkg")
    (tmp_path / "project/lib").mkdir()
    asked = ["../settings.py", "db.py", "./db.py", "db.py/", "db.py/.", "db.py/..", "../pkg/../settings.py", "..", "", "../lib/../settings.py"]
    read = pipeline.sibling_reader(str(tmp_path / "project/pkg/app.py"))
    outside = [read(relative) for relative in asked]
    file_texts.forget()
    with pass_stats.one_pass():
        inside = [read(relative) for relative in asked]
    assert inside == outside
    assert outside[:3] == ["there\n", "db\n", "db\n"] and outside[3:6] == [None, None, None]


def test_a_run_reads_each_file_of_the_project_once_and_gives_what_reading_each_spelling_gave(tmp_path, monkeypatch):
    from flask_codemod import cache, pool

    monkeypatch.setattr(file_texts, "_RACY_NS", 0)
    folder = lay_out(tmp_path, {
        "shop/__init__.py": "",
        "shop/app.py": "from flask import Flask\nfrom shop.db import get_db\n\napp = Flask(__name__)\n",
        "shop/db.py": "import sqlite3\nfrom flask import g\n\ndef get_db():\n    g.db = sqlite3.connect('x')\n    return g.db\n",
        "shop/jobs.py": "def run(worker, task):\n    return worker.run(task, timeout=75)\n",
        "shop/api/__init__.py": "",
        "shop/api/hooks.py": "import requests\nfrom shop.db import get_db\n\ndef call(url):\n    return requests.post(url)\n",
        "shop/api/v1/__init__.py": "",
        "shop/api/v1/feed.py": "import requests\nfrom ...db import get_db\n\ndef pull(url):\n    return requests.get(url)\n",
    })
    paths = [str(folder / relative) for relative in ("shop/api/v1/feed.py", "shop/app.py", "shop/api/hooks.py", "shop/db.py")]
    read_from_disk: list[str] = []
    real_read = file_texts.read_bytes_or_none
    monkeypatch.setattr(file_texts, "read_bytes_or_none", lambda path: read_from_disk.append(path) or real_read(path))

    def run() -> list:
        file_texts.forget()
        read_from_disk.clear()
        with cache.disabled():
            return [(r.new_text, r.findings, r.project_edits, r.error) for r in pool.process_files(paths, ["http-timeout", "teardown"], {}, workers=1)]

    once = run()
    read_once = list(read_from_disk)
    monkeypatch.setattr(pipeline, "sibling_path", os.path.join)  # each spelling read apart, as before
    assert run() == once
    assert len(read_from_disk) > len(read_once) == len(set(read_once))  # a file once, not once per spelling
    assert set(map(os.path.realpath, read_from_disk)) == set(read_once)
    assert any("timeout=75" in (text or "") for text, *_ in once)


def test_a_recorded_read_through_a_reader_showing_env_names_is_stamped_at_the_path_read(tmp_path, monkeypatch):
    """A settling re-run's reader (``env_shown``) has no ``read_stamped``: the recording reader
    stamps the file apart, at the path the reader reads, so its first look in the pass comes
    before any read of it (from any folder) and the file is stat'ed once."""
    from flask_codemod import cache_reads

    monkeypatch.setattr(file_texts, "_RACY_NS", 0)
    monkeypatch.setattr(cache_reads, "_RACY_NS", 0)
    folder = lay_out(tmp_path, {"shop/db.py": "DB = 1\n", "shop/api/hooks.py": "", "shop/app.py": ""})
    looked: list[str] = []
    real_stat = file_texts._stat_stamps
    monkeypatch.setattr(file_texts, "_stat_stamps", lambda path, racy: looked.append(path) or real_stat(path, racy))
    with pass_stats.one_pass():
        stamps = []
        for asker, relative in (("shop/app.py", "db.py"), ("shop/api/hooks.py", "../db.py")):
            path = str(folder / asker)
            recorder = cache_reads.RecordingReader(pipeline.Job(path, ("http-timeout",), {}, env_shown="X=1\n").reader(), os.path.dirname(path))
            assert recorder(relative) == "DB = 1\n"
            stamps.append(recorder.stamps[relative])
    assert stamps[0] is not None and stamps[0] == stamps[1]
    assert looked == [os.path.realpath(folder / "shop/db.py")]

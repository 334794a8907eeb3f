"""tool/pass_stats.py: within one pass over the files, each project's remembered listing is
checked once (not once per file that lists it) and each file ``ctx.read_file`` reads is
stat'ed once (not once per file that reads it); the next pass sees every change. (A cold run
records the same result-cache entries with it as without it: tests/codemods/test_project_memo.py.)"""

from __future__ import annotations

import os

from gate_checks import lay_out


from flask_codemod import file_texts, pass_stats, walk

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

"""tool/file_texts.py: the other files of a project, as ``ctx.read_file`` reads them, are read
from disk again only when their stamp changed; a file changed in the racy window is always
read."""

from __future__ import annotations

import os
import time

import pytest

from flask_codemod import file_texts, pipeline


@pytest.fixture
def disk_reads(monkeypatch) -> list[str]:
    reads: list[str] = []
    real = file_texts.read_bytes_or_none
    monkeypatch.setattr(file_texts, "read_bytes_or_none", lambda path: reads.append(path) or real(path))
    return reads


def test_an_unchanged_file_is_read_once_and_a_rewrite_with_its_old_size_and_mtime_again(tmp_path, monkeypatch, disk_reads):
    monkeypatch.setattr(file_texts, "_RACY_NS", 0)
    settings = tmp_path / "settings.py"
    settings.write_text("one")
    time.sleep(0.05)
    read = pipeline.sibling_reader(str(tmp_path / "app.py"))
    first = read("settings.py")
    assert first == "one" and read("settings.py") is first
    assert len(disk_reads) == 1
    before = os.stat(settings)
    time.sleep(0.05)
    settings.write_text("two")
    os.utime(settings, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same mtime: a new ctime
    assert read("settings.py") == "two"
    assert len(disk_reads) == 2
    assert read("absent.py") is None and read("absent.py") is None  # not there: not opened, nothing kept
    assert len(disk_reads) == 2
    (tmp_path / "absent.py").write_text("now here")
    assert read("absent.py") == "now here"  # looked for each time
    assert len(disk_reads) == 3


def test_a_file_changed_in_the_racy_window_is_read_each_time(tmp_path, disk_reads):
    (tmp_path / "settings.py").write_text("one")
    read = pipeline.sibling_reader(str(tmp_path / "app.py"))
    assert read("settings.py") == read("settings.py") == "one"
    assert len(disk_reads) == 2

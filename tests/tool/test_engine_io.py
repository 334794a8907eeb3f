"""Decoding sources and writing results: encodings round-trip, writes are atomic, keep the
file's BOM, encoding, newlines and mode, and skip a file changed since it was read."""

from __future__ import annotations

import os

import pytest

from flask_codemod import pipeline, sources, writing
from helpers import Rename


# -- io ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, encoding, bom",
    [
        (b"x = 1\n", "utf-8", False),
        (b"\xef\xbb\xbfx = 1\n", "utf-8", True),
        (b"# coding: latin-1\nx = '\xe9'\n", "iso-8859-1", False),
        (b"x = 1\r\ny = 2\r\n", "utf-8", False),
    ],
)
def test_decode_round_trips(data, encoding, bom):
    source = sources.decode(data)
    assert source.encoding == encoding and source.bom == bom
    assert source.encode(source.text) == data


def test_decode_errors_are_source_errors():
    with pytest.raises(sources.SourceError):
        sources.decode(b"x = '\xff'\n")
    with pytest.raises(sources.SourceError):
        sources.decode(b"# coding: no-such-codec\n")


def test_unencodable_output_is_refused():
    source = sources.decode(b"# coding: latin-1\nx = 1\n")
    with pytest.raises(sources.SourceError):
        source.encode("x = '\u2603'\n")


def test_atomic_write_failure_keeps_original(tmp_path, monkeypatch):
    target = tmp_path / "a.py"
    target.write_text("original\n")

    def full_disk(fd, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        writing.atomic_write(str(target), b"new\n")
    assert target.read_text() == "original\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.py"]


# -- writing ------------------------------------------------------------------------------------


def _result_for(path, codemods=(Rename,)):
    result = pipeline.process_file(str(path), list(codemods))
    assert result.changed, result
    return result


def test_write_result_skips_a_file_changed_or_deleted_since_it_was_read(tmp_path):
    path = tmp_path / "a.py"
    path.write_text("old = 1\n")
    result = _result_for(path)
    path.write_text("old = 2\n")
    assert writing.write_result(result) == "file changed on disk since it was read; skipped"
    assert path.read_text() == "old = 2\n"
    path.unlink()
    assert writing.write_result(result) == "file disappeared before it could be written; skipped"
    assert not path.exists()


def test_write_result_keeps_bom_encoding_newlines_and_mode(tmp_path):
    path = tmp_path / "a.py"
    data = b"\xef\xbb\xbfold = '\xc3\xa9'\r\nprint(old)\r\n"
    path.write_bytes(data)
    os.chmod(path, 0o751)
    assert writing.write_result(_result_for(path)) is None
    assert path.read_bytes() == data.replace(b"old", b"new")
    assert os.stat(path).st_mode & 0o777 == 0o751


def test_write_result_reports_a_full_disk(tmp_path, monkeypatch):
    path = tmp_path / "a.py"
    path.write_text("old = 1\n")
    result = _result_for(path)

    def full(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    assert writing.write_result(result) == "cannot write: No space left on device; original left intact"
    monkeypatch.undo()
    assert path.read_text() == "old = 1\n"
    assert os.listdir(tmp_path) == ["a.py"]


def test_atomic_write_through_a_symlink_keeps_the_link(tmp_path):
    (tmp_path / "real.py").write_bytes(b"old\n")
    os.symlink("real.py", tmp_path / "link.py")
    writing.atomic_write(str(tmp_path / "link.py"), b"new\n")
    assert os.path.islink(tmp_path / "link.py")
    assert (tmp_path / "real.py").read_bytes() == b"new\n"


def test_atomic_write_new_file_mode_and_refusals(tmp_path):
    writing.atomic_write(str(tmp_path / ".env"), b"A=1\n", mode=0o600)
    assert os.stat(tmp_path / ".env").st_mode & 0o777 == 0o600
    os.mkfifo(tmp_path / "pipe.py")
    with pytest.raises(OSError):
        writing.atomic_write(str(tmp_path / "pipe.py"), b"x\n")
    assert sorted(os.listdir(tmp_path)) == [".env", "pipe.py"]


@pytest.mark.parametrize("step", ["write", "fsync", "chmod", "replace"])
def test_atomic_write_interrupted_leaves_no_temporary(tmp_path, monkeypatch, step):
    target = tmp_path / "a.py"
    target.write_bytes(b"old\n")
    real = getattr(os, step)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, step, interrupted)
    with pytest.raises(KeyboardInterrupt):
        writing.atomic_write(str(target), b"new\n")
    monkeypatch.setattr(os, step, real)
    assert target.read_bytes() == b"old\n"
    assert os.listdir(tmp_path) == ["a.py"]


def test_read_source_refuses_what_is_not_a_regular_file(tmp_path):
    os.mkfifo(tmp_path / "pipe.py")
    with pytest.raises(sources.SourceError, match="not a regular file"):
        sources.read_source(str(tmp_path / "pipe.py"))
    os.symlink("loop.py", tmp_path / "loop.py")
    with pytest.raises(sources.SourceError, match="symbolic link loop"):
        sources.read_source(str(tmp_path / "loop.py"))
    (tmp_path / "dir.py").mkdir()
    with pytest.raises(sources.SourceError, match="is a directory"):
        sources.read_source(str(tmp_path / "dir.py"))


def test_undecodable_first_line_names_the_offset():
    with pytest.raises(sources.SourceError, match="invalid byte at offset 5"):
        sources.decode(b"x = '\xff'\n")

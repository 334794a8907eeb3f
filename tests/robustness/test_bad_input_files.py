"""Bad input from the file system and failed writes: links, loops, files deleted, changed or
unreadable during a run, pipes where files were, disks that fill up and writes that stop half
way. Every error is one line ``path: reason``, the run goes on, and no byte is lost (see
test_bad_input.py for input that is not Python).
"""

from __future__ import annotations

import errno
import os
import socket
import threading

import pytest

from flask_codemod import pipeline, sources, writing
from robustness import support
from robustness.bad_input import GOOD, GOOD_AFTER, assert_good_files_rewritten, assert_one_line_errors, assert_run_reports, cli, temporaries


# -- the file system -------------------------------------------------------------------------


def test_symlink_loops(project):
    os.symlink("loop.py", project / "loop.py")  # a link to itself
    os.symlink("ping.py", project / "pong.py")
    os.symlink("pong.py", project / "ping.py")
    os.symlink(project, project / "again")  # a directory loop
    result = cli("-j", "1", str(project))  # walking: the loops are passed over
    assert result.exit_code == 0, result.output
    assert_good_files_rewritten(project)
    result = cli("-j", "1", str(project / "loop.py"), str(project / "ping.py"), str(project / "good_one.py"))
    assert result.exit_code == 3
    assert_one_line_errors(result, {str(project / "loop.py"): "^symbolic link loop$", str(project / "ping.py"): "^symbolic link loop$"})


def test_a_broken_link(project):
    os.symlink("nowhere.py", project / "broken.py")
    result = cli("-j", "1", str(project / "broken.py"), str(project))
    assert result.exit_code == 3
    assert_one_line_errors(result, {str(project / "broken.py"): "^broken symbolic link$"})
    assert_good_files_rewritten(project)


def test_the_same_file_reached_twice_is_processed_once(project):
    target = project / "good_one.py"
    os.symlink("good_one.py", project / "alias.py")
    os.link(target, project / "hard.py")
    result = cli(
        "-j", "2", str(target), str(target), os.path.join(str(project), ".", "good_one.py"),
        str(project / "alias.py"), str(project / "hard.py"), str(project),
    )
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == GOOD_AFTER
    assert os.path.islink(project / "alias.py"), "the link must stay a link"
    assert (project / "alias.py").read_bytes() == GOOD_AFTER
    assert temporaries(project) == []


def test_a_link_is_written_through_not_replaced(tmp_path, test_codemods):
    real = tmp_path / "real"
    real.mkdir()
    (real / "module.py").write_bytes(GOOD)
    os.symlink(real / "module.py", tmp_path / "link.py")
    result = cli("-j", "1", str(tmp_path / "link.py"))
    assert result.exit_code == 0, result.output
    assert os.path.islink(tmp_path / "link.py")
    assert (real / "module.py").read_bytes() == GOOD_AFTER


def test_a_link_leading_out_of_the_tree_is_not_followed(tmp_path, test_codemods):
    outside = tmp_path / "outside.py"
    outside.write_bytes(GOOD)
    tree = tmp_path / "tree"
    tree.mkdir()
    os.symlink(outside, tree / "link.py")
    (tree / "inside.py").write_bytes(GOOD)
    result = cli("-j", "1", str(tree))
    assert result.exit_code == 0, result.output
    assert outside.read_bytes() == GOOD
    assert (tree / "inside.py").read_bytes() == GOOD_AFTER


def _wrap_process_file(monkeypatch, before=None, after=None):
    real = pipeline.process_file

    def wrapped(path, *args, **kwargs):
        if before:
            before(path)
        result = real(path, *args, **kwargs)
        if after:
            after(path)
        return result

    monkeypatch.setattr(pipeline, "process_file", wrapped)


def test_a_file_deleted_before_it_is_read(project, monkeypatch):
    doomed = project / "doomed.py"
    doomed.write_bytes(GOOD)
    _wrap_process_file(monkeypatch, before=lambda path: path.endswith("doomed.py") and os.unlink(path))
    assert_run_reports(project, {str(doomed): "^no such file$"})
    assert_good_files_rewritten(project)


def test_a_file_deleted_during_the_run(project, monkeypatch):
    doomed = project / "doomed.py"
    doomed.write_bytes(GOOD)
    _wrap_process_file(monkeypatch, after=lambda path: path.endswith("doomed.py") and os.unlink(path))
    assert_run_reports(project, {str(doomed): "disappeared"})
    assert not doomed.exists()
    assert_good_files_rewritten(project)
    assert temporaries(project) == []


def test_a_file_changed_during_the_run_keeps_the_other_edit(project, monkeypatch):
    edited = project / "edited.py"
    edited.write_bytes(GOOD)
    someone_else = GOOD + b"# saved from an editor meanwhile\n"
    _wrap_process_file(monkeypatch, after=lambda path: path.endswith("edited.py") and edited.write_bytes(someone_else))
    assert_run_reports(project, {str(edited): "changed on disk since it was read; skipped"})
    assert edited.read_bytes() == someone_else
    assert_good_files_rewritten(project)


def test_an_unreadable_file(project, monkeypatch):
    """Tests run as root in CI, where chmod 000 stops nothing: refuse the open itself."""
    secret = project / "secret.py"
    secret.write_bytes(GOOD)
    real_open = os.open

    def guarded_open(path, flags, *args, **kwargs):
        if os.fspath(path).endswith("secret.py"):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded_open)
    assert_run_reports(project, {str(secret): "^permission denied$"})
    assert secret.read_bytes() == GOOD
    assert_good_files_rewritten(project)


def test_an_unreadable_directory(project, monkeypatch):
    locked = project / "locked"
    locked.mkdir()
    (locked / "inside.py").write_bytes(GOOD)
    real_scandir = os.scandir

    def guarded_scandir(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", guarded_scandir)
    assert_run_reports(project, {str(locked): "cannot list directory: Permission denied"})
    assert_good_files_rewritten(project)


def test_a_named_pipe_a_socket_and_a_directory_called_py(project):
    fifo = project / "fifo.py"
    os.mkfifo(fifo)
    sock_path = project / "sock.py"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    package = project / "package.py"
    package.mkdir()
    (package / "inside.py").write_bytes(GOOD)
    try:
        result = cli("-j", "1", str(project))  # walking: none of them is a source file
        assert result.exit_code == 0, result.output
        assert (package / "inside.py").read_bytes() == GOOD_AFTER
        result = cli("-j", "1", str(fifo), str(sock_path), str(package), str(project / "good_one.py"))
        assert result.exit_code == 3
        assert_one_line_errors(
            result,
            {str(fifo): r"^not a regular file \(a named pipe\)$", str(sock_path): r"^not a regular file \(a socket\)$"},
        )
    finally:
        server.close()


def test_a_pipe_that_took_a_files_place_never_hangs_the_reader(tmp_path):
    fifo = tmp_path / "app.py"
    os.mkfifo(fifo)
    outcome = {}

    def read():
        outcome["result"] = pipeline.process_file(str(fifo), [support.MarkOld])

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(10)
    assert not reader.is_alive(), "reading a FIFO must not block"
    assert outcome["result"].error == "not a regular file"
    assert sources.read_bytes_or_none(str(fifo)) is None


# -- writes that fail --------------------------------------------------------------------------


def _fail_on_temporary(monkeypatch, name: str, exception: BaseException, after_calls: int = 0):
    """Make ``os.<name>`` raise ``exception`` when it works on one of our temporary files
    (after ``after_calls`` successful such calls)."""
    real = getattr(os, name)
    calls = [0]

    def ours(args) -> bool:
        first = args[0]
        if isinstance(first, int):
            try:
                first = os.readlink(f"/proc/self/fd/{first}")
            except OSError:
                return False
        return writing.TEMPORARY_PREFIX in os.fspath(first)

    def failing(*args, **kwargs):
        if ours(args):
            calls[0] += 1
            if calls[0] > after_calls:
                raise exception
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, failing)


@pytest.mark.parametrize("step", ["write", "fsync", "replace", "chmod"])
def test_disk_full_leaves_the_original_intact(project, monkeypatch, step):
    victim = project / "victim.py"
    data = b"old_value = 1\n" * 50
    victim.write_bytes(data)
    _fail_on_temporary(monkeypatch, step, OSError(errno.ENOSPC, "No space left on device"))
    result = cli("-j", "1", str(victim), str(project / "good_one.py"))
    assert result.exit_code == 3
    assert_one_line_errors(
        result,
        {str(victim): "^cannot write: No space left on device; original left intact$",
         str(project / "good_one.py"): "^cannot write: No space left on device; original left intact$"},
    )
    assert victim.read_bytes() == data
    assert (project / "good_one.py").read_bytes() == GOOD
    assert temporaries(project) == []


def test_a_failed_write_does_not_stop_the_others(project, monkeypatch):
    _fail_on_temporary(monkeypatch, "write", OSError(errno.ENOSPC, "No space left on device"), after_calls=1)
    assert_run_reports(project, {str(project / "good_two.py"): "No space left on device"})
    assert (project / "good_one.py").read_bytes() == GOOD_AFTER
    assert (project / "good_two.py").read_bytes() == GOOD
    assert temporaries(project) == []


def test_a_write_that_stops_half_way(project, monkeypatch):
    """A short write followed by an error: the partial temporary file is removed."""
    real_write = os.write

    def half_then_fail(fd, data):
        try:
            name = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            name = ""
        if writing.TEMPORARY_PREFIX in name:
            real_write(fd, bytes(data[: len(data) // 2]))
            raise OSError(errno.EIO, "Input/output error")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", half_then_fail)
    result = cli("-j", "1", str(project / "good_one.py"))
    assert result.exit_code == 3
    assert (project / "good_one.py").read_bytes() == GOOD
    assert temporaries(project) == []


def test_a_codec_that_does_not_round_trip_is_never_rewritten(tmp_path):
    data = b"# coding: utf-7\nold_value = '+AOk'\n"
    assert sources.decode(data).round_trips
    sloppy = b"# coding: utf-7\nold_value = '+AOk-'\n"  # a valid, non-canonical spelling
    source = sources.decode(sloppy)
    assert not source.round_trips
    path = tmp_path / "seven.py"
    path.write_bytes(sloppy)
    result = pipeline.process_file(str(path), [support.MarkOld])
    assert "cannot re-encode" in result.error and not result.changed

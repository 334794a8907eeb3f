"""Bad input, each with a test: every error is one line ``path: reason`` on stderr, the run
goes on with the other files and exits 3, and no byte of any file is lost.

The command line runs every registered codemod plus the test-only ``robustness-mark``
(renames ``old_value`` to ``new_value``), so that the good files around the bad ones are
really rewritten, whatever codemods exist.
"""

from __future__ import annotations

import errno
import os
import re
import socket
import threading

import pytest
from typer.testing import CliRunner

from flask_codemod import byte_repair, engine, pipeline, sources, writing
from flask_codemod.results import FileResult
from flask_codemod.cli import app
from robustness import support

GOOD = b"old_value = 1\n"
GOOD_AFTER = b"new_value = 1\n"


def cli(*args: str):
    return CliRunner().invoke(app, ["apply", "--quiet", "--no-config", *args], catch_exceptions=False)


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def reason_of(line: str, path: str) -> str | None:
    """The reason in ``path: reason`` (or ``path:LINE:COL: reason``, the form editors
    recognise, which the command line uses for syntax errors); None for another path."""
    if line.startswith(f"{path}: "):
        return line[len(path) + 2 :]
    if re.match(re.escape(path) + r":\d+(:\d+)?: ", line):
        return line[len(path) + 1 :]
    return None


def assert_one_line_errors(result, expected: dict) -> None:
    """stderr is exactly one ``path: reason`` line per bad file (``expected`` maps each path
    to a regular expression its reason must match)."""
    lines = error_lines(result)
    assert len(lines) == len(expected), result.stderr
    for path, reason in expected.items():
        matching = [r for r in (reason_of(line, path) for line in lines) if r is not None]
        assert len(matching) == 1, (path, result.stderr)
        assert re.search(reason, matching[0]), (reason, matching[0])


def assert_run_reports(project, expected: dict) -> None:
    """A run over ``project`` exits with 3 and reports each bad file on one line
    (``assert_one_line_errors``)."""
    result = cli("-j", "1", str(project))
    assert result.exit_code == 3, result.output
    assert_one_line_errors(result, expected)


def temporaries(folder) -> list[str]:
    return support.temporaries(str(folder))


@pytest.fixture
def project(tmp_path, test_codemods):
    """A folder with two good files, next to which each test puts its bad one."""
    (tmp_path / "good_one.py").write_bytes(GOOD)
    (tmp_path / "good_two.py").write_bytes(GOOD)
    return tmp_path


def assert_good_files_rewritten(folder) -> None:
    assert (folder / "good_one.py").read_bytes() == GOOD_AFTER
    assert (folder / "good_two.py").read_bytes() == GOOD_AFTER


# -- input that is not Python ------------------------------------------------------------------


# name -> (bytes, what the reason must match)
INVALID = {
    "python2-print": (b"old_value = 1\nprint 'python 2'\n", r"^2:1: syntax error: Missing parentheses"),
    "python2-exec": (b"old_value = 1\nexec 'code'\n", r"^2:1: syntax error"),
    "tabs-and-spaces": (b"def f():\n\treturn old_value\n        pass\n", r"^3:\d+: syntax error"),
    "undecodable": (b"old_value = '\xff'\n", r"^cannot decode as utf-8: invalid byte at offset 13$"),
    "nul-in-latin1": (
        b"# coding: latin-1\nold_value = 1\n\x00\n",
        r"^(syntax error|cannot parse): source code string cannot contain null bytes$",
    ),
    "nul": (b"old_value = 1\x00\n", r"null bytes"),
    "bom-and-cookie-disagree": (b"\xef\xbb\xbf# coding: latin-1\nold_value = 1\n", r"^cannot decode: encoding problem"),
    "unknown-codec": (b"# coding: klingon\nold_value = 1\n", r"^cannot decode: unknown encoding"),
    "text-only-codec": (b"# coding: rot13\nold_value = 1\n", r"^(cannot decode|unknown encoding)"),
    "5000-brackets": (b"old_value = " + b"(" * 5000 + b")" * 5000 + b"\n", r"too many nested parentheses"),
    "100000-term-chain": (b"old_value = " + b" + ".join([b"1"] * 100_000) + b"\n", r"nesting too deep"),
    "600-term-chain": (b"old_value = " + b" + ".join([b"1"] * 600) + b"\n", r"nesting too deep"),
    "unfinished-expression": (b"old_value = 1 +\n", r"^1:\d+: syntax error"),
    "backslash-at-end": (b"old_value = 1\n\\\n", r"^\d+:\d+: syntax error"),
}


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_input_is_one_error_line_and_the_run_goes_on(project, name):
    data, reason = INVALID[name]
    bad = project / "bad.py"
    bad.write_bytes(data)
    assert_run_reports(project, {str(bad): reason})
    assert bad.read_bytes() == data
    assert_good_files_rewritten(project)


def test_all_invalid_inputs_at_once_in_worker_processes(project):
    expected = {}
    for name, (data, reason) in INVALID.items():
        path = project / f"bad_{name}.py"
        path.write_bytes(data)
        expected[str(path)] = reason
    result = cli("-j", "2", str(project))
    assert result.exit_code == 3, result.output
    assert_one_line_errors(result, expected)
    for name, (data, _) in INVALID.items():
        assert (project / f"bad_{name}.py").read_bytes() == data
    assert_good_files_rewritten(project)


# -- input that is Python, in unusual shapes: every byte outside the rewrite is kept -------------


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbfold_value = 1\n",
        b"# -*- coding: latin-1 -*-\nold_value = '\xe9t\xe9'\n",
        b"# vim: set fileencoding=cp1252 :\nold_value = '\x80'\n",
        b"old_value = 1\r\nprint(old_value)\r\n",
        b"old_value = 1\rprint(old_value)\r",
        b"old_value = 1\rprint(old_value)",
        b"old_value = 1\r\nx = 2\ny = 3\rprint(old_value)\r\n",
        b"old_value = 1\n\n\nprint(old_value)",
        b"old_value = 1\nprint(old_value)\n\n\n\n",
        b"if True:\n\told_value = 1\n\tif old_value:\n\t\tprint(old_value)\n",
        b"\x0cold_value = 1\n",
        b"\x0c\x0c\nold_value = 1\n\x0c\ndef f():\n    \x0c    return old_value\n",
        b"old_value = 1  \t \nprint( old_value )\t\n",
        b"old_value = (1,\r\n    2)  # comment\r\n",
        b"s = '''\r\nsome text\r\n'''\r\nold_value = s\r\n",
        b"old_value = 1 \\\n    + 2\n",
        b"old_value = 1; old_value += 1;\n",
        b"\n\n\n# only a comment before\nold_value = 1\n",
        b"old_value = '\xe2\x80\xae unicode \xf0\x9f\x90\x8d'\n",
        b"class A: old_value = 1\n",
    ],
    ids=[
        "bom",
        "latin1-cookie",
        "cp1252-vim-cookie",
        "crlf",
        "cr",
        "cr-no-final-newline",
        "mixed-newlines",
        "no-final-newline",
        "many-final-newlines",
        "tabs",
        "leading-form-feed",
        "form-feeds",
        "trailing-whitespace",
        "crlf-in-brackets",
        "crlf-in-string",
        "backslash-continuation",
        "semicolons",
        "leading-blank-lines",
        "bidi-and-emoji",
        "one-line-class",
    ],
)
def test_unusual_files_keep_every_byte_outside_the_rewrite(project, data):
    target = project / "odd.py"
    target.write_bytes(data)
    mode = 0o640
    os.chmod(target, mode)
    result = cli("-j", "1", str(project))
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == data.replace(b"old_value", b"new_value")
    assert os.stat(target).st_mode & 0o777 == mode
    assert_good_files_rewritten(project)
    assert temporaries(project) == []
    # and a second run finds nothing left to do
    assert cli("--check", "-j", "1", str(project)).exit_code == 0


def test_warnings_python_has_about_the_code_are_not_printed(project):
    """``x is 1``, ``"\\d"``, ``1 (2)``: CPython warns when it compiles them; the tool's own
    compile checks must not spill those onto stderr."""
    noisy = project / "noisy.py"
    data = b'old_value = 1\nif old_value is 1:\n    y = "\\d"\n    z = lambda: 1 (2)\n'
    noisy.write_bytes(data)
    result = cli("-j", "1", str(project))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert noisy.read_bytes() == data.replace(b"old_value", b"new_value")


def test_libcst_losing_whitespace_never_reaches_the_file():
    """LibCST drops a form feed before the first statement and a lone CR ending the file;
    the engine puts them back (or, for anything else, refuses the file)."""
    for text in ("\x0cold_value = 1\n", "old_value = 1\rold_value\r", "\x0c\r\nold_value = 1\r"):
        result = engine.transform_text(text, [support.MarkOld])
        assert result.error is None
        assert result.new_text == text.replace("old_value", "new_value")
    assert byte_repair.frame("a = 1\n", "a = 2\n") is None


def test_a_file_nothing_applies_to_comes_back_as_the_very_same_string():
    text = "\x0cx = 1\r"  # even the whitespace LibCST would lose
    assert engine.transform_text(text, [support.MarkOld]).new_text is text
    result = engine.transform_text("old_name = 1\r", [support.MarkOld, support.StressRename])
    assert result.new_text == "old_name = 1\r" and result.error is None


def test_a_very_large_file(project):
    lines = [f"value_{i} = old_value + {i}  # line {i}\n" for i in range(3000)]
    data = ("old_value = 0\n" + "".join(lines)).encode()
    big = project / "big.py"
    big.write_bytes(data)
    huge = project / "huge_untouched.py"  # 4 MB that no codemod's prefilter matches
    huge_data = b"x = [\n" + b"    1,\n" * 600_000 + b"]\n"
    huge.write_bytes(huge_data)
    result = cli("-j", "2", "--select", "robustness-mark", str(project))
    assert result.exit_code == 0, result.output
    assert big.read_bytes() == data.replace(b"old_value", b"new_value")
    assert huge.read_bytes() == huge_data


def test_deep_nesting_that_python_accepts(project):
    """Nesting CPython compiles but LibCST's recursive visitors cannot follow: an error for
    that file, nothing else lost (LibCST's native parser crashes the process on worse, which
    the compile gate keeps from it). Less deep nesting is rewritten as usual."""
    deep = project / "deep.py"
    deep_data = b"old_value = " + b"[" * 190 + b"]" * 190 + b"\n"
    deep.write_bytes(deep_data)
    long_chain = project / "long_chain.py"
    chain_data = b"old_value = " + b" + ".join([b"x"] * 300) + b"\n"
    long_chain.write_bytes(chain_data)
    result = cli("-j", "2", str(project))
    assert result.exit_code == 3, result.output
    assert_one_line_errors(result, {str(deep): "nesting too deep to transform; its change to this file dropped$"})
    assert deep.read_bytes() == deep_data
    assert long_chain.read_bytes() == chain_data.replace(b"old_value", b"new_value")
    assert_good_files_rewritten(project)


def test_the_compile_gate_ignores_a_raised_recursion_limit():
    """With a raised recursion limit CPython would accept nesting that crashes LibCST's
    native parser; the gate judges with the default limit."""
    import sys

    text = "x = " + " + ".join(["1"] * 4000) + "\n"
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(50_000)
    try:
        assert engine.python_rejects(text, "deep.py") is not None
        assert sys.getrecursionlimit() == 50_000
    finally:
        sys.setrecursionlimit(previous)


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


# -- every error is one line -------------------------------------------------------------------


def test_many_bad_files_one_line_each_and_exit_3(project):
    bad = {
        "py2.py": (b"print 'x'\nold_value = 1\n", "syntax error"),
        "latin.py": (b"old_value = '\xe9'\n", "cannot decode"),
        "nul.py": (b"old_value = 1\x00\n", "null bytes"),
        "new\nline.py": (b"print 'x'\nold_value = 1\n", "syntax error"),
        "tab\tand\x1bescape.py": (b"old_value = '\xff'\n", "cannot decode"),
    }
    for name, (data, _) in bad.items():
        (project / name).write_bytes(data)
    result = cli("-j", "2", str(project))
    assert result.exit_code == 3
    lines = error_lines(result)
    assert len(lines) == len(bad), result.stderr  # a newline in a name does not split its line
    for name, (data, reason) in bad.items():
        stem = name.split("\n")[-1].split("\x1b")[-1]
        matching = [line for line in lines if stem in line]
        assert len(matching) == 1 and reason in matching[0], (name, result.stderr)
        assert (project / name).read_bytes() == data
    assert_good_files_rewritten(project)


def test_error_line_is_always_one_line():
    result = FileResult("a\nb\r.py", error="reason\nwith a newline")
    assert result.error_line() == "a\\x0ab\\x0d.py: reason\\x0awith a newline"
    assert FileResult("a.py", error="3:4: syntax error: x").error_line() == "a.py:3:4: syntax error: x"

"""Bad input, each with a test: every error is one line ``path: reason`` on stderr, the run
goes on with the other files and exits 3, and no byte of any file is lost.

The command line runs every registered codemod plus the test-only ``robustness-mark``
(renames ``old_value`` to ``new_value``), so that the good files around the bad ones are
really rewritten, whatever codemods exist.
"""

from __future__ import annotations

import os

import pytest

from flask_codemod import byte_repair, compile_gate, engine
from flask_codemod.results import FileResult
from robustness import support
from robustness.bad_input import assert_good_files_rewritten, assert_one_line_errors, assert_run_reports, cli, error_lines, temporaries


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
        assert compile_gate.python_rejects(text, "deep.py") is not None
        assert sys.getrecursionlimit() == 50_000
    finally:
        sys.setrecursionlimit(previous)


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

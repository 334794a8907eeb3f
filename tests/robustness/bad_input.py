"""What the bad-input tests share: the command line they run, and how they read its errors."""

from __future__ import annotations

import re

from typer.testing import CliRunner

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


def assert_good_files_rewritten(folder) -> None:
    assert (folder / "good_one.py").read_bytes() == GOOD_AFTER
    assert (folder / "good_two.py").read_bytes() == GOOD_AFTER

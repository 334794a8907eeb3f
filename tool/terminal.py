"""The terminal: what a run prints and where (the diff to stdout, everything else to stderr),
with control characters from the code shown escaped so that a file can never drive the
terminal, diffs coloured when asked, and a progress bar on long runs.

Output goes through an ``Output`` object so that tests can capture it, and the Python API can
print nothing (``SilentOutput``).
"""

from __future__ import annotations

import io
import os
import re
import sys
from typing import Callable, Sequence, TextIO

from .diffs import mask_secrets

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x1b]")
_RESET = "\x1b[0m"
_COLOURS = {"+": "\x1b[32m", "-": "\x1b[31m", "@": "\x1b[36m", "header": "\x1b[1m"}


class Output:
    def __init__(self, stdout: TextIO | None = None, stderr: TextIO | None = None, stdin: TextIO | None = None) -> None:
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self.stdin = stdin or sys.stdin

    def out(self, text: str) -> None:
        self.stdout.write(text)

    def err(self, line: str) -> None:
        self.stderr.write(escape_control(line) + "\n")


class SilentOutput(Output):
    """For the Python API: nothing is printed."""

    def __init__(self) -> None:
        super().__init__(io.StringIO(), io.StringIO(), io.StringIO())


def escape_control(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def render_for_terminal(diff: str, colour: bool) -> str:
    """Escape control characters; colour lines when ``colour``."""
    out = []
    for line in diff.splitlines():
        shown = escape_control(line)
        if colour:
            if line.startswith(("diff --git", "---", "+++", "new file")):
                shown = _COLOURS["header"] + shown + _RESET
            elif line[:1] in ("+", "-", "@"):
                shown = _COLOURS[line[0]] + shown + _RESET
        out.append(shown)
    return "\n".join(out) + ("\n" if out else "")


def show_diff(output: Output, diff: str, *, colour: bool, secrets: Sequence[str] = ()) -> None:
    """Print a diff on stdout with ``secrets`` masked (see ``--show-secrets``)."""
    output.out(render_for_terminal(mask_secrets(diff, secrets) if secrets else diff, colour))


class Progress:
    """A rich progress bar on stderr, only when asked (a terminal, a long run)."""

    def __init__(self, enabled: bool, total: int, output: Output) -> None:
        self.enabled = enabled
        self.total = total
        self.output = output
        self._bar = None

    def __enter__(self) -> Callable[[], None]:
        if not self.enabled:
            return lambda: None
        # Lazy on purpose: rich costs its import only to runs that show a bar (a terminal,
        # more than 50 files), not to short runs such as pre-commit's.
        from rich.console import Console
        from rich.progress import Progress as Bar

        self._bar = Bar(console=Console(file=self.output.stderr), transient=True)
        self._bar.start()
        task = self._bar.add_task("flask-codemod", total=self.total)
        return lambda: self._bar.advance(task)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()


def progress_wanted(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("CI")

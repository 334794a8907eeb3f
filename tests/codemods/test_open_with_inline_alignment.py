"""open-with's layout rule for an opener replaced in place by its handle (sagenb's
``interfaces/expect.py:253``): a line aligned under a bracket that follows the opener on its
line moves with that bracket (the handle is shorter than the opener), so it stays under it;
a line aligned under a bracket before the opener, or hanging from its line, keeps its place
relative to the statement. The rewritten code still runs and writes what it wrote."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from helpers import rewrite


def _rewrite(source: str) -> str:
    return rewrite(textwrap.dedent(source), "open-with")


def _column_of_bracket(text: str, line_start: str, bracket: str) -> int:
    line = next(line for line in text.splitlines() if line.lstrip().startswith(line_start))
    return line.index(bracket) + len(bracket)


SAGENB_SHAPE = """\
def fmt(string, prompt, number):
    return "%s %s %s" % (string, prompt, number)


class Job:
    def __init__(self, filename):
        self._filename = filename
        self._prompt = ">"
        self._number = 3

    def run(self, string):
        open(self._filename, 'w').write(fmt(string, self._prompt,
                                            self._number))
        return string
"""


def test_a_line_aligned_under_a_bracket_after_the_opener_follows_the_bracket() -> None:
    after = _rewrite(SAGENB_SHAPE)
    assert after == textwrap.dedent(
        """\
        def fmt(string, prompt, number):
            return "%s %s %s" % (string, prompt, number)


        class Job:
            def __init__(self, filename):
                self._filename = filename
                self._prompt = ">"
                self._number = 3

            def run(self, string):
                with open(self._filename, 'w') as f:
                    f.write(fmt(string, self._prompt,
                                self._number))
                return string
        """
    )
    assert _column_of_bracket(after, "f.write(", "fmt(") == after.splitlines()[-2].index("self._number")


@pytest.mark.parametrize(
    "before, after",
    [
        # aligned under a bracket opened before the opener: that bracket does not move
        (
            """\
            import json


            def save(data, p):
                json.dump(data, open(p, "w"),
                          indent=2)
            """,
            """\
            import json


            def save(data, p):
                with open(p, "w") as f:
                    json.dump(data, f,
                              indent=2)
            """,
        ),
        # hanging from the opener's line: it hangs from the statement's indentation
        (
            """\
            def save(text, p):
                open(p, "w").write(str(
                    text))
            """,
            """\
            def save(text, p):
                with open(p, "w") as f:
                    f.write(str(
                        text))
            """,
        ),
        # a line hanging from an aligned line moves with that line; one aligned under a bracket
        # of an aligned line moves with it too
        (
            """\
            def save(a, b, p):
                open(p, "w").write("%s %s" % (a,
                                              str(b).join([
                                                  a]), (b,
                                                        a)))
            """,
            """\
            def save(a, b, p):
                with open(p, "w") as f:
                    f.write("%s %s" % (a,
                                       str(b).join([
                                           a]), (b,
                                                 a)))
            """,
        ),
        # a comment among the aligned lines moves with them
        (
            """\
            def save(a, b, p):
                open(p, "w").write(max(a,
                                       # the larger
                                       b))
            """,
            """\
            def save(a, b, p):
                with open(p, "w") as f:
                    f.write(max(a,
                                # the larger
                                b))
            """,
        ),
    ],
)
def test_other_lines_keep_their_place_relative_to_what_they_continue(before: str, after: str) -> None:
    assert _rewrite(before) == textwrap.dedent(after)


def test_an_opener_over_several_lines_keeps_the_lines_after_it() -> None:
    """The opener's own lines go with it into the header; a later line that continued a bracket
    on the opener's last line is left as the statement had it (not judged here: only that it
    parses and that nothing else moves)."""
    before = """\
    def save(text, p):
        x = open(p,
                 "w").write(text)
        return x
    """
    after = _rewrite(before)
    compile(after, "after.py", "exec")
    assert "with open(p,\n" in after


def test_the_rewritten_module_writes_what_it_wrote(tmp_path) -> None:
    after = _rewrite(SAGENB_SHAPE)
    outputs = []
    for name, text in (("before", SAGENB_SHAPE), ("after", after)):
        script = tmp_path / f"{name}.py"
        target = tmp_path / f"{name}.txt"
        script.write_text(text + f"\nJob({str(target)!r}).run('x')\n")
        run = subprocess.run([sys.executable, "-X", "dev", str(script)], capture_output=True, text=True, timeout=60)
        assert run.returncode == 0, run.stderr
        outputs.append((target.read_text(), "ResourceWarning" in run.stderr))
    assert outputs[0][0] == outputs[1][0] == "x > 3"
    assert outputs[1][1] is False

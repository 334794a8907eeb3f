"""open-with refuses a handle whose name is also the variable of the for loop around it (the
loop rebinds the name on each pass, so the handle cannot be followed by its name), and its
finding says so: not that a with-block would close the handle too early, which a loop that
rebinds the name before every use does not risk. Only the wording is at stake: the code is
left as it is."""

from __future__ import annotations

import textwrap

from helpers import finding_messages, run_codemods

LOOP_VARIABLE = """
import os


def first_notes(folder):
    notes = None
    for entry in sorted(os.listdir(folder)):
        if entry.endswith(".txt"):
            entry = open(os.path.join(folder, entry))
            notes = entry.read()
            entry.close()
            break
    return notes
"""

OTHER_LOOP_VARIABLE = """
def log_all(paths):
    handle = None
    for path in paths:
        if handle is not None:
            handle.write(path)
        handle = open("log.txt", "a")
        handle.write("start")
        handle.close()
"""


def refusal(source: str) -> list[str]:
    result = run_codemods(source, "open-with")
    assert result.error is None, result.error
    assert result.new_text == textwrap.dedent(source) and result.rewrites == {}
    return finding_messages(result)


def test_a_handle_named_like_its_loop_variable_is_refused_for_that(tmp_path):
    messages = refusal(LOOP_VARIABLE)
    assert len(messages) == 1, messages
    assert messages[0].startswith("9: open-with: the handle name `entry` is also the variable of the for loop at line 7"), messages
    assert "too early" not in messages[0]
    namespace: dict = {}
    exec(compile(textwrap.dedent(LOOP_VARIABLE), "notes.py", "exec"), namespace)
    (tmp_path / "b.txt").write_text("second")
    (tmp_path / "a.txt").write_text("first")
    assert namespace["first_notes"](str(tmp_path)) == "first"  # what the code does, left as it is


def test_a_handle_a_later_pass_may_still_see_is_refused_as_before():
    messages = refusal(OTHER_LOOP_VARIABLE)
    assert any("the handle `handle` is used at line 5" in m and "too early" in m for m in messages), messages

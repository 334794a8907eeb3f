"""--interactive cannot lose a line: properties over generated files and generated answers.

- accepting every hunk writes exactly what ``apply`` writes; rejecting every hunk leaves the
  bytes untouched;
- any answers either give exactly the accepted hunks applied (every line of the result is an
  original line or a line of an accepted hunk, in order; checked against a splice computed
  here with difflib for one-codemod changes) and the result compiles, or leave the file
  unchanged with a reason that names the hunks that depend on each other;
- hunks of different codemods are never one question, and each is shown with its codemod.

The changes come from the small test codemods of review_support (fast; ``fake-env`` adds an
``import os`` that its other hunk needs) and, on a few examples, from the real codemods on
generated Flask modules.
"""

from __future__ import annotations

import difflib
import io
import os
import re
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flask_codemod import hunks as hunk_module
from flask_codemod.codemods import get_codemod
from flask_codemod.interactive import Session, review_change
from flask_codemod.pipeline import process_file
from flask_codemod.request import ApplyRequest
from flask_codemod.run import run_project
from flask_codemod.steps import codemod_steps
from flask_codemod.terminal import Output

import review_support
from robustness import strategies as flask_strategies
from robustness.support import snapshot

FAKES = ("fake-rename", "fake-env")
QUESTION = re.compile(r"\((\d+)/(\d+)\) ([a-z0-9-]+): apply this hunk to .*? \[y,n,a,q,\?\]\? (.?)\n")
SLOW = settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
FAST = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module", autouse=True)
def fakes():
    with pytest.MonkeyPatch.context() as patch:
        review_support.install(patch)
        yield


# -- generated files and answers ------------------------------------------------------------------

PIECES = (
    "import json\n",
    "x = old_api(1)\n",
    "y = old_api(2)  # keep this comment\n",
    'SECRET_KEY = "s3cr3t"\n',
    "pad = 1\n",
    "\n",
    "# a comment\n",
    "def f():\n    return old_api(3)\n",
    "def g():\n    '''Docstring\n    over lines.'''\n    return 1\n",
    "class C:\n    value = old_api(4)\n",
    'TEXT = """\nold_api(5) in a string\n"""\n',
)


@st.composite
def fake_modules(draw) -> str:
    text = "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14)))
    if draw(st.booleans()):
        text += "# tail comment 1\n# tail comment 2\nX = 1" + draw(st.sampled_from(["\n", ""]))
    return text


answers = st.lists(st.sampled_from("ynaq?"), max_size=24).map(lambda keys: "".join(k + "\n" for k in keys))


# -- what the review did, read from the transcript ----------------------------------------------------


def asked(transcript: str) -> list[tuple[int, str, str]]:
    """(hunk number, codemod, answer) for every question, in order."""
    return [(int(m.group(1)), m.group(3), m.group(4)) for m in QUESTION.finditer(transcript)]


def accepted_by_user(transcript: str, hunks) -> set[int]:
    """The hunks the answers accepted: ``y``, and ``a`` with every hunk after it."""
    yes: set[int] = set()
    for number, _, answer in asked(transcript):
        if answer == "y":
            yes.add(number)
        elif answer == "a":
            yes.update(h.number for h in hunks if h.number >= number)
    return yes


def review(path: str, codemods, answers_text: str):
    classes = tuple(get_codemod(name) for name in codemods)
    result = process_file(path, classes)
    assert result.error is None, result.error
    steps = codemod_steps([result], {path: classes}, {path: {}}).get(path, [])
    named = [(cls.NAME, text) for cls, text in steps]
    out = io.StringIO()
    session = Session(Output(out, io.StringIO(), io.StringIO(answers_text)), colour=False)
    outcome = review_change(session, "m.py", result.old_text, named) if named else None
    return result, named, outcome, out.getvalue()


def splice_oracle(old: str, new: str, chosen_groups: set[int]) -> str:
    """One codemod's change with the chosen hunks (numbered from 1, grouped as a unified diff
    with three lines of context groups them) applied: computed here with difflib alone."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    blocks = []
    for tag, i1, i2, j1, j2 in list(matcher.get_opcodes()):
        if tag == "replace" and i2 - i1 == j2 - j1 > 1:  # adjacent one-line rewrites: one block each
            blocks += [(i1 + k, i1 + k + 1, j1 + k, j1 + k + 1) for k in range(i2 - i1)]
        elif tag != "equal":
            blocks.append((i1, i2, j1, j2))
    number, previous_end, out, at = 0, None, [], 0
    for i1, i2, j1, j2 in blocks:
        if previous_end is None or i1 - previous_end > 6:
            number += 1
        previous_end = i2
        out += old_lines[at:i1]
        out += new_lines[j1:j2] if number in chosen_groups else old_lines[i1:i2]
        at = i2
    return "".join(out + old_lines[at:])


def lines_come_from(result: str, original: str, added: list[str]) -> bool:
    """Every line of ``result`` is an original line (original lines in their order) or one of
    ``added`` (each used at most as often as it is there)."""
    matcher = difflib.SequenceMatcher(None, original.splitlines(keepends=True), result.splitlines(keepends=True), autojunk=False)
    pool = list(added)
    result_lines = result.splitlines(keepends=True)
    for tag, _, _, j1, j2 in matcher.get_opcodes():
        if tag in ("insert", "replace"):
            for line in result_lines[j1:j2]:
                if line not in pool:
                    return False
                pool.remove(line)
    return True


def compiles(text: str) -> bool:
    try:
        compile(text, "<review>", "exec", dont_inherit=True)
    except SyntaxError:
        return False
    return True


def check_review(original: str, named, outcome, transcript: str) -> None:
    hunks = outcome.hunks
    yes = accepted_by_user(transcript, hunks)
    full = named[-1][1]
    # each question names one codemod: the codemod whose step made the hunk
    for number, codemod, _ in asked(transcript):
        assert hunks[number - 1].codemod == codemod
    if outcome.problem is not None:
        assert outcome.text == original
        assert re.search(r"hunk \d+ \(", outcome.problem), outcome.problem
        return
    assert outcome.applied <= yes
    replay = hunk_module.Splice(original, named, hunks)
    for hunk in hunks:  # a hunk accepted but not applied needs one that was left out
        if hunk.number in yes and hunk.number not in outcome.applied:
            assert replay.needs(hunk)
        replay.decide(hunk, hunk.number in outcome.applied)
    assert compiles(outcome.text) or outcome.text == original
    assert outcome.text == hunk_module.select(original, named, hunks, outcome.applied)[0]
    added = [line for h in hunks if h.number in outcome.applied for line in _new_lines(named, original, h)]
    assert lines_come_from(outcome.text, original, added)
    if len(named) == 1:
        assert outcome.text == splice_oracle(original, full, set(outcome.applied))
        assert outcome.applied == yes
    if yes >= {h.number for h in hunks}:
        assert outcome.text == full
    if not yes:
        assert outcome.text == original


def _new_lines(named, original: str, hunk) -> list[str]:
    texts = [original] + [text for _, text in named]
    new = texts[hunk.step + 1].splitlines(keepends=True)
    return [line for _, _, j1, j2 in hunk.blocks for line in new[j1:j2]]


# -- the properties ----------------------------------------------------------------------------------


@FAST
@given(fake_modules(), answers)
def test_any_answers_apply_exactly_the_accepted_hunks(source, answer_text):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "m.py")
        with open(path, "w") as handle:
            handle.write(source)
        result, named, outcome, transcript = review(path, FAKES, answer_text)
        if outcome is None:
            assert not result.changed
            return
        check_review(source, named, outcome, transcript)


@FAST
@given(fake_modules())
def test_accept_all_is_apply_and_reject_all_is_the_original(source):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "m.py")
        with open(path, "w") as handle:
            handle.write(source)
        result, named, everything, _ = review(path, FAKES, "a\n")
        if everything is None:
            return
        assert everything.text == result.new_text and everything.problem is None
        _, _, nothing, _ = review(path, FAKES, "q\n")
        assert nothing.text == source and not nothing.applied
        _, _, each_no, _ = review(path, FAKES, "n\n" * len(everything.hunks))
        assert each_no.text == source


@SLOW
@given(flask_strategies.flask_modules(), answers)
def test_real_codemods_on_generated_flask_modules(source, answer_text):
    from flask_codemod.codemods import all_codemods

    names = [c.NAME for c in all_codemods() if not c.NAME.startswith("fake-") and c.GROUP != "policy"]
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "app.py")
        with open(path, "w", newline="") as handle:
            handle.write(source)
        result, named, outcome, transcript = review(path, names, answer_text)
        if outcome is None:
            return
        check_review(result.old_text, named, outcome, transcript)
        _, _, everything, _ = review(path, names, "a\n")
        assert everything.text == result.new_text


@FAST
@given(fake_modules())
def test_the_command_writes_apply_for_accept_all_and_nothing_for_reject_all(source):
    """Through the whole run (project files included): ``a`` writes the very bytes ``apply``
    writes; ``q`` leaves every byte as it was and creates no file."""
    with tempfile.TemporaryDirectory() as applied, tempfile.TemporaryDirectory() as reviewed, tempfile.TemporaryDirectory() as rejected:
        for folder in (applied, reviewed, rejected):
            with open(os.path.join(folder, "m.py"), "w") as handle:
                handle.write(source)
        run_project(ApplyRequest([os.path.join(applied, "m.py")], select=list(FAKES), use_config=False), _silent(""))
        run_project(ApplyRequest([os.path.join(reviewed, "m.py")], select=list(FAKES), use_config=False, interactive=True), _silent("a\n"))
        run_project(ApplyRequest([os.path.join(rejected, "m.py")], select=list(FAKES), use_config=False, interactive=True), _silent("q\n"))
        assert snapshot(reviewed) == snapshot(applied)
        assert snapshot(rejected) == {"m.py": source.encode()}


def _silent(answers_text: str) -> Output:
    return Output(io.StringIO(), io.StringIO(), io.StringIO(answers_text))


# -- examples --------------------------------------------------------------------------------------


def test_hunks_of_two_codemods_on_one_line_are_two_questions(tmp_path):
    """fake-rename and fake-env both change the lines at the top: two questions, each naming
    its codemod, and the second can be refused alone."""
    source = 'SECRET_KEY = "abc"\nx = old_api(1)\n'
    path = tmp_path / "m.py"
    path.write_text(source)
    _, named, outcome, transcript = review(str(path), FAKES, "y\nn\nn\n")
    questions = asked(transcript)
    assert [codemod for _, codemod, _ in questions] == ["fake-rename", "fake-env", "fake-env"] or [
        codemod for _, codemod, _ in questions
    ] == ["fake-rename", "fake-env"]
    assert "@@ -1," in transcript and "fake-rename" in transcript
    assert outcome.text == 'SECRET_KEY = "abc"\nx = new_api(1)\n'


def test_a_hunk_that_needs_one_left_out_is_named(tmp_path):
    """fake-env's use of ``os`` without its ``import os``: the file is left unchanged and the
    reason names both hunks."""
    source = "import json\n" + "".join(f"pad{n} = {n}\n" for n in range(8)) + 'SECRET_KEY = "abc"\n'
    path = tmp_path / "m.py"
    path.write_text(source)
    _, _, outcome, _ = review(str(path), ["fake-env"], "n\ny\n")
    assert outcome.text == source
    assert "os undefined" in outcome.problem
    assert "hunk 2 (fake-env) needs hunk 1 (fake-env)" in outcome.problem

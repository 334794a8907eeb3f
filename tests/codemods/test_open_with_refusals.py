"""What open-with refuses (byte-identical output and a finding that says why), and which hoists
of an open out of its statement keep the order in which things run."""

from __future__ import annotations

import os
import pathlib

import pytest

from helpers import assert_refused, finding_messages, rewrite, run_codemods
from open_with_support import SAMPLE_DIR, sample

# -- the refusals: byte-identical output and a finding that says why ------------------------------

REFUSALS = {
    "refuse_escape_returned": "yielded to the code that iterates this generator",  # the returns: not said
    "refuse_escape_stored": "outlives this block",
    "refuse_escape_passed_on": "keeps it to stream the response",
    "refuse_derived_reader_escapes": "reads the file lazily",
    "refuse_shadowed_open": "not the builtin open",
    "refuse_builtins_replaced": "builtins.open is replaced",
    "refuse_star_import": "from os import *",
    "refuse_lambda": "inside a lambda",
    "refuse_ambiguous_opener": "cannot tell which handle it makes",
    "refuse_comprehension": "once per item of a comprehension",
    "refuse_conditional_expression": "conditional expression",
    "refuse_and_or": "and/or operand",
    "refuse_default_argument": "default argument",
    "refuse_evaluation_order": "change the order in which they run",
    "refuse_used_by_other_functions": "used by a function",
    "refuse_nested_function": "nested function",
    "refuse_used_outside_block": "outside the block where it is opened",
    "refuse_suspends_or_flushes": "suspended",
    "refuse_unknown_use": "closing it here could break",
}
# left alone without a word: nothing needs changing (an open() that only checks the file can be opened)
SILENT = {"refuse_probe_expected_to_fail"}


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_refusal_leaves_the_code_byte_identical_and_says_why(name: str) -> None:
    before, after = sample(name)
    assert after == before
    result = run_codemods(before, "open-with", dedent=False)
    assert result.error is None
    assert result.new_text == before
    assert result.rewrites == {}
    assert result.findings, "a refusal must be reported"
    assert all(f.codemod == "open-with" and f.line > 0 for f in result.findings)
    assert any(REFUSALS[name] in f.message for f in result.findings), finding_messages(result)


def test_every_refusal_sample_is_checked() -> None:
    names = {p[: -len(".before.py")] for p in os.listdir(SAMPLE_DIR) if p.startswith("refuse_") and p.endswith(".before.py")}
    assert names == set(REFUSALS) | SILENT


@pytest.mark.parametrize("name", sorted(SILENT))
def test_what_needs_no_change_is_left_byte_identical_and_not_reported(name: str) -> None:
    before, after = sample(name)
    assert after == before
    result = run_codemods(before, "open-with", dedent=False)
    assert result.error is None and result.new_text == before and result.rewrites == {}
    assert result.findings == []


def test_a_handle_returned_to_the_caller_is_left_to_the_caller_without_a_word() -> None:
    """A factory's job is to hand the handle on: nothing to change there, nothing to report."""
    source = "def read(path):\n    return open(path)\n\n\ndef both(path):\n    return [open(path), 1]\n"
    result = run_codemods(source, "open-with", dedent=False)
    assert result.new_text == source and result.findings == []


def test_a_handle_stored_on_an_attribute_is_left_to_its_object_without_a_word() -> None:
    """The object owns a handle stored on it (a device file kept open, a download's chunk file
    its close() method closes): no with-block here could close it, so nothing is reported
    (pyload's ``self.fp = open(...)``, mycodo's ``self.fr = io.open(bus, "rb")``); one stored on
    an attribute and closed through it in the same block is still reported, with what to do."""
    source = (
        "import io\n\n\nclass Chunk:\n"
        "    def __init__(self, path):\n        self.fp = open(path, 'ab')\n"
        "        self.raw: io.BufferedReader = io.open(path, 'rb', buffering=0)\n\n"
        "    def reopen(self, path):\n        handle = open(path, 'wb')\n        self.fp = handle\n\n"
        "    def close(self):\n        self.fp.close()\n        self.raw.close()\n\n\n"
        "def once(job, path):\n    job.log = open(path)\n    job.log.read()\n    job.log.close()\n"
    )
    result = run_codemods(source, "open-with", dedent=False)
    assert result.error is None and result.new_text == source and result.rewrites == {}
    assert [(f.line, f.message.split(":")[0]) for f in result.findings] == [
        (19, "the handle is stored on an attribute and closed through that attribute at line 21")
    ]


def test_a_bare_open_is_a_probe_only_where_its_failure_is_caught() -> None:
    source = """
        def touch(path):
            open(path, "a")


        def check(path):
            try:
                open(path)
            except ValueError:
                pass
    """
    after = rewrite(source, "open-with")
    assert after.count("pass") == 3 and 'with open(path, "a"):' in after and "with open(path):" in after


def test_already_managed_handles_are_left_alone_silently() -> None:
    before, after = sample("unchanged_already_managed")
    result = run_codemods(before, "open-with", dedent=False)
    assert result.new_text == before == after
    assert result.findings == []


def test_findings_are_printed_as_path_line_codemod_reason(tmp_path: pathlib.Path) -> None:
    from typer.testing import CliRunner

    from flask_codemod.cli import app

    target = tmp_path / "views.py"
    target.write_text("def read(path):\n    files = {'f': open(path)}\n    return files\n")
    result = CliRunner().invoke(app, ["apply", "--check", "--verbose", "--select", "open-with", str(target)])
    assert result.exit_code == 0, result.stderr
    expected = (f"{target}:2: open-with: the handle is stored in a container, so it outlives this block: "
                "closing it here would break its later users")
    assert expected in result.stderr.splitlines()
    assert "open-with 1" in result.stderr  # the summary counts findings per codemod


# -- evaluation order: which hoists are safe --------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "x = g(), open(p).read()",
        "x = h(g(), open(p).read())",
        "x = d[k] + open(p).read()",
        "x = [*items, open(p).read()]",
        "x = obj.method(g()).attr + open(p).read()",
        "d[k] += open(p).read()",
        "x = await g() + open(p).read()",
    ],
)
def test_something_with_an_effect_before_open_is_refused(statement: str) -> None:
    source = f"async def work(p, g, h, d, k, items, obj):\n    {statement}\n    return x if 'x' in dir() else None\n"
    result = run_codemods(source, "open-with")
    assert result.new_text == source
    assert any("runs before open()" in m for m in finding_messages(result)), finding_messages(result)


@pytest.mark.parametrize(
    "statement",
    [
        "x = h(open(p).read())",  # looking up h has no effect
        "x = log.info('read %s', open(p).read())",  # attribute lookups, literals
        "x = (open(p).read(), g())",  # g() runs after the read: the file just closes later
        "x = h(k=open(p).read(), other=g())",
        "self.data = open(p).read()",  # the target is assigned after the value, in both
        "d[g()] = open(p).read()",
        "x = f'{k}: ' + open(p).read()",
    ],
)
def test_hoisting_is_safe_when_open_runs_first(statement: str) -> None:
    source = f"def work(self, p, g, h, d, k, log):\n    {statement}\n"
    after = rewrite(source, "open-with")
    body = statement.replace("open(p)", "f")
    assert after == f"def work(self, p, g, h, d, k, log):\n    with open(p) as f:\n        {body}\n"


def test_writing_then_doing_more_in_the_same_statement_is_refused() -> None:
    source = "def save(p, s, check):\n    n = open(p, 'w').write(s) + check(p)\n    return n\n"
    assert_refused("open-with", source, "flush")


def test_reads_around_another_read_are_hoisted_together() -> None:
    after = rewrite("def both(a, b):\n    return open(a).read() + open(b).read()\n", "open-with")
    assert after == "def both(a, b):\n    with open(a) as f, open(b) as fh:\n        return f.read() + fh.read()\n"


def test_a_read_before_opening_for_writing_is_not_reordered() -> None:
    # open(b, "w") truncates b: if a == b the original reads the old text first
    source = "def copy(a, b):\n    print(open(a).read(), file=open(b, 'w'))\n"
    result = run_codemods(source, "open-with")
    assert "with open(a) as f:" in result.new_text
    assert "file=open(b, 'w')" in result.new_text
    assert any("runs before open()" in m for m in finding_messages(result))

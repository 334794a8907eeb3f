"""Findings name lines of the file the user has, whatever earlier codemods did to the tree.

Codemods run in sequence on one tree; each counts lines in the tree it is given. An earlier
codemod that inserts, removes or rewrites lines must not move a later codemod's findings, nor
the lines a finding's reason cites, off the user's file: the engine, the suppression path and a
resumed transform all report lines of the text they were given.
"""

from __future__ import annotations

import libcst as cst

from flask_codemod import suppress
from flask_codemod.codemods import Codemod
from flask_codemod.codemods._line_map import LineMap

SOURCE = """\
import os


def first():
    return 1


def second():
    marker(2)
    return os.getcwd()
"""
MARKER_LINE = 9  # `marker(2)` in SOURCE


class InsertsAtTop(Codemod):
    """Inserts two statements at the top of the module (as an import-adding codemod does)."""

    NAME = "inserts-at-top"
    SUMMARY = "Insert two lines at the top."

    def transform(self, module, ctx):
        added = [cst.parse_statement("import sys\n"), cst.parse_statement("import json\n")]
        ctx.rewrote()
        return module.with_changes(body=[*added, *module.body])


class RewritesFirst(Codemod):
    """Replaces the one-line body of first() by three lines."""

    NAME = "rewrites-first"
    SUMMARY = "Rewrite first()."

    def transform(self, module, ctx):
        body = [s if not (isinstance(s, cst.FunctionDef) and s.name.value == "first") else cst.parse_statement(
            "def first():\n    a = 1\n    b = a\n    return b\n"
        ) for s in module.body]
        return module.with_changes(body=body)


class ReportsMarker(Codemod):
    """Reports the call to marker(), citing the line of second() in its reason."""

    NAME = "reports-marker"
    SUMMARY = "Report marker() calls."

    def transform(self, module, ctx):
        wrapper = ctx.metadata(module)
        calls: list = []
        second: list = []

        class Find(cst.CSTVisitor):
            def visit_Call(self, node):
                if isinstance(node.func, cst.Name) and node.func.value == "marker":
                    calls.append(node)

            def visit_FunctionDef(self, node):
                if node.name.value == "second":
                    second.append(node)

        wrapper.module.visit(Find())
        for call in calls:
            ctx.finding(call, f"marker called in the function at line {ctx.file_line(second[0])}")
        return wrapper.module


def _places(result):
    return [(f.codemod, f.line, f.column, f.message) for f in result.findings]


def test_a_finding_alone_names_its_line():
    result = suppress.transform(SOURCE, [ReportsMarker])
    assert _places(result) == [("reports-marker", MARKER_LINE, 5, "marker called in the function at line 8")]


def test_lines_inserted_above_by_an_earlier_codemod_do_not_move_a_finding():
    result = suppress.transform(SOURCE, [InsertsAtTop, ReportsMarker])
    assert result.new_text.startswith("import sys\nimport json\n")  # the earlier codemod did insert
    assert result.new_text.splitlines()[MARKER_LINE + 1].strip() == "marker(2)"
    assert _places(result) == [("reports-marker", MARKER_LINE, 5, "marker called in the function at line 8")]


def test_lines_rewritten_above_by_an_earlier_codemod_do_not_move_a_finding():
    result = suppress.transform(SOURCE, [InsertsAtTop, RewritesFirst, ReportsMarker])
    assert "    b = a\n" in result.new_text
    assert _places(result) == [("reports-marker", MARKER_LINE, 5, "marker called in the function at line 8")]


def test_a_suppression_comment_path_reports_lines_of_the_users_file():
    # a line marker sends the file codemod by codemod, each on the text the one before gave
    source = SOURCE + "\n\nx = 1  # flask-codemod: skip\n"
    result = suppress.transform(source, [InsertsAtTop, RewritesFirst, ReportsMarker])
    assert "import sys\n" in result.new_text and "    b = a\n" in result.new_text
    assert _places(result) == [("reports-marker", MARKER_LINE, 5, "marker called in the function at line 8")]


def test_a_finding_in_what_an_earlier_codemod_wrote_names_where_that_change_starts():
    class ReportsB(Codemod):
        NAME = "reports-b"
        SUMMARY = "Report the assignment to b."

        def transform(self, module, ctx):
            ctx.metadata(module)

            class Find(cst.CSTVisitor):
                def visit_AssignTarget(self, node):
                    if isinstance(node.target, cst.Name) and node.target.value == "b":
                        ctx.finding(node, "b assigned")

            module.visit(Find())
            return module

    result = suppress.transform(SOURCE, [InsertsAtTop, RewritesFirst, ReportsB])
    # `b = a` exists only in the rewritten first(): its body starts at line 5 of the user's file
    assert [(f.line, f.column) for f in result.findings] == [(5, 1)]


def test_line_map_keeps_unchanged_lines_and_columns():
    original = "a = 1\nb = 2\nc = 3\n"
    given = "import x\na = 1\nb = 22\nc = 3\nd = 4\n"
    lines = LineMap(original, given)
    assert [lines.line(n) for n in range(1, 6)] == [1, 1, 2, 3, 3]
    assert lines.place(3, 1) == (2, 1)  # `b = 22`: the same text before column 1
    assert lines.place(3, 6) == (2, 6)  # `b = 2` before column 6 in both
    assert lines.place(3, 7) == (2, 1)  # not before column 7
    assert lines.place(4, 3) == (3, 3)
    assert lines.place(0, 0) == (0, 0)


NESTED_USE = """\
import os


def reader(path):
    backup = open(path)

    def rest():
        return backup.read()

    return rest
"""


def test_a_real_codemods_finding_and_the_line_its_reason_cites_match_a_run_of_it_alone():
    from flask_codemod.codemods import get_codemod

    open_with = get_codemod("open-with")
    alone = suppress.transform(NESTED_USE, [open_with])
    after = suppress.transform(NESTED_USE, [InsertsAtTop, open_with])
    assert after.new_text.startswith("import sys\nimport json\n")
    assert [(f.line, f.column) for f in alone.findings] == [(5, 14)]
    assert "(line 8)" in alone.findings[0].message  # `return backup.read()`
    assert _places(after) == _places(alone)


def test_the_changed_blocks_rebuild_the_given_text_from_the_original():
    """Whatever edits were made (insertions, deletions, rewrites, among repeated lines), the
    blocks the map is built on turn the original into the given text, and the lines between
    them are the same lines in both."""
    import random

    from flask_codemod.codemods._line_map import _changed_blocks

    pool = ["def f():\n", "    return 1\n", "\n", "x = 1\n", "    pass\n", "class A:\n", "# note\n"]
    rng = random.Random(25)
    for trial in range(300):
        old = [rng.choice(pool) for _ in range(rng.randrange(0, 60))] + [f"unique {n}\n" for n in range(rng.randrange(0, 5))]
        rng.shuffle(old)
        new = list(old)
        for _ in range(rng.randrange(1, 6)):
            at = rng.randrange(0, len(new) + 1)
            kind = rng.random()
            if kind < 0.4:
                new[at:at] = [rng.choice(pool), f"inserted {trial}\n"][: rng.randrange(1, 3)]
            elif kind < 0.7:
                del new[at : at + rng.randrange(1, 4)]
            elif new:
                new[min(at, len(new) - 1)] = "changed\n"
        rebuilt, i, j = [], 0, 0
        for i1, i2, j1, j2 in _changed_blocks(old, new):
            assert i1 >= i and j1 >= j and old[i:i1] == new[j:j1], trial
            rebuilt += old[i:i1] + new[j1:j2]
            i, j = i2, j2
        assert rebuilt + old[i:] == new and old[i:] == new[j:], trial


def test_a_line_an_earlier_codemod_only_re_indented_keeps_its_own_line_and_column():
    """open-with wraps a body in a with-block: each line of it moves one indent deeper. A later
    codemod's finding on one of them names that line of the user's file, not the first line of
    the change (oadoi's oa_local.py: a requests.get() five lines into a re-indented loop was
    reported on the loop's header)."""
    original = "out = open(p)\nwhile more:\n    url = next_url()\n    r = get(url)\nout.close()\n"
    given = "with open(p) as out:\n    while more:\n        url = next_url()\n        r = get(url)\n"
    lines = LineMap(original, given)
    assert lines.place(4, 13) == (4, 9)  # `get(url)`: line 4, four columns to the left
    assert lines.place(2, 5) == (2, 1)
    assert lines.line(3) == 3
    assert lines.place(1, 6) == (1, 1)  # the with header is new text: where the change starts


def test_an_earlier_codemods_with_block_does_not_move_a_later_finding_inside_it():
    from flask_codemod.codemods import get_codemod

    source = (
        "import requests\n\n\ndef save(pages):\n    out = open('x.csv', 'w')\n    for page in pages:\n"
        "        url = 'https://example.com/' + page\n\n        r = requests.get(url, timeout=None)\n"
        "        out.write(r.text)\n    out.close()\n"
    )
    alone = suppress.transform(source, [get_codemod("http-timeout")])
    both = suppress.transform(source, [get_codemod("open-with"), get_codemod("http-timeout")])
    assert "with open('x.csv', 'w') as out:" in both.new_text
    assert [(f.line, f.column) for f in alone.findings] == [(9, 13)]
    assert _places(both) == _places(alone)

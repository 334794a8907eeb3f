"""Suppression comments and @generated headers, through the real engine (process_file)."""

from __future__ import annotations

import textwrap

import pytest

import review_support
from review_support import FakeEnv, FakeNoop, FakeRename

from flask_codemod import pipeline
from flask_codemod.results import FileResult
from flask_codemod.suppress import partial_change_problem, undefined_globals
from flask_codemod.suppress_markers import header_is_generated, scan

CODEMODS = [FakeRename(), FakeEnv(), FakeNoop()]


def process(tmp_path, source: str, codemods=CODEMODS) -> FileResult:
    path = tmp_path / "mod.py"
    path.write_text(textwrap.dedent(source))
    result = pipeline.process_file(str(path), codemods)
    assert result.error is None, result.error
    compile(result.new_text, "mod.py", "exec")
    return result


def test_skip_on_a_line_keeps_that_statement_only(tmp_path):
    result = process(tmp_path, """\
        a = old_api(1)
        b = old_api(2)  # flask-codemod: skip
        c = old_api(3)
    """)
    assert result.new_text == "a = new_api(1)\nb = old_api(2)  # flask-codemod: skip\nc = new_api(3)\n"
    assert dict(result.rewrites) == {"fake-rename": 2}


def test_skip_with_names_only_stops_those_codemods(tmp_path):
    result = process(tmp_path, """\
        b = old_api(2)  # flask-codemod: skip=fake-env
        c = old_api(3)  # flask-codemod: skip=fake_rename, fake-env
    """)
    assert result.new_text.splitlines()[0] == "b = new_api(2)  # flask-codemod: skip=fake-env"
    assert "c = old_api(3)" in result.new_text


def test_skip_on_the_first_line_of_a_block_protects_the_whole_block(tmp_path):
    result = process(tmp_path, """\
        def kept():  # flask-codemod: skip
            x = old_api(1)
            if x:
                return old_api(2)

        @decorate(1)  # flask-codemod: skip
        def also_kept():
            return old_api(3)

        def changed():
            return old_api(4)
    """)
    text = result.new_text
    assert text.count("old_api") == 3 and "new_api(4)" in text


def test_skip_on_any_line_of_a_multi_line_statement(tmp_path):
    result = process(tmp_path, """\
        total = (
            old_api(1)  # flask-codemod: skip
            + old_api(2)
        )
        other = old_api(3)
    """)
    assert result.new_text.count("old_api") == 2 and "other = new_api(3)" in result.new_text


def test_findings_on_protected_lines_are_not_reported(tmp_path):
    result = process(tmp_path, """\
        a = thing.old_api  # flask-codemod: skip
        b = thing.old_api
    """)
    assert [f.line for f in result.findings] == [2]


def test_dependent_changes_of_a_codemod_are_dropped_together(tmp_path):
    """fake-env adds `import os` and uses it: reverting only the protected use would be fine,
    but a codemod without LOCAL_REWRITES may have changes that depend on each other, so its
    whole change to the file is left out, and a finding says why."""
    source = """\
        import json

        value = old_api
        SECRET_KEY = "abc"  # flask-codemod: skip
    """
    result = process(tmp_path, source)
    assert result.new_text == textwrap.dedent(source).replace("value = old_api", "value = new_api")
    assert dict(result.rewrites) == {"fake-rename": 1}
    assert not result.project_edits  # the secret is not copied to .env either
    assert [(f.codemod, f.line) for f in result.findings] == [("fake-env", 4)]
    assert "not applied to this file" in result.findings[0].message


def test_a_change_entirely_on_protected_lines_is_dropped_silently(tmp_path):
    """The added import sits right next to the protected statement: it counts as touching it,
    so every hunk of fake-env is protected: nothing to explain."""
    result = process(tmp_path, """\
        import json
        SECRET_KEY = "abc"  # flask-codemod: skip
    """)
    assert not result.changed and not result.findings and not result.project_edits


def test_protection_of_another_codemod_leaves_this_one_alone(tmp_path):
    result = process(tmp_path, """\
        SECRET_KEY = "abc"  # flask-codemod: skip=fake-rename
        value = old_api
    """)
    assert 'os.environ["SECRET_KEY"]' in result.new_text and "value = new_api" in result.new_text
    assert [e.kind for e in result.project_edits] == ["env"]


def test_skip_file_and_skip_file_with_names(tmp_path):
    skipped = process(tmp_path, 'value = old_api\nSECRET_KEY = "abc"\n# flask-codemod: skip-file\n')
    assert not skipped.changed and not skipped.parsed
    partly = process(tmp_path, 'value = old_api\nSECRET_KEY = "abc"\n# flask-codemod: skip-file=fake-env\n')
    assert "new_api" in partly.new_text and 'SECRET_KEY = "abc"' in partly.new_text


def test_markers_inside_strings_do_not_count(tmp_path):
    result = process(tmp_path, '''\
        doc = "# flask-codemod: skip-file"
        value = old_api  # a comment about "flask-codemod: skip" does count only as a comment
        other = old_api
    ''')
    assert result.new_text.count("new_api") == 1  # line 2's comment is a real skip comment
    assert scan('x = "# flask-codemod: skip"\n').lines == []


@pytest.mark.parametrize(
    "source, generated",
    [
        ("# @generated by protoc\nvalue = old_api\n", True),
        ("#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n\n# Code @generated by a tool. DO NOT EDIT.\nvalue = old_api\n", True),
        ('value = old_api\nmarker = "@generated"\n', False),
        ('"""@generated in a docstring is not a comment header"""\nvalue = old_api\n', False),
        ("value = old_api\n# @generated (not in the header)\n", False),
        ("import os\n\n# @generated after code\nvalue = old_api\n", False),
    ],
)
def test_generated_header(tmp_path, source, generated):
    assert header_is_generated(source) is generated
    result = process(tmp_path, source)
    assert result.changed is (not generated)


def test_generated_file_is_reported_as_skipped_by_the_cli(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from flask_codemod.cli import app

    review_support.install(monkeypatch)
    (tmp_path / "gen.py").write_text("# @generated\nvalue = old_api\n")
    (tmp_path / "own.py").write_text("value = old_api\n")
    result = CliRunner().invoke(app, ["apply", "--check", "-j", "1", "--select", "fake-rename", str(tmp_path)])
    assert result.exit_code == 1
    assert "own.py" in result.stderr and "gen.py" not in result.stderr


def test_undefined_globals():
    assert undefined_globals("import os\nx = os.sep\n") == set()
    assert undefined_globals("def f():\n    return os.sep + len('')\n") == {"os"}
    assert undefined_globals("class K:\n    y = 1\n    def m(self):\n        return y\n") == {"y"}
    assert undefined_globals("def f():\n    global G\n    G = 1\nprint(G)\n") == set()
    assert undefined_globals("from x import *\nprint(y)\n") is None


def test_partial_change_that_loses_a_definition_is_refused():
    original = "x = 1\n"
    full = "import os\nx = os.sep\n"
    assert "os" in partial_change_problem(original, "x = os.sep\n", full)
    assert partial_change_problem(original, "import os\nx = 1\n", full) is None  # unused import: fine
    assert "compile" in partial_change_problem("if x:\n    y\n", "if x:\n", "if x:\n    z\n")


# -- real codemods: one rewrite spared, the others kept (issue 17) --------------------------------

FOUR_OPEN_WITH = """\
import json


def read_a(path):
    return open(path).read()


def read_b(path):
    return open(path).read()  # flask-codemod: skip


def read_c(path):
    data = json.load(open(path))
    return data


def write_d(path, text):
    out = open(path, "w")
    out.write(text)
    out.close()
"""


def real(*names):
    from flask_codemod.codemods import get_codemod

    return [get_codemod(name)() for name in names]


def test_a_protected_line_keeps_the_other_three_open_with_rewrites(tmp_path):
    """Issue 17: one `# flask-codemod: skip` in a module with four independent open-with
    rewrites left all four out; the README promises independent rewrites are reverted one by
    one."""
    result = process(tmp_path, FOUR_OPEN_WITH, real("open-with"))
    text = result.new_text
    assert "def read_b(path):\n    return open(path).read()  # flask-codemod: skip\n" in text
    assert "def read_a(path):\n    with open(path) as f:\n        return f.read()\n" in text
    assert "    with open(path) as f:\n        data = json.load(f)\n    return data\n" in text
    assert '    with open(path, "w") as out:\n        out.write(text)\n' in text and "out.close()" not in text
    assert dict(result.rewrites) == {"open-with": 3}
    assert not result.findings


def test_protected_and_unprotected_rewrites_of_two_codemods_mixed(tmp_path):
    """open-with and http-timeout on one module: each protected statement (for one codemod
    or for all) keeps its own code; every other rewrite of both codemods is made."""
    source = """\
        import requests


        def fetch(url):
            return requests.get(url)  # flask-codemod: skip=http-timeout


        def fetch_both(url, path):
            data = open(path).read()  # flask-codemod: skip=open-with
            return requests.get(url, data=data)


        def fetch_plain(url):
            return requests.post(url)


        def read(path):
            return open(path).read()


        def untouched(url, path):  # flask-codemod: skip
            requests.get(url)
            return open(path).read()
    """
    result = process(tmp_path, source, real("open-with", "http-timeout"))
    text = result.new_text
    assert "return requests.get(url)  # flask-codemod: skip=http-timeout" in text
    assert "data = open(path).read()  # flask-codemod: skip=open-with" in text
    assert "return requests.get(url, data=data, timeout=60)" in text  # no timeout in the project: the default
    assert "return requests.post(url, timeout=60)" in text
    assert "def read(path):\n    with open(path) as f:\n        return f.read()\n" in text
    assert "    requests.get(url)\n    return open(path).read()\n" in text
    assert dict(result.rewrites) == {"open-with": 1, "http-timeout": 2}
    assert not result.findings


def test_a_protected_line_inside_a_rewrite_spares_that_rewrite_only(tmp_path):
    """The protected statement is part of one open-with rewrite (its body, re-indented around
    a multi-line string): that whole rewrite is left out, with a finding on the line it starts
    at, and the rewrite in the next function is kept."""
    source = '''\
        def write(path, text):
            out = open(path, "w")
            out.write("""
        header
        """)

            out.write(text)  # flask-codemod: skip
            out.close()


        def read(path):
            return open(path).read()
    '''
    result = process(tmp_path, source, real("open-with"))
    original = textwrap.dedent(source)
    assert result.new_text == original.replace(
        "    return open(path).read()\n", "    with open(path) as f:\n        return f.read()\n"
    )
    assert dict(result.rewrites) == {"open-with": 1}
    assert [(f.codemod, f.line) for f in result.findings] == [("open-with", 2)]


def test_adjacent_rewrites_are_one_block_and_say_so(tmp_path):
    """Two rewrites on consecutive lines are one block of the change: reverting the protected
    one reverts its neighbour too, and a finding says so."""
    result = process(tmp_path, """\
        def both(p, q):
            a = open(p).read()
            b = open(q).read()  # flask-codemod: skip
            return a + b


        def read(path):
            return open(path).read()
    """, real("open-with"))
    assert "    a = open(p).read()\n    b = open(q).read()  # flask-codemod: skip\n" in result.new_text
    assert "with open(path) as f:" in result.new_text
    assert [(f.line, "one block with the change at line 3" in f.message) for f in result.findings] == [(2, True)]

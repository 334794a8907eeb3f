"""open-with's layout rule: continuation lines move with their statement (and with an opener
that moves into the with header), and nothing else moves."""

from __future__ import annotations

import os
import textwrap

import pytest

from helpers import real_code, rewrite


def _rewrite(source: str) -> str:
    return rewrite(textwrap.dedent(source), "open-with")


@pytest.mark.parametrize(
    "before, after",
    [
        # visual alignment to the opener's own bracket: moves with the opener
        (
            """\
            def load(p):
                text = open(p,
                            "r").read()
                return text
            """,
            """\
            def load(p):
                with open(p,
                          "r") as f:
                    text = f.read()
                return text
            """,
        ),
        # a hanging indent stays where it was: it hangs from the statement's indentation
        (
            """\
            def load(p):
                for line in open(
                    p,
                ):
                    print(line)
            """,
            """\
            def load(p):
                with open(
                    p,
                ) as f:
                    for line in f:
                        print(line)
            """,
        ),
        # a line hanging from a visually aligned line moves with that line
        (
            """\
            import os


            def load(base, name):
                h = open(os.path.join(base,
                                      name), mode=str(
                                          "r"))
                data = h.read()
                h.close()
                return data
            """,
            """\
            import os


            def load(base, name):
                with open(os.path.join(base,
                                       name), mode=str(
                                           "r")) as h:
                    data = h.read()
                return data
            """,
        ),
        # a second handle in the header starts further right: its lines follow it
        (
            """\
            def load(a, b):
                src = open(a)
                dst = open(b,
                           "w")
                dst.write(src.read())
                src.close()
                dst.close()
            """,
            """\
            def load(a, b):
                with open(a) as src, open(b,
                                          "w") as dst:
                    dst.write(src.read())
            """,
        ),
    ],
)
def test_continuation_lines_follow_what_they_continue(before: str, after: str) -> None:
    assert _rewrite(before) == textwrap.dedent(after)


def test_the_lines_of_a_multi_line_string_do_not_move() -> None:
    before = '''\
    def load(p):
        out = open(p, "w")
        out.write("""first
    second""" +
                  "third")
        out.close()
    '''
    after = '''\
    def load(p):
        with open(p, "w") as out:
            out.write("""first
    second""" +
                      "third")
    '''
    assert _rewrite(before) == textwrap.dedent(after)


def test_a_line_that_started_left_of_the_block_moves_along_too() -> None:
    before = "def load(p):\n    out = open(p, 'w')\n    out.write(str([1,\n2]))\n    out.close()\n"
    after = "def load(p):\n    with open(p, 'w') as out:\n        out.write(str([1,\n    2]))\n"
    assert _rewrite(before) == after


def test_with_tabs_the_opener_keeps_its_lines_as_they_were() -> None:
    before = "def load(p):\n\ttext = open(p,\n\t\t\t\t'r').read()\n\treturn text\n"
    after = "def load(p):\n\twith open(p,\n\t\t\t\t'r') as f:\n\t\ttext = f.read()\n\treturn text\n"
    assert _rewrite(before) == after


LAYOUT_SHAPES = '''
def f(a, b):
    x = g(a,
          b)
    y = a + \\
        b
    z = [
# a comment at column 0
        a,
  b]
    if a:
        w = (a
    # a comment
             + b)
    return h(a, b)  # a comment
'''


@pytest.mark.parametrize("path", real_code("*/*.before.py", legacy_app=True) + ["LAYOUT_SHAPES"], ids=os.path.basename)
def test_a_statement_with_nothing_to_move_is_kept_as_it_is(path: str) -> None:
    """``indented`` keeps a statement none of whose continuation lines moves, and renders
    every statement as the full re-indenting transform does."""
    import libcst as cst

    from flask_codemod.codemods._open_with_layout import _Indenter, indented

    source = LAYOUT_SHAPES if path == "LAYOUT_SHAPES" else open(path, encoding="utf-8").read()
    module = cst.parse_module(source)
    statements: list = []

    class Statements(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            if isinstance(node, cst.BaseStatement):
                statements.append(node)
            return True

    module.visit(Statements())
    kept = 0
    for statement in statements:
        for extra in ("    ", "\t"):
            ours, theirs = indented(statement, extra), statement.visit(_Indenter(extra))
            assert module.code_for_node(ours) == module.code_for_node(theirs)
            kept += ours is statement
    assert kept or not statements
    if path == "LAYOUT_SHAPES":
        assert kept and kept < 2 * len(statements)

"""open-with and the lifetime of a bound handle: where its with-block ends, and the escapes and
overlaps it refuses."""

from __future__ import annotations

import pytest

from helpers import assert_refused, finding_messages, rewrite, run_codemods

# -- lifetimes of bound handles ---------------------------------------------------------------------


def test_a_later_use_of_the_closed_handle_stays_after_the_block() -> None:
    source = """\
    def read(p):
        f = open(p)
        data = f.read()
        f.close()
        return data, f.closed
    """
    assert rewrite(source, "open-with") == (
        "def read(p):\n    with open(p) as f:\n        data = f.read()\n    return data, f.closed\n"
    )


def test_without_close_the_block_spans_to_the_last_use_even_an_attribute_read() -> None:
    source = """\
    def read(p, log):
        f = open(p)
        data = f.read()
        log(data)
        name = f.name
        return data, name
    """
    after = rewrite(source, "open-with")
    assert after == (
        "def read(p, log):\n    with open(p) as f:\n        data = f.read()\n        log(data)\n"
        "        name = f.name\n    return data, name\n"
    )


def test_a_call_that_may_keep_the_handle_is_fine_right_before_the_close() -> None:
    source = "def feed(p, parser):\n    f = open(p)\n    parser.feed_file(f)\n    f.close()\n"
    assert rewrite(source, "open-with") == "def feed(p, parser):\n    with open(p) as f:\n        parser.feed_file(f)\n"


@pytest.mark.parametrize(
    "body, reason",
    [
        ("    parser.feed_file(f)\n", "may keep it"),  # never closed: the parser may read it later
        ("    parser.feed_file(f)\n    if p:\n        return 1\n    f.close()\n", "may keep it"),
        ("    parser.feed_file(f)\n    rest = f.read()\n    f.close()\n", "may keep it"),
        ("    g = f\n    g.read()\n", "another name"),
        ("    del f\n", "deleted"),
        ("    for f in range(3):\n        pass\n", "reassigned"),
        ("    global_list.append(f)\n    f.close()\n", "stored in a container"),
    ],
)
def test_escapes_of_a_bound_handle_are_refused(body: str, reason: str) -> None:
    source = "def feed(p, parser, global_list):\n    f = open(p)\n" + body
    result = run_codemods(source, "open-with")
    assert result.new_text == source
    assert any(reason in m for m in finding_messages(result)), finding_messages(result)


def test_handles_that_overlap_without_nesting_are_refused_not_broken() -> None:
    source = """\
    def both(p, q):
        a = open(p)
        b = open(q)
        x = a.read()
        a.close()
        y = b.read()
        b.close()
        return x, y
    """
    result = run_codemods(source, "open-with")
    assert "with open(p) as a:" in result.new_text
    assert "    b = open(q)\n" in result.new_text and "b.close()" in result.new_text
    assert any("cannot nest" in m for m in finding_messages(result))


def test_two_handles_in_a_row_closed_together_share_one_with_statement() -> None:
    source = "def copy(a, b):\n    src = open(a)\n    dst = open(b, 'w')\n    dst.write(src.read())\n    dst.close()\n    src.close()\n"
    assert rewrite(source, "open-with") == (
        "def copy(a, b):\n    with open(a) as src, open(b, 'w') as dst:\n        dst.write(src.read())\n"
    )


def test_a_module_level_handle_named_in_all_is_refused() -> None:
    source = '__all__ = ["log"]\nlog = open("app.log", "a")\nlog.write("x")\n'
    assert_refused("open-with", source, "other modules may use it")


def test_a_function_that_reads_its_own_locals_gets_no_new_name() -> None:
    source = "def report(p):\n    text = open(p).read()\n    return locals()\n"
    assert_refused("open-with", source, "locals()")


def test_in_a_class_body_a_one_shot_open_would_add_a_class_attribute() -> None:
    source = "class Config:\n    DATA = open('data.txt').read()\n"
    assert_refused("open-with", source, "class attribute")

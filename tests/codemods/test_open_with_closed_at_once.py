"""open-with and a handle the code closes on the very next line: with nothing in between that
could raise, return or use the handle, it is already released at a known point, and a
with-block around nothing (``pass``) would be an edit with no gain. Seen on a download manager
that empties or creates files with an open and an immediate close."""

from __future__ import annotations

import textwrap

from helpers import assert_left_alone, rewrite


def test_a_handle_closed_by_the_next_statement_is_left_alone_silently() -> None:
    source = textwrap.dedent(
        """\
        import io


        def empty(path):
            handle = open(path, "w")
            handle.close()


        def create(path):
            out = io.open(path, mode="wb")
            out.close()
        """
    )
    assert_left_alone("open-with", source)


def test_inside_a_try_and_with_the_name_read_later_it_is_still_left_alone() -> None:
    source = textwrap.dedent(
        """\
        def scratch(folder, log):
            try:
                tmp = open(folder + "/scratch.bin", mode="wb")
                tmp.close()
            except OSError as exc:
                log(exc)
                return None
            return tmp.name
        """
    )
    assert_left_alone("open-with", source)


def test_a_statement_between_the_open_and_the_close_still_gets_the_block() -> None:
    source = """\
    def reset(path):
        out = open(path, "w")
        out.write("")
        out.close()
    """
    assert rewrite(source, "open-with") == 'def reset(path):\n    with open(path, "w") as out:\n        out.write("")\n'


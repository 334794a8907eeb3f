"""open-with and a handle the code closes on the very next line: with nothing in between that
could raise, return or use the handle, it is already released at a known point, and a
with-block around nothing (``pass``) would be an edit with no gain. Seen on a download manager
that empties or creates files with an open and an immediate close."""

from __future__ import annotations

import textwrap

from helpers import assert_left_alone, assert_refused, rewrite


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



def test_a_handle_opened_last_in_a_try_and_closed_first_in_its_else_is_left_alone_silently() -> None:
    # A probe: the open either fails (the handler runs, no handle exists) or succeeds, and then
    # the else clause runs next and closes it. No finding either: the close is no later use.
    source = textwrap.dedent(
        """\
        try:
            marker = open("/etc/hosted-here")
        except FileNotFoundError:
            hosted = False
        else:
            marker.close()
            hosted = True


        def on_cluster(path):
            try:
                probe = open(path)
            except OSError:
                return False
            else:
                probe.close()
                return True
        """
    )
    assert_left_alone("open-with", source)


def test_a_statement_before_the_close_in_the_else_clause_is_no_close_at_once() -> None:
    # the handle is read in the else clause before it is closed: not released at once, and the
    # block cannot reach into the else clause, so the finding stays
    source = textwrap.dedent(
        """\
        def first_line(path):
            try:
                src = open(path)
            except OSError:
                return ""
            else:
                line = src.readline()
                src.close()
                return line
        """
    )
    assert_refused("open-with", source, "outside the block where it is opened")


def test_a_try_body_that_goes_on_after_the_open_is_no_close_at_once() -> None:
    source = textwrap.dedent(
        """\
        def size(path, log):
            try:
                src = open(path)
                log(path)
            except OSError:
                return 0
            else:
                src.close()
                return 1
        """
    )
    assert_refused("open-with", source, "outside the block where it is opened")

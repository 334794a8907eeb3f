"""open-with and a name used in one part of a ``try`` and bound to a handle in another.
Control only moves forward through a ``try``: from its body to a handler or to ``else``, and
from any part to ``finally``. A use in a part that cannot follow the binding's part (the body
before a handler that opens, one handler and another) never sees that handle; a loop around
the ``try`` still could. Seen on a download manager reading a file in the body and creating it
in the handler when it was missing."""

from __future__ import annotations

import textwrap
import types

from helpers import assert_refused, rewrite

USED_ELSEWHERE = "outside the block where it is opened"


def test_a_handle_opened_in_a_handler_after_a_read_in_the_body_gets_its_block(tmp_path) -> None:
    source = """\
    def load(path, default):
        try:
            with open(path) as fp:
                text = fp.read()
        except OSError:
            fp = open(path, "w")
            fp.write(default)
            fp.close()
            text = default
        return text
    """
    after = rewrite(source, "open-with")
    assert after == textwrap.dedent(
        """\
        def load(path, default):
            try:
                with open(path) as fp:
                    text = fp.read()
            except OSError:
                with open(path, "w") as fp:
                    fp.write(default)
                text = default
            return text
        """
    )
    module = types.ModuleType("rewritten")
    exec(compile(after, "rewritten.py", "exec"), module.__dict__)
    target = tmp_path / "settings.txt"
    assert module.load(str(target), "fresh") == "fresh"
    assert target.read_text() == "fresh"
    assert module.load(str(target), "other") == "fresh"


def test_a_later_binding_in_the_same_try_body_gets_its_block() -> None:
    source = """\
    def rotate(path, log):
        try:
            with open(path) as fp:
                content = fp.read()
            if content:
                fp = open(path, "w")
                fp.write("")
                fp.close()
        except OSError as exc:
            log(exc)
    """
    after = rewrite(source, "open-with")
    assert '        if content:\n            with open(path, "w") as fp:\n                fp.write("")\n' in after
    assert "fp.close()" not in after


def test_a_use_in_a_handler_after_a_binding_in_the_body_is_still_refused() -> None:
    source = textwrap.dedent(
        """\
        def load(path):
            try:
                fp = open(path)
                text = fp.read()
                fp.close()
            except ValueError:
                fp.close()
                text = ""
            return text
        """
    )
    assert_refused("open-with", source, USED_ELSEWHERE)


def test_a_use_in_finally_after_a_binding_in_a_handler_is_still_refused() -> None:
    source = textwrap.dedent(
        """\
        def load(path, parse):
            fp = None
            try:
                parse(path)
            except ValueError:
                fp = open(path)
                fp.read()
                fp.close()
            finally:
                print(fp)
        """
    )
    assert_refused("open-with", source, USED_ELSEWHERE)


def test_a_loop_around_the_try_still_refuses() -> None:
    source = textwrap.dedent(
        """\
        def scan(paths):
            fp = None
            for path in paths:
                try:
                    print(fp)
                except ValueError:
                    fp = open(path)
                    fp.read()
                    fp.close()
        """
    )
    assert_refused("open-with", source, USED_ELSEWHERE)

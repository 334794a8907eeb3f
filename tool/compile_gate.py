"""CPython's judgement of a text, for the engine (tool/engine.py): the compile gate before
LibCST sees a file (``python_tree``: the standard library's AST, or why CPython will not
compile the text, in one line; valid code in a newer Python's syntax gets its own words), and
the safety net after the codemods (``safety_net``: the output must compile, else the change is
dropped). Both compile without the SyntaxWarnings CPython would print for the user's code, and
the gate with the default recursion limit, whatever the host program set."""

from __future__ import annotations

import ast
import contextlib
import sys
import warnings
from typing import Any, Iterator

from .results import describe_error
from .syntax_versions import newer_syntax, newer_syntax_message


def safety_net(old_text: str, new_text: str, path: str) -> str | None:
    """None when CPython compiles ``new_text``; otherwise the reason to drop the change.

    CPython's compiler is the judge of what runs (it rejects more than a parser does: a
    ``return`` outside a function, a misplaced ``nonlocal``). The output is not parsed again
    by LibCST: it is LibCST's own rendering of a tree whose syntax LibCST parsed or built,
    and a parse of every rewritten file cost about as much as the first parse."""
    try:
        _quiet_compile(new_text, path)
    except (SyntaxError, ValueError) as error:
        try:
            _quiet_compile(old_text, path)
        except (SyntaxError, ValueError) as old_error:
            return f"the file does not compile ({one_line(str(old_error))}); left unchanged"
        return f"internal error: the rewritten code does not compile ({one_line(str(error))}); change dropped"
    except RecursionError:
        return "nesting too deep to compile; left unchanged"
    return None


# CPython's AST builder scales its depth limit with the recursion limit. Judged with the
# default limit, whatever the host program set: LibCST's native parser overflows the C stack
# on nesting only a few times deeper than what this refuses.
_GATE_RECURSION_LIMIT = 1000


@contextlib.contextmanager
def _recursion_limit(limit: int) -> Iterator[None]:
    previous = sys.getrecursionlimit()
    try:
        sys.setrecursionlimit(min(previous, limit))
    except RecursionError:  # already deeper than that: keep the current limit
        previous = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if previous is not None:
            sys.setrecursionlimit(previous)


def _quiet_compile(text: str, path: str, flags: int = 0) -> Any:
    """compile(), without the SyntaxWarnings (``"is" with a literal``, invalid escapes…)
    CPython prints for the user's code: they are not ours to report, and would break the
    one-line-per-problem output."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return compile(text, path, "exec", flags=flags, dont_inherit=True)


def python_rejects(text: str, path: str) -> str | None:
    """Why CPython will not compile ``text`` (``line:col: syntax error: …``), or None.

    This gate runs before LibCST: it costs a fraction of a LibCST parse, gives the user
    CPython's own error message, and keeps pathological input (thousands of nested brackets,
    endless operator chains) away from LibCST's native parser, which can overflow the C stack
    on input CPython refuses.
    """
    return python_tree(text, path)[1]


def python_tree(text: str, path: str) -> tuple[ast.Module | None, str | None]:
    """``(tree, None)``: the standard library's AST of ``text``; ``(None, reason)`` when
    CPython will not compile it (see ``python_rejects``)."""
    return _compile_gate(text, path)[:2]


def _compile_gate(text: str, path: str) -> tuple[ast.Module | None, str | None, bool]:
    """``python_tree``, and whether a reason follows from the text alone (CPython's syntax
    error: the same text under the same Python gives it again), not from the state of this
    process (nesting too deep for the stack, memory)."""
    try:
        with _recursion_limit(_GATE_RECURSION_LIMIT):
            return _quiet_compile(text, path, ast.PyCF_ONLY_AST), None, False
    except SyntaxError as error:
        if not error.lineno:  # e.g. null bytes: CPython names no position
            return None, f"syntax error: {one_line(error.msg)}", True
        newer = newer_syntax(text, error.msg or "")  # valid code, for a newer Python
        if newer is not None:
            return None, newer_syntax_message(newer), True
        column = f":{error.offset}" if error.offset else ""
        return None, f"{error.lineno}{column}: syntax error: {one_line(error.msg)}", True
    except ValueError as error:
        return None, f"cannot parse: {one_line(str(error))}", True
    except (RecursionError, MemoryError):
        return None, "cannot parse: nesting too deep", False
    except Exception as error:  # e.g. OverflowError on absurd literals
        return None, f"cannot parse: {describe_error(error)}", False


def one_line(text: str) -> str:
    return " ".join(text.split())

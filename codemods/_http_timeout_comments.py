"""http-timeout: a call whose own comment weighs a timeout.

Where the comment lines right above the statement holding a call, or a comment at the end of
its lines, speak of a timeout (``# I'd like to enforce a timeout, but some big datasets take
more than a minute to start streaming``: plenario's ETL download), the authors decided about
the wait at that very place. No number the tool picks is provably long enough there: the call
is left as written, with a finding quoting the comment. A pylint directive that turns the
``missing-timeout`` check back on (``# pylint: enable=missing-timeout``) asks for a timeout
and weighs none: it does not count.
"""

from __future__ import annotations

import re

import libcst as cst
from libcst.metadata import MetadataWrapper

from ._http_timeout_calls import parent
from ._http_timeout_linter_waiver import enables_the_check

# "timeout", "time out", "time-out", "timed out" (any case)
_TIMEOUT_WORD = re.compile(r"(?i)\btime[ds]?[- ]?outs?\b")
_QUOTED = 200  # at most this many characters of the comment in the finding


def commented_wait(wrapper: MetadataWrapper, call: cst.Call) -> str | None:
    """Why ``call`` is left: the comment about a timeout at its statement, or None."""
    statement = _statement(wrapper, call)
    if statement is None:
        return None
    comments = [line.comment.value for line in statement.leading_lines if line.comment is not None]
    comments += [_trailing(node) for node in _lines_of(wrapper.module.code_for_node(statement))]
    comments = [text for text in comments if not enables_the_check(text)]
    if not any(_TIMEOUT_WORD.search(text) for text in comments):
        return None
    said = " ".join(text.lstrip("#").strip() for text in comments if text)
    if len(said) > _QUOTED:
        said = said[: _QUOTED - 1].rstrip() + "…"
    return (
        f'not changed: the comment at this call weighs its timeout ("{said}"): its authors decided about '
        "the wait here; pass timeout= once the wait it needs is known"
    )


def _statement(wrapper: MetadataWrapper, node: cst.CSTNode) -> cst.SimpleStatementLine | None:
    """The simple statement line that holds ``node`` (None inside a compound statement's header)."""
    while node is not None and not isinstance(node, cst.SimpleStatementLine):
        if isinstance(node, (cst.BaseCompoundStatement, cst.Module)):
            return None
        node = parent(wrapper, node)
    return node


def _lines_of(code: str) -> list[str]:
    """The lines of a statement's code, without the comment lines before it."""
    lines = code.splitlines()
    while lines and (not lines[0].strip() or lines[0].lstrip().startswith("#")):
        lines.pop(0)
    return lines


def _trailing(line: str) -> str:
    """The comment at the end of ``line`` (a ``#`` outside string quotes), or ""."""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#":
            return line[index:]
    return ""

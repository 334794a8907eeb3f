"""gunicorn-config: the environment a line of a shell script runs under, as its ``if`` tests say.

``guards(script, wanted)`` gives, for each line of a script that ``wanted`` picks, the
variables its enclosing ``if``/``elif`` branches compare to a literal, with that literal:
``if [[ "$MODE" == "production" ]]; then`` … ``gunicorn app:app`` gives ``{"MODE":
"production"}``. Only what is sure is said: a branch whose test is anything else (another
operator, two tests, a command), an ``else`` branch, and a test the script itself may undo
(it assigns the variable anywhere) require nothing; a line inside a here-document is no
command; a line with an ``if`` of its own (``if …; then gunicorn …; fi``) requires nothing.
"""

from __future__ import annotations

import re
from typing import Callable

from ._command_lines import logical_lines, split_words

# ``if [ "$X" = "v" ]; then``, ``elif [[ ${X} == v ]]``, ``if test "$X" = v``
_TEST = re.compile(
    r"""^(?:if|elif)\s+(?:\[\[?|test)\s+"?\$\{?(\w+)\}?"?\s+==?\s+(["']?)([\w.:/-]+)\2\s*\]?\]?\s*;?\s*(?:then)?$"""
)
_HEREDOC = re.compile(r"<<-?\s*([\"']?)(\w+)\1")
_LOOPS = frozenset({"for", "while", "until", "select"})


def guards(script: str, source: str, wanted: Callable[[str], bool]) -> list[dict[str, str]]:
    """For each logical line of ``script`` (a file named ``source``) that ``wanted`` accepts,
    the ``{variable: literal}`` its enclosing branches require (``{}``: nothing known)."""
    found: list[dict[str, str]] = []
    # one entry per open block: the test its current branch requires (None: none known)
    stack: list[tuple[str, str] | None] = []
    heredoc: str | None = None
    for raw in script.splitlines():
        if heredoc is not None:
            if raw.strip() == heredoc:
                heredoc = None
            continue
        lines = list(logical_lines(raw, source))
        if not lines:
            continue
        line = lines[0][1]
        opened = _HEREDOC.search(line)
        words = split_words(line)
        first = words[0] if words else ""
        if wanted(line):
            inline = first in ("if", "elif") or any(word in ("fi", "then") for word in words)
            found.append({} if inline else dict(test for test in stack if test is not None))
        if first == "if" and "fi" not in words and "fi;" not in words:
            stack.append(_test(line))
        elif first == "elif" and stack:
            stack[-1] = _test(line)
        elif first in ("else", "else;") and stack:
            stack[-1] = None
        elif first in ("fi", "fi;", "done", "done;", "esac", "esac;") and stack:
            stack.pop()
        elif (first in _LOOPS or first == "case") and not any(word in ("done", "esac") for word in words[1:]):
            stack.append(None)
        if opened is not None:
            heredoc = opened.group(2)
    assigned = {name for requirement in found for name in requirement if _assigns(script, name)}
    return [{name: value for name, value in requirement.items() if name not in assigned} for requirement in found]


def _test(line: str) -> tuple[str, str] | None:
    matched = _TEST.match(line)
    return (matched.group(1), matched.group(3)) if matched is not None else None


def _assigns(script: str, name: str) -> bool:
    """Whether the script may give ``name`` a value of its own (``X=v``, ``export X=v``,
    ``read X``, ``declare X``...)."""
    return re.search(rf"(?<![\w$]){re.escape(name)}(\+?=|\s*$|\s+[^=\s])", _without_tests(script), re.M) is not None


def _without_tests(script: str) -> str:
    """The script without the ``$NAME`` references (a read is no assignment)."""
    return re.sub(r"\$\{?\w+\}?", "", script)

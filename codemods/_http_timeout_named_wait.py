"""http-timeout: the wait a module names for its own calls (``REQUEST_TIMEOUT = 30``), even
where a call forgot to pass it; and how to write it (``timeout=REQUEST_TIMEOUT``).

A named wait is a module-level constant, upper case as constants are, named like a wait
(``is_wait_name``: ``REQUEST_TIMEOUT``, ``HTTP_TIMEOUT``, ``API_TIMEOUT_SECONDS``; not a
cache's, a session's or a token's) whose value is a positive number of at most ten minutes
(a ``(connect, read)`` pair by its larger part, a ``_MS`` name in milliseconds). Not one the
module reads anywhere but in an HTTP call whose answer it reads (``connect_timeout=DB_TIMEOUT``,
``smtplib.SMTP(host, timeout=MAIL_TIMEOUT)``, a webhook fired and forgotten, a parameter's
default, a dict of engine options): that names the wait of something else. None in a module that drives a browser (its timeouts are in milliseconds).

It may lengthen the wait the other rules give (see _http_timeout_default), never shorten it:
no call uses it, so it was never tried against the service — it may be the wait the author
meant, or one given up on. Of several, the largest counts.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

import libcst as cst

from ._ast_facts import facts
from ._ast_numbers import number_of, numeric_constants
from ._http_timeout_calls import parent
from ._http_timeout_keyword_layout import number_node
from ._http_timeout_client_calls import client_calls
from ._http_timeout_default import (
    LONGEST_WAIT,
    MILLISECOND_LIBRARIES,
    MILLISECONDS_IN_NAME,
    is_wait_name,
    seconds_of,
    unread_calls,
    wait_constants,
)
from ._http_timeout_node_kinds import of_kinds


@dataclass(frozen=True)
class NamedWait:
    """The seconds of the module's longest named wait, and the constant's name where a call
    may say it instead of the number (None: the number is written)."""

    seconds: float
    name: str | None


def module_named_wait(tree: ast.Module) -> NamedWait | None:
    """The longest wait ``tree`` names for its calls (see the module's docstring); its name
    when one constant alone holds it, holds a number (a pair would break ``urlopen``), in
    seconds, and is bound nowhere else in the module (a parameter, an assignment, an import
    of that name: the call might see another value)."""
    if any(facts(tree).imports(library) for library in MILLISECOND_LIBRARIES):
        return None
    constants = wait_constants(tree)
    plain = numeric_constants(tree)
    found: dict[str, tuple[float, bool]] = {}
    for statement in tree.body:
        target, value = _assigned(statement)
        if target is None or value is None or not _is_constant_wait_name(target):
            continue
        seconds = seconds_of(value, constants)
        if seconds is None:
            continue
        in_milliseconds = bool(MILLISECONDS_IN_NAME.search(target))
        if in_milliseconds:
            seconds /= 1000
        if 0 < seconds <= LONGEST_WAIT:
            found[target] = (seconds, not in_milliseconds and number_of(value, plain) is not None)
        else:
            found.pop(target, None)
    if not found:
        return None
    for name in _used_otherwise(tree, set(found)):
        del found[name]
    if not found:
        return None
    longest = max(seconds for seconds, _ in found.values())
    holders = [name for name, (seconds, _) in found.items() if seconds == longest]
    name = holders[0] if len(holders) == 1 and found[holders[0]][1] else None
    if name is not None and not _bound_once(tree, name):
        name = None
    return NamedWait(longest, name)


def longer(named: NamedWait | None, other: Any) -> Any:
    """``named`` where it is at least as long as ``other`` (the seconds the other rules give),
    else ``other``; ``other`` when it is no number (the code configures its waits: any number
    may be shorter than the one configured)."""
    if named is None or isinstance(other, str) or named.seconds < other:
        return other
    return named


def timeout_node(seconds: float | NamedWait, wrapper: Any, calls: list[cst.Call]) -> cst.BaseExpression:
    """The expression to pass as ``timeout=``: the constant's name where the module binds it
    at top level before the top-level statement that holds each of ``calls`` (when a call
    runs, the constant is bound), else the number."""
    if not isinstance(seconds, NamedWait):
        return number_node(seconds)
    if seconds.name is not None:
        body = list(wrapper.module.body)
        where = _binding_statement(body, seconds.name)
        if where is not None and all(_top_level_index(wrapper, body, call) > where for call in calls):
            return cst.Name(seconds.name)
    return number_node(seconds.seconds)


def _is_constant_wait_name(name: str) -> bool:
    return name.isupper() and is_wait_name(name)


def _assigned(statement: ast.stmt) -> tuple[str | None, ast.AST | None]:
    """The name and value of a top-level ``NAME = value`` (or ``NAME: int = value``)."""
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
        return statement.targets[0].id, statement.value
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return statement.target.id, statement.value
    return None, None


def _used_otherwise(tree: ast.Module, names: set[str]) -> set[str]:
    """Those of ``names`` that ``tree`` reads anywhere but in the arguments of an HTTP client
    call (_http_timeout_client_calls.may_be_http) whose answer it reads (see
    _http_timeout_default.unread_calls): given to another call, a parameter's default, a dict
    of options, a config value — the wait of something else."""
    unread = unread_calls(tree)
    allowed = set()
    http = client_calls(tree)
    for node in facts(tree).calls:
        if http.may_be_http(node) and id(node) not in unread:
            for argument in [*node.args, *(keyword.value for keyword in node.keywords)]:
                allowed.update(id(inner) for inner in ast.walk(argument) if isinstance(inner, ast.Name))
    return {
        node.id
        for node in of_kinds(tree, ast.Name)
        if isinstance(node.ctx, ast.Load) and node.id in names and id(node) not in allowed
    }


# what ``_bound_once`` counts the bindings of a name in
_BINDS_NAMES = (
    ast.Name, ast.arg, ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
    ast.ExceptHandler, ast.Global, ast.Nonlocal, ast.MatchAs, ast.MatchStar, ast.MatchMapping,
)


def _bound_once(tree: ast.Module, name: str) -> bool:
    """Whether ``name`` is bound once in all of ``tree``: not also assigned or deleted
    elsewhere, a parameter, imported, defined, caught, matched, declared global or nonlocal;
    no star import (it may bind any name)."""
    count = 0
    for node in of_kinds(tree, _BINDS_NAMES):
        if isinstance(node, ast.Name):
            count += not isinstance(node.ctx, ast.Load) and node.id == name
        elif isinstance(node, ast.arg):
            count += node.arg == name
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name == "*":
                    return False
                count += (alias.asname or alias.name.split(".")[0]) == name
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.ExceptHandler)):
            count += node.name == name
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            count += name in node.names
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)):
            count += node.name == name
        elif isinstance(node, ast.MatchMapping):
            count += node.rest == name
    return count == 1


def _binding_statement(body: list[cst.BaseStatement], name: str) -> int | None:
    """The index of the top-level statement of ``body`` that assigns ``name``."""
    for index, statement in enumerate(body):
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Assign) and any(_names(target.target, name) for target in small.targets):
                    return index
                if isinstance(small, cst.AnnAssign) and _names(small.target, name):
                    return index
    return None


def _names(target: cst.BaseExpression, name: str) -> bool:
    return isinstance(target, cst.Name) and target.value == name


def _top_level_index(wrapper: Any, body: list[cst.BaseStatement], node: cst.CSTNode) -> int:
    """The index in ``body`` of the top-level statement holding ``node`` (-1: not found)."""
    current: cst.CSTNode | None = node
    while current is not None:
        above = parent(wrapper, current)
        if isinstance(above, cst.Module):
            for index, statement in enumerate(body):
                if statement is current:
                    return index
            return -1
        current = above
    return -1

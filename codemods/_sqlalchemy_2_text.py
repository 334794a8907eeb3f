"""sqlalchemy-2: when a string passed to ``execute()`` may become ``text(...)``, and how
``text`` is spelled in the module."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

import libcst as cst
from libcst.metadata import Assignment, ScopeProvider

from ._base import metadata_value
from ._continuation_lines import indented_continuations
from ._flask import dotted_name, string_value
from ._sqlalchemy import STAR_SOURCES

TEXT_FUNCTIONS = ("sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text")
# what text() takes for a bound parameter: a colon, then a word, not part of a "::" cast,
# and not escaped with a backslash
_BIND = re.compile(r"(?<![:\w\\]):(\w+)(?!:)")
# statements SQLAlchemy 1.x committed by itself when run on a connection outside a transaction
_WRITES = re.compile(
    r"\b(insert|update|delete|create|drop|alter|truncate|replace|merge|grant|revoke|commit|begin|call|exec|execute)\b",
    re.IGNORECASE,
)
# str methods that return a str (on a str receiver)
STR_METHODS = frozenset(
    {"format", "format_map", "join", "replace", "strip", "lstrip", "rstrip", "lower", "upper", "title", "casefold",
     "removeprefix", "removesuffix", "expandtabs", "center", "ljust", "rjust", "zfill"}
)
_MAX_DEPTH = 8
CONNECTION_STRING = (
    "SQLAlchemy 2.0 runs only SQL wrapped in text(), and SQLAlchemy 1.x ran a string passed to a connection as "
    "the driver's own SQL: {reason}, so text() could change what runs; conn.exec_driver_sql(...) keeps the "
    "1.x behaviour exactly"
)


@dataclass(frozen=True)
class TextSpelling:
    name: str  # "text", "sa.text", "sqlalchemy.text"
    module: str | None = None  # an import to add: ``from module import imported`` or ``import module``
    imported: str | None = None


def _literal_string(wrapper, node: cst.BaseExpression, depth: int = 0) -> tuple[str | None, bool]:
    """(the value of a string literal, or of a name assigned one string literal once; whether
    it is some other expression that is always a str: an f-string, ``"..." % x``, ``"a" + b``,
    ``"...".format(...)`` and the other str methods that return a str, or a name assigned one
    of these once)."""
    if isinstance(node, cst.FormattedString):
        return None, True
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = string_value(node)
        return value, False
    if depth > _MAX_DEPTH:
        return None, False
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, (cst.Modulo, cst.Add)):
        sides = (node.left,) if isinstance(node.operator, cst.Modulo) else (node.left, node.right)
        return None, any(_is_str(wrapper, side, depth + 1) for side in sides)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in STR_METHODS:
        return None, _is_str(wrapper, node.func.value, depth + 1)
    if isinstance(node, cst.Name):
        scope = metadata_value(wrapper, ScopeProvider, node)
        if scope is None:
            return None, False
        assignments = list(scope[node.value])
        if len(assignments) > 1:  # bound anew or added to (openoversight's `sql += ...` in a loop)
            return None, bindings_reading([_binds_a_str(wrapper, a, depth + 1) for a in assignments]) == BUILT
        if len(assignments) != 1 or not isinstance(assignments[0], Assignment):
            return None, False
        target = assignments[0].node
        statement = assignment_of(wrapper, target)
        if statement is not None:
            return _literal_string(wrapper, statement.value, depth + 1)
    return None, False


SET, ADDED = "set", "added"  # kinds of a binding (``bindings_reading``)
ONCE, BUILT = "once", "built"


def bindings_reading(kinds: Sequence[str | None]) -> str | None:
    """How a name passed to ``execute()`` is read from its bindings in its scope, given each
    binding's kind ("set": ``name = <a str>``; "added": ``name += x``; None: any other): ONCE,
    bound once (that binding's value is read on: a literal the planner may wrap); BUILT, a str
    built at run time (bound more than once, each binding giving a str, one setting it); None,
    nothing known. The planner asks it of the scope's assignments (``_literal_string``), the
    gate of the call's function's bindings (``_sqlalchemy_2_gate.Receivers``)."""
    if len(kinds) == 1:
        return ONCE
    return BUILT if kinds and all(kinds) and SET in kinds else None


def _binds_a_str(wrapper, assignment: object, depth: int) -> str | None:
    """How ``assignment`` (one of a name's several in its scope) gives it a str: "set", the one
    target of ``name = <a str>``; "added", ``name += x``, which makes a str where the name's
    other bindings are str (``str + x`` is one, or raises); None: it may give another value."""
    if not isinstance(assignment, Assignment) or not isinstance(assignment.node, cst.Name):
        return None
    from libcst.metadata import ParentNodeProvider

    owner = metadata_value(wrapper, ParentNodeProvider, assignment.node)
    if isinstance(owner, cst.AugAssign):
        return ADDED if owner.target is assignment.node and isinstance(owner.operator, cst.AddAssign) else None
    statement = assignment_of(wrapper, assignment.node)
    return SET if statement is not None and _is_str(wrapper, statement.value, depth) else None


def is_plain_string(wrapper, node: cst.BaseExpression) -> bool:
    """``node`` is SQL written as a str (a literal, or built from one: see _literal_string)."""
    return _is_str(wrapper, node, 0)


def _is_str(wrapper, node: cst.BaseExpression, depth: int) -> bool:
    value, always_str = _literal_string(wrapper, node, depth)
    return value is not None or always_str


def assignment_of(wrapper, target: cst.CSTNode) -> cst.Assign | None:
    from libcst.metadata import ParentNodeProvider

    owner = metadata_value(wrapper, ParentNodeProvider, target)
    statement = metadata_value(wrapper, ParentNodeProvider, owner) if isinstance(owner, cst.AssignTarget) else None
    if isinstance(statement, cst.Assign) and len(statement.targets) == 1 and statement.targets[0].target is target:
        return statement
    return None


def plain_sql(wrapper, argument: cst.BaseExpression, call: cst.Call, kind: str) -> bool | str | None:
    """True: ``argument`` may be wrapped in ``text()``; a string: why it may not (a finding);
    None: it is not a plain string at all (already ``text()``, a ``select()``, unknown)."""
    value, always_str = _literal_string(wrapper, argument)
    if value is None and not always_str:
        return None
    if kind == "session":
        return True  # Session.execute() always made text() of a string
    parameters = call.args[1:]
    refused = string_refused(value, bool(parameters))
    if refused is not None:
        return refused
    if parameters:
        if len(parameters) > 1 or parameters[0].keyword is not None or parameters[0].star:
            return CONNECTION_STRING.format(reason="its parameters are not one dict")
        assert value is not None  # (string_refused)
        if not _dicts_with_keys(parameters[0].value, set(_BIND.findall(value))):
            return CONNECTION_STRING.format(reason="its parameters are not a dict literal whose keys are its :name placeholders")
    return write_refused(value, kind) or True


def string_refused(value: str | None, parameters: bool) -> str | None:
    """Why a string passed to a connection's ``execute()`` (not a session's) may not become
    ``text(value)`` whatever its parameters are, read off the string alone (``value``: None
    when it is built at run time; ``parameters``: whether the call passes any); None: it may."""
    if value is None:
        return CONNECTION_STRING.format(reason="this string is built at run time")
    if "%" in value:
        return CONNECTION_STRING.format(reason="it contains %, which text() escapes for the driver")
    if "\\:" in value:
        return CONNECTION_STRING.format(reason="it contains \\:, which text() reads as an escaped colon")
    binds = _BIND.findall(value)
    if not parameters and binds:
        return CONNECTION_STRING.format(reason=f"text() would read :{sorted(binds)[0]} as a parameter")
    return None


def write_refused(value: str, kind: str) -> str | None:
    """Why the SQL ``value`` passed to the ``execute()`` of a connection of ``kind`` is not
    wrapped in ``text()`` for it may write (what 1.x committed by itself); None: it may be."""
    if kind == "connection" and _WRITES.search(value):
        return (
            "SQLAlchemy 2.0 runs only SQL wrapped in text(), and this statement may write, which a 2.0 "
            "connection rolls back unless committed: wrap it in text() and call conn.commit(), or run it in "
            "`with engine.begin() as conn:`"
        )
    if kind == "migration-connection" and _WRITES.search(value):
        return (
            "SQLAlchemy 2.0 runs only SQL wrapped in text(): wrap this statement in text() (not done: it may write, "
            "and 2.0 commits it only if migrations/env.py runs migrations in context.begin_transaction(), as "
            "Alembic's templates do)"
        )
    return None


def _dicts_with_keys(node: cst.BaseExpression, binds: set[str]) -> bool:
    """A dict literal (or a list/tuple of them, for many rows) whose keys are string literals
    that are exactly ``binds``."""
    if isinstance(node, (cst.List, cst.Tuple)):
        return bool(node.elements) and all(
            isinstance(e, cst.Element) and _dicts_with_keys(e.value, binds) for e in node.elements
        )
    if not isinstance(node, cst.Dict):
        return False
    keys = set()
    for element in node.elements:
        if not isinstance(element, cst.DictElement):
            return False
        key = string_value(element.key)
        if key is None:
            return False
        keys.add(key)
    return keys == binds


def text_spelling(wrapper, sites: list[cst.CSTNode]) -> TextSpelling | None:
    """How to call ``sqlalchemy.text`` at ``sites``, in the module's own terms first: ``text``
    it imports already, ``sa.text`` through its ``import sqlalchemy as sa`` (no import added);
    else ``text`` (and the import to add), or ``sqlalchemy.text`` (with ``import sqlalchemy``);
    None when every spelling means something else at a site. A name bound in a class body
    (``text = Column(...)``) does not count: the methods where the calls are do not see it."""
    module = wrapper.module
    # a star import may bind ``text`` to anything, except SQLAlchemy's own (its text, or none)
    star = any(
        isinstance(small, cst.ImportFrom)
        and isinstance(small.names, cst.ImportStar)
        and (small.relative or small.module is None or dotted_name(small.module) not in STAR_SOURCES)
        for statement in module.body
        if isinstance(statement, cst.SimpleStatementLine)
        for small in statement.body
    )
    text_free = not star and _means_only(wrapper, "text", sites, _imports_text)
    if text_free and _imported_at_module_level(wrapper, "text"):
        return TextSpelling("text")  # ``from sqlalchemy.sql.expression import text`` is there
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if not isinstance(small, cst.Import):
                continue
            for alias in small.names:
                if isinstance(alias.name, cst.Name) and alias.name.value == "sqlalchemy":
                    bound = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else "sqlalchemy"
                    if _means_only(wrapper, bound, sites, _imports_sqlalchemy):
                        return TextSpelling(f"{bound}.text")
    if text_free:
        return TextSpelling("text", "sqlalchemy", "text")
    if not star and _means_only(wrapper, "sqlalchemy", sites, _imports_sqlalchemy):
        return TextSpelling("sqlalchemy.text", "sqlalchemy", None)
    return None


def _imported_at_module_level(wrapper, name: str) -> bool:
    scope = metadata_value(wrapper, ScopeProvider, wrapper.module)
    return scope is not None and bool(scope.assignments[name])


def _means_only(wrapper, name: str, sites: list[cst.CSTNode], fits) -> bool:
    """At module level and at every site, ``name`` is unbound or bound only by imports that
    ``fits(import, name)`` accepts."""
    scopes = [metadata_value(wrapper, ScopeProvider, wrapper.module)]
    scopes += [metadata_value(wrapper, ScopeProvider, site) for site in sites]
    for scope in scopes:
        if scope is None:
            return False
        for assignment in scope[name]:
            if not fits(getattr(assignment, "node", None), name):
                return False
    return True


def _bound_aliases(statement, name: str) -> list[cst.ImportAlias]:
    return [
        alias
        for alias in statement.names
        if isinstance(alias.asname.name if alias.asname else alias.name, cst.Name)
        and (alias.asname.name if alias.asname else alias.name).value == name
    ]


def _imports_text(node, name: str) -> bool:
    """``from sqlalchemy import text`` (or another home of text) binding ``name``."""
    if not isinstance(node, cst.ImportFrom) or node.relative or node.module is None or isinstance(node.names, cst.ImportStar):
        return False
    source = dotted_name(node.module)
    return all(f"{source}.{dotted_name(alias.name)}" in TEXT_FUNCTIONS for alias in _bound_aliases(node, name))


def _imports_sqlalchemy(node, name: str) -> bool:
    """``import sqlalchemy`` (``as name``) binding ``name``."""
    if not isinstance(node, cst.Import):
        return False
    return all(dotted_name(alias.name) == "sqlalchemy" for alias in _bound_aliases(node, name))


def wrap_in_text(argument: cst.BaseExpression, spelling: str, indent: str = "    ", own_line: bool = True) -> cst.Call:
    """``text(argument)``; parentheses around the argument become the call's own. A string
    continued over several lines that starts on a line of its own (``own_line``) moves one
    indent in, between ``text(`` and ``)`` on lines of their own; any other argument that
    continues over several lines keeps its layout: its continuation lines move right by the
    width of ``text(``, so they stay aligned with its first line."""
    lpar, rpar = list(argument.lpar), list(argument.rpar)
    before_args: cst.BaseParenthesizableWhitespace = cst.SimpleWhitespace("")
    after_arg: cst.BaseParenthesizableWhitespace = cst.SimpleWhitespace("")
    if lpar and rpar:
        before_args = lpar[0].whitespace_after
        after_arg = rpar[-1].whitespace_before
        argument = argument.with_changes(lpar=lpar[1:], rpar=rpar[:-1])
        width = len(spelling)  # its "(" was there already
    else:
        continued = _indented_deeper(argument, indent) if own_line and isinstance(argument, cst.ConcatenatedString) else None
        if continued is not None:
            argument, own, deeper = continued
            return _text_call(spelling, argument, _line_break(deeper), _line_break(own))
        width = len(spelling) + 1
    if not isinstance(before_args, cst.ParenthesizedWhitespace):
        argument = indented_continuations(argument, " " * width)
    return _text_call(spelling, argument, before_args, after_arg)


def _text_call(spelling, argument, before_args, after_arg) -> cst.Call:
    return cst.Call(
        func=cst.parse_expression(spelling),
        args=[cst.Arg(argument, whitespace_after_arg=after_arg)],
        whitespace_before_args=before_args,
    )


def _line_break(indent: str) -> cst.ParenthesizedWhitespace:
    return cst.ParenthesizedWhitespace(indent=True, last_line=cst.SimpleWhitespace(indent))


def _indented_deeper(node: cst.ConcatenatedString, indent: str) -> tuple[cst.ConcatenatedString, str, str] | None:
    """``node`` with every line break between its parts one indent deeper, the indent its
    lines had and the new one; None unless each part starts a line at the same indent."""
    breaks = []
    part: cst.BaseExpression = node
    while isinstance(part, cst.ConcatenatedString):
        breaks.append(part.whitespace_between)
        part = part.right
    if not all(isinstance(b, cst.ParenthesizedWhitespace) and b.indent for b in breaks):
        return None
    own = {b.last_line.value for b in breaks}  # type: ignore[union-attr]
    if len(own) != 1:
        return None
    old = own.pop()
    deeper = old + indent

    def deepen(concatenation: cst.ConcatenatedString) -> cst.ConcatenatedString:
        right = concatenation.right
        space = concatenation.whitespace_between
        assert isinstance(space, cst.ParenthesizedWhitespace)
        return concatenation.with_changes(
            whitespace_between=space.with_changes(last_line=cst.SimpleWhitespace(deeper)),
            right=deepen(right) if isinstance(right, cst.ConcatenatedString) else right,
        )

    return deepen(node), old, deeper

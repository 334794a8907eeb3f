"""Where a module's imports of libraries wait for setup code: the group a new one joins.

A module may run code between its first imports and the rest on purpose: warnings filters
that "have to be suppressed before the first import" (Blender Cloud's Pillar), a
``sys.path.insert`` the next imports need, ``eventlet.monkey_patch()``, an environment entry
a library reads as it loads. Its imports of libraries then come after that code, and a new
import of a library belongs with them, not above the code they wait for (where the library
may not even be importable yet). ``_imports`` asks ``later_group`` when the module's leading
import section has no group of the new line's kind.

That code is setup only while it binds no name (expression statements, assignments to an
attribute or an entry: ``os.environ["X"] = "1"``); a ``def``, a ``class`` or ``log = ...``
means the module's own code has begun, and an import after it is a late one (a package's
``from . import views`` at the bottom), no place for a new import. Nor is a group below code
that reads the name the new import binds (a ``load_dotenv()`` a codemod put there): the
import must stay above its use.
"""

from __future__ import annotations

from typing import Callable, Sequence

import libcst as cst


def later_group(
    body: Sequence[cst.BaseStatement],
    end: int,
    bound: str,
    is_import_line: Callable[[cst.CSTNode], bool],
    of_its_kind: Callable[[cst.SimpleStatementLine], bool],
) -> list[int] | None:
    """The indexes of the first run of import lines after ``body[end]`` (the statement that
    ends the leading import section) most of whose lines are of the new line's kind
    (``of_its_kind``), when only setup code (see the module's docstring) and other import
    lines lie between, none reading ``bound``; None otherwise."""
    index, setup = end, False
    while index < len(body):
        statement = body[index]
        if is_import_line(statement):
            group = [index]
            while index + 1 < len(body) and is_import_line(body[index + 1]) and not _set_off(body[index + 1]):
                index += 1
                group.append(index)
            if setup and sum(of_its_kind(body[i]) for i in group) * 2 > len(group):
                return group
        elif _setup(statement) and not _reads(statement, bound):
            setup = True
        else:
            return None
        index += 1
    return None


def _set_off(statement: cst.BaseStatement) -> bool:
    """A blank or comment line above ``statement``: it starts a group of its own."""
    return bool(statement.leading_lines)


def _setup(statement: cst.BaseStatement) -> bool:
    """A line that only acts: calls, and stores into attributes and entries."""
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    for small in statement.body:
        if isinstance(small, cst.Expr):
            continue
        if isinstance(small, cst.Assign) and all(isinstance(t.target, (cst.Attribute, cst.Subscript)) for t in small.targets):
            continue
        if isinstance(small, cst.AugAssign) and isinstance(small.target, (cst.Attribute, cst.Subscript)):
            continue
        return False
    return True


class _Reads(cst.CSTVisitor):
    def __init__(self, name: str) -> None:
        self.name = name
        self.found = False

    def visit_Name(self, node: cst.Name) -> None:
        if node.value == self.name:
            self.found = True


def _reads(statement: cst.BaseStatement, name: str) -> bool:
    visitor = _Reads(name)
    statement.visit(visitor)
    return visitor.found

"""Adding imports once, where a careful human would put them.

An import that is already there (same module, same name, no alias) is not repeated. A new
``from M import name`` joins an existing one-line ``from M import …``. A line that takes the
place of part of another import (a name moved out of ``from flask import …``) goes beside
that import, in its group, however far down the module it is. Otherwise the new line
goes into the module's leading import section (below its docstring, ``__future__`` imports
and literal dunders such as ``__all__``, as PEP 8 orders them), into the group of its kind
(standard library, or everything else), at its alphabetical place when that group is sorted
(where the project's import sorter puts straight imports first, among the lines of its own
form), else at the group's end; when the section has no group of that kind, a
standard-library import starts the section and any other joins the module's first group of
libraries below the setup code they wait for (``_imports_after_setup``: warnings filters, a
``sys.path`` edit), else follows the last import. Only the module's top-level statements are scanned, so
this costs next to nothing on large files.
"""

from __future__ import annotations

import re

from sys import stdlib_module_names
from typing import Iterable, Mapping, Sequence

import libcst as cst

from ._import_names_order import place_of
from ._import_style import place_of_its_form
from ._imports_after_setup import later_group
from ._names import dotted_name

STDLIB = frozenset(stdlib_module_names) | {"__future__"}


def _is_import_line(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, (cst.Import, cst.ImportFrom)) for small in statement.body
    )


def _line_module(statement: cst.SimpleStatementLine) -> tuple[str, bool]:
    """(sort key, is standard library) of an import line."""
    small = statement.body[0]
    if isinstance(small, cst.ImportFrom):
        if small.relative:
            return "." * len(small.relative) + (dotted_name(small.module) or ""), False
        name = dotted_name(small.module) or ""
    else:
        assert isinstance(small, cst.Import)
        name = dotted_name(small.names[0].name) or ""
    return name, name.split(".")[0] in STDLIB


def _section(body: Sequence[cst.BaseStatement]) -> tuple[int, int]:
    """[start, end) of the leading import section (docstring and __future__ excluded, and the
    strings after them: a licence or notes kept as a bare string before the imports, and the
    module-level dunders PEP 8 puts above the imports: ``__all__``, ``__version__``, each a
    literal)."""
    start = 1 if body and is_docstring_line(body[0]) else 0
    while start < len(body) and _is_import_line(body[start]) and _line_module(body[start])[0] == "__future__":
        start += 1
    while start < len(body) and (is_docstring_line(body[start]) or _is_literal_dunder(body[start])):
        start += 1
    end = start
    while end < len(body) and _is_import_line(body[end]):
        end += 1
    return start, end


def _is_literal_dunder(statement: cst.CSTNode) -> bool:
    """A line assigning a literal to module-level dunders only (``__all__ = ("App",)``,
    ``__version__ = "1.2"``): one that reads a name (``pkg_resources.get_distribution(...)``)
    needs the imports above it."""
    if not isinstance(statement, cst.SimpleStatementLine) or not statement.body:
        return False
    for small in statement.body:
        if isinstance(small, cst.Assign):
            targets, value = [t.target for t in small.targets], small.value
        elif isinstance(small, cst.AnnAssign) and small.value is not None:
            targets, value = [small.target], small.value
        else:
            return False
        if not all(isinstance(t, cst.Name) and len(t.value) > 4 and t.value.startswith("__") and t.value.endswith("__") for t in targets):
            return False
        if not _literal(value):
            return False
    return True


def _literal(node: cst.BaseExpression) -> bool:
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.Integer, cst.Float)):
        return True
    if isinstance(node, (cst.Tuple, cst.List, cst.Set)):
        return all(_literal(element.value) for element in node.elements if isinstance(element, cst.Element))
    if isinstance(node, cst.Name):
        return node.value in ("True", "False", "None")
    return False


def is_docstring_line(statement: cst.CSTNode) -> bool:
    """Whether ``statement`` is a line holding only a string (a docstring where it comes first,
    a licence or notes kept as a string after it)."""
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def _already_imported(body: Sequence[cst.BaseStatement], module_name: str, obj: str | None) -> bool:
    for statement in body:
        if not _is_import_line(statement):
            continue
        for small in statement.body:
            if obj is None and isinstance(small, cst.Import):
                if any(dotted_name(a.name) == module_name and a.asname is None for a in small.names):
                    return True
            if obj is not None and isinstance(small, cst.ImportFrom):
                if _spelled(small) != module_name:
                    continue
                if isinstance(small.names, cst.ImportStar):
                    return True
                if any(dotted_name(a.name) == obj and a.asname is None for a in small.names):
                    return True
    return False


def _spelled(statement: cst.ImportFrom) -> str:
    """The module of a ``from … import`` as written: ``.extensions``, ``flask``."""
    return "." * len(statement.relative) + (dotted_name(statement.module) or "")


def joins_existing(module: cst.Module, module_name: str) -> bool:
    """Whether a new ``from module_name import name`` would join an existing one-line import
    of that module (``add_imports``): a codemod moving a name there adds it with
    ``NodeEdits.add_import`` then, instead of writing a second line for the same module."""
    return any(_joinable(statement, module_name) for statement in module.body)


def _joinable(statement: cst.CSTNode, module_name: str) -> bool:
    if not _is_import_line(statement) or len(statement.body) != 1:  # type: ignore[attr-defined]
        return False
    small = statement.body[0]  # type: ignore[attr-defined]
    return (
        isinstance(small, cst.ImportFrom)
        and _spelled(small) == module_name
        and not isinstance(small.names, cst.ImportStar)
        and small.lpar is None
    )


def _join_existing(body: list[cst.BaseStatement], module_name: str, obj: str) -> bool:
    """Add ``obj`` to a one-line ``from module_name import …``; True when done."""
    for i, statement in enumerate(body):
        if _joinable(statement, module_name):
            assert isinstance(statement, cst.SimpleStatementLine)
            small = statement.body[0]
            assert isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar)
            names = list(small.names)
            at = place_of(names, obj)  # the line's own order
            comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            if at == len(names):
                names[-1] = names[-1].with_changes(comma=comma)
                names.append(cst.ImportAlias(name=cst.Name(obj)))
            else:
                names.insert(at, cst.ImportAlias(name=cst.Name(obj), comma=comma))
            body[i] = statement.with_changes(body=[small.with_changes(names=names)])
            return True
    return False


def import_line(module_name: str, obj: str | None = None, asname: str | None = None) -> cst.SimpleStatementLine:
    """``import module_name [as asname]``, or ``from module_name import obj [as asname]``."""
    if obj is None:
        code = f"import {module_name}" + (f" as {asname}" if asname and asname != module_name else "")
    else:
        code = f"from {module_name} import {obj}" + (f" as {asname}" if asname and asname != obj else "")
    statement = cst.parse_statement(code)
    assert isinstance(statement, cst.SimpleStatementLine)
    return statement


def split_comments(lines: Sequence[cst.EmptyLine]) -> tuple[list[cst.EmptyLine], list[cst.EmptyLine]]:
    """A statement's leading lines → (those that go above a line inserted before it, the
    comment lines right above it, which document it and stay with it)."""
    lines = list(lines)
    cut = len(lines)
    while cut and lines[cut - 1].comment is not None:
        cut -= 1
    return lines[:cut], lines[cut:]


def _take_over(line: cst.SimpleStatementLine, following: cst.BaseStatement, blank: bool = False):
    """``line`` inserted right before ``following``: it takes the blank lines and comments
    above ``following``, except the comments that document ``following``."""
    above, attached = split_comments(following.leading_lines)
    if blank and not attached:
        attached = [cst.EmptyLine()]
    elif blank:
        attached = [cst.EmptyLine(), *attached]
    return line.with_changes(leading_lines=above), following.with_changes(leading_lines=attached)


def _group_of(body: Sequence[cst.BaseStatement], module_name: str) -> tuple[list[int], int] | None:
    """The run of import lines (no blank or comment line between them) holding the first
    module-level ``from module_name import ...``, with that line's index; None when the module
    has none."""
    for index, statement in enumerate(body):
        if _is_import_line(statement) and any(
            isinstance(small, cst.ImportFrom) and _spelled(small) == module_name for small in statement.body
        ):
            first = index
            while first > 0 and not body[first].leading_lines and _is_import_line(body[first - 1]):
                first -= 1
            last = index
            while last + 1 < len(body) and _is_import_line(body[last + 1]) and not body[last + 1].leading_lines:
                last += 1
            return list(range(first, last + 1)), index
    return None


def _insert(
    body: list[cst.BaseStatement],
    module_name: str,
    obj: str | None,
    beside: str | None = None,
    placed: int = 0,
    straight_first: bool = False,
) -> bool:
    """Insert the import line; True when it went beside ``beside``'s line (after the ``placed``
    lines put there before it, in their order)."""
    line = import_line(module_name, obj)
    group = _group_of(body, beside) if beside is not None else None
    if group is not None:  # beside the import it came from, in that line's group
        _insert_in_group(body, group[0], line, module_name, min(group[1] + 1 + placed, group[0][-1] + 1), straight_first)
        return True
    key, stdlib = module_name, module_name.split(".")[0] in STDLIB
    start, end = _section(body)
    if start == end:  # no import section: the new import opens the module's code
        first = body[start] if start < len(body) else None
        if first is not None and start == 0:
            # keep the module's leading comments above the import, and the comments that
            # document the first statement with it; a module does not start with a blank
            # line: those before the first comment stay with the statement
            lines = list(first.leading_lines)
            lead = next((i for i, empty in enumerate(lines) if empty.comment is not None), len(lines))
            above, attached = split_comments(lines[lead:])
            line = line.with_changes(leading_lines=above)
            body[start] = first.with_changes(leading_lines=[*lines[:lead], *attached])
        elif start > 0 and _is_literal_dunder(body[start - 1]):  # set off from the dunders above
            line = line.with_changes(leading_lines=[cst.EmptyLine()])
        body.insert(start, line)
        if start + 1 < len(body) and not body[start + 1].leading_lines:
            body[start + 1] = body[start + 1].with_changes(leading_lines=[cst.EmptyLine()])
        return False
    # groups: runs of import lines separated by blank lines
    groups: list[list[int]] = []
    for i in range(start, end):
        if not groups or any(isinstance(l, cst.EmptyLine) for l in body[i].leading_lines) and i != start:
            groups.append([i])
        else:
            groups[-1].append(i)
    same_kind = [g for g in groups if sum(_line_module(body[i])[1] == stdlib for i in g) * 2 > len(g)]
    if not same_kind:
        if stdlib:  # the standard library comes first
            position = start
            line, body[start] = _take_over(line, body[start], blank=True)
        else:
            bound = obj if obj is not None else module_name.split(".")[0]
            later = later_group(body, end, bound, _is_import_line, lambda s: not _line_module(s)[1])
            if later is not None:  # the module's libraries come after setup code: join them
                _insert_in_group(body, later, line, key, later[-1] + 1, straight_first)
                return False
            position = end
            line = line.with_changes(leading_lines=[cst.EmptyLine()])
        body.insert(position, line)
        return False
    _insert_in_group(body, same_kind[0], line, key, same_kind[0][-1] + 1, straight_first)
    return False


def _insert_in_group(
    body: list[cst.BaseStatement],
    group: list[int],
    line: cst.SimpleStatementLine,
    key: str,
    unsorted_at: int,
    straight_first: bool = False,
) -> None:
    """Insert ``line`` (of module ``key``) into the run of import lines ``group`` (indexes of
    ``body``): at its sorted place when the group is sorted, else at ``unsorted_at``. With
    ``straight_first`` (the project's import sorter puts ``import x`` before ``from x import
    y``: ``_import_style``), a group sorted that way gets the line at its place among the
    lines of its form."""
    keys = [_line_module(body[i])[0].lower() for i in group]
    position = place_of_its_form(body, group, keys, line, key) if straight_first else None
    if position is None:
        if keys == sorted(keys):
            position = next((i for i, k in zip(group, keys) if k > key.lower()), group[-1] + 1)
        else:
            position = unsorted_at
    if position == group[0]:  # becomes the group's first line: take over its leading lines
        line, body[position] = _take_over(line, body[position])
    elif position < len(body) and position <= group[-1]:  # between two lines: comments stay with theirs
        line, body[position] = _take_over(line, body[position])
    body.insert(position, line)


def add_imports(
    module: cst.Module,
    imports: Iterable[tuple[str, str | None]],
    beside: Mapping[tuple[str, str | None], str] | None = None,
    *,
    straight_first: bool = False,
) -> cst.Module:
    """``imports``: (module, None) for ``import module``; (module, name) for ``from module
    import name`` (``module`` may be relative: ``.extensions``). Imports that are already there
    are not repeated; a name joins a one-line import of its module where there is one, in the
    line's own order (_import_names_order). A new
    line goes where a maintainer would put it: ``beside`` maps an import to the module of the
    import it came from (``Markup`` moved out of ``from flask import ...``), whose group it
    joins (at its sorted place when the group is sorted, else right after that line); any
    other goes to the first group of its kind (standard library or not). ``straight_first``:
    the project's import sorter puts ``import x`` lines before ``from x import y`` lines
    (``_import_style.straight_imports_first``), and a group sorted so keeps that order."""
    body = list(module.body)
    header = list(module.header)
    if body:
        # doc comments at the end of the header (``#:``, or set off from the rest by a blank
        # line) document the first statement: as its own leading lines (the same text), they
        # stay with it when a line is inserted before it
        above, attached = split_comments(header)
        if attached and (above or all(line.comment.value.startswith("#:") for line in attached) or _labels(attached, body[0])):
            body[0] = body[0].with_changes(leading_lines=[*attached, *body[0].leading_lines])
            header = above
    changed = False
    placed: dict[str, int] = {}  # how many lines went beside each import so far
    for module_name, obj in imports:
        if _already_imported(body, module_name, obj):
            continue
        if obj is None or not _join_existing(body, module_name, obj):
            anchor = (beside or {}).get((module_name, obj))
            if _insert(body, module_name, obj, anchor, placed.get(anchor, 0), straight_first) and anchor is not None:
                placed[anchor] = placed.get(anchor, 0) + 1
        changed = True
    return module.with_changes(body=body, header=header) if changed else module


_FILE_HEADER = re.compile(r"^#!|coding[:=]|copyright|licen[cs]e|spdx|\(c\)|author", re.IGNORECASE)


def _labels(comments: Sequence[cst.EmptyLine], first: cst.BaseStatement) -> bool:
    """A module's only header lines, comments right above its first statement (no blank line
    between), label that statement (timetrack's ``# MYSQL`` above its MySQL settings), unless
    the statement is an import (the new one joins it, under the comment) or a line is what a
    file starts with (a shebang, an encoding line, a licence or author line)."""
    if isinstance(first, cst.SimpleStatementLine) and isinstance(first.body[0], (cst.Import, cst.ImportFrom, cst.Expr)):
        return False
    return not any(_FILE_HEADER.search(line.comment.value) for line in comments if line.comment is not None)


def module_binds(module: cst.Module, name: str) -> bool:
    """True when a top-level statement binds ``name`` other than by importing it from the
    stdlib module of that name (``os = ...``, ``def os``, ``from x import os``)."""
    for statement in module.body:
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)) and statement.name.value == name:
            return True
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Assign) and any(
                    isinstance(t.target, cst.Name) and t.target.value == name for t in small.targets
                ):
                    return True
                if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                    for alias in small.names:
                        bound = alias.asname.name if alias.asname else alias.name
                        if isinstance(bound, cst.Name) and bound.value == name:
                            return True
                if isinstance(small, cst.Import):
                    for alias in small.names:
                        if alias.asname and isinstance(alias.asname.name, cst.Name) and alias.asname.name.value == name:
                            return True
    return False

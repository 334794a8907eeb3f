"""flask-login-properties: the project's own classes that still define Flask-Login's user
flags as plain methods (an old-style user model written before Flask-Login 0.3).

Where one exists, ``current_user`` may be an instance of it: ``current_user.is_active()``
calls that method and works, and ``current_user.is_active`` without the call is a bound
method, always true. Such a project must turn the method into a property first.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Iterable

from ._base import Context
from ._project_answers import remembered

FLAGS = ("is_authenticated", "is_active", "is_anonymous")
# a flag defined in a class body: ``def is_active(self)`` or ``is_active = lambda self: ...``
_DEFINES_A_FLAG = re.compile(r"^[ \t]+(?:(?:async[ \t]+)?def[ \t]+)?(is_authenticated|is_active|is_anonymous)\b[ \t]*(?:\(|:|=(?!=))", re.M)


_PROPERTY_PARTS = ("getter", "setter", "deleter", "expression")


@dataclass(frozen=True)
class PlainFlag:
    """``cls.name`` in ``path`` (root-relative; ``""``: the transformed module) is a method."""

    path: str
    cls: str
    name: str

    def where(self) -> str:
        return f"{self.cls}.{self.name} ({self.path or 'this module'})"


def plain_flags(tree: ast.Module) -> Iterable[tuple[str, str]]:
    """(class, flag) for each flag a class of ``tree`` defines as a function that is no
    property (no decorator, or one that is not ``property``/``cached_property`` or a part of
    one, ``@is_active.setter``), or binds to a function (a lambda, a name, an attribute)."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        for statement in node.body:
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and statement.name in FLAGS:
                if not any(_is_property(d) for d in statement.decorator_list):
                    yield node.name, statement.name
            elif isinstance(statement, (ast.Assign, ast.AnnAssign)):
                # is_active = lambda self: True, is_active = some_function: callables too
                targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                names = [t.id for t in targets if isinstance(t, ast.Name) and t.id in FLAGS]
                if names and isinstance(statement.value, (ast.Lambda, ast.Name, ast.Attribute)):
                    yield node.name, names[0]


def _is_property(decorator: ast.expr) -> bool:
    while isinstance(decorator, ast.Call):
        decorator = decorator.func
    if isinstance(decorator, ast.Attribute) and decorator.attr in _PROPERTY_PARTS and getattr(decorator.value, "id", "") in FLAGS:
        return True  # @is_active.setter: one more part of a property
    name = decorator.attr if isinstance(decorator, ast.Attribute) else getattr(decorator, "id", "")
    return name in ("property", "cached_property", "hybrid_property")


def first_plain_flag(ctx: Context, source: str) -> PlainFlag | None:
    """The first class of the project (this module first, then every other Python module
    of its listing) with a flag that is a plain method; None when there is none. A module
    that does not parse but spells such a ``def`` counts as one."""
    found = _in_text(source, "")
    if found is not None:
        return found
    # the project's modules as saved (this one's saved text has what ``source`` has): one scan
    # per project, not one per module that calls a flag
    return remembered(ctx, "flask-login-properties: a flag defined as a plain method", _first_in_project)


def _first_in_project(reader) -> PlainFlag | None:
    listing = reader.project_files()
    if listing is None:
        return None
    for path in listing.files:
        text = reader.read_file(listing.relative(path))
        if text:
            found = _in_text(text, path)
            if found is not None:
                return found
    return None


def _in_text(text: str, path: str) -> PlainFlag | None:
    match = _DEFINES_A_FLAG.search(text)
    if match is None:
        return None
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return PlainFlag(path, "a class", match.group(1))
    for cls, name in plain_flags(tree):
        return PlainFlag(path, cls, name)
    return None

"""upload-limit: the request sizes the code already allows, read on the standard library's AST.

A size the code **enforces**: a number a comparison holds against a request's content length,
a length or a size (``request.content_length > 256 * 1024 * 1024``, ``if size > MAX_SIZE``).
A size the code **names**: a constant, config key or keyword whose name says it is the limit of
something uploaded (``MAX_BACKUP_SIZE = 256 * 1024 * 1024``, ``app.config["UPLOAD_MAX_BYTES"]``,
``MAX_UPLOAD_MB = 500``). Numbers are read from literal arithmetic (``256 * 1024 ** 2``,
``1 << 28``), module constants, ``int(...)`` and the default of ``os.environ.get(..., default)``;
a unit in the name (``_MB``, ``_KB``, ``_GB``) scales them. A limit set below any of these would
refuse what the code means to accept.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from ._ast_numbers import number_of, numeric_constants
from ._names import target_name

# the name of a size limit: max/limit and size/length/bytes, about something uploaded
_LIMIT_WORDS = re.compile(r"(?i)(max|limit)")
_SIZE_WORDS = re.compile(r"(?i)(size|length|len|bytes|mb|kb|gb)")
_UPLOAD_WORDS = re.compile(
    r"(?i)(upload|file|content|body|request|attachment|import|backup|restore|image|avatar|photo|picture|"
    r"media|document|payload|archive|dump)"
)
_UNITS = (
    (re.compile(r"(?i)(^|_)(gb|gib)($|_)"), 1024**3),
    (re.compile(r"(?i)(^|_)(mb|mib|megabytes?)($|_)"), 1024**2),
    (re.compile(r"(?i)(^|_)(kb|kib|kilobytes?)($|_)"), 1024),
)
# what a comparison against a request's size reads
_MEASURES = re.compile(r"(?i)(content_length|size|length|tell|bytes|len)")
# the text of a module that may hold such a size (a cheap test before parsing)
MAY_HOLD_SIZE = re.compile(r"(?i)size|length|bytes|\.tell\(|len\(|(max|limit)\w*(mb|kb|gb)|(mb|kb|gb)\w*(max|limit)")


@dataclass(frozen=True)
class AllowedSize:
    """A request size the code allows, and where it says so."""

    size: int | None  # None: a request's content length is compared with what the code cannot read
    line: int
    what: str  # "MAX_BACKUP_SIZE", or "a size this code compares with"


def allowed_sizes(tree: ast.Module, key: str) -> list[AllowedSize]:
    """Every size ``tree`` enforces or names as an upload limit (``key`` itself, the config key
    the codemod would set, excluded: it is a setting, not a size the code allows)."""
    constants = numeric_constants(tree)
    found: list[AllowedSize] = []
    for node in ast.walk(tree):
        kind = type(node)
        if kind is ast.Compare:
            found.extend(_compared(node, constants, key))  # type: ignore[arg-type]
        elif kind in (ast.Assign, ast.AnnAssign):
            value = node.value  # type: ignore[attr-defined]
            targets = node.targets if kind is ast.Assign else [node.target]  # type: ignore[attr-defined]
            for target in targets:
                name = target_name(target)
                if name and name != key and _names_a_limit(name) and value is not None:
                    size = _number(value, constants)
                    if size is not None:
                        found.append(AllowedSize(_scaled(name, size), node.lineno, name))
        elif kind is ast.keyword:
            name = node.arg  # type: ignore[attr-defined]
            if name and name != key and name.isupper() and _names_a_limit(name):
                size = _number(node.value, constants)  # type: ignore[attr-defined]
                if size is not None:
                    found.append(AllowedSize(_scaled(name, size), node.value.lineno, name))  # type: ignore[attr-defined]
    return found


def _names_a_limit(name: str) -> bool:
    return bool(_LIMIT_WORDS.search(name) and _SIZE_WORDS.search(name) and _UPLOAD_WORDS.search(name))


def _scaled(name: str, size: int) -> int:
    for unit, factor in _UNITS:
        if unit.search(name):
            return size * factor
    return size


def _compared(node: ast.Compare, constants: dict[str, float], key: str) -> list[AllowedSize]:
    """The numbers a comparison of a request's size holds: ``x.content_length > N``,
    ``len(data) >= N``, ``size < N``; a content length compared with something that cannot
    be read here gives a size of None."""
    operands = [node.left, *node.comparators]
    if not all(isinstance(op, (ast.Gt, ast.GtE, ast.Lt, ast.LtE)) for op in node.ops):
        return []
    if not any(_measures(operand) for operand in operands):
        return []
    content_length = any(
        isinstance(part, ast.Attribute) and part.attr == "content_length" for operand in operands for part in ast.walk(operand)
    )
    found = []
    for operand in operands:
        if _measures(operand):
            continue
        size = _number(operand, constants)
        what = operand.id if isinstance(operand, ast.Name) else "a size this code compares with"
        if size is not None:
            found.append(AllowedSize(size, node.lineno, what))
        elif content_length and not _mentions(operand, key):
            found.append(AllowedSize(None, node.lineno, "a content length this code compares with"))
    return found


def _mentions(node: ast.AST, key: str) -> bool:
    return any(
        (isinstance(part, ast.Constant) and part.value == key) or (isinstance(part, ast.Name) and part.id == key)
        or (isinstance(part, ast.Attribute) and part.attr.upper() == key)
        for part in ast.walk(node)
    )


def _measures(node: ast.AST) -> bool:
    """An expression that reads a size: ``request.content_length``, ``len(x)``, ``f.tell()``,
    a name with size or length in it (not a constant: those are the limits)."""
    for part in ast.walk(node):
        if isinstance(part, ast.Attribute) and _MEASURES.search(part.attr):
            return True
        if isinstance(part, ast.Name) and _MEASURES.search(part.id) and not part.id.isupper():
            return True
    return False


def _number(node: ast.AST, constants: dict[str, float]) -> int | None:
    value = number_of(node, constants)
    return int(value) if value is not None else None

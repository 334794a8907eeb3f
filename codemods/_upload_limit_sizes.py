"""upload-limit: the request sizes the code already allows, read on the standard library's AST.

A size the code **enforces**: a number a comparison holds against a request's content length,
a length or a size (``request.content_length > 256 * 1024 * 1024``, ``if size > MAX_SIZE``).
A size the code **names**: a constant, config key or keyword whose name says it is the limit of
something uploaded (``MAX_BACKUP_SIZE = 256 * 1024 * 1024``, ``app.config["UPLOAD_MAX_BYTES"]``,
``MAX_UPLOAD_MB = 500``). Numbers are read from literal arithmetic (``256 * 1024 ** 2``,
``1 << 28``), module constants, ``int(...)`` and the default of ``os.environ.get(..., default)``;
a unit in the name (``_MB``, ``_KB``, ``_GB``) scales them. A limit set below any of these would
refuse what the code means to accept.

An upload the code **weighs**: a view that reads ``request.files`` and puts the size of what it
was sent (``os.path.getsize(...)``, ``.st_size``, a stream's ``.tell()``, ``.content_length``,
or a local bound to one of them) into arithmetic with anything but a literal number
(``getsize(path) / char_limit``, ``used += size``) charges large uploads by a measure of its
own instead of refusing them; no fixed size can be read from it (a size of None). A literal
operand is a unit conversion (``getsize(path) / 1024``) and weighs nothing.
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

    size: int | None  # None: the code bounds or weighs a request's size by what it cannot read
    line: int
    what: str  # "MAX_BACKUP_SIZE", "a size this code compares with"; for None, what the code does there
    advice: str = "no lower than that limit"  # for None: what the limit set by hand must respect


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
            found.append(
                AllowedSize(None, node.lineno, "compares a request's content length with a limit this codemod cannot read")
            )
    return found


def weighed_uploads(tree: ast.Module) -> list[AllowedSize]:
    """Every place a view that reads ``request.files`` puts an upload's measured size into
    arithmetic with something other than a literal number (see the module docstring)."""
    found: list[AllowedSize] = []
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) or not _reads_files(function):
            continue
        sizes = {
            target.id
            for node in ast.walk(function)
            if isinstance(node, ast.Assign) and _size_of_upload(node.value)
            for target in node.targets
            if isinstance(target, ast.Name)
        }

        def measured(node: ast.AST) -> bool:
            return _size_of_upload(node) or (isinstance(node, ast.Name) and node.id in sizes)

        for node in ast.walk(function):
            if isinstance(node, ast.BinOp):
                pairs = ((node.left, node.right), (node.right, node.left))
            elif isinstance(node, ast.AugAssign):
                pairs = ((node.value, node.target),)
            else:
                continue
            if any(measured(size) and not _literal(other) for size, other in pairs):
                found.append(
                    AllowedSize(
                        None,
                        node.lineno,
                        "weighs an upload by its size with a value this codemod cannot read (a cost or quota "
                        "of the app's own, not a limit)",
                        "above the largest upload the app means to take",
                    )
                )
                break
    return found


def _reads_files(function: ast.AST) -> bool:
    return any(
        isinstance(node, ast.Attribute) and node.attr == "files" and _request(node.value) for node in ast.walk(function)
    )


def _request(node: ast.AST) -> bool:
    return (isinstance(node, ast.Name) and node.id == "request") or (isinstance(node, ast.Attribute) and node.attr == "request")


def _size_of_upload(node: ast.AST) -> bool:
    """``os.path.getsize(p)``, ``os.stat(p).st_size``, ``stream.tell()``, ``x.content_length``."""
    if isinstance(node, ast.Attribute):
        return node.attr in ("st_size", "content_length")
    if isinstance(node, ast.Call):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
        return name == "getsize" or (name == "tell" and isinstance(func, ast.Attribute) and not node.args)
    return False


def _literal(node: ast.AST) -> bool:
    """A number spelled with literals only (``1024``, ``1024 * 1024``): a unit, not a setting."""
    return all(isinstance(part, (ast.Constant, ast.BinOp, ast.UnaryOp, ast.operator, ast.unaryop)) for part in ast.walk(node)) and (
        number_of(node) is not None
    )


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

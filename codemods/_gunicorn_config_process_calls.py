"""Calls in Python code that start another program, and the command each gives it, read as
text as far as it can be read.

A program is started by ``os.system(...)``, ``os.popen(...)``, ``os.exec*``/``os.spawn*``,
``subprocess``'s functions and ``Popen`` (however imported), ``asyncio``'s
``create_subprocess_*``. Its command is the call's first argument (or ``args=``): a string,
which a shell reads, or a list of words. The *literal text* of a command is what its source
spells: the constants of a string, of a ``%``-format, ``.format()``, f-string or ``+``
concatenation, of ``" ".join([...])``, the words of a list (quoted as a shell would need
them), a name assigned one of those in the same function; what is only known at run time (a
parameter, a call's result) stands as ``UNREAD``, and the text is then not *whole*.
"""

from __future__ import annotations

import ast
import re
import shlex
from dataclasses import dataclass
from typing import Iterator

from ._ast_nodes import last_name

# what stands for a part of a command known only at run time
UNREAD = "${UNREAD}"
# the last name of a callee that starts a program
_PROCESS_FUNCTIONS = re.compile(
    r"^(system|popen|Popen|run|call|check_call|check_output|getoutput|getstatusoutput|"
    r"create_subprocess_shell|create_subprocess_exec|exec[lv]p?e?|spawn[lv]p?e?|posix_spawnp?)$"
)
_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]")
_FORMAT_FIELD = re.compile(r"\{\{|\}\}|\{[^{}]*\}")


@dataclass(frozen=True)
class CommandText:
    """The literal text of a command a call gives a program."""

    text: str
    whole: bool  # no part of it is known only at run time
    line: int


def process_calls(tree: ast.AST) -> Iterator[tuple[ast.Call, ast.AST | None]]:
    """Every call in ``tree`` that starts a program, with the function it is in (None at
    module level or in a class body)."""
    stack: list[tuple[ast.AST, ast.AST | None]] = [(tree, None)]
    while stack:
        node, function = stack.pop()
        if isinstance(node, ast.Call) and _PROCESS_FUNCTIONS.match(last_name(node.func) or ""):
            yield node, function
        inner = node if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) else function
        stack.extend((child, inner) for child in ast.iter_child_nodes(node))


def command_texts(call: ast.Call, function: ast.AST | None, module: ast.Module) -> list[CommandText]:
    """The literal texts the command of ``call`` may have: its own, or those of the strings
    and lists its name is assigned in ``function`` (the module, outside functions)."""
    command = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg in ("args", "cmd")), None)
    if command is None:
        return []
    if isinstance(command, ast.Name):
        values = list(_assigned(command.id, function if function is not None else module))
        if values:
            return [CommandText(*literal_text(value), call.lineno) for value in values]
    return [CommandText(*literal_text(command), call.lineno)]


def _assigned(name: str, scope: ast.AST) -> Iterator[ast.AST]:
    for node in own_nodes(scope):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            yield node.value
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)) and isinstance(node.target, ast.Name):
            if node.target.id == name and node.value is not None:
                yield node.value


def literal_text(node: ast.AST) -> tuple[str, bool]:
    """(the literal text of the string or word list ``node``, whether it is whole)."""
    if isinstance(node, (ast.List, ast.Tuple)):
        words = [_string(element) for element in node.elts]
        text = " ".join(shlex.quote(word) if whole else word for word, whole in words)
        return text, all(whole for _, whole in words)
    return _string(node)


def _string(node: ast.AST) -> tuple[str, bool]:
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float)):
        return str(node.value), True
    if isinstance(node, ast.JoinedStr):
        parts = [_string(value.value) if isinstance(value, ast.FormattedValue) else _string(value) for value in node.values]
        return "".join(part for part, _ in parts), all(whole for _, whole in parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        (left, left_whole), (right, right_whole) = _string(node.left), _string(node.right)
        return left + right, left_whole and right_whole
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant):
        if not isinstance(node.left.value, str):
            return UNREAD, False
        values = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
        return _filled(_PRINTF, node.left.value, values, "%%", "%")
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Constant):
        template = node.func.value.value
        if isinstance(template, str) and node.func.attr == "format" and not node.keywords:
            return _filled(_FORMAT_FIELD, template, node.args, "{{", "{", "}}", "}")
        if isinstance(template, str) and node.func.attr == "join" and len(node.args) == 1:
            if isinstance(node.args[0], (ast.List, ast.Tuple)):
                parts = [_string(element) for element in node.args[0].elts]
                return template.join(part for part, _ in parts), all(whole for _, whole in parts)
    return UNREAD, False


def _filled(field: re.Pattern[str], template: str, values: list[ast.expr], *escapes: str) -> tuple[str, bool]:
    """``template`` with each field taken, in order, from ``values`` (an escape stands for its
    character)."""
    escaped = dict(zip(escapes[::2], escapes[1::2]))
    remaining = iter(values if not any(isinstance(v, ast.Starred) for v in values) else [])
    whole = True

    def fill(match: re.Match[str]) -> str:
        nonlocal whole
        if match.group(0) in escaped:
            return escaped[match.group(0)]
        value = next(remaining, None)
        text, known = _string(value) if value is not None else (UNREAD, False)
        whole = whole and known
        return text

    return field.sub(fill, template), whole


def own_nodes(scope: ast.AST) -> Iterator[ast.AST]:
    """The nodes of ``scope``'s body, not those of functions or classes defined in it."""
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(node))


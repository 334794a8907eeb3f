"""Numbers the code spells, read off the standard library's AST without running it.

``256 * 1024 ** 2``, ``1 << 28``, ``2.5``, a module constant (``LIMIT = 30``), ``int("600")``,
and the default of a lookup (``os.environ.get("X", 600)``, ``config.get("timeout", 30)``,
``os.getenv("X", "60")``): what a setting is when nothing overrides it. Whether a number is
such a default (``is_lookup_default``): a setting's default is no number the code chose for
good, only the one used until someone configures another.
"""

from __future__ import annotations

import ast

_OPERATORS = {
    ast.Mult: lambda a, b: a * b,
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.FloorDiv: lambda a, b: a // b if b else None,
    ast.Div: lambda a, b: a / b if b else None,
    ast.LShift: lambda a, b: a << b if isinstance(a, int) and isinstance(b, int) and 0 <= b <= 64 else None,
    ast.Pow: lambda a, b: a**b if 0 <= b <= 64 else None,
}
_LOOKUPS = ("get", "getenv")
_CONVERSIONS = ("int", "float")


def number_of(node: ast.AST | None, constants: dict[str, float] | None = None, depth: int = 0) -> float | None:
    """The number ``node`` evaluates to, when it can be read off the code; else None."""
    if node is None or depth > 20:
        return None
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool):
            return None
        if isinstance(value, (int, float)):
            return value
        if isinstance(value, str) and depth > 0:  # int("600"), getenv("X", "60")
            try:
                return float(value) if "." in value else int(value)
            except ValueError:
                return None
        return None
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        value = number_of(node.operand, constants, depth + 1)
        return -value if value is not None else None
    if isinstance(node, ast.Name):
        return (constants or {}).get(node.id)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        left = number_of(node.left, constants, depth + 1)
        right = number_of(node.right, constants, depth + 1)
        if left is None or right is None:
            return None
        try:
            return _OPERATORS[type(node.op)](left, right)
        except (OverflowError, TypeError, ValueError):
            return None
    if isinstance(node, ast.Call):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name in _CONVERSIONS and len(node.args) == 1:
            return number_of(node.args[0], constants, depth + 1)
        if name in _LOOKUPS and len(node.args) == 2:
            return number_of(node.args[1], constants, depth + 1)
    return None


def numeric_constants(tree: ast.Module) -> dict[str, float]:
    """Module-level ``NAME = <number>`` assignments (a later one wins)."""
    constants: dict[str, float] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
            value = number_of(statement.value, constants)
            if value is not None:
                constants[statement.targets[0].id] = value
    return constants


def is_lookup_default(node: ast.AST, settings: frozenset[str] | set[str] = frozenset()) -> bool:
    """Whether ``node`` reads a lookup with a default (``config.get("timeout", 600)``,
    ``int(os.getenv("X", "30"))``), or names a constant in ``settings`` (``lookup_constants``)."""
    for part in ast.walk(node):
        if isinstance(part, ast.Call) and len(part.args) == 2:
            func = part.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in _LOOKUPS:
                return True
        elif isinstance(part, ast.Name) and part.id in settings:
            return True
    return False


def lookup_constants(tree: ast.Module) -> frozenset[str]:
    """The module-level names whose number (``numeric_constants``) is a lookup's default
    (``TIMEOUT = int(os.getenv("TIMEOUT", "30"))``; the last binding counts)."""
    constants: dict[str, float] = {}
    settings: set[str] = set()
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
            name = statement.targets[0].id
            value = number_of(statement.value, constants)
            if value is None:
                continue
            constants[name] = value
            if is_lookup_default(statement.value, settings):
                settings.add(name)
            else:
                settings.discard(name)
    return frozenset(settings)

"""What a test's mock patches: the dotted target of ``patch("a.b")`` or ``patch.object(a, "b")``,
and the dotted path of the module a patch may name.

Read from the stdlib AST of a test module (``unittest.mock.patch``, ``mock.patch``,
pytest-mock's ``mocker.patch``), by spelling: a test module names its patches plainly.
"""

from __future__ import annotations

import ast

from ._base import Context
from ._names import dotted_name


def patch_target(node: ast.Call) -> str | None:
    """The dotted target of ``patch("a.b")`` or ``patch.object(a, "b")`` (``mock.patch``,
    ``mocker.patch`` ...); None for any other call."""
    func, args = node.func, node.args
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    if not args:
        return None
    if name == "patch" and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
        return args[0].value
    if name == "object" and isinstance(func, ast.Attribute) and ends_in_patch(func.value) and len(args) >= 2:
        owner, attribute = dotted_name(args[0]), args[1]
        if owner and isinstance(attribute, ast.Constant) and isinstance(attribute.value, str):
            return f"{owner}.{attribute.value}"
    return None


def ends_in_patch(node: ast.expr) -> bool:
    return (isinstance(node, ast.Name) and node.id == "patch") or (isinstance(node, ast.Attribute) and node.attr == "patch")


def module_parts(ctx: Context) -> list[str]:
    """The dotted path of the module ``ctx`` transforms, as a test patches through it (``a/b.py``: a, b)."""
    listing = ctx.project_files()
    path = listing.this if listing is not None else ctx.path
    parts = [part for part in path.replace("\\", "/").removesuffix(".py").split("/") if part not in ("", ".")]
    return parts[:-1] if parts and parts[-1] == "__init__" else parts

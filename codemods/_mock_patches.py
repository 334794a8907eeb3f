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


def bound_mocks(scope: ast.AST, cls: ast.ClassDef | None = None) -> list[tuple[ast.Call, str]]:
    """(patch, the name its mock is bound to) in ``scope`` (a module or a function, not the
    functions inside it): ``with patch(...) as NAME``, ``NAME = patch(...).start()``,
    ``NAME = mocker.patch(...)``, ``NAME = stack.enter_context(patch(...))``; for a function,
    the mocks its ``@patch`` decorators pass, the lowest decorator's first (after ``self``),
    then those of its class ``cls``'s decorators, which patch each test method."""
    found: list[tuple[ast.Call, str]] = []
    pending = list(getattr(scope, "body", ()))
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.With, ast.AsyncWith)):
            found += [(call, item.optional_vars.id) for item in node.items
                      if isinstance(item.optional_vars, ast.Name) and (call := _patch_entered(item.context_expr)) is not None]
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            call = _patch_entered(node.value)
            if call is not None:
                found.append((call, node.targets[0].id))
        pending += [child for child in ast.iter_child_nodes(node)
                    if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda))]
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
        names = [arg.arg for arg in scope.args.args if arg.arg not in ("self", "cls")]
        passing = _passing(scope.decorator_list)
        if cls is not None and scope.name.startswith("test"):
            passing += _passing(cls.decorator_list)
        found += list(zip(passing, names))
    return found


def gives_own_answer(call: ast.Call) -> bool:
    """The patch is given the object to put in (``new``) or its mock's answer (``return_value=``,
    ``side_effect=``, ``wraps=``), not left to its own ``MagicMock``."""
    return _gives_new(call) or any(
        keyword.arg in ("new_callable", "return_value", "side_effect", "wraps") for keyword in call.keywords)


def _gives_new(call: ast.Call) -> bool:
    positional = 3 if isinstance(call.func, ast.Attribute) and call.func.attr == "object" else 2
    return len(call.args) >= positional or any(keyword.arg == "new" for keyword in call.keywords)


def _passing(decorators: list[ast.expr]) -> list[ast.Call]:
    """The patch decorators that pass a mock, lowest first (one given ``new`` passes none)."""
    patches = [d for d in decorators if isinstance(d, ast.Call) and patch_target(d) is not None]
    return [d for d in reversed(patches) if not _gives_new(d)]


def _patch_entered(node: ast.expr) -> ast.Call | None:
    """The patch whose mock ``node`` hands back: the patch itself (``mocker.patch`` returns its
    mock), ``patch(...).start()``, or ``stack.enter_context(patch(...))``; else None."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr == "start" and not node.args:
            node = node.func.value
        elif node.func.attr == "enter_context" and len(node.args) == 1 and not node.keywords:
            node = node.args[0]
    return node if isinstance(node, ast.Call) and patch_target(node) is not None else None

"""open-with: openers the project's tests replace with a fake that cannot be entered.

A test that patches an opener (``mocker.patch("urllib.request.urlopen")``,
``patch("app.links.urlopen")``) and makes it return an object of a class of the tests' own
(``urlopen.return_value = FakeResponse(url)``) runs the code with that object where the
opener's handle was. The code called its methods (``.geturl()``, ``.info()``); a with-block
enters it first, and a class with no ``__enter__`` raises TypeError there: the project's
tests fail though the program is right. The with-block and an ``__enter__``/``__exit__``
on the fake are one change for the maintainer to make together: such an opener is left,
with a finding naming the test and the class.

A patch names the opener as every caller reaches it (its qualified name,
``urllib.request.urlopen``, which reaches a call spelled through its module, not a name a
``from urllib.request import urlopen`` bound before the test ran) or as this module spells
it (the module's dotted path, or its end, then the callee: ``links.urlopen``). A fake is a class a test module defines with no
base but ``object`` and no ``__enter__``; one with other bases may inherit it, and counts
as one that can be entered.
"""

from __future__ import annotations

import ast
from typing import Callable

from ._base import TESTS, Context, code_kind
from ._mock_patches import module_parts, patch_target
from ._parsed_modules import plain_fact
from ._project_answers import remembered
from ._project_view import MAX_MODULE_CHARS

# (patch target, the fake's class, "path:line" of the patch)
Double = tuple[str, str, str]


def replaced_by_fakes(ctx: Context) -> Callable[[frozenset[str], str | None], str | None]:
    """A function of an opener's qualified names and its callee as the module spells it
    (``urlopen``, ``urllib.request.urlopen``) -> the finding when a test of the project
    replaces that opener with a fake that cannot be entered; else None."""
    known: list[tuple[Double, ...]] = []
    module = module_parts(ctx)

    def finding(names: frozenset[str], spelling: str | None) -> str | None:
        if not known:
            known.append(remembered(ctx, "open-with: openers tests replace with fakes", _doubles))
        for target, fake, where in known[0]:
            through_module = spelling is not None and "." in spelling  # a from-import's name keeps the original
            if (target in names and through_module) or _spelled_here(target.split("."), module, spelling):
                return (
                    f"{where} replaces {target} with {fake}, which has no __enter__: a with-block here would fail "
                    f"that test; give {fake} __enter__ and __exit__, then wrap the call"
                )
        return None

    return finding


def _spelled_here(target: list[str], module: list[str], spelling: str | None) -> bool:
    """The target is the end of the module's path, then the callee as the module spells it."""
    callee = spelling.split(".") if spelling else []
    if not callee or len(target) <= len(callee) or target[len(target) - len(callee):] != callee:
        return False
    head = target[: len(target) - len(callee)]
    return head == module[len(module) - len(head):]


def _doubles(ctx: Context) -> tuple[Double, ...]:
    listing = ctx.project_files()
    fakes: set[str] = set()
    returned: list[tuple[str, str, str]] = []
    for path in listing.files if listing is not None else ():
        if code_kind(path) != TESTS:
            continue
        text = ctx.read_file(listing.relative(path))
        if text is None or len(text) > MAX_MODULE_CHARS:
            continue
        if "class " in text:
            fakes.update(plain_fact(text, "open-with: classes no with can enter", _unenterable_classes) or ())
        if "patch" in text and "return_value" in text:
            found = plain_fact(text, "open-with: patches returning an object", _patched_returns) or ()
            returned += [(target, fake, f"{path}:{line}") for target, fake, line in found]
    return tuple(entry for entry in returned if entry[1] in fakes)


def _unenterable_classes(tree: ast.Module) -> tuple[str, ...]:
    """The module's top-level classes with no base but ``object`` and no ``__enter__``."""
    found = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef) or node.keywords:
            continue
        if any(not (isinstance(base, ast.Name) and base.id == "object") for base in node.bases):
            continue
        if not any(isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Assign)) and "__enter__" in _names_bound(item) for item in node.body):
            found.append(node.name)
    return tuple(found)


def _names_bound(node: ast.stmt) -> set[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return {node.name}
    return {target.id for target in getattr(node, "targets", ()) if isinstance(target, ast.Name)}


def _patched_returns(tree: ast.Module) -> tuple[tuple[str, str, int], ...]:
    """(patch target, class, line) where a mock bound to a name (``m = mocker.patch("x")``,
    ``with patch("x") as m``) is given ``m.return_value = Class(...)``."""
    bound: dict[str, tuple[str, int]] = {}  # a mock's name -> its patch's target and line
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and isinstance(node.value, ast.Call):
                patched = patch_target(node.value)
                if patched is not None:
                    bound[target.id] = (patched, node.lineno)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                patched = patch_target(item.context_expr) if isinstance(item.context_expr, ast.Call) else None
                if patched is not None and isinstance(item.optional_vars, ast.Name):
                    bound[item.optional_vars.id] = (patched, node.lineno)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.value, ast.Call)):
            continue
        target, made = node.targets[0], node.value.func
        if not (isinstance(target, ast.Attribute) and target.attr == "return_value" and isinstance(target.value, ast.Name)):
            continue
        if target.value.id in bound and isinstance(made, ast.Name):
            patched, line = bound[target.value.id]
            found.append((patched, made.id, line))
    return tuple(found)

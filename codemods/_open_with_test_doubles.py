"""open-with: openers the project's tests replace with a fake that cannot be entered.

A test that patches an opener (``mocker.patch("urllib.request.urlopen")``,
``patch("app.links.urlopen")``) and makes it return an object of a class of the tests' own
runs the code with that object where the opener's handle was. Whatever way the test says
what the patched opener returns counts:

- ``return_value``, set on the mock (``urlopen.return_value = FakeResponse(url)``) or given
  to the patch (``patch("...", return_value=...)``): an instance made there, a name bound to
  one in the module, a call of a function of the tests that returns one (a factory), or a
  pytest fixture's name (a ``@pytest.fixture`` function of any test module or conftest that
  returns one);
- ``side_effect`` (set or given the same ways): the class itself (the mock calls it with
  the opener's arguments), a function of the tests or a lambda that returns an instance, or
  a list of instances (one per call). The code called its methods (``.geturl()``, ``.info()``); a with-block
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
from ._mock_patches import module_parts
from ._open_with_patched_returns import Made, patched_returns, returned_classes
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
    makers: dict[str, set[str]] = {}  # a function of the tests (or a fixture: "fixture NAME") -> the classes it returns
    returned: list[tuple[str, Made, str]] = []
    for path in listing.files if listing is not None else ():
        if code_kind(path) != TESTS:
            continue
        text = ctx.read_file(listing.relative(path))
        if text is None or len(text) > MAX_MODULE_CHARS:
            continue
        if "class " in text:
            fakes.update(plain_fact(text, "open-with: classes no with can enter", _unenterable_classes) or ())
        if "return " in text:
            for name, classes in plain_fact(text, "open-with: classes test functions return", returned_classes) or ():
                makers.setdefault(name, set()).update(classes)
        if "patch" in text and ("return_value" in text or "side_effect" in text):
            found = plain_fact(text, "open-with: what patched callables return", patched_returns) or ()
            returned += [(target, made, f"{path}:{line}") for target, made, line in found]
    doubles = []
    for target, (kind, name), where in returned:
        classes = {name} if kind == "call" else set()
        classes |= makers.get(name, set()) if kind == "call" else makers.get(f"fixture {name}", set())
        doubles += [(target, fake, where) for fake in sorted(classes & fakes)]
    return tuple(doubles)


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

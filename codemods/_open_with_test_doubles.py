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
``from urllib.request import urlopen`` bound before the test ran), then in the modules the
test reaches through the project's own imports (``_test_reach``; every module for a patch a
conftest's fixture or a helper of the tests makes: it runs under whichever test uses it), or
as this module spells it (the module's dotted path, or its end, then the callee: ``links.urlopen``). A fake is a class a test module defines with no
base but ``object`` and no ``__enter__``; one with other bases may inherit it, and counts
as one that can be entered.

A test that leaves the patch's own ``MagicMock`` in the opener's place and sets up its answer
(``urlopen.return_value.read.return_value = b"..."``: _mock_answers, the reading http-timeout shares) counts the
same way: a with-block hands the code that answer's ``__enter__()``, another mock.

A test may also put something in place of ``open`` itself (``patch("builtins.open",
mock.Mock())``, ``monkeypatch.setattr(builtins, "open", lambda *a: None)``): what that gives
when called is read by _open_with_replaced_open, and where no with-block can enter it, every
``open`` of the modules the test reaches through the project's own imports (``_test_reach``:
the module it imports, the package factory that module calls, what those import) is left,
with a finding naming the test; a patch of the module's own ``open`` (``app.open``), that
module's. The test is asked about only for an opener the codemod would wrap: one left for
another reason (closed already) gets no word about the tests.
"""

from __future__ import annotations

import ast
import re
from typing import Callable

from ._base import TESTS, Context, code_kind
from ._mock_answers import SetUp, answer_set_up, cited_first, patched_here, set_up_mocks
from ._mock_patches import module_parts
from ._open_with_patched_returns import Made, patched_returns, returned_classes
from ._open_with_replaced_open import Made as OpenMade, replacements
from ._parsed_modules import plain_fact
from ._project_answers import remembered
from ._project_view import MAX_MODULE_CHARS
from ._code_kinds import runs_alone
from ._test_reach import ImportReach

# (patch target, the fake's class, "path:line" of the patch, the project files the test
# reaches where the target is a function for every caller: the builtin ``open``, a library's
# opener; else None: _test_reach)
Double = tuple[str, str, str, "frozenset[str] | None"]
# the builtin ``open`` as a patch names it
_BUILTIN_OPENS = frozenset({"builtins.open", "__builtin__.open", "open"})
# what may show that a test module replaces ``open``
_REPLACES_OPEN = re.compile(r"\bopen\b")


def replaced_by_fakes(ctx: Context) -> Callable[[frozenset[str], str | None], str | None]:
    """A function of an opener's qualified names and its callee as the module spells it
    (``urlopen``, ``urllib.request.urlopen``) -> the finding when a test of the project
    replaces that opener with a fake that cannot be entered; else None."""
    known: list[tuple[Double, ...]] = []
    configured: list[SetUp] = []
    module = module_parts(ctx)
    listing = ctx.project_files()
    this = listing.this if listing is not None else ctx.path

    def finding(names: frozenset[str], spelling: str | None) -> str | None:
        if not known:
            doubles = remembered(ctx, "open-with: openers tests replace with fakes", _doubles)
            # a test module that imports this module itself first (not one reaching it through others)
            known.append(tuple(cited_first(ctx, list(doubles), lambda double: double[2])))
            set_ups = [each for each in set_up_mocks(ctx) if each.answer and not each.entered]
            configured.extend(cited_first(ctx, set_ups, lambda set_up: set_up.where))
        for target, fake, where, reached in known[0]:
            if target == "builtins.open":  # the builtin open, for every module the test reaches
                if "builtins.open" in names and reached is not None and this in reached:
                    return (
                        f"{where} replaces {target} with {fake}: a with-block here would enter that and fail the "
                        "test, if the test reaches this call; let the test put MagicMock() or mock_open() there, "
                        "then wrap the call"
                    )
                continue
            if patched_here(target, names, spelling, module, this, reached):
                if fake.startswith("\0"):  # a replacement of the module's own open
                    return (
                        f"{where} replaces {target} with {fake[1:]}: a with-block here would enter that and fail "
                        "the test; let the test put MagicMock() or mock_open() there, then wrap the call"
                    )
                return (
                    f"{where} replaces {target} with {fake}, which has no __enter__: a with-block here would fail "
                    f"that test; give {fake} __enter__ and __exit__, then wrap the call"
                )
        for set_up in configured:  # the patch's own MagicMock, its answer set up by the test
            if set_up.callable in _BUILTIN_OPENS:  # the builtin open, for every module the test reaches
                if "builtins.open" in names and this in set_up.reached:
                    return answer_set_up(set_up, "the call", " (if the test reaches this call)")
            elif patched_here(set_up.callable, names, spelling, module, this, set_up.reached):
                return answer_set_up(set_up, "the call")
        return None

    return finding


def _doubles(ctx: Context) -> tuple[Double, ...]:
    listing = ctx.project_files()
    fakes: set[str] = set()
    makers: dict[str, set[str]] = {}  # a function of the tests (or a fixture: "fixture NAME") -> the classes it returns
    returned: list[tuple[str, Made, str]] = []
    opens: list[tuple[str, str, str, OpenMade, str]] = []  # (target, line, spelled, made, path) of open's replacements
    functions: dict[str, tuple[OpenMade, ...]] = {}
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
        if ("patch" in text or "setattr" in text) and _REPLACES_OPEN.search(text):
            replaced, returning = plain_fact(text, "open-with: replacements of open", replacements) or ((), ())
            opens += [(target, f"{path}:{line}", spelled, made, path) for target, line, spelled, made in replaced]
            functions.update(returning)
    doubles: list[Double] = []
    reach = ImportReach(ctx) if opens or returned else None
    for target, (kind, name), where in returned:
        classes = {name} if kind == "call" else set()
        classes |= makers.get(name, set()) if kind == "call" else makers.get(f"fixture {name}", set())
        found = sorted(classes & fakes)
        reached = _reached(reach, where.rsplit(":", 1)[0], listing) if found and reach is not None else None
        doubles += [(target, fake, where, reached) for fake in found]
    for target, where, spelled, made, path in opens:
        answer = _unenterable(made, fakes, functions, makers)
        if answer is None or reach is None:
            continue
        if target in _BUILTIN_OPENS:
            doubles.append(("builtins.open", f"{spelled}, which returns {answer}", where, _reached(reach, path, listing)))
        else:  # the module's own name (``patch("app.open", ..., create=True)``)
            doubles.append((target, f"\0{spelled}, which returns {answer}", where, None))
    return tuple(doubles)


def _reached(reach: ImportReach, path: str, listing: object) -> frozenset[str]:
    """The project files a patch made in the test module at ``path`` reaches; every file for a
    patch of a conftest or a helper, which runs under whichever test uses it (_test_reach)."""
    return reach.reached(path) if runs_alone(path) else frozenset(getattr(listing, "files", ()))


def _unenterable(
    made: OpenMade, fakes: set[str], functions: dict[str, tuple[OpenMade, ...]], makers: dict[str, set[str]], depth: int = 0
) -> str | None:
    """What a replaced ``open`` returns, told when no with-block can enter it: see
    ``_open_with_replaced_open``; a function of another test module by the classes it
    returns (``makers``)."""
    kind, detail = made
    if kind == "mock":
        return detail
    if kind == "class":
        return f"a {detail} (a class of the tests with no __enter__)" if detail in fakes else None
    if depth >= 2:
        return None
    returns = functions.get(detail) or tuple(("class", name) for name in sorted(makers.get(detail, ())))
    answers = [_unenterable(each, fakes, functions, makers, depth + 1) for each in returns]
    return answers[0] if answers and all(answer is not None for answer in answers) else None


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

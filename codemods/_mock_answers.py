"""What the project's tests set up on the answer of a patch's own mock, and the calls a patch names.

A test that patches a callable and leaves the patch's own ``MagicMock`` in its place, then says
what the callable's answer does through that mock (``urlopen.return_value.read.return_value =
b"..."``, ``session_class.return_value.get.return_value.json.return_value = {...}``), runs the code
with that answer where the callable's result was. Put that result in a with-block and the code
gets the answer's ``__enter__()`` instead: a ``MagicMock``'s is another mock, which knows nothing
of what the test set, and the project's test fails though the program is right. A test that sets
the answer's ``__enter__`` too (``opened.return_value.__enter__.return_value = ...``) was written
for a with-block: that callable is not counted. A patch given the object to put in (``new``) or
its answer (``return_value=``, ``side_effect=``, ``wraps=``, ``new_callable=``) is read by other
rules.

The callable is the patch's target, or an attribute of it where the patch replaces a module or
an object (``fake_requests.Session.return_value.get`` sets up the answer of ``a.b.requests.Session``
for ``patch("a.b.requests")``). The mock is followed to the name it is bound to
(``_mock_patches.bound_mocks``: ``with patch(...) as NAME``, ``NAME = patch(...).start()``,
``mocker.patch(...)``, an ``ExitStack``'s ``enter_context``, the argument a ``@patch`` decorator
passes, also on a test class), and to a name the same test binds to a part of it (``session =
session_class.return_value``), in the test function that binds it or is given it, or at the
module's top level.

A function of the test module handed to a part of the mock as its ``side_effect``
(``fake_requests.get.side_effect = fake_get``, ``session_class.return_value.get.side_effect =
fake_get``) is what that part's calls run: the keyword parameters it takes are read with it
(None: any, it takes ``**kwargs``), for a codemod that would add an argument to such a call.

A patch names a call (``patched_here``) as every caller reaches it (its qualified name,
``requests.Session``, for a call spelled through its module, in a module the test reaches:
``_test_reach``), or as the call's module spells it (the module's dotted path, or its end, then
the callee: ``hub.client.requests.Session``).

Names no codemod: the codemods that put a result in a with-block or add an argument ask it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any, Callable, Iterator, TypeVar

from ._base import TESTS, code_kind
from ._code_kinds import runs_alone
from ._mock_patches import bound_mocks, gives_own_answer, patch_target
from ._parsed_modules import plain_fact
from ._project_answers import remembered
from ._project_view import MAX_MODULE_CHARS
from ._test_reach import ImportReach

_T = TypeVar("_T")
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_ENTERING = frozenset({"__enter__", "__exit__", "__aenter__", "__aexit__"})
_ANSWER = "return_value"
_EFFECT = "side_effect"

# a function a part of the mock is given as its side_effect: (how a finding names it, the
# keywords it takes: None for any)
StandIn = tuple[str, "tuple[str, ...] | None"]


@dataclass(frozen=True)
class SetUp:
    """One part of a patch's mock the test sets up."""

    patched: str  # the patch's target, as the test names it
    callable: str  # the callable whose answer (or own call) is set up: the target, or an attribute of it
    answer: tuple[str, ...]  # the attributes of its answer set (``("get", "return_value", "json")``); () for its own call
    spelled: str  # what a finding quotes: ``session_class.return_value.get``
    where: str  # ``path:line`` of the patch
    reached: frozenset[str]  # the project files the test reaches (every file for a conftest's or a helper's patch)
    entered: bool  # the test sets what a with-block enters (``__enter__``) on this callable's answer
    stand_in: StandIn | None  # the function it is given as side_effect, where that is the setting


def set_up_mocks(ctx: Any) -> tuple[SetUp, ...]:
    """Every part of a patch's own mock the project's tests set up (kept per project)."""
    return remembered(ctx, "the parts of patches' mocks the tests set up", _set_up_mocks)


def patched_here(target: str, names: frozenset[str] | set[str], spelling: str | None, module: list[str],
                 this: str, reached: frozenset[str] | None) -> bool:
    """Whether a patch of ``target`` replaces a call of the module at ``this`` (dotted path
    ``module``) whose callee has the qualified ``names`` and is spelled ``spelling`` there: for
    every caller (a call spelled through its module, ``requests.Session()``, in a file the
    test reaches; a from-import's name keeps the original), or as the module spells it."""
    through_module = spelling is not None and "." in spelling
    if target in names and through_module and reached is not None and this in reached:
        return True
    callee = spelling.split(".") if spelling else []
    parts = target.split(".")
    if not callee or len(parts) <= len(callee) or parts[len(parts) - len(callee):] != callee:
        return False
    head = parts[: len(parts) - len(callee)]
    return head == module[len(module) - len(head):]


def cited_first(reader: Any, items: list[_T], where: Callable[[_T], str]) -> list[_T]:
    """``items`` (each cited at ``where(item)``, ``path:line`` of a test module) with those of a
    test module that imports the asking module itself first: it tests that module more surely
    than one reaching it through others."""
    if len(items) < 2:
        return list(items)
    listing = reader.project_files()
    this = listing.this if listing is not None else reader.path
    reach = ImportReach(reader)
    return sorted(items, key=lambda item: this not in reach.imports_directly(where(item).rsplit(":", 1)[0]))


def answer_set_up(set_up: SetUp, what: str, reaching: str = "") -> str:
    """The finding for ``what`` (a call, a session) a with-block would hand the answer's
    ``__enter__()`` in place of the answer the test ``set_up``."""
    answer = set_up.spelled.rsplit(f".{_ANSWER}.", 1)[0] + f".{_ANSWER}"
    return (
        f"{set_up.where} patches {set_up.patched} and sets up what its answer does ({set_up.spelled}): a with-block "
        f"here would hand the code that answer's __enter__() instead, another mock, and fail the test{reaching}; let "
        f"the test set {answer}.__enter__.return_value = {answer}, then wrap {what}"
    )


def _set_up_mocks(reader: Any) -> tuple[SetUp, ...]:
    listing = reader.project_files()
    found: list[SetUp] = []
    reach: ImportReach | None = None
    for path in listing.files if listing is not None else ():
        if code_kind(path) != TESTS:
            continue
        text = reader.read_file(listing.relative(path))
        if text is None or len(text) > MAX_MODULE_CHARS or "patch" not in text:
            continue
        if f"{_ANSWER}." not in text and f".{_EFFECT}" not in text:
            continue
        parts = plain_fact(text, "the parts of patches' mocks a test module sets up", configured_answers) or ()
        if not parts:
            continue
        if reach is None:
            reach = ImportReach(reader)
        # a patch of a conftest or a helper runs under whichever test uses it: every file
        reached = reach.reached(path) if runs_alone(path) else frozenset(listing.files)
        found += [SetUp(patched, called, answer, spelled, f"{path}:{line}", reached, entered, stand_in)
                  for patched, called, answer, spelled, line, entered, stand_in in parts]
    return tuple(found)


# what ``configured_answers`` gives of one part: (patched target, callable, answer, spelled,
# line of the patch, entered, stand-in)
Part = tuple[str, str, tuple[str, ...], str, int, bool, "StandIn | None"]


def configured_answers(tree: ast.Module) -> tuple[Part, ...]:
    """The parts of the module's patches' own mocks its tests set up (a plain fact of one test module)."""
    functions = _stand_in_functions(tree)
    found: list[Part] = []
    for scope, cls in _scopes(tree):
        named: dict[str, list[tuple[str, int]]] = {}
        for call, name in bound_mocks(scope, cls):
            target = patch_target(call)
            if target is not None and not gives_own_answer(call):
                named.setdefault(name, []).append((target, call.lineno))
        if not named:
            continue
        nodes = list(_own_nodes(scope))
        aliases = _aliases(nodes, named)
        settings: list[tuple[list[str], ast.expr]] = []
        for node in nodes:
            for target, value in _assigned(node):
                chain = _resolved(_chain(target), aliases)
                if len(chain) >= 3 and chain[0] in named:
                    settings.append((chain, value))
        read = [each for each in map(_setting, settings) if each is not None]
        # the callables whose answer's ``__enter__`` the test sets: written for a with-block
        entered = {(root, called) for root, called, answer, _, _ in read if answer and answer[0] in _ENTERING}
        for root, called, answer, spelled, value in read:
            # a function of the test the part calls: what it gets given
            stand_in = _stand_in(value, functions) if (answer or spelled.split("."))[-1] == _EFFECT else None
            for target, line in named[root]:
                found.append((target, f"{target}.{called}" if called else target, answer, spelled, line,
                              (root, called) in entered, stand_in))
    return tuple(dict.fromkeys(found))


def _setting(setting: tuple[list[str], ast.expr]) -> tuple[str, str, tuple[str, ...], str, ast.expr] | None:
    """(the mock's name, the callable as attributes of it, the attributes of its answer set,
    what a finding quotes, the value) of one assignment to a part of a mock; None for a
    setting of neither an answer's attribute nor a ``side_effect``."""
    chain, value = setting
    attrs = chain[1:]
    if _ANSWER in attrs[:-1]:  # an attribute of the callable's answer is set up
        cut = attrs.index(_ANSWER)
        return chain[0], ".".join(attrs[:cut]), tuple(attrs[cut + 1:]), ".".join(chain[: cut + 3]), value
    if attrs[-1] == _EFFECT:  # what a part of the mock does when called
        return chain[0], ".".join(attrs[:-1]), (), ".".join(chain), value
    return None


def _aliases(nodes: list[ast.AST], named: dict[str, list[tuple[str, int]]]) -> dict[str, list[str]]:
    """Names the scope binds to a part of a mock (``session = session_class.return_value``), as
    that part's chain from the mock's name; a name bound twice keeps every part out."""
    bound: dict[str, list[list[str]]] = {}
    for node in nodes:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            bound.setdefault(node.targets[0].id, []).append(_chain(node.value))
    aliases: dict[str, list[str]] = {}
    for _ in range(3):  # an alias of an alias
        for name, chains in bound.items():
            if len(chains) != 1 or name in named:
                continue
            chain = _resolved(chains[0], aliases)
            if len(chain) >= 2 and chain[0] in named:
                aliases[name] = chain
    return aliases


def _resolved(chain: list[str], aliases: dict[str, list[str]]) -> list[str]:
    return [*aliases[chain[0]], *chain[1:]] if chain and chain[0] in aliases else chain


def _stand_in_functions(tree: ast.Module) -> dict[str, StandIn]:
    """The functions the module defines, by name: how a finding names each and the keywords it
    takes (None: any); a name defined twice takes what either takes."""
    found: dict[str, StandIn] = {}
    for node in ast.walk(tree):
        if isinstance(node, _FUNCTIONS):
            taken = _keywords(node.args)
            known = found.get(node.name)
            if known is not None:
                taken = None if known[1] is None or taken is None else tuple(sorted({*known[1], *taken}))
            found[node.name] = (f"{node.name}() (line {node.lineno})", taken)
    return found


def _stand_in(value: ast.expr, functions: dict[str, StandIn]) -> StandIn | None:
    if isinstance(value, ast.Lambda):
        return f"a lambda (line {value.lineno})", _keywords(value.args)
    if isinstance(value, ast.Name):
        return functions.get(value.id)
    return None


def _keywords(args: ast.arguments) -> tuple[str, ...] | None:
    if args.kwarg is not None:
        return None
    return tuple(arg.arg for arg in (*args.args, *args.kwonlyargs))


def _scopes(tree: ast.Module) -> Iterator[tuple[ast.AST, ast.ClassDef | None]]:
    """The module and each function, with the class a function is a method of."""
    yield tree, None
    classes = {id(method): node for node in ast.walk(tree) if isinstance(node, ast.ClassDef) for method in node.body}
    yield from ((node, classes.get(id(node))) for node in ast.walk(tree) if isinstance(node, _FUNCTIONS))


def _own_nodes(scope: ast.AST) -> Iterator[ast.AST]:
    """The nodes of ``scope``'s body in their order, not those of a function or class inside it."""
    pending = list(reversed(getattr(scope, "body", ())))
    while pending:
        node = pending.pop()
        yield node
        pending += reversed([child for child in ast.iter_child_nodes(node)
                             if not isinstance(child, (*_FUNCTIONS, ast.Lambda, ast.ClassDef))])


def _assigned(node: ast.AST) -> list[tuple[ast.expr, ast.expr]]:
    if isinstance(node, ast.Assign):
        return [(target, node.value) for target in node.targets]
    if isinstance(node, ast.AnnAssign) and node.value is not None:
        return [(node.target, node.value)]
    if isinstance(node, ast.AugAssign):
        return [(node.target, node.value)]
    return []


def _chain(node: ast.expr) -> list[str]:
    """``m.return_value.read.return_value`` as its names, from the root; [] for any other shape."""
    names: list[str] = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    return [node.id, *reversed(names)] if isinstance(node, ast.Name) else []

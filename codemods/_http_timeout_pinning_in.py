"""http-timeout: what one test module pins, read off its stdlib tree alone.

Every patch of the module (``mock.patch``, ``patch.object``, ``mocker.patch``, a Mock put in by
``setattr``, one a fixture hands on) whose mock the module compares the arguments of, with the
comparisons (their lines, whether the patching test makes them, the call's shape, the URL and
the keys they name), and every patch or ``setattr`` that puts in a function taking no
``timeout`` keyword. ``_http_timeout_asserted`` matches these to the calls of the project.
"""

from __future__ import annotations

import ast
import re

from ._http_timeout_argument_reads import compares_arguments_whole, parents_of
from ._http_timeout_asserted_shapes import HAS_CALLS, SHAPED, Shape, compared_calls, is_autospec, shape_of
from ._http_timeout_asserted_values import AssertedUrl, ModuleStrings, asserted_keys, asserted_url, module_strings
from ._http_timeout_exercised import exercised, tests_of
from ._http_timeout_mock_bindings import fixture_names, fixture_takers, set_mocks
from ._http_timeout_node_kinds import of_kinds
from ._http_timeout_stand_ins import keywordless_functions, patched_stand_in, set_stand_ins, stand_in
from ._mock_patches import patch_target
from ._names import dotted_name

# a comparison of one of a mock's calls: (line, made by the patching test, the call's shape, the
# URL as the test module names it, the keys compared)
_Told = tuple[int, bool, "Shape | None", AssertedUrl, tuple[tuple[str, frozenset[str]], ...]]

COMPARES_ARGUMENTS = re.compile(r"assert_called_with|assert_called_once_with|assert_any_call|assert_has_calls|call_args(?:_list)?|mock_calls")
# where a test module may put a function of its own in place of the HTTP function (_http_timeout_stand_ins)
STAND_IN_HINT = re.compile(r"side_effect|setattr\(|\bpatch(?:\.object)?\([^)]*?,\s*(?:new\s*=\s*)?(?:lambda\b|\w+\s*[,)])")

# what ``pinning_in`` reads first: comparisons of a mock's arguments, the names mocks are bound to
_PATCHES_READ = (
    ast.Attribute, ast.With, ast.AsyncWith, ast.Assign, ast.FunctionDef,
    ast.AsyncFunctionDef, ast.ClassDef,
)


def pinning_in(tree: ast.Module) -> tuple[tuple[str, int, tuple[_Told, ...], str | None, frozenset[str]], ...]:
    """(target, line, the assertions that compare its mock's arguments: _Told, the keywordless
    stand-in: None for a compared mock, the functions called where it is in force) of every patch of the test module whose mock it
    compares the arguments of (through the name the mock is bound to, or the patched name
    itself): _http_timeout_asserted_shapes, _urls; or that puts in place of its target, or gives
    its mock as ``side_effect``, a function taking no ``timeout`` keyword (and of every
    ``setattr`` that puts one in: _http_timeout_stand_ins)."""
    compared: set[str] = set()  # the dotted expressions whose call arguments are compared
    anything: dict[str, list[int]] = {}  # by those expressions: lines of comparisons of any call
    read_by_calls: dict[int, tuple[str, int]] = {}  # an assertion method read where it is called
    bound: dict[int, str] = {}  # id of a patch call -> the name its mock is bound to
    effects: dict[str, list[ast.expr]] = {}  # NAME.side_effect = ... (each one the module sets)
    functions = keywordless_functions(tree)
    parents: dict[int, ast.AST] | None = None  # read only for a ``call_args``
    for node in of_kinds(tree, _PATCHES_READ):
        if isinstance(node, ast.Attribute) and COMPARES_ARGUMENTS.fullmatch(node.attr):
            if node.attr in ("call_args", "call_args_list"):
                parents = parents if parents is not None else parents_of(tree)
                if not compares_arguments_whole(node, parents):
                    continue  # reads some arguments: one keyword more leaves the test passing
            owner = dotted_name(node.value)
            if owner:
                compared.add(owner)
                if node.attr in SHAPED or node.attr == HAS_CALLS:
                    read_by_calls[id(node)] = (owner, node.lineno)
                else:
                    anything.setdefault(owner, []).append(node.lineno)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if isinstance(item.optional_vars, ast.Name):
                    bound[id(_entered(item.context_expr))] = item.optional_vars.id
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            bound[id(_entered(node.value))] = node.targets[0].id
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Attribute):
            if node.targets[0].attr == "side_effect" and isinstance(node.targets[0].value, ast.Name):
                effects.setdefault(node.targets[0].value.id, []).append(node.value)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            _bind_decorator_mocks(node, bound)
        elif isinstance(node, ast.ClassDef):
            _bind_class_decorator_mocks(node, bound)
    patches = []
    calls: dict[str, list[tuple[int, ast.Call | None]]] = {}  # by mock: the calls its assertions give
    for node in of_kinds(tree, ast.Call):
        target = patch_target(node)
        if target is not None:
            patches.append((node, target))
            continue
        asserted = compared_calls(node)
        if asserted is not None and id(node.func) in read_by_calls:
            del read_by_calls[id(node.func)]
            calls.setdefault(asserted[0], []).extend((node.lineno, each) for each in asserted[1])
    for owner, line in read_by_calls.values():  # named, never called here: may compare any call
        anything.setdefault(owner, []).append(line)
    set_in = {id(node): (node, target, name) for node, target, name in set_mocks(tree)}  # a patch by another spelling
    patches += [(node, target) for node, target, _ in set_in.values()]
    bound.update({key: name for key, (_, _, name) in set_in.items() if name is not None})
    fixtures = fixture_names(tree, bound)  # a fixture hands its mock on under its own name
    takers = fixture_takers(tree) if fixtures else {}
    tests = tests_of(tree)
    strings = module_strings(tree) if calls else ModuleStrings({}, {}, {})
    pinning: list[tuple[str, int, tuple[_Told, ...], str | None, frozenset[str]]] = []
    runs = exercised(tree)
    for node, target in patches:
        name = bound.get(id(node))
        spelled = None if id(node) in set_in else patched_stand_in(node, functions) or next(
            filter(None, (stand_in(effect, functions) for effect in effects.get(name, []) if name)), None)
        if spelled is not None:
            pinning.append((target, node.lineno, (), spelled, runs(node)))  # any call raises once it passes timeout=
            continue
        tail = target.split(".")
        ends = {".".join(tail[len(tail) - k:]) for k in range(1, len(tail) + 1)}
        names = {name, fixtures.get(id(node))} - {None}
        owners = [owner for owner in compared if owner.split(".")[0] in names or owner in ends]
        if not owners:
            continue
        # the test that makes the patch, or those a fixture hands its mock to: their assertions are cited first
        users = takers.get(fixtures.get(id(node)), ()) or [tests(node.lineno)]
        spec = is_autospec(node)
        told: list[_Told] = []
        for owner in owners:
            told += [(line, any(a <= line <= b for a, b in users), None, None, ()) for line in anything.get(owner, ())]
            for line, each in calls.get(owner, ()):
                if each is None:
                    told.append((line, any(a <= line <= b for a, b in users), None, None, ()))
                else:
                    shape = None if spec else shape_of(each)
                    # the function compared: the mock's own (``post``), or a method of it (``requests_mock.request``)
                    function = owner.split(".")[-1] if "." in owner else tail[-1]
                    told.append((line, any(a <= line <= b for a, b in users), shape, asserted_url(each, function, strings), asserted_keys(each)))
        ran = frozenset().union(*(runs(a) for a, _ in users)) if id(node) in fixtures else runs(node)
        pinning.append((target, node.lineno, tuple(sorted(told, key=lambda each: (not each[1], each[0]))), None, ran))
    pinning += [(target, line, (), spelled, runs(line)) for target, line, spelled in set_stand_ins(tree, functions)]
    return tuple(pinning)


def _entered(node: ast.expr) -> ast.expr:
    """The patch whose mock ``node`` hands back: ``patch("x").start()``, or an ``ExitStack``'s
    ``stack.enter_context(patch("x"))``, which returns what the patch's ``__enter__`` returns
    (the mock, or the object given to put in its place); else ``node`` itself."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr == "start" and not node.args:
            return node.func.value
        if node.func.attr == "enter_context" and len(node.args) == 1 and not node.keywords:
            return node.args[0]
    return node


def _bind_decorator_mocks(function: ast.FunctionDef | ast.AsyncFunctionDef, bound: dict[int, str]) -> None:
    """A patch decorator passes its mock as an argument, the lowest decorator the first one
    (after ``self``); one given the object to put in (``new``) passes none."""
    patches = [d for d in function.decorator_list if isinstance(d, ast.Call) and patch_target(d) is not None]
    passing = [d for d in reversed(patches) if not _gives_new(d)]
    names = [arg.arg for arg in function.args.args if arg.arg not in ("self", "cls")]
    for decorator, name in zip(passing, names):
        bound[id(decorator)] = name


def _bind_class_decorator_mocks(cls: ast.ClassDef, bound: dict[int, str]) -> None:
    """A patch decorator on a class patches each of its test methods (``test`` prefix), its
    mock passed after those of the method's own decorators: bound to the name the first test
    method gives it (the methods of a class name it alike, as a rule)."""
    patches = [d for d in cls.decorator_list if isinstance(d, ast.Call) and patch_target(d) is not None]
    passing = [d for d in reversed(patches) if not _gives_new(d)]
    if not passing:
        return
    for method in cls.body:
        if not isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)) or not method.name.startswith("test"):
            continue
        own = [d for d in method.decorator_list if isinstance(d, ast.Call) and patch_target(d) is not None and not _gives_new(d)]
        names = [arg.arg for arg in method.args.args if arg.arg not in ("self", "cls")][len(own):]
        for decorator, name in zip(passing, names):
            bound.setdefault(id(decorator), name)


def _gives_new(call: ast.Call) -> bool:
    positional = 3 if isinstance(call.func, ast.Attribute) and call.func.attr == "object" else 2
    return len(call.args) >= positional or any(keyword.arg == "new" for keyword in call.keywords)

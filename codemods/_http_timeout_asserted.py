"""http-timeout: calls whose exact arguments the project's own tests assert.

A test that replaces an HTTP function with a mock (``mock.patch("app.auth.requests.post")``,
``patch.object(requests, "post")``, ``mocker.patch(...)``) and compares the arguments it was
called with (``assert_called_with``, ``assert_called_once_with``, ``assert_any_call``,
``assert_has_calls``, ``call_args``, ``mock_calls``) fails once the call passes one more
argument; a read of ``call_args`` that looks at some arguments only (``kwargs["data"]``) does
not (_http_timeout_argument_reads). The timeout and those assertions are one change for the
maintainer to make together: such a call is left as it is, and reported with the test that pins it.

A patch pins the call when the test module compares the arguments of its mock (through the
name the mock is bound to: ``with patch(...) as post``, ``post = mocker.patch(...)``, what
an ``ExitStack`` hands back, ``post = stack.enter_context(patch(...))``, the argument a
``@patch`` decorator passes, also one on a test class; or through the patched
name itself) and its target names the call: as the call's module spells it (the module's
dotted path, or the end of it as the tests import it, then a leading part of the callee:
``app.auth.requests`` or ``app.auth.requests.post``), or as the library's function for every
caller (``requests.post``, or the method every requests function ends in,
``requests.Session.request``) in a test module that reaches the calling module through the
project's own imports (``_test_reach``: the view module it imports, the helper module that
view imports, what its conftest imports; a client class's method of the function's name,
``requests.Session.post``, is not the function: the function never calls it), or, for a
call through what an object holds (``self.requests_session.post``), by that attribute and
method at the end of any path (``app.preview_client.requests_session.post``: the test reaches
the object by whatever name the app binds it to). A patch of
the library's function for every caller pins whichever call the test reaches (through a view
it requests, say), which is not told here: every call of the modules the test reaches is left,
and the finding says that the test fails only if it reaches that call. A mock's
arguments compared in one test count for the module's other patches of the same name too: a
refusal too many costs a finding, a timeout too many costs the project a red test suite.
An assertion that can equal only calls of other arguments than this call's (another number
of positional arguments, other keyword names: _http_timeout_asserted_shapes) is not comparing
this call where the test passes, and holds nothing back.
"""

from __future__ import annotations

import ast
import re

import libcst as cst

from ._base import TESTS, Context, code_kind
from ._http_timeout_argument_reads import compares_keywords_whole, parents_of
from ._http_timeout_asserted_shapes import SHAPED, Shape, assertion_shape, is_autospec, may_compare
from ._mock_patches import module_parts, patch_target
from ._names import dotted_name
from ._parsed_modules import plain_fact
from ._project_answers import remembered
from ._project_view import MAX_MODULE_CHARS
from ._test_reach import ImportReach
from ._http_timeout_node_kinds import of_kinds
from ._http_timeout_stand_ins import keywordless_functions, patched_stand_in, set_stand_ins, stand_in
from ._http_timeout_token_requests import LIBRARIES as TOKEN_LIBRARIES, TokenRequest

_COMPARES_ARGUMENTS = re.compile(r"assert_called_with|assert_called_once_with|assert_any_call|assert_has_calls|call_args|mock_calls")
# where a test module may put a function of its own in place of the HTTP function (_http_timeout_stand_ins)
_STAND_IN_HINT = re.compile(r"side_effect|setattr\(|\bpatch(?:\.object)?\([^)]*?,\s*(?:new\s*=\s*)?(?:lambda\b|\w+\s*[,)])")
# what every call of a library's functions goes through, besides the function itself
_LIBRARY_ENDS = {"requests": frozenset({"request", "send"}), "urllib": frozenset({"urlopen", "open"})}


def pinned_by_tests(
    ctx: Context, call: cst.Call, library: str, spelling: str | None, function: bool = False, token: TokenRequest | None = None
) -> str | None:
    """The finding for ``call`` (an HTTP call of ``library`` spelled ``spelling`` in its
    module, as ``requests.post``; ``function``: one of the library's functions, no client's
    method; ``token``: a token request of requests-oauthlib, which hands its arguments on to
    the Session's methods it goes through) when a test of the project pins its arguments; else None."""
    patches = remembered(ctx, "http-timeout: argument-pinning patches", _pinning_patches)
    if not patches:
        return None
    module = module_parts(ctx)
    listing = ctx.project_files()
    this = listing.this if listing is not None else ctx.path
    for target, where, reached, shapes, stand_in_spelled in patches:
        if token is None and not may_compare(shapes, call):  # (a token request reshapes what it hands on)
            continue  # its assertions hold only for calls of other arguments: not this one
        parts = target.split(".")
        if parts[0] == library or (token is not None and parts[0] in TOKEN_LIBRARIES):  # for every caller the test runs
            if this not in reached:
                continue
            # a held session's method is no library function a patch of one replaces
            method = spelling.split(".")[-1] if spelling and spelling.split(".")[0] not in ("self", "cls") else None
            if parts[-1] != method and parts[-1] not in _LIBRARY_ENDS.get(library, ()) and parts[-1] not in (token.through if token else ()):
                continue
            if function and parts[-1] not in _LIBRARY_ENDS.get(library, ()) and _names_a_class_method(parts):
                continue  # requests.Session.post: the function never calls its namesake
            if not function and parts[-1] not in _LIBRARY_ENDS.get(library, ()) and not _names_a_class_method(parts):
                continue  # requests.post: a session's post is its class's method, which that leaves
            # the function for every caller: the compared call is whichever the test reaches
            if stand_in_spelled is not None:
                return (
                    f"not changed: {where} puts {stand_in_spelled}, which takes no timeout keyword, in place of "
                    f"{target} for every caller: if the test reaches this call, it would fail with a TypeError "
                    "once timeout= is added (let the stand-in take it, then add it here)"
                )
            return (
                f"not changed: {where} patches {target} for every caller and asserts the exact arguments of "
                "a call the test makes: if the test reaches this call, it would fail with timeout= added "
                "(add it here and to that assertion together)"
            )
        elif not (_names_module_call(parts, module, spelling) or _names_held_call(parts, spelling)):
            continue
        if stand_in_spelled is not None:
            return (
                f"not changed: {where} puts {stand_in_spelled}, which takes no timeout keyword, in place of "
                f"{target}: the test would fail with a TypeError once timeout= is added (let the stand-in "
                "take it, then add it here)"
            )
        return (
            f"not changed: {where} patches {target} and asserts the exact arguments of the call, "
            "so the test would fail with timeout= added: add it here and to that assertion together"
        )
    return None


def _names_a_class_method(parts: list[str]) -> bool:
    """``requests.Session.post``, ``httpx.Client.get``: a class (capitalised, by the libraries'
    naming) holds the patched method."""
    return any(part[:1].isupper() for part in parts[1:-1])


def _suffix_of(head: list[str], module: list[str]) -> bool:
    return bool(head) and head == module[len(module) - len(head):]


def _names_module_call(target: list[str], module: list[str], spelling: str | None) -> bool:
    """The module's name (the end of its path, as the tests import it), then a leading part of
    the callee as the module spells it."""
    callee = spelling.split(".") if spelling else []
    for length in range(1, len(callee) + 1):
        if target[len(target) - length:] == callee[:length] and _suffix_of(target[: len(target) - length], module):
            return True
    return False


def _names_held_call(target: list[str], spelling: str | None) -> bool:
    """A call through what an object holds (``self.requests_session.post``): the target ends
    in the attribute and the method, whatever name the test reaches the object by (an
    instance the package binds, ``app.preview_client.requests_session.post``)."""
    callee = spelling.split(".") if spelling else []
    held = callee[1:] if callee[:1] in (["self"], ["cls"]) else []
    return len(held) >= 2 and target[len(target) - len(held):] == held


def _pinning_patches(ctx: Context) -> tuple[tuple[str, str, frozenset[str], frozenset[Shape] | None, str | None], ...]:
    """(target, ``path:line``, the project files the test reaches: ``_test_reach``, the shapes
    of the calls its assertions can equal, the keywordless stand-in it puts in: None for a
    mock whose arguments it compares) of every patch in a test module whose mock's arguments
    the module compares, or that puts in a function that takes no ``timeout`` keyword
    (``_http_timeout_stand_ins``); kept per project (``remembered``)."""
    listing = ctx.project_files()
    found: list[tuple[str, str, frozenset[str], frozenset[Shape] | None, str | None]] = []
    reach = ImportReach(ctx)
    for path in listing.files if listing is not None else ():
        if code_kind(path) != TESTS:
            continue
        text = ctx.read_file(listing.relative(path))
        if text is None or len(text) > MAX_MODULE_CHARS or ("patch" not in text and "setattr" not in text):
            continue
        if not _COMPARES_ARGUMENTS.search(text) and not _STAND_IN_HINT.search(text):
            continue
        pinning = plain_fact(text, "http-timeout patches pinning argument shapes", _pinning_in) or ()
        if pinning:
            reached = reach.reached(path)
            found += [(target, f"{path}:{line}", reached, shapes, spelled) for target, line, shapes, spelled in pinning]
    return tuple(found)


# what ``_pinning_in`` reads first: comparisons of a mock's arguments, the names mocks are bound to
_PATCHES_READ = (
    ast.Attribute, ast.With, ast.AsyncWith, ast.Assign, ast.FunctionDef,
    ast.AsyncFunctionDef, ast.ClassDef,
)


def _pinning_in(tree: ast.Module) -> tuple[tuple[str, int, frozenset[Shape] | None, str | None], ...]:
    """(target, line, the shapes of the calls its assertions can equal: None for any, the
    keywordless stand-in: None for a compared mock) of every patch of the test module whose
    mock it compares the arguments of (through the name the mock is bound to, or the patched
    name itself: _http_timeout_asserted_shapes), or that puts in place of its target, or
    gives its mock as ``side_effect``, a function taking no ``timeout`` keyword (and of every
    ``setattr`` that puts one in: _http_timeout_stand_ins)."""
    compared: set[str] = set()  # the dotted expressions whose call arguments are compared
    shapes: dict[str, set[Shape | None]] = {}  # by those expressions
    bound: dict[int, str] = {}  # id of a patch call -> the name its mock is bound to
    effects: dict[str, list[ast.expr]] = {}  # NAME.side_effect = ... (each one the module sets)
    functions = keywordless_functions(tree)
    parents: dict[int, ast.AST] | None = None  # read only for a ``call_args``
    for node in of_kinds(tree, _PATCHES_READ):
        if isinstance(node, ast.Attribute) and _COMPARES_ARGUMENTS.fullmatch(node.attr):
            if node.attr == "call_args":
                parents = parents if parents is not None else parents_of(tree)
                if not compares_keywords_whole(node, parents):
                    continue  # reads some arguments: one keyword more leaves the test passing
            owner = dotted_name(node.value)
            if owner:
                compared.add(owner)
                if node.attr not in SHAPED:
                    shapes.setdefault(owner, set()).add(None)
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
    roots = {name.split(".")[0] for name in compared}
    patches = []
    for node in of_kinds(tree, ast.Call):
        target = patch_target(node)
        if target is not None:
            patches.append((node, target))
            continue
        asserted = assertion_shape(node)
        if asserted is not None:
            shapes.setdefault(asserted[0], set()).add(asserted[1])
    pinning: list[tuple[str, int, frozenset[Shape] | None, str | None]] = []
    for node, target in patches:
        name = bound.get(id(node))
        spelled = patched_stand_in(node, functions) or next(
            filter(None, (stand_in(effect, functions) for effect in effects.get(name, []) if name)), None)
        if spelled is not None:
            pinning.append((target, node.lineno, None, spelled))  # any call raises once it passes timeout=
            continue
        tail = target.split(".")
        ends = {".".join(tail[len(tail) - k:]) for k in range(1, len(tail) + 1)}
        owners = [owner for owner in compared if (name is not None and owner.split(".")[0] == name) or owner in ends]
        if owners:
            told = set().union(*(shapes.get(owner, {None}) for owner in owners))
            pinned = None if None in told or is_autospec(node) else frozenset(told)
            pinning.append((target, node.lineno, pinned, None))
    pinning += [(target, line, None, spelled) for target, line, spelled in set_stand_ins(tree, functions)]
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


def callee_spelling(call: cst.Call) -> str | None:
    """``requests.post`` for ``requests.post(...)``, ``post`` for ``post(...)``,
    ``self.session.get`` for a call through what the object holds (a patch target names it
    by its end); None for a callee no patch target can spell (``make()()``)."""
    return dotted_name(call.func)

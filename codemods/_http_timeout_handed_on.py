"""http-timeout: what a function of the project does with a requests Session handed to it.

``fetch(session, url)``, where ``fetch`` is a function of the project — defined at the top
level of the same module, or imported from one of the project's modules — is read (the
standard library's AST of that module): the parameter that receives the session is

- ``"sends"``: the function sends a request through it (``session.get(url)``), or hands it
  on to another such function of its module that does;
- ``"uses"``: it only reads or sets what the session holds (``session.headers.update(...)``,
  ``copy.deepcopy(session.headers)``), itself or through such functions;
- None (cannot be told, or it may keep the session): anything else — the parameter is
  returned, stored, rebound, closed, used by a nested function or lambda, handed to a call
  that is not read, or a request method of it is handed on (``pool.map(session.get, urls)``).

A function that sends or uses the session and keeps nothing leaves it with its caller: the
caller may close it after the call. Nothing is imported or run.

The other way round, ``fed_by_callers``: a parameter of a top-level function that every call
of the module hands a proven requests Session holds one, when no other file of the project
names the function — and none is a Python file that cannot be read as text (not UTF-8: it
may name it; the finding then names that file).

``session_factories``: the module's functions whose every call makes a new session (none
decorated, cached, kept in a global or handed in): what a call of one returns is the caller's
to close.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING, Any, NamedTuple

import libcst as cst
from libcst.metadata import Assignment, ImportAssignment, MetadataWrapper, ScopeProvider

from ._ast_facts import facts
from ._base import metadata_value
from ._http_timeout_calls import CLIENT_METHODS, REQUESTS_SESSIONS, parent, qualified, referents
from ._http_timeout_holders import Held, Holders, declaration
from ._http_timeout_imported import in_project, module_and_name
from ._project_answers import remembered
from ._project_view import MAX_MODULE_CHARS, parsed

if TYPE_CHECKING:
    from ._base import Context

_SENDS = CLIENT_METHODS["requests"]
_DEPTH = 3  # functions handing the session on to functions, at most
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.GeneratorExp, ast.ClassDef)


def callee_use(
    wrapper: MetadataWrapper, ctx: Context, tree: ast.Module | None, call: cst.Call, arg: cst.Arg
) -> str | None:
    """What the function ``call`` calls does with ``arg`` (a session passed to it): "sends",
    "uses" or None (see the module's docstring)."""
    if arg.star or not isinstance(call.func, cst.Name):
        return None
    found = _callee(wrapper, ctx, tree, call.func)
    if found is None:
        return None
    module, function = found
    if arg.keyword is not None:
        position: int | str = arg.keyword.value
    else:
        before = call.args[: call.args.index(arg)]
        if any(a.star or a.keyword is not None for a in before):
            return None
        position = len(before)
    return _parameter_use(module, function, position, _DEPTH, frozenset())


def _callee(
    wrapper: MetadataWrapper, ctx: Context, tree: ast.Module | None, func: cst.Name
) -> tuple[ast.Module, ast.FunctionDef] | None:
    """The module and the top-level function ``func`` names, when it is the project's."""
    found = referents(wrapper, func)
    if not found or len(found) != 1:
        return None
    bound = found[0]
    if isinstance(bound, ImportAssignment):
        listing = ctx.project_files()
        names = [name for name in qualified(wrapper, func) if "." in name and in_project(ctx, name)]
        located = module_and_name(listing, names[0]) if listing is not None and len(names) == 1 else None
        if located is None:
            return None
        text = ctx.read_file(listing.relative(located[0]))  # type: ignore[union-attr]
        module = parsed(text) if text is not None and len(text) <= MAX_MODULE_CHARS else None
        name = located[1]
    elif isinstance(bound, Assignment) and isinstance(bound.node, cst.FunctionDef):
        if not isinstance(parent(wrapper, bound.node), cst.Module):
            return None
        module, name = tree, func.value
    else:
        return None
    function = top_level_def(module, name) if module is not None else None
    return None if function is None else (module, function)  # type: ignore[return-value]


def top_level_def(module: ast.Module, name: str) -> ast.FunctionDef | None:
    """The one top-level ``def name`` of ``module``, when nothing else there binds ``name``."""
    defined = [s for s in module.body if isinstance(s, ast.FunctionDef) and s.name == name]
    if len(defined) != 1 or defined[0].decorator_list:
        return None  # a decorator may run the body later (a thread, a queue) or elsewhere
    if any(isinstance(node, (ast.Yield, ast.YieldFrom)) for node in own_nodes(defined[0])):
        return None  # a generator's body runs after the call, as it is consumed
    for statement in module.body:
        if isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Import, ast.ImportFrom, ast.ClassDef)):
            for node in ast.walk(statement):
                if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store):
                    return None
                if isinstance(node, ast.alias) and (node.asname or node.name.split(".")[0]) == name:
                    return None
    return defined[0]


def _parameter_use(
    module: ast.Module, function: ast.FunctionDef, position: int | str, depth: int, seen: frozenset[tuple[str, int | str]]
) -> str | None:
    """What ``function`` does with its parameter at ``position`` (an index, or a keyword's
    name); ``seen``: the functions and positions it was handed through on the way here (a
    function handing it to itself, recursively, adds nothing to what its other uses say)."""
    arguments = function.args
    positional = [*arguments.posonlyargs, *arguments.args]
    if isinstance(position, int):
        if position >= len(positional):
            return None
        name = positional[position].arg
    else:
        if position not in {a.arg for a in (*arguments.args, *arguments.kwonlyargs)}:
            return None
        name = position
    seen = seen | {(function.name, position), (function.name, name)}
    parents: dict[int, ast.AST] = {}
    uses: list[ast.Name] = []
    for node in ast.walk(function):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
            if isinstance(child, ast.Name) and child.id == name:
                uses.append(child)
    sends = False
    for use in uses:
        if not isinstance(use.ctx, ast.Load) or _nested(use, function, parents):
            return None  # rebound, deleted, or used by code that may run later
        kind = _use(module, use, parents, depth, seen)
        if kind is None:
            return None
        sends = sends or kind == "sends"
    return "sends" if sends else "uses"


def _nested(node: ast.AST, function: ast.FunctionDef, parents: dict[int, ast.AST]) -> bool:
    above = parents.get(id(node))
    while above is not None and above is not function:
        if isinstance(above, _NESTED):
            return True
        above = parents.get(id(above))
    return False


def _use(
    module: ast.Module, use: ast.Name, parents: dict[int, ast.AST], depth: int, seen: frozenset[tuple[str, int | str]]
) -> str | None:
    above = parents[id(use)]
    if isinstance(above, ast.Attribute):
        outer = parents.get(id(above))
        if isinstance(outer, ast.Call) and outer.func is above:
            if above.attr == "close":
                return None
            return "sends" if above.attr in _SENDS else "uses"
        if above.attr in _SENDS or above.attr == "close":
            return None  # a bound method handed on: it may send or close later
        return "uses"  # session.headers[...] = ..., deepcopy(session.headers)
    if isinstance(above, ast.keyword):
        call, position = parents.get(id(above)), above.arg
    elif isinstance(above, ast.Call) and use in above.args:
        call, position = above, above.args.index(use)
        if any(isinstance(a, ast.Starred) for a in above.args[:position]):
            return None
    else:
        return None
    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Name) or position is None:
        return None
    if (call.func.id, position) in seen:
        return "uses"  # handed back to a function on the way here (recursion): its uses decide
    callee = top_level_def(module, call.func.id) if depth > 1 else None
    return None if callee is None else _parameter_use(module, callee, position, depth - 1, seen)


# -- a parameter every caller hands a session ---------------------------------------------------


def fed_by_callers(wrapper: MetadataWrapper, ctx: Context, holders: Holders, name: cst.Name) -> Held | str | None:
    """``def fetch(session, url): session.get(url)``, a top-level function of the module: its
    parameter holds a requests Session when the module calls it (and only calls it) and every
    call hands it one the code proves a Session (``fetch(self.session, url)``, a holder that
    mounts no adapter of its own), and no other file of the project names the function (there,
    it may be given anything: a test's double, another client). A Python file of the project
    that cannot be read as text (not UTF-8) may name it: then, where all else holds, why the
    callers are unknown (a str naming those files) instead of the Held."""
    found = called_parameter(wrapper, name, holders.calls)
    if found is None or not found.callers:
        return None  # handed on, or never called: called with anything
    for call in found.callers:
        given = argument_for(call, found.index, found.declared.name.value)
        held = holders.held_by(given) if given is not None else None
        if held is None or held.library != "requests" or holders.mounts_adapter(given):  # type: ignore[arg-type]
            return None
    listing = ctx.project_files()
    if listing is None:
        return Held("requests", passed_in=True)
    if set(mentioning(ctx, found.function)) - {listing.this}:
        return None
    unread = [path for path in unreadable(ctx) if path != listing.this]
    if unread:
        return (
            f"{', '.join(unread[:3])}{' and others' if len(unread) > 3 else ''} cannot be read as text (not UTF-8) "
            f"and may call {found.function} with anything"
        )
    return Held("requests", passed_in=True)


class CalledParameter(NamedTuple):
    """A parameter of a top-level function of the module and the calls that give it a value."""

    declared: cst.Param
    index: int | None  # its position among the positional parameters; None for a keyword-only one
    function: str  # the function's name
    callers: list[cst.Call]


def called_parameter(wrapper: MetadataWrapper, name: cst.Name, calls: list[cst.Call]) -> CalledParameter | None:
    """The parameter ``name`` refers to, of a top-level function of the module bound once and
    named in the module only by calls among ``calls`` that each refer to it; None for any other
    name, a ``*``/``**`` parameter, or a function bound again or named other than in a call (it
    may then be called with anything). Other files are not looked at here (``mentioning``)."""
    declared = declaration(wrapper, name)
    parameters = parent(wrapper, declared) if declared is not None else None
    function = parent(wrapper, parameters) if parameters is not None else None
    if not isinstance(function, cst.FunctionDef) or not isinstance(parent(wrapper, function), cst.Module):
        return None
    assert isinstance(parameters, cst.Parameters) and declared is not None
    if declared.star:
        return None
    positional = [*parameters.posonly_params, *parameters.params]
    index = next((i for i, p in enumerate(positional) if p is declared), None)
    spelled = function.name.value
    scope = metadata_value(wrapper, ScopeProvider, function)
    bindings = list(scope.assignments[spelled]) if scope is not None else []
    # (the scopes are analysed lazily, a function's when a node in it is asked about: the
    # calls are found among the module's, and each asked what it refers to)
    callers = [call for call in calls if isinstance(call.func, cst.Name) and call.func.value == spelled]
    mentions = len(re.findall(rf"\b{re.escape(spelled)}\b", wrapper.module.code))
    if len(bindings) != 1 or mentions != len(callers) + 1:
        return None
    if any(referents(wrapper, call.func) != bindings for call in callers):  # type: ignore[arg-type]
        return None
    return CalledParameter(declared, index, spelled, callers)


def argument_for(call: cst.Call, index: int | None, keyword: str) -> cst.BaseExpression | None:
    """The value ``call`` gives the parameter at ``index`` named ``keyword``; None when it
    gives none, or a star argument may."""
    for position, arg in enumerate(call.args):
        if arg.star:
            return None
        if arg.keyword is not None:
            if arg.keyword.value == keyword:
                return arg.value
        elif position == index:
            return arg.value
    return None


def mentioning(ctx: Context, name: str) -> tuple[str, ...]:
    """The project's Python files (any kind: tests too) whose text names ``name``, as paths from
    the project root; kept per project (``_project_answers``)."""
    return remembered(ctx, ("http-timeout: mentions", name), lambda reader: _mentioning(reader, name))


def unreadable(ctx: Context) -> tuple[str, ...]:
    """The project's Python files that ``read_file`` gives no text for (not UTF-8, unreadable):
    what they name is unknown. Kept per project (``_project_answers``)."""
    return remembered(ctx, ("http-timeout: unreadable",), _unreadable)


def _unreadable(reader: Any) -> tuple[str, ...]:
    listing = reader.project_files()
    return tuple(path for path in (listing.files if listing is not None else ()) if reader.read_file(listing.relative(path)) is None)


def _mentioning(reader: Any, name: str) -> tuple[str, ...]:
    listing = reader.project_files()
    word = re.compile(rf"\b{re.escape(name)}\b")
    found = []
    for path in listing.files if listing is not None else ():
        text = reader.read_file(listing.relative(path))
        if text is not None and word.search(text):
            found.append(path)
    return tuple(found)


# -- a function of the module that makes sessions for its callers ------------------------------


def session_factories(tree: ast.Module) -> dict[str, frozenset[str]]:
    """The top-level functions of ``tree`` that return a new requests Session each time they
    are called: undecorated (a decorator may cache what it returns: ``functools.lru_cache``),
    no generator, no ``global`` or ``nonlocal`` (the session kept between calls), and every
    ``return`` gives ``requests.Session()``, or a local name the function binds only to it
    (``session = requests.Session()``, then configured, then ``return session``) — never a
    parameter, a module's name, an attribute or a lookup — and hands that session to nothing
    and mounts no adapter on it (``_only_configured``). A call of one, bound to a name,
    makes a session as ``requests.Session()`` does. Each with the qualified names of the
    session classes it creates (``requests_oauthlib.OAuth2Session``: what it returns is one of them)."""
    found = facts(tree)
    if not (found.imports("requests") or found.imports("requests_oauthlib")):
        return {}

    def creates(node: ast.AST | None) -> bool:
        return isinstance(node, ast.Call) and bool(found.qualified(node.func) & REQUESTS_SESSIONS)

    factories = {}
    for statement in tree.body:
        if isinstance(statement, ast.FunctionDef) and not statement.decorator_list and _fresh_each_call(statement, creates):
            made = [node for node in own_nodes(statement) if creates(node)]
            factories[statement.name] = frozenset().union(*(found.qualified(node.func) & REQUESTS_SESSIONS for node in made))  # type: ignore[attr-defined]
    return factories


def _fresh_each_call(function: ast.FunctionDef, creates: Any) -> bool:
    """Whether every ``return`` of ``function`` gives a session the call itself made."""
    nodes = own_nodes(function)
    if any(isinstance(node, (ast.Global, ast.Nonlocal, ast.Yield, ast.YieldFrom)) for node in nodes):
        return False
    returns = [node.value for node in nodes if isinstance(node, ast.Return)]
    fresh = {
        id(node.targets[0])
        for node in nodes
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and creates(node.value)
    }
    arguments = function.args
    parameters = {a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)}
    parameters |= {a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None}
    bound: dict[str, bool] = {name: False for name in parameters}  # name -> every binding of it creates a session
    for node in nodes:
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            bound[node.id] = bound.get(node.id, True) and id(node) in fresh
        elif isinstance(node, ast.alias):
            bound[(node.asname or node.name).split(".")[0]] = False
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound[node.name] = False
    if not returns or not all(creates(value) or (isinstance(value, ast.Name) and bound.get(value.id, False)) for value in returns):
        return False
    return _only_configured({value.id for value in returns if isinstance(value, ast.Name)}, nodes)


def _only_configured(names: set[str], nodes: list[ast.AST]) -> bool:
    """Whether the sessions ``names`` hold are only configured before they are returned
    (``s.headers.update(...)``, ``s.auth = ...``, a request through them), never handed to
    anything (a list, a thread: kept after the return) nor given an adapter (``s.mount``:
    one whose ``close()`` runs code of its own, which a caller's with-block would call)."""
    parents = {id(child): node for node in nodes for child in ast.iter_child_nodes(node)}
    for node in nodes:
        if not (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in names):
            continue
        above = parents.get(id(node))
        if isinstance(above, ast.Return):
            continue
        if not (isinstance(above, ast.Attribute) and above.value is node and above.attr != "mount"):
            return False
        user = parents.get(id(above))
        called = isinstance(user, ast.Call) and user.func is above
        if not (called or isinstance(above.ctx, ast.Store) or isinstance(user, (ast.Attribute, ast.Subscript))):
            return False  # s.get handed on
    return True


def own_nodes(function: ast.FunctionDef) -> list[ast.AST]:
    """The nodes of ``function``'s body, not those of functions, lambdas or classes in it."""
    found, stack = [], list(function.body)
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(child for child in ast.iter_child_nodes(node) if not isinstance(child, _NESTED))
    return found

"""http-timeout: a call to a route of the project's own app whose view runs a process to the end.

A client of the project (its command line, another of its apps) that posts to the project's
own endpoint waits for that view: where the view runs an external program to completion
(``subprocess.run("terraform apply", ...)`` with no ``timeout=``, reached through the
project's functions), it answers when that program ends, minutes later (OpenMined/PyGrid's
``/deploy``). No wait picked here is provably long enough: the call is left, with a finding.

The call's URL must end in a literal path (``urljoin(base, "/deploy")``, ``base +
"/deploy"``, ``f"{base}/deploy"``, an ``http(s)://`` string; also through a name of the
function bound once to one) that a route of the project's application code registers
literally (``@app.route("/deploy")``, ``@bp.post(...)``, with the prefixes its blueprint's
``Blueprint(...)`` and ``register_blueprint(...)`` give, or a connexion spec's
``operationId``: _http_timeout_route_table). Where the URL's whole path is literal (an
``http(s)://`` string, ``urljoin`` with a path from ``/``) it must be the route's; where
only its end is (``base + "/deploy"``: the base may hold a prefix), the route must end in it.
The view and the project's functions it calls, a few calls deep, are read on the standard
library's AST, once per project (``_project_answers.remembered``), and only as far as a
call needs: the modules that may declare a route (a decorator, a blueprint, a registration)
when a call first asks for a path, every module only when a route has a path a call asks
for; each module is read into plain facts one at a time (its routes, its functions by name
and place: the answer holds no tree), a function's calls when a view first reaches it. A
call is first followed to the functions of its name the caller can reach (``_callees``):
``self.m()`` to its own class's method where that class has one, ``x.m()`` to a method of
its own module's classes where one is so named, ``m()`` to its own module's function where
there is one, and else to every function or method so named in the application code. The finding names the view whose calls
so reach the program (a spec's ``operationId`` that several backends' classes define is each
backend's own view). Where none does, the calls are matched by name alone (any function or
method of the name, as a call may reach one the reading cannot type): a view that so reaches
a program is still left, its finding saying the call was matched by name only."""

from __future__ import annotations

import ast
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import libcst as cst
from libcst.metadata import ScopeProvider

from ._base import APPLICATION, Context, code_kind, metadata_value
from ._code_kinds import module_kind
from ._http_timeout_calls import parent
from ._http_timeout_generation import url_argument
from ._project_answers import remembered
from ._http_timeout_route_table import Function, Route, is_spec_file, may_declare_routes, project_routes, route_facts
from ._parsed_modules import plain_fact, tree_fact
from ._project_view import MAX_MODULE_CHARS, parsed

_RUNS_TO_END = frozenset({"run", "call", "check_call", "check_output"})  # subprocess's, without timeout=
_DEPTH = 5


def own_long_route(wrapper: Any, ctx: Context, call: cst.Call) -> str | None:
    """The finding for a call to a route of the project whose view runs a process to its end."""
    literal = _literal_path(wrapper, url_argument(call))
    if literal is None or ctx.project_files() is None:
        return None
    path, whole = literal
    found = remembered(ctx, ("http-timeout: the project's routes",), _derive).long_view(path, whole)
    if found is None:
        return None
    view, runs, followed = found
    runs = f"runs {runs}" if followed else f"may run {runs} (a call on its way matched by the function's name only)"
    return (
        f"not changed: this call waits for the project's own view {view} (route {path!r}), which {runs} to "
        "its end before it answers: no wait picked here is provably long enough; give it the time that work may take"
    )


def literal_path(wrapper: Any, url: cst.BaseExpression | None) -> str | None:
    """The literal path a URL expression ends in, or None."""
    found = _literal_path(wrapper, url)
    return found[0] if found is not None else None


def _literal_path(wrapper: Any, url: cst.BaseExpression | None, depth: int = 0) -> tuple[str, bool] | None:
    """The literal path a URL expression ends in, and whether it is the URL's whole path; or None."""
    if url is None or depth > 3:
        return None
    text: str | None = None
    whole = False
    if isinstance(url, cst.SimpleString):
        text = url.evaluated_value if isinstance(url.evaluated_value, str) else None
        whole = text is not None and "://" in text
    elif isinstance(url, cst.ConcatenatedString):
        return _partial(_literal_path(wrapper, url.right, depth + 1))
    elif isinstance(url, cst.FormattedString) and url.parts and isinstance(url.parts[-1], cst.FormattedStringText):
        text = url.parts[-1].value
    elif isinstance(url, cst.BinaryOperation) and isinstance(url.operator, cst.Add):
        return _partial(_literal_path(wrapper, url.right, depth + 1))
    elif isinstance(url, cst.Call) and _called_name(url.func) in ("urljoin", "join") and url.args:
        found = _literal_path(wrapper, url.args[-1].value, depth + 1)
        last = url.args[-1].value
        # urljoin(base, "/deploy") replaces the base's path; os.path.join or a relative path does not
        replaces = _called_name(url.func) == "urljoin" and isinstance(last, cst.SimpleString)
        return (found[0], True) if found is not None and replaces else _partial(found)
    elif isinstance(url, cst.Name):
        return _literal_path(wrapper, _bound_once(wrapper, url), depth + 1)
    if not text:
        return None
    if "://" in text:
        text = urlsplit(text).path
    text = text.split("?", 1)[0]
    return (text, whole) if text.startswith("/") and len(text) > 1 else None


def _partial(found: tuple[str, bool] | None) -> tuple[str, bool] | None:
    return (found[0], False) if found is not None else None


def _called_name(func: cst.BaseExpression) -> str:
    return func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""


def _bound_once(wrapper: Any, name: cst.Name) -> cst.BaseExpression | None:
    """The value a name of the function is bound to by its only assignment (``url = ...``)."""
    scope = metadata_value(wrapper, ScopeProvider, name)
    bound = list(scope.assignments[name.value]) if scope is not None else []
    target = getattr(bound[0], "node", None) if len(bound) == 1 else None
    holder = parent(wrapper, target) if isinstance(target, cst.Name) else None
    statement = parent(wrapper, holder) if isinstance(holder, cst.AssignTarget) else None
    return statement.value if isinstance(statement, cst.Assign) else None


# -- the project's side: its routes, and whether their views run a process to its end --------
_ROUTE_FACTS = "http-timeout: route facts"
_FUNCTIONS = "http-timeout: functions"


class _Routes:
    """The project's application modules (path, text: read when the question was asked, so
    the answer's reads are those of every module), parsed only as far as a call needs: the
    modules that may declare a route (``may_declare_routes``) when a call first asks for a
    path; every module (the functions a view may reach, by name) only when some route
    reaches a path asked for. Which route's view runs a process to its end is worked out
    when a call asks for that path.

    A module is read one at a time, each into plain facts (its routes' facts, its functions
    by name and place: ``plain_fact``, kept by its text), so that no more trees are alive at
    once than the shared memo keeps; the calls of a function are read off its module's tree
    when a view first reaches it (parsed again where the memo dropped it), and kept as plain
    values. The answer holds no node of any tree. Where no module's text names ``subprocess``
    (``may_run_a_process``), no view can run a process: no module is parsed for it at all."""

    def __init__(self, texts: list[tuple[str, str]], specs: list[tuple[str, str]]):
        self._texts = texts
        self._specs = specs  # (OpenAPI specs: their routes name functions of every module)
        tokens: dict[str, int] = {}  # each text a number (two modules of one text: one tree, as ever)
        self._token = {path: tokens.setdefault(text, len(tokens)) for path, text in texts}
        self._by_token = list(tokens)
        # the calls followed are those of these modules' functions (routes from specs included)
        self._may_run = any(may_run_a_process(text) for text in self._by_token)
        self._routes: list[Route] | None = None
        self._functions: _Functions | None = None
        self._answers: dict[tuple[str, bool], tuple[str, str, bool] | None] = {}
        self._calls: dict[_Key, tuple[_Call, ...]] = {}  # a function -> the calls in it (``_calls_of``)

    @property
    def routes(self) -> list[Route]:
        if self._routes is None:
            modules = []
            for path, text in self._texts:
                if self._specs or may_declare_routes(text):
                    facts = plain_fact(text, _ROUTE_FACTS, route_facts)
                    if facts is not None:
                        modules.append((path, facts))
                        plain_fact(text, _FUNCTIONS, _function_facts)  # (while its tree is at hand)
            self._routes = project_routes(modules, self._specs)
        return self._routes

    @property
    def functions(self) -> _Functions:
        """name -> (module, class or None, function) of every function of the project's
        application modules, in their order (read off each module's statements alone)."""
        if self._functions is None:
            self._functions = {}
            for path, text in self._texts:
                token = self._token[path]
                for owner, function in plain_fact(text, _FUNCTIONS, _function_facts) or ():
                    key = (token, function.lineno, function.col)
                    self._functions.setdefault(function.name, []).append((path, owner, key))
        return self._functions

    def _calls_of(self, key: _Key) -> tuple[_Call, ...]:
        """The calls in a function (its decorators, defaults and nested functions too), in
        ``ast.walk``'s order: each function read once per project, whichever views reach it."""
        calls = self._calls.get(key)
        if calls is None:
            token, lineno, col = key
            tree = parsed(self._by_token[token])
            function = tree_fact(tree, "http-timeout: functions by place", _by_place).get((lineno, col)) if tree else None
            calls = self._calls[key] = _calls_in(function) if function is not None else ()
        return calls

    def long_view(self, called: str, whole: bool) -> tuple[str, str, bool] | None:
        """``(view, what it runs, whether its calls were followed to what they reach)`` for the
        first view of a route the call may reach (``called``: the literal end of its path,
        ``whole``: its whole path) that runs a process to its end: one whose calls reach it,
        else one whose calls matched by name do."""
        if not self._may_run:
            return None
        key = (called, whole)
        if key not in self._answers:
            self._answers[key] = None
            reached = [route for route in self.routes if _reaches(called, whole, route)]
            for by_name in (False, True):
                for route in reached:
                    view = (self._token[route.module], route.function.lineno, route.function.col)
                    runs = _runs_process(route.function.name, view, route.module, self.functions, self._calls_of, by_name=by_name)
                    if runs is not None:
                        self._answers[key] = (_view(route), runs, not by_name)
                        break
                if self._answers[key] is not None:
                    break
        return self._answers[key]


def may_run_a_process(text: str) -> bool:
    """Whether a module's text may hold a call ``_calls_in`` reads as running a program
    (``subprocess.run(...)``: the name ``subprocess`` spelled as such). A text not all ASCII
    may spell a name in a form Python reads as another (NFKC): it may."""
    return "subprocess" in text or not text.isascii()


def _view(route: Route) -> str:
    return f"{route.function.name}() at {route.module}:{route.function.lineno}"


def _reaches(called: str, whole: bool, route: Route) -> bool:
    """A path that is (``whole``) or ends in (else) ``called`` may be ``route``'s path (which is
    ``route.path`` when ``exact``, else ends in it)."""
    if route.exact and whole:
        return route.path == called
    shorter, longer = sorted((called, route.path), key=len)
    if route.exact:  # the call's start is not known
        return route.path == called or route.path.endswith(called)
    if whole:  # the route's start is not known
        return called == route.path or called.endswith(route.path)
    return longer.endswith(shorter)


def _derive(reader) -> _Routes:
    listing = reader.project_files()
    texts: list[tuple[str, str]] = []
    loads_specs = False  # connexion's add_api(...): the project's OpenAPI specs declare routes
    for path in listing.files:
        if code_kind(path) != APPLICATION:
            continue
        text = reader.read_file(listing.relative(path))
        if text is None or len(text) > MAX_MODULE_CHARS or module_kind(path, text) != APPLICATION:
            continue
        texts.append((path, text))
        loads_specs = loads_specs or ("add_api(" in text and parsed(text) is not None)
    specs = []
    for path in listing.every_file if loads_specs else ():
        if is_spec_file(path) and code_kind(path) == APPLICATION:
            text = reader.read_file(listing.relative(path))
            if text and len(text) <= MAX_MODULE_CHARS and "operationId" in text:
                specs.append((path, text))
    return _Routes(texts, specs)


# a function: (its module's text, by number; the line and column of its ``def``)
_Key = tuple[int, int, int]
# name -> (module, the class defining it or None, the function)
_Functions = dict[str, list[tuple[str, "str | None", _Key]]]


class _Call(NamedTuple):
    """What following a call needs of it (no node)."""

    name: str  # the name called (``f()``, ``x.f()``), else ""
    attribute: bool  # ``x.f()``
    on_self: bool  # ``self.f()``, ``cls.f()``
    runs: str | None  # ``subprocess.run(...)`` (and the others running to the end) with no timeout=: ``run``
    lineno: int


def _function_facts(tree: ast.Module) -> tuple[tuple[str | None, Function], ...]:
    """(the class defining it or None, the function) of each function of a module (``_defined_functions``)."""
    return tuple((owner, Function(node.name, node.lineno, node.col_offset)) for owner, node in _defined_functions(tree))  # type: ignore[attr-defined]


def _by_place(tree: ast.Module) -> dict[tuple[int, int], ast.AST]:
    return {(node.lineno, node.col_offset): node for _owner, node in _defined_functions(tree)}  # type: ignore[attr-defined]


def _defined_functions(tree: ast.Module) -> list[tuple[str | None, ast.AST]]:
    """Every function of a module with the class whose body defines it (None: none does),
    in the order of a depth-first reading that takes the last child first. Only statements
    (and the handlers and cases holding statements) are read: a function is a statement,
    and no expression holds one, so the module's expressions (most of its nodes) are not
    walked again here (``walked`` walks them once for every fact of the module)."""
    found: list[tuple[str | None, ast.AST]] = []
    todo: list[tuple[str | None, ast.AST]] = []
    for child in tree.body:  # (the module itself: its statements are its only such children)
        _met(None, child, found, todo)
    while todo:
        owner, node = todo.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, _HOLDS_STATEMENTS):
                _met(owner, child, found, todo)
    return found


_HOLDS_STATEMENTS = (ast.stmt, ast.excepthandler, ast.match_case)


def _met(owner: str | None, child: ast.AST, found: list, todo: list) -> None:
    if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
        found.append((owner, child))
        todo.append((None, child))
    elif isinstance(child, ast.ClassDef):
        todo.append((child.name, child))
    else:
        todo.append((owner, child))


def _callees(call: _Call, where: str, owner: str | None, functions: _Functions) -> list[tuple[str, str | None, _Key]]:
    """The project's functions a call from a function of module ``where`` (defined in class
    ``owner``) reaches: ``self.m()`` its own class's method, ``x.m()`` a method of its own
    module's classes, ``m()`` a function of its own module, where one is so named; else every
    function or method so named."""
    named = functions.get(call.name, [])
    if call.attribute:
        own_class = [f for f in named if call.on_self and f[0] == where and f[1] == owner]
        return own_class or [f for f in named if f[0] == where and f[1] is not None] or named
    return [f for f in named if f[0] == where and f[1] is None] or named


def _owner(name: str, view: _Key, path: str, functions: _Functions) -> str | None:
    return next((owner for where, owner, key in functions.get(name, ()) if key == view and where == path), None)


def _calls_in(function: ast.AST) -> tuple[_Call, ...]:
    """The calls in ``function``, in ``ast.walk``'s order."""
    calls = []
    for node in ast.walk(function):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute):
            read_on = func.value.id if isinstance(func.value, ast.Name) else None
            runs = read_on == "subprocess" and func.attr in _RUNS_TO_END and not any(k.arg == "timeout" for k in node.keywords)
            calls.append(_Call(func.attr, True, read_on in ("self", "cls"), func.attr if runs else None, node.lineno))
        else:
            calls.append(_Call(func.id if isinstance(func, ast.Name) else "", False, False, None, node.lineno))
    return tuple(calls)


def _runs_process(name: str, view: _Key, path: str, functions: _Functions, calls_of, *, by_name: bool) -> str | None:
    """``"subprocess.run() at path:line"`` where the view (``name``, at ``view`` in module
    ``path``), or a function of the project it calls (``_callees``; ``by_name``: any so
    named), a few calls deep, runs a program with no timeout; else None. ``calls_of``: the
    calls of a function (``_Routes._calls_of``)."""
    seen: set[_Key] = set()
    todo: list[tuple[str, str | None, _Key, int]] = [(path, _owner(name, view, path, functions), view, 0)]
    while todo:
        where, owner, function, depth = todo.pop()
        if function in seen:
            continue
        seen.add(function)
        for call in calls_of(function):
            if call.runs is not None:
                return f"subprocess.{call.runs}() at {where}:{call.lineno}"
            if depth < _DEPTH:
                callees = functions.get(call.name, []) if by_name else _callees(call, where, owner, functions)
                todo.extend((p, o, f, depth + 1) for p, o, f in callees if f not in seen)
    return None

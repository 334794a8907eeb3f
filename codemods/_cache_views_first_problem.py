"""The first problem cache-views' scan meets in a function of another module, read off the
standard library's AST: is it surely one that settles the refusal?

The planner judges a view's decorators one at a time (``Planner.decorator_problems``): a
decorator that names a function of the project is scanned as a helper (``Analysis.helper``),
without a survey, so its verdict is the FIRST problem the scan meets in it, in the order it
visits the function (its decorators, its parameters, its body, statement by statement, a
function defined in it where it is defined). ``first_problem_settles`` answers whether that
first problem is surely a settled one (``SETTLED``: the request, the session, an effect...):
it reads the function in the same order and stops at the first statement that is not surely
clean, which must hold a reference the scan surely refuses for a settled reason and nothing
else it could refuse (within one statement the order does not matter then).

Surely clean, as the scan judges it in a function of another module than the view's (any
read of the request is one there):

- constants, containers, operators, subscripts, and the names the functions being read bind
  themselves, read as they are (the scan asks nothing of a local read alone);
- a parameter, called (``f(*args, **kwargs)``: a callable passed in), read through an
  attribute (``f.__name__``), or with a method that only reads (``VALUE_METHODS``), where the
  function that binds it binds it only so;
- a name, or an attribute chain from a name, that the module binds only by module-level
  imports of a library (``function_imports``, ``library_target``), or a builtin the module
  binds nowhere, where no prefix of it, resolved, is decided by the scan's references (the
  request, the catalogue's named reasons, a user word: ``reference_decision``); called, where
  the scan's call rules take it for pure (``is_pure``, after no named reason and none of their
  own rules: rendering, files, ...) or for the request's (whose reference then decides);
- a method of a string literal that only reads (``" ".join(...)``, ``VALUE_METHODS``);
- a name assigned (not an attribute or an item), a nested function (its decorators, its
  parameters' defaults and annotations, its return annotation, then its body), ``if``,
  ``try``, ``assert``, ``raise``, ``return``, ``pass``.

Surely settled: a reference decided so (``request.args``, ``session``...); a call the call
rules refuse for a settled reason before they visit its parts (a named reason such as
``flash``, a method of a parameter that changes it, ``kwargs.update(...)``, or a function of a
library or a parameter's method whose name says it writes); an assignment to an attribute or
an item of a library's name (``current_app.config[...] = ...``: the scan takes it for a
change of state outside the function, an effect); a read of a name the module binds to an
object the analysis does not know (``state``, found by the caller: ``F = TypeVar("F")`` read
in ``-> Callable[[F], F]``), which the scan takes for state that may change.

Anything else (a call of the project, a loop, a comprehension, a lambda, an
import or a ``global`` in the function, a local other than a parameter read through an
attribute or called...) ends the reading: the first problem may be an open one, and the
view is let through. The qualified names LibCST gives the locals start with the function's
name (``f.<locals>.x``): a function whose name the catalogue may judge is not read.
"""

from __future__ import annotations

import ast

from ._cache_views_catalog import (
    CONNECT_CALLS,
    CONTAINER_METHODS,
    HELD_PURE_CALLS,
    OPEN_CALLS,
    RENDER_TEMPLATE,
    RENDER_TEMPLATE_STRING,
    RESPONSE_CLASSES,
    REQUEST_NAMES,
    SETTLED,
    URL_FOR,
    VALUE_METHODS,
    is_pure,
    locals_judged_by_name,
    named_reason,
    says_write,
    starts_a_named_reason,
)
from ._cache_views_settled_body import library_target, name_chain, reference_decision
from ._flask import ROUTE_DECORATORS
from ._global_imports import function_imports

CLEAN, SETTLES, OPEN = 0, 1, 2
_OWN_RULES = frozenset(
    (*RENDER_TEMPLATE, *RENDER_TEMPLATE_STRING, *URL_FOR, *OPEN_CALLS, *RESPONSE_CLASSES, *CONNECT_CALLS, "builtins.next")
)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
# expressions whose parts the scan visits without a rule of their own
_PLAIN = (ast.BinOp, ast.BoolOp, ast.Compare, ast.UnaryOp, ast.IfExp, ast.Tuple, ast.List, ast.Set, ast.Dict,
          ast.JoinedStr, ast.FormattedValue, ast.Subscript, ast.Slice, ast.Starred)


def first_problem_settles(function: ast.FunctionDef, tree: ast.Module, state: frozenset[str] = frozenset()) -> bool:
    """Whether the scan of ``function`` (a statement of ``tree``'s top level, scanned as a
    helper of another module than the view's) surely meets a settled problem first;
    ``state``: names of the module the scan surely takes for state (``module_state``)."""
    # the qualified names of its locals start with its name (``f.<locals>.x``): none may be
    # one the scan judges by its name
    if locals_judged_by_name(function.name):
        return False
    for node in ast.walk(function):
        if isinstance(node, (ast.Global, ast.Nonlocal, ast.Import, ast.ImportFrom)):
            return False  # names bound otherwise than a scope's own, or with a qualified name of a library
    return _Reading(function, tree, state).function(function) == SETTLES


def _on_a_string(func: ast.expr) -> bool:
    if type(func) is not ast.Attribute:
        return False
    receiver = func.value  # type: ignore[attr-defined]
    return type(receiver) is ast.Constant and type(receiver.value) is str


def _either(results) -> int:
    """The parts of one statement, in whatever order the scan meets them."""
    found = CLEAN
    for result in results:
        if result == OPEN:
            return OPEN
        found = max(found, result)
    return found


def _first(results) -> int:
    """Parts met in this order: the first that is not clean."""
    for result in results:
        if result != CLEAN:
            return result
    return CLEAN


class _Reading:
    def __init__(self, top: ast.FunctionDef, tree: ast.Module, state: frozenset[str]) -> None:
        self.tree = tree
        self.state = state
        self.imports = function_imports(top, tree)
        self.within: list[tuple[dict[str, int], frozenset[str]]] = []  # (own bindings, parameters), innermost last

    # -- statements ---------------------------------------------------------------------------
    def function(self, function: ast.AST) -> int:
        if type(function) is not ast.FunctionDef:
            return OPEN
        arguments = function.args
        every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg]
        for decorator in function.decorator_list:
            callee = decorator.func if type(decorator) is ast.Call else decorator
            if type(callee) is ast.Attribute and callee.attr in ROUTE_DECORATORS:
                return OPEN  # a route's, which the scan may skip
        found = _first(self.expression(decorator) for decorator in function.decorator_list)
        if found != CLEAN:
            return found
        # LibCST's order: the parameters (each its default, then its annotation, read in the
        # scope around the function), then the return annotation, then the body
        defaults = [*arguments.defaults, *(d for d in arguments.kw_defaults if d is not None)]
        annotations = [a.annotation for a in every if a is not None and a.annotation is not None]
        found = _either(self.expression(part) for part in (*defaults, *annotations))
        if found != CLEAN:
            return found
        if function.returns is not None:
            found = self.expression(function.returns)
            if found != CLEAN:
                return found
        self.within.append((_own_bindings(function), frozenset(a.arg for a in every if a is not None)))
        try:
            return self.block(function.body)
        finally:
            self.within.pop()

    def block(self, statements: list[ast.stmt]) -> int:
        return _first(self.statement(statement) for statement in statements)

    def statement(self, statement: ast.stmt) -> int:
        kind = type(statement)
        if kind is ast.FunctionDef:
            return self.function(statement)
        if kind in (ast.Pass, ast.Break, ast.Continue):
            return CLEAN
        if kind is ast.Expr:
            return self.expression(statement.value)  # type: ignore[attr-defined]
        if kind is ast.Return:
            value = statement.value  # type: ignore[attr-defined]
            return CLEAN if value is None else self.expression(value)
        if kind is ast.Assign:
            return self.assignment(statement.targets, statement.value)  # type: ignore[attr-defined]
        if kind is ast.AugAssign:
            return self.assignment([statement.target], statement.value)  # type: ignore[attr-defined]
        if kind is ast.Assert:
            parts = (statement.test, statement.msg)  # type: ignore[attr-defined]
            return _either(self.expression(part) for part in parts if part is not None)
        if kind is ast.Raise:
            parts = (statement.exc, statement.cause)  # type: ignore[attr-defined]
            return _either(self.expression(part) for part in parts if part is not None)
        if kind is ast.If:
            return _first(self._if(statement))  # type: ignore[arg-type]
        if kind is ast.Try:
            return self._try(statement)  # type: ignore[arg-type]
        return OPEN

    def _if(self, statement: ast.If):
        yield self.expression(statement.test)
        yield self.block(statement.body)
        yield self.block(statement.orelse)

    def _try(self, statement: ast.Try) -> int:
        def parts():
            yield self.block(statement.body)
            for handler in statement.handlers:
                yield CLEAN if handler.type is None else self.expression(handler.type)
                yield self.block(handler.body)  # (its name: a local of the function)
            yield self.block(statement.orelse)
            yield self.block(statement.finalbody)

        return _first(parts())

    def assignment(self, targets: list[ast.expr], value: ast.expr) -> int:
        """The scan asks each target first (``Scan._target``), then visits the targets and
        the value: a name or names are clean; an attribute or item of a library's name is a
        change of state outside the function (an effect), unless its name is a reason."""
        for target in targets:
            if type(target) is ast.Name or (
                type(target) in (ast.Tuple, ast.List) and all(type(e) is ast.Name for e in target.elts)  # type: ignore[attr-defined]
            ):
                continue
            root = target
            while type(root) in (ast.Attribute, ast.Subscript):
                root = root.value  # type: ignore[attr-defined]
            if type(root) is not ast.Name or self.local(root.id) is not None:  # type: ignore[attr-defined]
                return OPEN
            qualified = self.resolved(root.id)  # type: ignore[attr-defined]
            if qualified is None:
                return OPEN
            problem = named_reason(qualified)
            return OPEN if problem is not None and problem.category not in SETTLED else SETTLES
        return self.expression(value)

    # -- expressions (one statement's parts: met in any order) ---------------------------------
    def expression(self, node: ast.expr) -> int:
        kind = type(node)
        if kind is ast.Constant:
            return CLEAN
        if kind is ast.Name or kind is ast.Attribute:
            return self.reference(node, called=False)  # type: ignore[arg-type]
        if kind is ast.Call:
            return self.call(node)  # type: ignore[arg-type]
        if kind in _PLAIN:
            children = ast.iter_child_nodes(node)
            return _either(self.expression(child) for child in children if isinstance(child, ast.expr))
        return OPEN  # lambdas, comprehensions, ``:=``, ``await``, ``yield``...

    def call(self, call: ast.Call) -> int:
        """The scan judges a call (``CallRules._call``) before it visits the callee and the
        arguments: a settled problem there comes first, whatever they hold."""
        func = call.func
        judged = self.judged_call(func)
        if judged != CLEAN:
            return judged
        parts = [self.expression(part) for part in (*call.args, *(k.value for k in call.keywords))]
        if not _on_a_string(func):  # (a string's method: no name to judge)
            parts.append(self.reference(func, called=True))  # type: ignore[arg-type]
        return _either(parts)

    def judged_call(self, func: ast.expr) -> int:
        """The call rules' answer on a call of ``func``: settled, clean (a value, the request's,
        a callable passed in), or open (anything else, a function of the project among them)."""
        if _on_a_string(func):
            return CLEAN if func.attr in VALUE_METHODS else OPEN  # type: ignore[attr-defined]
        chain = name_chain(func) if type(func) in (ast.Name, ast.Attribute) else None
        if chain is None:
            return OPEN
        local = self.local(chain[0])
        if local is not None:
            if not local:
                return OPEN  # what a local is bound to is judged first
            if len(chain) == 1:
                return CLEAN  # a parameter called: a callable passed in
            method = chain[-1]  # a method of a parameter (or of its attribute): the value rules
            if method in VALUE_METHODS:
                return CLEAN
            return SETTLES if method in CONTAINER_METHODS or says_write(method) else OPEN
        target = self.resolved(chain[0])
        if target is None:
            return OPEN
        qualified = ".".join([target, *chain[1:]])
        problem = named_reason(qualified)
        if problem is not None:
            return SETTLES if problem.category in SETTLED else OPEN
        if any(qualified == root or qualified.startswith(root + ".") for root in REQUEST_NAMES):
            return CLEAN  # the request's: its reference decides
        if qualified in _OWN_RULES or qualified in HELD_PURE_CALLS:
            return OPEN
        if is_pure(qualified):
            return CLEAN
        # a library's function the scan cannot see into: refused by its name (``unknown``)
        return SETTLES if says_write(chain[-1]) else OPEN

    def reference(self, node: ast.Name | ast.Attribute, *, called: bool) -> int:
        """A name or an attribute chain as the scan's references judge it (``Scan._reference``,
        the chain first, then its value); ``called``: the callee of a call judged already."""
        chain = name_chain(node)
        if chain is None:
            return OPEN
        local = self.local(chain[0])
        if local is not None:
            # read alone, or called (judged): nothing is asked of it; read through, its kind,
            # known for a parameter
            return CLEAN if len(chain) == 1 or called or local else OPEN
        if len(chain) == 1 and chain[0] in self.state:
            return SETTLES  # read alone: state that may change (``CHANGING``)
        target = self.resolved(chain[0])
        if target is None:
            return OPEN
        for end in range(len(chain), 0, -1):  # as the scan visits an attribute, then its value
            decided = reference_decision(".".join([target, *chain[1:end]]), True, chain[0] in self.imports)
            if decided is not None:
                return SETTLES if decided else OPEN
        return CLEAN

    # -- names ----------------------------------------------------------------------------------
    def local(self, name: str) -> bool | None:
        """None when no function being read binds ``name``; else whether the innermost that
        does binds it only as a parameter."""
        for bindings, parameters in reversed(self.within):
            if name in bindings:
                return name in parameters and bindings[name] == 1
        return None

    def resolved(self, name: str) -> str | None:
        """What a name no function being read binds stands for: a library's name the module
        imports alone, or a builtin it binds nowhere; None for anything else."""
        return library_target(name, self.tree, self.imports)


def _own_bindings(function: ast.FunctionDef) -> dict[str, int]:
    """Name -> how many times ``function`` binds it in its own scope: parameters, assigned
    names, nested definitions, handlers' names (not what comprehensions, lambdas or nested
    scopes bind: fewer names taken for locals only ends the reading sooner)."""
    counts: dict[str, int] = {}
    arguments = function.args
    for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg]:
        if argument is not None:
            counts[argument.arg] = counts.get(argument.arg, 0) + 1
    stack: list[ast.AST] = list(function.body)
    while stack:
        node = stack.pop()
        name = None
        if isinstance(node, _SCOPES):
            name = getattr(node, "name", None)
        elif type(node) is ast.Name and type(node.ctx) is not ast.Load:  # type: ignore[attr-defined]
            name = node.id  # type: ignore[attr-defined]
        elif type(node) is ast.ExceptHandler:
            name = node.name  # type: ignore[attr-defined]
        if name:
            counts[name] = counts.get(name, 0) + 1
        if not isinstance(node, (*_SCOPES, *_COMPREHENSIONS)):
            stack.extend(ast.iter_child_nodes(node))
    return counts

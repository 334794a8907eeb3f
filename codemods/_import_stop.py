"""A module whose import surely stops on a name it never binds: nothing after that line runs.

A statement at the top level of a module, run unconditionally (not under an ``if``, a ``try``,
a loop or a ``with``), that reads a name the module binds nowhere and that is no builtin raises
``NameError`` at every import and every run as a script: nothing after it ever runs, and
nothing in the module is usable by its importers (the import itself fails). A change whose
whole worth is in what the code does when it runs (a with-block that closes a handle, a
timeout that bounds a wait) does nothing there, and a reviewer reads it as noise (moin's
UI-test helpers read an attribute of a module ``pytest.importorskip`` returned but nothing
bound, then probe a server). The codemods whose changes are of that kind ask it in their tree
gate and leave such a module alone, silently (a linter's undefined-name check says what is
wrong with it).

It is asked by those codemods, not by the engine for every file: the engine is also handed
fragments of modules (``app = make()`` with no import of ``make``, as this project's own tests
and a caller of the API write them), which every other codemod rewrites as it would the whole
module (asked there, session 35's rule failed 25 of the project's tests).

``import_stop(tree)`` gives the line and the name, or None. It is told on CPython's AST
alone, and only when it is sure:

- the name is used as an object (an attribute of it read, or it called), where it is surely
  evaluated: in the value of an expression statement or an assignment, through attributes,
  subscripts, calls and their arguments, operators, containers and f-strings; not in a lambda,
  a comprehension, a conditional branch or a later operand of ``and``/``or`` or of a chained
  comparison. A name read as a bare value may be a placeholder the user fills in before the
  first run (stock-scraper's ``quote({password})`` in a connection string): not taken;
- the module binds the name nowhere, in any scope and any way (an assignment, an import, a
  ``def``, a ``class``, a loop or ``with`` target, an ``except ... as``, a parameter, a
  ``global``, a pattern), imports nothing with ``*`` and reaches no namespace by hand
  (``globals``, ``vars``, ``locals``, ``exec``, ``eval``, ``setattr``, ``__dict__``,
  ``__builtins__``, ``builtins``, ``__builtin__``);
- the name is no builtin of Python 3 or 2 (``unicode``, ``xrange`` ...), no name a module gets
  (``__file__`` ...) and none that tools commonly put among the builtins (gettext's ``_``,
  IPython's ``get_ipython`` and ``display``, kernprof's ``profile``, Jupyter's config ``c``);
- the statements before it only import, define, assign or call: none loops, branches or
  enters a with-block (a server started there, ``app.run()``, may hold the process before
  the stop).
"""

from __future__ import annotations

import ast
import builtins

_PYTHON_2 = frozenset(
    {"unicode", "basestring", "long", "xrange", "raw_input", "unichr", "reduce", "file", "execfile", "reload", "cmp",
     "buffer", "apply", "intern", "coerce", "StandardError", "WindowsError", "__builtin__"}
)
_MODULE_NAMES = frozenset(
    {"__file__", "__name__", "__doc__", "__builtins__", "__loader__", "__spec__", "__package__", "__path__",
     "__cached__", "__annotations__", "__debug__"}
)
# names tools put among the builtins (gettext and Babel's install(), IPython, kernprof,
# Jupyter's and IPython's configuration files, type checkers' reveal_type)
_INSTALLED = frozenset(
    {"_", "N_", "gettext", "ngettext", "pgettext", "npgettext", "lazy_gettext", "get_ipython", "display", "profile",
     "c", "get_config", "load_subconfig", "reveal_type", "__IPYTHON__"}
)
_KNOWN = frozenset(dir(builtins)) | _PYTHON_2 | _MODULE_NAMES | _INSTALLED
# what reaches a namespace by hand: a name may be bound where no statement shows it
_BY_HAND = frozenset({"globals", "vars", "locals", "exec", "eval", "setattr", "__dict__", "__builtins__", "builtins", "__builtin__"})
# statements before the stop that run nothing that could hold the import there
_PLAIN = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Assign, ast.AnnAssign,
          ast.AugAssign, ast.Expr, ast.Pass)


def import_stop(tree: ast.Module) -> tuple[int, str] | None:
    """The line and the name of the first top-level statement whose unbound name stops every
    import of the module (see the module's docstring); None when there is none, or when it
    cannot be told surely."""
    bound: set[str] | None = None
    for statement in tree.body:
        if not isinstance(statement, _PLAIN):
            return None
        read = _surely_read(statement)
        # used as an object: an attribute read or a call (a bare value may be a placeholder
        # its user fills in: ``quote({password})``)
        used = {id(node.value) for node in read if isinstance(node, ast.Attribute)}
        used |= {id(node.func) for node in read if isinstance(node, ast.Call)}
        for name in read:
            if not isinstance(name, ast.Name) or not isinstance(name.ctx, ast.Load) or id(name) not in used or name.id in _KNOWN:
                continue
            if bound is None:
                bound = _bound_anywhere(tree)
                if bound is None:
                    return None
            if name.id not in bound:
                return name.lineno, name.id
    return None


def _surely_read(statement: ast.stmt) -> list[ast.expr]:
    """The expressions ``statement`` surely evaluates, each with the parts of it it evaluates."""
    if isinstance(statement, (ast.Expr, ast.Assign)) or isinstance(statement, ast.AnnAssign) and statement.value is not None:
        return _evaluated(statement.value)
    if isinstance(statement, ast.AugAssign):
        return _evaluated(statement.value) + _evaluated(statement.target if isinstance(statement.target, ast.Name) else None)
    return []


def _evaluated(node: ast.expr | None) -> list[ast.expr]:
    """``node`` and its parts wherever they are evaluated whole."""
    if node is None:
        return []
    found: list[ast.expr] = [node]
    if isinstance(node, (ast.Attribute, ast.Starred, ast.NamedExpr, ast.FormattedValue)):
        found += _evaluated(node.value)
    elif isinstance(node, ast.UnaryOp):
        found += _evaluated(node.operand)
    elif isinstance(node, ast.Subscript):
        found += _evaluated(node.value) + _evaluated(node.slice)
    elif isinstance(node, ast.Call):
        found += _evaluated(node.func)
        for argument in node.args:
            found += _evaluated(argument)
        for keyword in node.keywords:
            found += _evaluated(keyword.value)
    elif isinstance(node, ast.BinOp):
        found += _evaluated(node.left) + _evaluated(node.right)
    elif isinstance(node, ast.BoolOp):
        found += _evaluated(node.values[0])
    elif isinstance(node, ast.Compare):
        found += _evaluated(node.left) + _evaluated(node.comparators[0])
    elif isinstance(node, ast.IfExp):
        found += _evaluated(node.test)
    elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        found += [part for element in node.elts for part in _evaluated(element)]
    elif isinstance(node, ast.Dict):
        found += [part for key in (*node.keys, *node.values) if key is not None for part in _evaluated(key)]
    elif isinstance(node, ast.JoinedStr):
        found += [part for value in node.values for part in _evaluated(value)]
    return found  # a lambda, a comprehension, an await or a yield: not its parts


def _bound_anywhere(tree: ast.Module) -> set[str] | None:
    """Every name the module binds, in any scope; None when a namespace may be reached by
    hand or a ``*`` import binds names no statement shows."""
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if node.id in _BY_HAND:
                return None
            if not isinstance(node.ctx, ast.Load):
                bound.add(node.id)
        elif isinstance(node, ast.Attribute) and node.attr in _BY_HAND:
            return None
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name == "*":
                    return None
                bound.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            bound.update(node.names)
        elif isinstance(node, ast.alias):
            continue
        else:
            for field in ("name", "rest"):  # patterns: MatchAs, MatchStar, MatchMapping
                value = getattr(node, field, None)
                if isinstance(value, str) and type(node).__name__.startswith("Match"):
                    bound.add(value)
    return bound

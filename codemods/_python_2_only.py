"""Python 2 evidence in a project's code: imports of standard-library modules only Python 2
has (``urlparse``, ``urllib2``, ``cPickle`` ...).

A module of the application code that Python 3 cannot parse for a statement only Python 2
has (``print "..."``, ``print >>f, x``, ``except E, e:``) is evidence too (``python_2_syntax``).

Two strengths: a module that imports one at all, guarded by ``try/except ImportError`` or not,
*may* run on Python 2 (``python_2_import``); a module of the application code that imports
one at its top level, outside any ``try``, cannot be imported on Python 3 at all, so the app
runs on Python 2 only (``python_2_only``) — and gets no Flask from 2.0 on (Flask 2.0 requires
Python 3), whatever an unpinned requirement admits. So does a module whose top-level
statements call a builtin only Python 2 has (``execfile(activate_this)`` in a WSGI module),
one it does not define or import itself: Python 3 stops its import with a ``NameError``, and
one whose top-level statements sort a list with a comparison function (``groups.sort(by_group)``,
``sorted(xs, cmp=f)``): Python 3 stops it with a ``TypeError``.

A name the project has as a module of its own (``commands.py``, ``Queue/__init__.py``
anywhere in it) is no evidence: ``from commands import cli`` imports the project's module on
Python 3 (``project_module_names``).
"""

from __future__ import annotations

import ast
import posixpath
import re

from ._base import Context
from ._project_answers import remembered
from ._project_view import application_modules, may_be_python_2, parsed
from ._statement_walk import import_statements

PYTHON_2_ONLY_MODULES = frozenset({
    "urlparse", "urllib2", "httplib", "cookielib", "Cookie", "cPickle", "cStringIO", "StringIO", "ConfigParser",
    "Queue", "HTMLParser", "htmlentitydefs", "SocketServer", "xmlrpclib", "SimpleXMLRPCServer", "BaseHTTPServer",
    "SimpleHTTPServer", "CGIHTTPServer", "__builtin__", "commands", "copy_reg", "robotparser", "anydbm",
    "dummy_thread", "Tkinter", "UserDict", "UserList", "UserString",
})
SPELLED = re.compile(r"\b(?:%s)\b" % "|".join(sorted(PYTHON_2_ONLY_MODULES)))
# builtins Python 3 dropped (renamed, moved to a module, or gone)
PYTHON_2_ONLY_BUILTINS = frozenset({
    "execfile", "raw_input", "unichr", "unicode", "xrange", "basestring", "long", "cmp", "reload", "reduce",
    "apply", "buffer", "coerce", "intern", "file",
})
_CALLS_BUILTIN = re.compile(r"\b(?:%s)\s*\(" % "|".join(sorted(PYTHON_2_ONLY_BUILTINS)))
# a sort handed a comparison function (Python 2's ``list.sort(f)``, ``sorted(xs, cmp=f)``):
# Python 3's sorts take none, so the call raises TypeError (``comparison_sort_at_import``)
_SORTS_WITH_COMPARISON = re.compile(r"\.sort\s*\(\s*[A-Za-z_]|\bcmp\s*=")
_PYTHON_2_NAMES = re.compile(f"{SPELLED.pattern}|{_CALLS_BUILTIN.pattern}|{_SORTS_WITH_COMPARISON.pattern}")
_TOP_LEVEL_CODE = (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign)


def _imported(node: ast.stmt) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module]
    return []


def _python_2_module(names: list[str], own: frozenset[str]) -> str | None:
    tops = (name.split(".")[0] for name in names)
    return next((top for top in tops if top in PYTHON_2_ONLY_MODULES and top not in own), None)


def project_module_names(ctx: Context) -> frozenset[str]:
    """The names of the project's own modules and packages (``commands`` for ``cli/commands.py``
    or ``commands/__init__.py``); empty when the tool lists no project."""
    listing = ctx.project_files()
    names = set()
    for path in listing.files if listing is not None else ():
        folder, _, file = path.rpartition("/")
        names.add(folder.rpartition("/")[2] if file == "__init__.py" else file[: -len(".py")])
    return frozenset(names)


def python_2_import(tree: ast.AST, own: frozenset[str] = frozenset()) -> str | None:
    """The first Python-2-only module ``tree`` imports anywhere, or None; ``own``: the
    project's own module names (``project_module_names``), no evidence."""
    for node in import_statements(tree):
        found = _python_2_module(_imported(node), own)
        if found is not None:
            return found
    return None


def python_2_only(ctx: Context, folder: str) -> str | None:
    """Where a module of the application code in ``folder`` (relative to the project root, ""
    for all) or below imports a Python-2-only module at its top level, outside any ``try``
    (``"urlparse in site/links.py, imported outside any try"``), or calls a Python-2-only
    builtin in a top-level statement (``"execfile in wsgi.py, called at import"``, see
    ``python_2_builtin_call``), or None. Asked once per project and folder (``remembered``:
    a codemod may ask it for each module it changes)."""
    prefix = folder.rstrip("/") + "/" if folder else ""
    return remembered(ctx, ("python 2 only", prefix), lambda reader: _python_2_only(reader, prefix))


def python_2_only_here(ctx: Context) -> str | None:
    """``python_2_only`` for the folder of the module being transformed (its app's code), or
    None when the tool lists no project."""
    listing = ctx.project_files()
    return python_2_only(ctx, posixpath.dirname(listing.this)) if listing is not None else None


def _python_2_only(ctx, prefix: str) -> str | None:
    own = None
    for path, text in application_modules(ctx, _PYTHON_2_NAMES, under=prefix):  # (the evidence, where, how)
        tree = parsed(text)
        for statement in tree.body if isinstance(tree, ast.Module) and SPELLED.search(text) else ():
            names = _imported(statement)
            if own is None and _python_2_module(names, frozenset()) is not None:
                own = project_module_names(ctx)
            found = _python_2_module(names, own or frozenset())
            if found is not None:
                return f"{found} in {path}, imported outside any try"
        found = python_2_builtin_call(tree) if tree is not None and _CALLS_BUILTIN.search(text) else None
        if found is None and tree is not None and _SORTS_WITH_COMPARISON.search(text):
            found = comparison_sort_at_import(tree)
        if found is not None:
            return f"{found} in {path}, called at import"
    return None


def python_2_builtin_call(tree: ast.Module) -> str | None:
    """The first Python-2-only builtin (``execfile``, ``unicode`` ...) a top-level statement
    of ``tree`` calls (an expression or an assignment; not in a ``def``, a lambda, an ``if``
    or a ``try``, which may guard it), where the module binds no such name itself (nor may
    through a star import); or None."""
    bound = {name for node in ast.walk(tree) for name in _bound_names(node)}
    if "*" in bound:
        return None
    for statement in tree.body:
        if not isinstance(statement, _TOP_LEVEL_CODE):
            continue
        for node in _walk_outside_lambdas(statement):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in PYTHON_2_ONLY_BUILTINS
                and node.func.id not in bound
            ):
                return node.func.id
    return None


def comparison_sort_at_import(tree: ast.Module) -> str | None:
    """``"groups.sort() with a comparison function"`` (or ``"sorted() with ..."``) for the first
    top-level statement of ``tree`` (as for ``python_2_builtin_call``) that sorts with a
    comparison function: ``sorted(xs, cmp=f)``, or ``.sort(f)`` / ``.sort(cmp=f)`` on a name
    the module binds only to a list it makes at its top level (``groups = list(...)``, a list
    display or comprehension, ``sorted(...)``: another object's ``sort`` may take an argument);
    Python 3's sorts take no comparison function, so the import raises TypeError. None when
    no statement does."""
    bound = {name for node in ast.walk(tree) for name in _bound_names(node)}
    lists = _names_bound_to_lists_only(tree, bound)
    for statement in tree.body:
        if not isinstance(statement, _TOP_LEVEL_CODE):
            continue
        for node in _walk_outside_lambdas(statement):
            if not isinstance(node, ast.Call):
                continue
            func, compares = node.func, any(keyword.arg == "cmp" for keyword in node.keywords)
            if isinstance(func, ast.Name) and func.id == "sorted" and "sorted" not in bound and compares:
                return "sorted() with a comparison function"
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "sort"
                and isinstance(func.value, ast.Name)
                and func.value.id in lists
                and (node.args or compares)
            ):
                return f"{func.value.id}.sort() with a comparison function"
    return None


def _names_bound_to_lists_only(tree: ast.Module, bound: set[str]) -> set[str]:
    """The names every binding of which in ``tree`` is a top-level ``name = <a new list>``."""
    made = {
        id(statement.targets[0])
        for statement in tree.body
        if isinstance(statement, ast.Assign)
        and len(statement.targets) == 1
        and isinstance(statement.targets[0], ast.Name)
        and _makes_list(statement.value, bound)
    }
    lists: set[str] = set()
    others: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, (ast.Store, ast.Del)):
                (lists if id(node) in made else others).add(node.id)
        else:
            others.update(_bound_names(node))
    return lists - others


def _makes_list(value: ast.expr, bound: set[str]) -> bool:
    if isinstance(value, (ast.List, ast.ListComp)):
        return True
    return isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in ("list", "sorted") and value.func.id not in bound


def _bound_names(node: ast.AST) -> list[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [(alias.asname or alias.name).split(".")[0] for alias in node.names]
    if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
        return [node.id]
    if isinstance(node, ast.arg):
        return [node.arg]
    return []


def _walk_outside_lambdas(node: ast.AST):
    yield node
    for child in ast.iter_child_nodes(node):
        if not isinstance(child, ast.Lambda):
            yield from _walk_outside_lambdas(child)


# a statement only Python 2 has, at the start of a line: print as a statement, except E, e:
_PYTHON_2_STATEMENT = re.compile(r"^[ \t]*(?:print(?:[ \t]+[\"'\w]|[ \t]*>>)|except[ \t]+[\w.]+[ \t]*,[ \t]*\w+[ \t]*:)", re.MULTILINE)


def python_2_syntax(ctx: Context) -> str | None:
    """The first module of the application code (``"manage.py"``) that Python 3 cannot parse
    and that spells a statement only Python 2 has, or None: the project's code runs on
    Python 2. Asked once per project (``remembered``)."""
    return remembered(ctx, "python 2 syntax", _first_python_2_module)


def _first_python_2_module(reader) -> str | None:
    return next(
        (path for path, text in application_modules(reader, _PYTHON_2_STATEMENT) if parsed(text) is None and may_be_python_2(text)),
        None,
    )

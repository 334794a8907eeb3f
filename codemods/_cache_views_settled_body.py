"""Views whose own body settles cache-views' refusal, read off the standard library's AST.

The planner scans a view's body (``_cache_views_scan.Scan``) and, where it finds a problem
that leaves a reviewer nothing to decide (a ``SETTLED`` category: per user, per request, an
effect, a redirect, a stream, a file sent...), neither caches the view nor says anything of it. Every
other question it asks (the route, the decorators, the helpers, the templates) can only add
problems; and where the first problem it meets is an open one, it surveys the view again,
whole, past open questions, to the first settled one (``_cache_views_worth``). So a view
whose body holds one reference the scan surely refuses for a settled reason ends the same
way, whatever else it does: left alone without a word.

``settled_by_body`` finds such a reference in the view's own statements (not in a function,
class or lambda defined there), mirroring the scan's ``_reference`` on a name or an attribute
chain: ``request`` beyond its URL and query string, a name of the catalogue's settled
reasons (``session``, ``g``, ``redirect``, ``flash``, ``send_file``, ``datetime.now``...), an
imported ``current_user``; a ``url_for(..., _external=...)`` (the call rules': it depends on
the host) and ``current_app.send_static_file(...)`` (the method rules': a file response);
and ``global``/``nonlocal`` statements and a ``yield``. The scan
resolves names with LibCST's qualified names; here a name is resolved only where that can
only give one answer: a name the module binds nowhere but in module-level imports of one and
the same thing (no assignment, parameter, definition or other import of it anywhere, and no
``import *`` in the module); in a function of the module's top level, also a name the
function binds nowhere that the module's global scope binds only by such imports, whatever
other functions or classes bind (``_global_imports.function_imports``: the same scope rule
LibCST follows); or a name it binds nowhere at all that the ``builtins`` module
has (``print``, ``input``, ``setattr``...: a builtin, as LibCST resolves it). Any other name is
left unresolved: the view may still be cached or said, and the gate lets it through.
"""

from __future__ import annotations

import ast
import builtins
from typing import Callable

from ._ast_walk import walk
from ._cache_views_catalog import (
    APP_NAMES,
    PATH_ATTRIBUTES,
    QUERY_ATTRIBUTES,
    REQUEST_NAMES,
    SETTLED,
    URL_FOR,
    judged_by_name,
    named_reason,
)
from ._cache_views_project import module_files
from ._cache_views_state import changed_roots_in
from ._global_imports import function_imports, module_statements
from ._names import import_bindings
from ._parsed_modules import tree_fact

# as the scan's: imported names that say "the current user" whatever library they come from
_USER_WORDS = frozenset({"current_user", "current_identity", "whoami"})
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_SETTLING_STATEMENTS = (ast.Global, ast.Nonlocal)
_YIELDS = (ast.Yield, ast.YieldFrom)
# helpers in a chain that ``settling_chain`` follows, the one that settles by itself included:
# far below the analysis' MAX_HELPER_DEPTH, with a chain into another module beside it
CHAIN_DEPTH = 5


def settled_by_body(
    function: ast.FunctionDef | ast.AsyncFunctionDef, tree: ast.Module, *, view: bool = True, foreign: bool = False
) -> bool:
    """Whether the body of the view ``function`` (of the module ``tree``) surely holds what
    the planner's scan refuses for a settled reason, or a call of a helper of the module whose
    own body does (``settling_helper``). ``view=False``: ``function`` is such a helper, whose
    ``yield`` is no stream of the view's, and whose own calls are not followed here.
    ``foreign``: ``function`` is a helper of another module than the transformed one, where
    the scan takes any read of the request, its URL and query string included, for a read
    of the request (``Scan._request``)."""
    stack: list[ast.AST] = list(function.body)
    scoped: dict[str, str] | None = None  # (function_imports, asked for the first chain)
    while stack:
        node = stack.pop()
        if isinstance(node, _SETTLING_STATEMENTS) or (view and isinstance(node, _YIELDS)):
            return True
        if isinstance(node, _SCOPES):
            continue  # its own scope: what is there is not the view's own body
        if isinstance(node, ast.Call) and (_external_url(node, tree) or _sends_static_file(node, tree)):
            return True
        if view and isinstance(node, ast.Call) and settling_helper(node, function, tree):
            return True
        if isinstance(node, (ast.Attribute, ast.Name)):
            chain = name_chain(node)
            if chain is not None:
                if scoped is None:
                    scoped = function_imports(function, tree)
                if _settles(chain, tree, foreign, scoped):
                    return True
                continue  # the chain's parts are asked in _settles
        stack.extend(ast.iter_child_nodes(node))
    return False


def settling_helper(call: ast.Call, caller: ast.AST, tree: ast.Module) -> bool:
    """Whether ``call`` calls, by a bare name, a function defined once at the top of the
    module (``helpers_defined_once``), other than ``caller``, whose own body settles the
    refusal (``settled_by_body``, on its own statements alone). The scan follows such a call
    into the helper (its name is none the scan judges by name: ``judged_by_name``; the module
    changes nothing through it: ``changed_roots_in``), scans the helper's whole body (in a
    survey, past open questions) and fails with the helper's problem, category kept. The
    helper is called from the view directly, where no helper is being scanned, so its
    verdict is never one cut short by a cycle of helpers."""
    if type(call.func) is not ast.Name:
        return False
    helper = helpers_defined_once(tree).get(call.func.id)
    if helper is None or helper is caller:
        return False
    return settled_by_body(helper, tree, view=False)


def settling_chain(tree: ast.Module, settles: Callable[[ast.FunctionDef], bool]) -> frozenset[str]:
    """The names of the helpers of ``tree`` (``helpers_defined_once``) that ``settles``, or
    that call, in their own statements and by its bare name, another such helper, by a chain
    of at most ``CHAIN_DEPTH`` helpers. The scan follows each such call into the helper and a
    survey goes on through its whole body, so the first settles as the last does; a chain
    stays in one module, where the scan resolves a bare name without loading another."""
    helpers = helpers_defined_once(tree)
    found = {name for name, helper in helpers.items() if settles(helper)}
    if not found or len(found) == len(helpers):
        return frozenset(found)
    callees = {name: called_helpers(helper, tree) - {name} for name, helper in helpers.items() if name not in found}
    for _ in range(CHAIN_DEPTH - 1):
        added = {name for name, called in callees.items() if name not in found and called & found}
        if not added:
            break
        found |= added
    return frozenset(found)


def called_helpers(function: ast.FunctionDef | ast.AsyncFunctionDef, tree: ast.Module) -> set[str]:
    """The helpers of ``tree`` (``helpers_defined_once``) ``function`` calls by their bare
    name in its own statements (not in a function, class or lambda defined there)."""
    helpers = helpers_defined_once(tree)
    called: set[str] = set()
    stack: list[ast.AST] = list(function.body)
    while stack:
        node = stack.pop()
        if isinstance(node, _SCOPES):
            continue
        if type(node) is ast.Call and type(node.func) is ast.Name and node.func.id in helpers:  # type: ignore[attr-defined]
            called.add(node.func.id)  # type: ignore[attr-defined]
        stack.extend(ast.iter_child_nodes(node))
    return called


def helpers_defined_once(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    """Name -> function, for the functions ``def``-ined at the top of the module whose name
    the module binds nowhere else (no assignment, parameter, import, other definition,
    ``global``, and no ``import *``), changes nothing through (``changed_roots_in``), and the
    scan follows when called (``judged_by_name`` knows it not), kept with the tree."""
    return tree_fact(tree, "cache-views: helpers defined once", _helpers_defined_once)


def _helpers_defined_once(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    bindings = binding_counts(tree)
    if bindings is None:
        return {}
    changed = changed_roots_in(tree)
    return {
        statement.name: statement
        for statement in tree.body
        if type(statement) is ast.FunctionDef
        and bindings.get(statement.name) == 1
        and statement.name not in changed
        and not judged_by_name(statement.name)
    }


def binding_counts(tree: ast.Module) -> dict[str, int] | None:
    """Name -> how many times the module binds it, anywhere (assignments, parameters,
    imports, definitions, ``global``...), kept with the tree; None with an ``import *``."""
    return tree_fact(tree, "cache-views: bindings per name", _binding_counts)


def _binding_counts(tree: ast.Module) -> dict[str, int] | None:
    bindings: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            bound = import_bindings(node)
            if bound is None:
                return None
            names = [name for name, _target in bound]
        elif isinstance(node, ast.alias):
            continue  # (its import's)
        elif isinstance(node, ast.Name):
            names = [node.id] if not isinstance(node.ctx, ast.Load) else []
        else:
            names = bound_names(node)
        for name in names:
            bindings[name] = bindings.get(name, 0) + 1
    return bindings


def _external_url(call: ast.Call, tree: ast.Module) -> bool:
    """``url_for(..., _external=...)`` (or with ``**``): the scan's call rules refuse it, it
    depends on the request's host."""
    if not any(keyword.arg is None or keyword.arg == "_external" for keyword in call.keywords):
        return False
    chain = name_chain(call.func) if isinstance(call.func, (ast.Attribute, ast.Name)) else None
    if chain is None:
        return False
    target = imported_names(tree).get(chain[0])
    return target is not None and ".".join([target, *chain[1:]]) in URL_FOR


def _sends_static_file(call: ast.Call, tree: ast.Module) -> bool:
    """``current_app.send_static_file(...)`` (or ``flask.current_app...``): the scan's method
    rules refuse a file the app sends (a file response is never cached), a settled reason."""
    func = call.func
    if type(func) is not ast.Attribute or func.attr != "send_static_file":
        return False
    receiver = func.value
    chain = name_chain(receiver) if isinstance(receiver, (ast.Attribute, ast.Name)) else None
    if chain is None:
        return False
    target = imported_names(tree).get(chain[0])
    return target is not None and ".".join([target, *chain[1:]]) in APP_NAMES


def imported_names(tree: ast.Module) -> dict[str, str]:
    """Name -> what it stands for, for the names one reading resolves (``_imported_once``),
    kept with the tree."""
    return tree_fact(tree, "cache-views: names bound only by imports", _imported_once)


def name_chain(node: ast.Attribute | ast.Name) -> list[str] | None:
    """``["request", "form", "get"]`` for ``request.form.get``; None when the chain does not
    start with a name (``f().x``: its inner parts are walked on)."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value  # type: ignore[assignment]
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return parts[::-1]


def _settles(chain: list[str], tree: ast.Module, foreign: bool = False, scoped: dict[str, str] | None = None) -> bool:
    """The scan's answer on the chain and, where nothing decides it, on each shorter prefix
    (as it visits the attribute's value): True when the first decided is a settled reason.
    The chain's first name is resolved by the module's imports (``imported_names``), else by
    those the view's scope sees alone (``scoped``: ``function_imports``), else as a builtin
    (``builtin_name``)."""
    target = imported_names(tree).get(chain[0])
    if target is None and scoped:
        target = scoped.get(chain[0])
    imported = target is not None
    if target is None:
        target = builtin_name(chain[0], tree)
        if target is None:
            return False
    for end in range(len(chain), 0, -1):
        qualified = ".".join([target, *chain[1:end]])
        decided = reference_decision(qualified, foreign, imported)
        if decided is not None:
            return decided
    return False


def library_target(name: str, tree: ast.Module, imports: dict[str, str]) -> str | None:
    """What ``name`` stands for, where ``imports`` are the names the reading scope sees bound
    only by imports (name -> target): a library's name (no module of the project may be
    it: ``module_files``), or a builtin the module binds nowhere (``builtin_name``); None for
    anything else."""
    target = imports.get(name)
    if target is not None:
        return None if target.startswith(".") or module_files("", target) else target
    return builtin_name(name, tree)


def builtin_name(name: str, tree: ast.Module) -> str | None:
    """``builtins.print`` for ``print`` in a module that binds ``print`` nowhere (no
    assignment, parameter, import, definition, ``global``... anywhere, and no ``import *``:
    ``binding_counts``): LibCST then resolves every reference to it to its builtin scope,
    which holds the names the ``builtins`` module has, and qualifies it by that name alone."""
    if not hasattr(builtins, name):
        return None
    counts = binding_counts(tree)
    if counts is None or name in counts:
        return None
    return f"builtins.{name}"


def reference_decision(qualified: str, foreign: bool = False, imported: bool = True) -> bool | None:
    """What the scan's ``_reference`` does with a reference to ``qualified`` in the view's own
    module: True (a settled refusal), False (decided otherwise), None (not decided there).
    ``imported``: the name is one the module imports (not a builtin)."""
    for root in REQUEST_NAMES:
        if qualified == root or qualified.startswith(root + "."):
            attribute = qualified[len(root) + 1 :].split(".")[0]
            # the query string keys the cache, the URL's parts are the key; anything else
            # (the bare object included) is per user or per request, and in another module
            # the scan cannot tell whose URL it is: any read
            return foreign or not (attribute in QUERY_ATTRIBUTES or attribute in PATH_ATTRIBUTES)
    problem = named_reason(qualified)
    if problem is not None:
        return problem.category in SETTLED
    if imported and qualified.rsplit(".", 1)[-1] in _USER_WORDS:
        return True  # an imported name, as the scan asks
    return None


def _imported_once(tree: ast.Module) -> dict[str, str]:
    """Name -> what it stands for, for the names the module binds only in module-level
    imports, all of the same thing, as LibCST qualifies a reference to them: an ``import *``
    binds no name in its scopes (``from flask import session`` beside ``from helpers import
    *`` still qualifies ``session`` as ``flask.session``), so it is passed over."""
    imports: dict[str, set[str]] = {}
    other: set[str] = set()
    module_level = {id(statement) for statement in module_statements(tree.body)}
    for node in walk([tree]):  # (the order does not matter: what is bound where is collected)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            bound = import_bindings(node)
            if bound is None:
                continue  # (a star import: see above)
            for name, target in bound:
                if id(node) in module_level:
                    imports.setdefault(name, set()).add(target)
                else:
                    other.add(name)
        elif isinstance(node, ast.alias):
            continue  # (its import's)
        elif isinstance(node, ast.Name):
            if not isinstance(node.ctx, ast.Load):
                other.add(node.id)
        elif _may_bind(type(node)):
            other.update(bound_names(node))
    return {name: next(iter(targets)) for name, targets in imports.items() if len(targets) == 1 and name not in other}


_BINDS: dict[type, bool] = {}


def _may_bind(kind: type) -> bool:
    """Whether a node of ``kind`` may bind a name (``bound_names``: none binds where it says
    none for every node of its kind)."""
    known = _BINDS.get(kind)
    if known is None:
        fields = getattr(kind, "_fields", ())
        known = _BINDS[kind] = issubclass(kind, ast.AST) and (
            kind in (ast.arg, ast.Global, ast.Nonlocal, ast.MatchMapping) or "name" in fields
        )
    return known


def bound_names(node: ast.AST) -> list[str]:
    """The names any other node binds (or declares global or nonlocal)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.arg):
        return [node.arg]
    if isinstance(node, (ast.Global, ast.Nonlocal)):
        return list(node.names)
    if isinstance(node, ast.MatchMapping):
        return [node.rest] if node.rest else []
    name = getattr(node, "name", None)  # except handlers, match captures, type parameters
    return [name] if isinstance(name, str) else []

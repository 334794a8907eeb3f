"""cache-views' project stage: views that call a function of another module of the project
whose own body settles their refusal.

``settled_by_body`` (``_cache_views_settled_body``) finds a view whose own body, or the body
of a helper of its module it calls, holds what the planner's scan surely refuses for a
settled reason (the session, ``g``, the request beyond its URL, a redirect...). Most views
reach such a read through a helper of ANOTHER module: ``from .auth import current_account``,
whose body reads the session. ``calls_a_settling_function`` finds those, from the stdlib ASTs
of the two modules, read through the asking module's Context.

Which functions settle is a fact of each module (``settling_functions``: a function
``def``-ined once at the top of its module, which the module changes nothing through, whose
own body settles, or that calls such a function of its module, as ``settled_by_body`` reads
it with that module's imports - any read of the request settles there, the scan cannot tell
whose URL another module reads), kept with its text: the project's table, computed once per
module text and shared by every views module that calls into it. A function that reads, in its own body or a helper of its module
it calls, a name its module binds to an object the analysis does not know settles too
(``reads_unknown_object``, asked with that module's files: the scan takes such a name for
state that may change). And a view that reads, in its own body, an imported name the other
module binds once to such an object (``reads_imported_state``: ``from .db import
client``, ``client = MongoClient()`` or ``client = Client()`` of the project there) is refused for that state.

Why the planner then leaves the view alone without a word, whatever else it does: the call
is in the view's own body (not a function, class or lambda defined there), by a name the
module binds nowhere but in module-level imports of one and the same thing
(``imported_names``: LibCST qualifies a reference to it by that one name), which the module
changes nothing through, and which the scan judges by no rule of its own
(``judged_by_name``). The scan then asks what the name is: its import is resolved by
``Project.resolve`` from the module's candidate files (``module_files``, the first that
exists), to the one top-level binding of the name there, the function, whose kind is a
function of the project; the scan follows the call into it and fails with the helper's
problem, category kept. A survey (``_cache_views_worth``) visits every call of the view's
own body up to a settled problem, and follows this one (the helper is called from the view
itself, where no helper is being scanned: no cycle or depth cuts it short) through its
whole body to its first settled problem. The module is loaded whatever other modules the
analysis loaded before: ``Project`` counts against its budget only the modules reached
from other modules than the transformed one; it is smaller than the size the analysis
follows (``MAX_MODULE_CHARS``). A call through an imported module (``auth.account()``,
``import auth`` or ``from . import auth``) is followed the same way where the imported name
is the module itself (``settling_module_function``). A function that settles only through
a function of its own module it calls settles too (``settling_chain``); one that calls a
function of a third module that settles, or reads a name a third module binds to state,
settles too, the second module being one the transformed module's names lead to, from which
the planner loads whatever it loaded before (``settling_across``, ``modules_named``); a
re-export or a method is left to the planner.
"""

from __future__ import annotations

import ast
import posixpath
from typing import Callable

from ._cache_views_catalog import judged_by_name, starts_a_named_reason
from ._cache_views_project import MAX_MODULE_CHARS, module_files, top_level_name_file
from ._cache_views_settled_body import helpers_defined_once, imported_names, settled_by_body, settling_chain
from ._cache_views_state import changed_roots_in
from ._cache_views_state_gate import own_nodes, reads_unknown_object, state_candidates, unknown_object
from ._parsed_modules import python_fact, python_tree, tree_fact

Reader = Callable[[str], "str | None"]
# (read, the module's path, its text, the function's name) -> whether a call of it settles
Judge = Callable[[Reader, str, str, str], bool]

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def calls_a_settling_function(
    function: ast.FunctionDef | ast.AsyncFunctionDef, tree: ast.Module, read: Reader, crossing: Callable[[str], bool] | None = None
) -> bool:
    """Whether the view ``function`` of ``tree`` calls, in its own body, by an imported name,
    a function of another module of the project whose own body settles its refusal.
    ``crossing``: asked, of the second module's path, only where that function settles
    through a third module (``settling_across``), whether the planner loads the third from
    it whatever it loaded before (``modules_named``: a module a name of the transformed
    module leads to); None: no such crossing."""
    callees = imported_callees(tree)
    if not callees:
        return False
    judge = None if crossing is None else settling_across(crossing)
    stack: list[ast.AST] = list(function.body)
    while stack:
        node = stack.pop()
        if isinstance(node, _SCOPES):
            continue
        if type(node) is ast.Call and type(node.func) is ast.Name:
            target = callees.get(node.func.id)
            if target is not None and settling_function(read, "", target, judge):
                return True
        elif type(node) is ast.Call and type(node.func) is ast.Attribute and type(node.func.value) is ast.Name:
            target = callees.get(node.func.value.id)  # ``auth.account(...)``, ``import auth``
            if target is not None and settling_module_function(read, "", target, node.func.attr, judge):
                return True
        stack.extend(ast.iter_child_nodes(node))
    return False


def reads_imported_state(
    function: ast.FunctionDef | ast.AsyncFunctionDef, tree: ast.Module, read: Reader,
    state: Callable[[str], bool] | None = None,
) -> bool:
    """Whether the view ``function`` of ``tree`` reads, in its own body, a name the module
    binds only by module-level imports of one thing (``imported_names``) that the other
    module binds once, at its top, to an object the analysis does not know
    (``state_candidates``, ``unknown_object``, asked with that module's files): the scan resolves the import to that
    binding (``Project.resolve``, never held back by the budget), takes its value for state
    (``NameKinds.value_kind``) and refuses the view for it, a settled reason. A name whose
    references the scan may decide by their qualified name (``starts_a_named_reason``) is
    left to the planner. ``state``: another question asked of the imported name's qualified
    name where the first says no (``_cache_views_imported_kinds.state_for_the_planner``: the
    planner's own answer)."""
    imported = imported_names(tree)
    if not imported:
        return False
    for node in own_nodes(function):
        if type(node) is not ast.Name or type(node.ctx) is not ast.Load:
            continue
        target = imported.get(node.id)
        if target is not None and not starts_a_named_reason(target) and not judged_by_name(target):
            if _imported_state(read, "", target) or (state is not None and state(target)):
                return True
    return False


def _imported_state(read: Reader, folder: str, qualified: str) -> bool:
    """Whether ``qualified`` names a name bound once at the top of the first of its
    candidate files that exists to a library's object."""
    found = top_level_name_file(read, folder, qualified)
    tree = python_tree(found[1]) if found is not None else None
    value = state_candidates(tree).get(found[2]) if tree is not None else None  # type: ignore[index]
    if value is None:
        return False
    where = posixpath.dirname(found[0])  # type: ignore[index]
    return unknown_object(value, tree, lambda other: read(posixpath.normpath(posixpath.join(where, other))))


def settling_function(read: Reader, folder: str, qualified: str, judge: Judge | None = None) -> bool:
    """Whether ``qualified``, a name of a module in ``folder`` (paths as ``read`` takes them),
    names a function defined at the top of the first of its candidate files that exists
    (as ``Project.resolve`` finds it) whose own body settles the refusal (``judge``: another
    question asked of that function, by the same arguments as ``_settles_in``)."""
    found = top_level_name_file(read, folder, qualified)
    return found is not None and (judge or _settles_in)(read, *found)


def settling_module_function(read: Reader, folder: str, module: str, name: str, judge: Judge | None = None) -> bool:
    """Whether ``module.name(...)``, where ``module`` is a name of the view's module bound to
    the qualified name ``module`` of a module of the project, calls a function whose own body
    settles the refusal. The scan takes the module's name for the module (``imported_kind``:
    ``Project.resolve`` of ``module``, the first of its candidate files that exists, which
    must then be the module itself, every part of the name covered), and ``name`` as its
    top-level binding there (``attribute_kind``, ``Project.definition``): the function
    followed as a call of it by an imported name is. A name the scan judges by its
    qualified name (``judged_by_name``) is left to the planner. ``judge``: as for
    ``settling_function``."""
    if judged_by_name(f"{module}.{name}"):
        return False
    parts = [part for part in module.lstrip(".").split(".") if part]
    for path, covered in module_files(folder, module):
        text = read(path)
        if text is None:
            continue
        return covered == len(parts) and (judge or _settles_in)(read, path, text, name)
    return False


def _settles_in(read: Reader, path: str, text: str, name: str) -> bool:
    """Whether the module ``text`` at ``path`` defines ``name`` once at its top
    (``helpers_defined_once``) as a function whose own body settles the refusal, or that
    reads a name of its module bound to a library's object (its module's files decide)."""
    if len(text) > MAX_MODULE_CHARS:
        return False
    tree = python_tree(text)
    if tree is None:
        return False
    helper = helpers_defined_once(tree).get(name)
    if helper is None:
        return False
    if name in python_fact(text, "cache-views: functions that settle", settling_functions):
        return True
    where = posixpath.dirname(path)
    return reads_unknown_object(helper, tree, lambda other: read(posixpath.normpath(posixpath.join(where, other))))


def settling_across(crossing: Callable[[str], bool]) -> Judge:
    """A judge of a function of a second module (as ``_settles_in``'s arguments) that also
    takes one calling, in its own body, by an imported name, a function of a third module
    that settles by ``_settles_in`` (``calls_a_settling_function``), or reading a name that
    module binds once to an object the analysis does not know (``reads_imported_state``),
    where ``crossing(path)`` says the second module is one a name of the transformed module
    leads to. The scan of the second module's function resolves that name from the second
    module (``Project.resolve``; a load from such a module is never counted against the
    budget: ``Project.named_here``, whatever was loaded before) and follows the call as it
    follows one from the view, or takes the name for state. A name whose kind needs a
    module loaded from the third is no matter: a refused load there leaves the object
    unknown, the state it was taken for. One crossing, no more: with
    a chain of helpers of the transformed module (``settling_chain``, ``CHAIN_DEPTH``)
    before it and one of the third module after it, the deepest helper scanned is the
    eleventh, within ``MAX_HELPER_DEPTH``."""

    def judge(read: Reader, path: str, text: str, name: str) -> bool:
        if _settles_in(read, path, text, name):
            return True
        tree = python_tree(text)  # (_settles_in read it: kept, and no bigger than followed)
        helper = helpers_defined_once(tree).get(name) if tree is not None and len(text) <= MAX_MODULE_CHARS else None
        if helper is None or not crossing(path):
            return False
        where = posixpath.dirname(path)

        def beside(other: str) -> str | None:
            return read(posixpath.normpath(posixpath.join(where, other)))

        return calls_a_settling_function(helper, tree, beside) or reads_imported_state(helper, tree, beside)  # type: ignore[arg-type]

    return judge


def settling_functions(tree: ast.Module) -> frozenset[str]:
    """The names of the functions of a module that a call of it from another module surely
    ends in a settled refusal, by its text alone: defined once at its top, changed through
    nowhere in it (``helpers_defined_once``), whose own body settles (``settled_by_body``, its
    ``yield`` no stream, any read of the request one), or that calls such a function of its
    module by its bare name, to a chain of ``CHAIN_DEPTH`` (``settling_chain``: the scan
    resolves it in the module without loading another)."""
    return settling_chain(tree, lambda helper: settled_by_body(helper, tree, view=False, foreign=True))


def imported_callees(tree: ast.Module) -> dict[str, str]:
    """Name -> qualified name, for the names the module binds only by module-level imports of
    one thing from the project (``module_files`` finds candidates), which it changes nothing
    through and whose qualified name the scan judges by no rule (kept with the tree)."""
    return tree_fact(tree, "cache-views: imported callees", _callees)


def _callees(tree: ast.Module) -> dict[str, str]:
    changed = changed_roots_in(tree)
    return {
        name: target
        for name, target in imported_names(tree).items()
        if name not in changed and not judged_by_name(target) and module_files("", target)
    }

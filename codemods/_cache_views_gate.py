"""What cache-views' tree gate reads off the standard library's AST: the names a module binds
to its Flask apps and blueprints, and the functions routed for more than reading.

``FlaskIndex`` (codemods/_flask.py) takes ``@X.route(...)`` for a view only when ``X`` looks
like an app's name (``app``, ``bp``, ``api_blueprint``...) or is an object it found: a Name
that a plain assignment binds to a call of ``flask.Flask`` or ``flask.Blueprint``, whose
callee's last spelled name is one of ``callee_spellings`` (as ``FlaskIndex`` asks before it
resolves the callee's scope). A route on any other name (a blueprint imported from the
package: ``from . import main``) is no view of the module, and a module with no other views
has nothing for cache-views.

The planner skips without a word a view whose route decorators, taken together, let it
answer a method other than GET, HEAD and OPTIONS (a form's POST included); it says why
when their methods are not a literal list. ``answers_more_than_reads`` finds the functions
every route decorator of which spells such a method out: whichever of them FlaskIndex and
the planner take, the view is skipped.

A view whose refusal is settled is left alone without a word too (``_cache_views_worth``).
``settled_at_sight`` finds the ones the planner settles by spelling alone, whatever else the
view does: a name that says its callers want the state of now (``health``, ``status``...),
or a decorator whose name says a login or permission (``login_required``, ``roles_required``);
``routed_as_endpoint`` the ones whose URL says so (``/api/status``), when every URL the
planner may read for the view does.
A view cached already (``already_cached``) is left as it is, and a constant page
(``constant_page``: its body returns a literal, or ``jsonify``/``make_response`` of such)
has nothing a cache would save. ``settled_by_body`` reads the view's own body, and that of a
helper of the module it calls (``settling_helper``).
"""

from __future__ import annotations

import ast
from typing import Iterator

from ._ast_facts import Facts, facts
from ._ast_nodes import keyword_value
from ._cache_views_catalog import (
    CACHE_DECORATOR_METHODS,
    ENDPOINT_WORDS,
    endpoint_word,
    is_costly,
    is_pure,
    judged_by_a_rule,
    says_login,
    words,
)
from ._cache_views_project import module_files
from ._callee_spellings import callee_spellings, python_spelled_last
from ._flask import BLUEPRINT, FLASK, ROUTE_DECORATORS, looks_like_app_name
from ._names import dotted_name
from ._cache_views_settled_body import imported_names, name_chain, settled_by_body

_READS = frozenset({"GET", "HEAD", "OPTIONS"})


def candidate_views(tree: ast.Module) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    """The functions of ``tree`` the tree gate lets through, in order (see
    ``CacheViews.applies_to_tree``): routed on an app-like name or on an app or blueprint
    the module creates, or given to ``add_url_rule``, and neither answering more than reads
    nor ``left_alone``. A function may come twice (routed and given to add_url_rule)."""
    found = facts(tree)
    imports_flask: bool | None = None
    created: frozenset[str] | None = None
    for function in found.functions:
        for decorator in function.decorator_list:
            if type(decorator) is not ast.Call or type(decorator.func) is not ast.Attribute:
                continue
            if decorator.func.attr not in ("route", "get"):
                continue
            owner = decorator.func.value
            spelled = dotted_name(owner)
            if spelled is None or not looks_like_app_name(spelled):
                if type(owner) is not ast.Name:
                    continue
                if imports_flask is None:
                    imports_flask = found.imports("flask")
                if not imports_flask:
                    continue
                if created is None:
                    created = created_names(found)
                if owner.id not in created:  # no app or blueprint of this module: no view FlaskIndex finds
                    continue
            if not (
                answers_more_than_reads(function) or left_alone(function, tree) or routed_as_endpoint(function, found)
            ):
                yield function
            break  # the function's other decorators say no more
    if "add_url_rule" in found.attributes and found.functions:
        for call, function in url_rule_views(found):
            if not (
                rule_answers_more_than_reads(call) or left_alone(function, tree) or routed_as_endpoint(function, found)
            ):
                yield function


def created_names(found: Facts) -> frozenset[str]:
    """The names an assignment anywhere in the module binds to a call that may create a Flask
    app or Blueprint (a superset of the names of FlaskIndex's objects)."""
    spellings = callee_spellings(found, (FLASK, BLUEPRINT))
    names: set[str] = set()
    for assignment in found.assignments:
        value = assignment.value
        if type(value) is not ast.Call or python_spelled_last(value.func) not in spellings:
            continue
        targets = assignment.targets if type(assignment) is ast.Assign else [assignment.target]
        names.update(target.id for target in targets if type(target) is ast.Name)
    return frozenset(names)


def answers_more_than_reads(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether ``function`` has route decorators (``X.route(...)``, ``X.post(...)``...) and each
    of them registers it for a method other than GET, HEAD and OPTIONS, spelled out: a
    literal list of strings or the decorator's own method."""
    routes = 0
    for decorator in function.decorator_list:
        if type(decorator) is not ast.Call or type(decorator.func) is not ast.Attribute:
            continue
        attribute = decorator.func.attr
        if attribute not in ROUTE_DECORATORS:
            continue
        routes += 1
        fixed = ROUTE_DECORATORS[attribute]
        methods = set(fixed) if fixed is not None else _literal_methods(decorator)
        if methods is None or methods <= _READS:
            return False
    return routes > 0


def settled_at_sight(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether the planner refuses the view ``function`` for a settled reason read off its
    spelling: its name has a word of ``ENDPOINT_WORDS`` (the first thing the planner asks), or
    one of its decorators (never a route's: their names hold no such word) is spelled with a
    word of a login (``says_login``, as the planner reads every decorator). It then says
    nothing of the view, whatever its other problems, and never caches it."""
    if set(words(function.name)) & ENDPOINT_WORDS:
        return True
    for decorator in function.decorator_list:
        callee = decorator.func if type(decorator) is ast.Call else decorator
        if says_login(dotted_name(callee)):
            return True
    return False


def routed_as_endpoint(function: ast.FunctionDef | ast.AsyncFunctionDef, found: Facts) -> bool:
    """Whether every URL ``FlaskIndex`` may register the view ``function`` with says a word of
    ``ENDPOINT_WORDS`` (``endpoint_word``, as the planner reads the view's name and its
    ``rule``): the planner then refuses it for a settled reason first, and says nothing of it.

    ``FlaskIndex`` takes a function's first route decorator (``X.route``, ``X.get``,
    ``X.post``...) on an app-like name, or on an app or blueprint it finds (a name in
    ``created_names``: perhaps); without one, an ``add_url_rule`` call that names it. Every
    rule it may take is asked, each read as ``FlaskIndex`` reads it (the first positional
    argument, else ``rule=``; a literal string), and none may be unread: a call with ``*`` or
    ``**`` arguments, or a rule that is not a literal string, lets the view through."""
    rules: list[str | None] = []
    certain = False
    created: frozenset[str] | None = None
    for decorator in function.decorator_list:
        if type(decorator) is not ast.Call or type(decorator.func) is not ast.Attribute:
            continue
        if decorator.func.attr not in ROUTE_DECORATORS:
            continue
        owner = decorator.func.value
        certain = looks_like_app_name(dotted_name(owner) or "")
        if not certain:
            if type(owner) is not ast.Name:
                continue  # never an object FlaskIndex finds
            if created is None:
                created = created_names(found)
            if owner.id not in created:
                continue
        rules.append(_rule(decorator))
        if certain:
            break
    if not certain and "add_url_rule" in found.attributes:
        for call, view in _url_rules(found):
            if type(view) is ast.Name and view.id == function.name:  # type: ignore[attr-defined]
                rules.append(_rule(call))
    return bool(rules) and all(rule is not None and endpoint_word(function.name, rule) is not None for rule in rules)


def _rule(call: ast.Call) -> str | None:
    """The URL rule of a route decorator or an ``add_url_rule`` call as ``FlaskIndex`` reads
    it (its first positional argument, else ``rule=``), when it is a literal string; None when
    it is not, or when a ``*`` or ``**`` argument leaves unsure which argument it is."""
    if any(type(a) is ast.Starred for a in call.args) or any(k.arg is None for k in call.keywords):
        return None
    rule = call.args[0] if call.args else keyword_value(call, "rule")
    return rule.value if type(rule) is ast.Constant and type(rule.value) is str else None


def url_rule_views(found: Facts) -> list[tuple[ast.Call, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """The ``X.add_url_rule(...)`` calls whose view (``view_func=`` or the third positional
    argument) is a name that one function of the module, and only one, is defined with, with
    that function: as FlaskIndex takes such a call for a view (any other it leaves out)."""
    by_name: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = {}
    for function in found.functions:
        by_name.setdefault(function.name, []).append(function)
    views = []
    for call, view in _url_rules(found):
        if type(view) is ast.Name and len(by_name.get(view.id, ())) == 1:  # type: ignore[attr-defined]
            views.append((call, by_name[view.id][0]))  # type: ignore[attr-defined]
    return views


def _url_rules(found: Facts) -> Iterator[tuple[ast.Call, ast.expr | None]]:
    """Each ``X.add_url_rule(...)`` call of the module with its view: ``view_func=``, else the
    third positional argument (None when there is neither)."""
    for call in found.calls:
        func = call.func
        if type(func) is not ast.Attribute or func.attr != "add_url_rule":  # type: ignore[attr-defined]
            continue
        view = keyword_value(call, "view_func")
        if view is None:
            positional = [a for a in call.args if type(a) is not ast.Starred]
            view = positional[2] if len(positional) >= 3 else None
        yield call, view


def rule_answers_more_than_reads(call: ast.Call) -> bool:
    """Whether an ``add_url_rule(...)`` call spells out, as a literal list of strings, a
    method other than GET, HEAD and OPTIONS: the planner skips its view."""
    methods = _literal_methods(call)
    return methods is not None and not methods <= _READS


def left_alone(function: ast.FunctionDef | ast.AsyncFunctionDef, tree: ast.Module) -> bool:
    """Whether the planner leaves the view ``function`` alone without a word whatever else
    it finds: cached already, a constant page (``constant_page``), or its refusal settled by
    its name or a decorator's (``settled_at_sight``) or by its own body (``settled_by_body``)."""
    return (
        already_cached(function)
        or constant_page(function, tree)
        or settled_at_sight(function)
        or settled_by_body(function, tree)
    )


def constant_page(function: ast.FunctionDef | ast.AsyncFunctionDef, tree: ast.Module) -> bool:
    """Whether the view ``function`` only returns a literal: its body, after a docstring, is
    one ``return`` of a constant, of a tuple, list, set or dict of such, or of a call of a
    pure and cheap library function (``cheap_library_call``: ``jsonify``, ``make_response``)
    given such (``return "OK"``, ``return {"ok": True}, 200``, ``return jsonify(ok=True)``),
    and its parameters have neither defaults nor annotations (``plain_parameters``: the
    planner's scan reads those too). The scan finds nothing in such a view, neither a
    problem nor a cost: with no problem the planner skips it (nothing to gain), and any
    problem its route or decorators bring is not worth reading (``_cache_views_worth``: the
    view costs nothing, and only the view's own database reads make a finding of their own).
    Either way it is left alone without a word."""
    body = function.body
    if body and is_docstring(body[0]):
        body = body[1:]
    if len(body) != 1 or type(body[0]) is not ast.Return or body[0].value is None:
        return False
    return plain_parameters(function) and _literal(body[0].value, tree)


def _literal(node: ast.expr, tree: ast.Module) -> bool:
    """A constant, a tuple, list, set or dict (no ``**``) of literals, or a call of a cheap
    library function given literals (no ``*`` nor ``**``)."""
    kind = type(node)
    if kind is ast.Constant:
        return True
    if kind in (ast.Tuple, ast.List, ast.Set):
        return all(_literal(element, tree) for element in node.elts)  # type: ignore[attr-defined]
    if kind is ast.Dict:
        return all(key is not None and _literal(key, tree) for key in node.keys) and all(  # type: ignore[attr-defined]
            _literal(value, tree) for value in node.values  # type: ignore[attr-defined]
        )
    if kind is ast.Call:
        return (
            cheap_library_call(node, tree)
            and all(_literal(argument, tree) for argument in node.args)  # type: ignore[attr-defined]
            and all(keyword.arg is not None and _literal(keyword.value, tree) for keyword in node.keywords)  # type: ignore[attr-defined]
        )
    return False


def cheap_library_call(call: ast.Call, tree: ast.Module) -> bool:
    """Whether the scan takes ``call`` for a pure, cheap function of a library, and nothing
    else: its callee, resolved by the module's imports (one reading), is a name of a library
    the project holds no module of (``module_files``), that the scan judges by no other rule
    first, pure (``is_pure``) and not costly (``is_costly``)."""
    if not isinstance(call.func, (ast.Name, ast.Attribute)):
        return False
    chain = name_chain(call.func)
    target = imported_names(tree).get(chain[0]) if chain else None
    if target is None or target.startswith("."):
        return False
    qualified = ".".join([target, *chain[1:]])  # type: ignore[index]
    return not module_files("", qualified) and is_pure(qualified) and not is_costly(qualified) and not judged_by_a_rule(
        qualified
    )


def plain_parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Parameters with neither defaults nor annotations (which the scan reads)."""
    arguments = function.args
    if arguments.defaults or any(default is not None for default in arguments.kw_defaults):
        return False
    every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg]
    return not any(argument is not None and argument.annotation is not None for argument in every)


def is_docstring(statement: ast.stmt) -> bool:
    return (
        type(statement) is ast.Expr and type(statement.value) is ast.Constant and type(statement.value.value) is str
    )


def already_cached(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether a decorator of ``function`` is ``@X.cached(...)`` or ``@X.memoize`` on a named
    object (as ``cache_decorator_owner`` reads it): the planner leaves such a view as it is."""
    for decorator in function.decorator_list:
        expression = decorator.func if type(decorator) is ast.Call else decorator
        if type(expression) is ast.Attribute and expression.attr in CACHE_DECORATOR_METHODS:
            if dotted_name(expression.value):
                return True
    return False


def _literal_methods(call: ast.Call) -> set[str] | None:
    """The methods ``methods=`` lists (GET without it), upper-cased; None when they are not
    a literal list, tuple or set of strings."""
    for keyword in call.keywords:
        if keyword.arg == "methods":
            value = keyword.value
            if type(value) not in (ast.List, ast.Tuple, ast.Set):
                return None
            found = set()
            for element in value.elts:  # type: ignore[attr-defined]
                if type(element) is not ast.Constant or type(element.value) is not str:
                    return None
                found.add(element.value.upper())
            return found
    return {"GET"}

"""http-timeout: a request function of requests picked by its name, ``getattr(requests,
method)(url, ...)``.

The call is that request function when the name is provably one of requests' request
functions (``get`` ... ``options``, ``request``): a string literal (``getattr(requests,
"post")``), or a parameter of a top-level function of the module, also lowered
(``method.lower()``), that the function never rebinds, whose default and whose every call in
the module give a literal whose (lowered) value is such a name, and that no other file of the
project names (there it may be called with anything). Then it gets a timeout as
``requests.post(...)`` does. Any other such call passing no timeout is reported: which function
it calls, and so whether a ``timeout=`` fits it, cannot be told (``getattr(requests, name,
None)``, a name read from the request or a setting; not in tests).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import libcst as cst
from libcst.metadata import ScopeProvider

from ._base import TESTS, code_kind, metadata_value
from ._http_timeout_calls import REQUESTS_FUNCTIONS, HttpCall, keyword, parent, qualified, referents
from ._http_timeout_handed_on import argument_for, mentioning
from ._http_timeout_holders import declaration

if TYPE_CHECKING:
    from ._base import Context

_NAMES = frozenset(name.split(".")[-1] for name in REQUESTS_FUNCTIONS)


def picked_request_function(wrapper: Any, ctx: Context, call: cst.Call, calls: list[cst.Call]) -> HttpCall | None:
    """The HTTP call ``call`` is when it calls ``getattr(requests, <a request function's
    name>)``; reports one whose name cannot be told (and passes no timeout); None for any other
    call. ``calls``: every call of the module (to read a parameter's callers)."""
    picked = _picked_from_requests(wrapper, call.func)
    if picked is None:
        return None
    if len(picked.args) == 2 and not any(arg.star or arg.keyword for arg in picked.args):
        names = _names_given(wrapper, ctx, picked.args[1].value, calls)
        if names and names <= _NAMES:
            return HttpCall(call, "requests", None, function=True)
    if keyword(call, "timeout") is None and code_kind(ctx.path) != TESTS:  # there: a double's, a fixture's
        shown = wrapper.module.code_for_node(picked)
        ctx.finding(
            call,
            f"not changed: {shown} picks a function of requests by a name the code does not show to be one of its "
            "request functions, so whether it takes timeout= cannot be told; pass timeout= if it sends a request",
        )
    return None


def _picked_from_requests(wrapper: Any, func: cst.BaseExpression) -> cst.Call | None:
    """``func`` when it is ``getattr(requests, ...)`` (the module requests itself)."""
    if not isinstance(func, cst.Call) or not func.args or "builtins.getattr" not in qualified(wrapper, func.func):
        return None
    return func if "requests" in qualified(wrapper, func.args[0].value) else None


def _names_given(wrapper: Any, ctx: Context, node: cst.BaseExpression, calls: list[cst.Call]) -> set[str] | None:
    """The names ``node`` may hold: a literal's value, or those every caller gives the
    parameter it is (lowered where ``node`` lowers it); None when they cannot be told."""
    lowered = False
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "lower" and not node.args:
        node, lowered = node.func.value, True
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return {value.lower() if lowered else value} if isinstance(value, str) else None
    if not isinstance(node, cst.Name):
        return None
    values = _parameter_values(wrapper, ctx, node, calls)
    if values is None:
        return None
    return {value.lower() for value in values} if lowered else values


def _parameter_values(wrapper: Any, ctx: Context, name: cst.Name, calls: list[cst.Call]) -> set[str] | None:
    """The literal strings the parameter ``name`` of a top-level function is given by its
    default and by every call of the function, which only the module calls; else None."""
    declared = declaration(wrapper, name)
    parameters = parent(wrapper, declared) if declared is not None else None
    function = parent(wrapper, parameters) if parameters is not None else None
    if not isinstance(function, cst.FunctionDef) or not isinstance(parent(wrapper, function), cst.Module):
        return None
    assert isinstance(parameters, cst.Parameters) and declared is not None
    positional = [*parameters.posonly_params, *parameters.params]
    index = next((i for i, p in enumerate(positional) if p is declared), None)
    if declared.star or (index is None and not any(p is declared for p in parameters.kwonly_params)):
        return None
    default = _literal(declared.default) if declared.default is not None else ""
    spelled = function.name.value
    scope = metadata_value(wrapper, ScopeProvider, function)
    bindings = list(scope.assignments[spelled]) if scope is not None else []
    callers = [c for c in calls if isinstance(c.func, cst.Name) and c.func.value == spelled]
    mentions = len(re.findall(rf"\b{re.escape(spelled)}\b", wrapper.module.code))
    if len(bindings) != 1 or mentions != len(callers) + 1:
        return None  # bound again, or named other than in a call: called with anything
    values: set[str] = set()
    for caller in callers:
        if referents(wrapper, caller.func) != bindings:  # type: ignore[arg-type]
            return None
        if any(arg.star for arg in caller.args):
            return None  # a * or ** argument: anything
        given = argument_for(caller, index, declared.name.value)
        value = default if given is None else _literal(given)
        if not value:
            return None
        values.add(value)
    if not callers and default:
        values.add(default)
    listing = ctx.project_files()
    if listing is not None and set(mentioning(ctx, spelled)) - {listing.this}:
        return None  # another file names the function: it may call it with anything
    return values or None


def _literal(node: cst.BaseExpression) -> str:
    """A string literal's value; "" for anything else."""
    value = node.evaluated_value if isinstance(node, cst.SimpleString) else None
    return value if isinstance(value, str) else ""

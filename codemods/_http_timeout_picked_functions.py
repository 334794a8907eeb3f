"""http-timeout: a request function of requests picked by its name, ``getattr(requests,
method)(url, ...)``.

The call is that request function when the name is provably one of requests' request
functions (``get`` ... ``options``, ``request``): a string literal (``getattr(requests,
"post")``), a name an enclosing ``if method == "get":`` narrows to literals
(_http_timeout_guarded_names), or a parameter of a top-level function of the module, also lowered
(``method.lower()``), that the function never rebinds, whose default and whose every call in
the module give a literal whose (lowered) value is such a name, and that no other file of the
project names (there it may be called with anything), or a parameter of a method every call of
which in the project gives it such a literal (_http_timeout_picked_methods). Then it gets a timeout as
``requests.post(...)`` does. Any other such call passing no timeout is reported: which function
it calls, and so whether a ``timeout=`` fits it, cannot be told (``getattr(requests, name,
None)``, a name read from the request or a setting; not in tests) — unless it passes a ``**``
mapping its function gives a timeout (``kwargs.setdefault("timeout", ...)``, a dict built with
one: ARL's ``http_req``), which the call passes whatever the name picks: nothing to report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import libcst as cst

from ._base import TESTS, code_kind
from ._http_timeout_calls import REQUESTS_FUNCTIONS, HttpCall, keyword, qualified, star_arg
from ._http_timeout_guarded_names import guarded_values
from ._http_timeout_handed_on import argument_for, called_parameter, mentioning
from ._http_timeout_picked_methods import method_parameter_values
from ._http_timeout_plain_mappings import carries_a_timeout, switches_it_off
from ._http_timeout_wrappers import gives_own_timeout

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
        names = names_given(wrapper, ctx, picked.args[1].value, calls)
        if names and names <= _NAMES:
            return HttpCall(call, "requests", None, function=True)
    double = star_arg(call, "**")
    if double is not None and (carries_a_timeout(wrapper, double) or gives_own_timeout(wrapper, double)):
        if not switches_it_off(wrapper, double):  # (a "timeout": None is reported as the plan reports it)
            return None  # its function gives the mapping a timeout: passed whatever the name picks
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


def names_given(wrapper: Any, ctx: Context, node: cst.BaseExpression, calls: list[cst.Call]) -> set[str] | None:
    """The names ``node`` may hold: a literal's value, or those every caller gives the
    parameter it is (lowered or upper-cased where ``node`` is: ``method.lower()``); None when
    they cannot be told. (Also what a request's method may be: _http_timeout_write_waits.)"""
    case = None
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in _CASES and not node.args:
        node, case = node.func.value, node.func.attr.value
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        values = {value} if isinstance(value, str) else None
    elif isinstance(node, cst.Name):
        values = guarded_values(wrapper, node)
        if values is None:
            values = _parameter_values(wrapper, ctx, node, calls)
    else:
        return None
    if values is None or case is None:
        return values
    return {getattr(value, case)() for value in values}


_CASES = frozenset({"lower", "upper"})


def _parameter_values(wrapper: Any, ctx: Context, name: cst.Name, calls: list[cst.Call]) -> set[str] | None:
    """The literal strings the parameter ``name`` of a top-level function is given by its
    default and by every call of the function, which only the module calls; else None."""
    found = called_parameter(wrapper, name, calls)
    if found is None:  # not a top-level function's parameter, or called with anything: a method's?
        return method_parameter_values(wrapper, ctx, name)
    default = _literal(found.declared.default) if found.declared.default is not None else ""
    values: set[str] = set()
    for caller in found.callers:
        if any(arg.star for arg in caller.args):
            return None  # a * or ** argument: anything
        given = argument_for(caller, found.index, found.declared.name.value)
        value = default if given is None else _literal(given)
        if not value:
            return None
        values.add(value)
    if not found.callers and default:
        values.add(default)
    listing = ctx.project_files()
    if listing is not None and set(mentioning(ctx, found.function)) - {listing.this}:
        return None  # another file names the function: it may call it with anything
    return values or None


def _literal(node: cst.BaseExpression) -> str:
    """A string literal's value; "" for anything else."""
    value = node.evaluated_value if isinstance(node, cst.SimpleString) else None
    return value if isinstance(value, str) else ""

"""http-timeout: urllib3 used directly, without requests.

urllib3 waits as long as the socket module's global default, ``None`` unless
``socket.setdefaulttimeout`` ran: ``urllib3.PoolManager().request("GET", url)`` waits for ever
for an upstream that takes the request and never answers, as ``requests`` does. A timeout is
given per pool (``PoolManager(timeout=...)``, also a ``urllib3.Timeout``) or per request
(``request(..., timeout=...)``, which overrides the pool's). So a request sent through a pool
(``request``, ``urlopen``, ``request_encode_url``, ``request_encode_body``; urllib3 2's function
``urllib3.request``) is an HTTP call like requests' (the planner's rules: handlers, tests that
pin it, writes, long work), where the code proves the pool: made in place
(``urllib3.PoolManager().request(...)``), or a name every binding of which makes one
(``http = urllib3.PoolManager()``, also at module level, or ``with PoolManager() as http``). A
pool made with ``timeout=`` or a ``**`` mapping (which may carry one) bounds its calls: they are
left. A pool held in an attribute or handed in is not followed (nothing here proves what it
holds, or its timeout).

Only a connection pool's ``urlopen`` takes the timeout positionally (its eighth argument): a
call with more than the method and the URL positional is left as it is.
"""

from __future__ import annotations

from typing import Any

import libcst as cst
from libcst.metadata import Assignment

from ._http_timeout_calls import HttpCall, keyword, parent, qualified_among, referents, star_arg
from ._name_candidates import roots_of

LIBRARY = "urllib3"
_MODULES = ("urllib3", "urllib3.poolmanager", "urllib3.connectionpool")
POOLS = frozenset(
    f"{module}.{name}"
    for module in _MODULES
    for name in ("PoolManager", "ProxyManager", "HTTPConnectionPool", "HTTPSConnectionPool", "connection_from_url", "proxy_from_url")
)
FUNCTIONS = frozenset({"urllib3.request"})  # urllib3 2: request(method, url, *, ..., timeout=...)
METHODS = frozenset({"request", "urlopen", "request_encode_url", "request_encode_body"})
_POOL_ROOTS, _FUNCTION_ROOTS = roots_of(POOLS), roots_of(FUNCTIONS)
# beyond the method and the URL, a connection pool's urlopen takes the timeout positionally
_POSITIONAL = 2

BOUNDED = "bounded"  # a pool made with its own timeout: its calls are left


def pool_call(wrapper: Any, call: cst.Call) -> HttpCall | str | None:
    """``call`` as an HTTP call of urllib3, BOUNDED where its pool was given a timeout, or None:
    no request through a pool the code proves."""
    func = call.func
    if not isinstance(func, cst.Attribute):
        return None
    if func.attr.value == "request" and qualified_among(wrapper, func, FUNCTIONS, _FUNCTION_ROOTS):
        return HttpCall(call, LIBRARY, None, function=True)
    if func.attr.value not in METHODS:
        return None
    owner = func.value
    if isinstance(owner, cst.Call):
        constructors = [owner] if qualified_among(wrapper, owner.func, POOLS, _POOL_ROOTS) else []
    elif isinstance(owner, cst.Name):
        constructors = _bound_pools(wrapper, owner)
    else:
        return None
    if not constructors:
        return None
    if any(keyword(made, "timeout") is not None or star_arg(made, "**") is not None for made in constructors):
        return BOUNDED
    return HttpCall(call, LIBRARY, _POSITIONAL)


def _bound_pools(wrapper: Any, name: cst.Name) -> list[cst.Call]:
    """The pool constructors ``name`` is bound to, when every binding it may refer to is
    ``name = <pool>(...)`` or ``with <pool>(...) as name``; else none."""
    found = referents(wrapper, name)
    if not found:
        return []
    made: list[cst.Call] = []
    for assignment in found:
        if not isinstance(assignment, Assignment):
            return []
        value = _bound_value(wrapper, assignment.node)
        if not (isinstance(value, cst.Call) and qualified_among(wrapper, value.func, POOLS, _POOL_ROOTS)):
            return []
        made.append(value)
    return made


def _bound_value(wrapper: Any, target: cst.CSTNode) -> cst.BaseExpression | None:
    """What a plain ``target = value`` (alone) or ``with value as target`` binds ``target`` to."""
    holder = parent(wrapper, target)
    if isinstance(holder, cst.AssignTarget):
        statement = parent(wrapper, holder)
        if isinstance(statement, cst.Assign) and len(statement.targets) == 1 and holder.target is target:
            return statement.value
        return None
    if isinstance(holder, cst.AsName):
        item = parent(wrapper, holder)
        return item.item if isinstance(item, cst.WithItem) and holder.name is target else None
    if isinstance(holder, cst.AnnAssign) and holder.target is target:
        return holder.value
    return None

"""http-timeout: which waits are evidence for which call (review 24).

A number is evidence only as an HTTP wait. A ``timeout=`` given to a call that sends no request
(a Redis pub/sub poll tick, ``pubsub.get_message(timeout=5)``; a queue's, a subprocess's, a
database client's, a job's) may lengthen the seconds written past the option's, never be them
when shorter: then only a wait the project gives a proven HTTP call counts
(_http_timeout_project_waits).

A wait shorter than the option that the code gives a call whose timeout a handler in its
function catches (``except RequestException: return None``, ``except Exception: raise
ApiError(..., 503)``) is the authors' budget for that call failing, at the service it calls. It
is carried only to a call whose timeout is handled the same way (in a try whose handler catches
it and goes on, raising nothing) and whose URL names a host the project already gives a request a
wait (_http_timeout_endpoints.calls_to_bounded_hosts): how soon one service answers says nothing
of another's, so a handled call to a host the project bounds nowhere (delphi-epidata's worker
asking its master for a job, beside a 5 s check of PyPI for a newer client) is not given the
other's short budget. Any other call (nothing handles its timeout, or its handler raises: a
login's token exchange, a lookup up to a worker's loop; or its host is bounded nowhere) gets
what the rest of the evidence says, else the option; where that is the code's configuration, it
is reported as such (``choose_waits``). A call to a host the project bounds never gets less
than that host's wait (_http_timeout_endpoints.longer_waits).
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from ._base import Context
from ._http_timeout_endpoints import call_hosts, calls_to_bounded_hosts, longer_waits
from ._http_timeout_handlers import timeout_handlers
from ._http_timeout_named_wait import NamedWait, timeout_node
from ._http_timeout_seconds import timeout_to_write, unwritten
from ._http_timeout_write_waits import write_wait, writes


def tolerates_timeout(wrapper: Any, call: cst.Call, library: str, ctx: Context) -> bool:
    """Whether a handler up ``call``'s function catches its timeout and raises nothing."""
    return any(not _raises(handler) for handler in timeout_handlers(wrapper, call, library, ctx))


def _raises(handler: cst.ExceptHandler) -> bool:
    found: list[cst.Raise] = []

    class _Raises(cst.CSTVisitor):
        def visit_Raise(self, node: cst.Raise) -> None:
            found.append(node)

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return False

    handler.body.visit(_Raises())
    return bool(found)


def choose_waits(module: cst.Module, ctx: Context, wrapper: Any, plan: Any, libraries: dict[int, str]) -> tuple[Any, dict[int, Any]]:
    """The expression every planned call gets (``plan.timeouts``, a wrapper's ``setdefault``),
    and id of a call -> the one it gets instead (its host's longer wait; the module's handled
    short wait for a call whose timeout is tolerated the same way). The calls for which the
    code's configuration, not a number, is the evidence are reported and taken out of ``plan``."""
    if not plan.timeouts and not plan.defaults:
        return None, {}
    tolerating = [call for call in plan.timeout_calls if tolerates_timeout(wrapper, call, libraries.get(id(call), "requests"), ctx)]
    bounded = calls_to_bounded_hosts(ctx, wrapper, tolerating)
    same_way = [call for call in tolerating if id(call) in bounded]
    tolerant = {id(call) for call in same_way}
    others = [call for call in plan.timeout_calls if id(call) not in tolerant]
    value: Any = None
    instead: dict[int, Any] = {}
    groups = [(False, [*others, *plan.default_calls]), (True, same_way)]
    for handled_evidence, calls in groups:
        if not calls:
            continue
        seconds = timeout_to_write(module, ctx, handled_evidence)
        if isinstance(seconds, str):  # the code configures its timeouts, or passes some unread: report, pick none
            for call in calls:
                ctx.finding(call, unwritten(seconds))
                plan.timeouts.discard(id(call))
            if not handled_evidence:
                plan.defaults.clear()
                plan.default_calls.clear()
            continue
        for calls, seconds in _writes_apart(module, ctx, wrapper, plan, calls, seconds):
            node = timeout_node(seconds, wrapper, calls)
            timed = [call for call in calls if id(call) in plan.timeouts]
            hosts = longer_waits(ctx, wrapper, timed, seconds)
            hosts.leave_read_for_ever(ctx, timed, plan.timeouts)
            if value is None:
                value = node
            if value is not node:
                instead.update({id(call): node for call in calls})
            instead.update(hosts.longer)
    return value, instead


def _writes_apart(module: cst.Module, ctx: Context, wrapper: Any, plan: Any, calls: list[cst.Call], seconds: Any) -> list[tuple[list[cst.Call], Any]]:
    """``calls`` with ``seconds``, the writes among them apart where those seconds are shorter
    than the option: each with the code's longest wait for a write to its service where it
    gives one, never less than ``seconds``, else with the option's (_http_timeout_write_waits)."""
    option = ctx.options["timeout"]
    if isinstance(seconds, NamedWait) or seconds >= option:
        return [(calls, seconds)]
    libraries = plan.libraries
    written = [call for call in calls if writes(wrapper, ctx, call, libraries.get(id(call), "requests"), plan.collected.calls)]
    if not written:
        return [(calls, seconds)]
    hosts = call_hosts(wrapper, written)
    waits: dict[int, Any] = {}
    for call in written:
        given = write_wait(ctx, module, hosts.get(id(call)))
        if given is None or given > seconds:
            waits[id(call)] = option if given is None else given
    others = [call for call in calls if id(call) not in waits]
    parts = [(others, seconds)] if others else []
    for wait in sorted(set(waits.values())):
        parts.append(([call for call in written if waits.get(id(call)) == wait], wait))
    return parts

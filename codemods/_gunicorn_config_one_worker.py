"""gunicorn-config: why an app can run only as one gunicorn worker kept for good — the
findings that stop the file: a module of the application code that cannot be read, Socket.IO,
WebSockets, a server of its own on a port each process would bind, a secret made anew in each
process, values kept between requests in the process."""

from __future__ import annotations

import re

from ._base import Context
from ._gunicorn_config_folders import GunicornProject
from ._gunicorn_config_key_uses import consequence
from ._gunicorn_config_later_config import later_config
from ._gunicorn_config_listeners import listens_in_each_process
from ._gunicorn_config_preload import made_in_each_worker
from ._gunicorn_config_project import serves_socketio, serves_websockets
from ._gunicorn_config_setup_writes import threads_of
from ._gunicorn_config_state import changed_container, keeps_request_state, set_afresh_by_requests
from ._project_view import unreadable_module_in_its_process


def one_worker_only(ctx: Context, code: str, project: GunicornProject, own_file: bool = False) -> str | None:
    """Why the app can run only as one gunicorn worker kept for good, or (WebSockets) only with
    workers never recycled (a finding), or None. ``own_file``: the project already has its
    gunicorn.conf.py where gunicorn starts, so the advice is not to add one."""
    by_hand = "the project's own gunicorn.conf.py needs no change" if own_file else "add the file by hand"
    unreadable = unreadable_module_in_its_process(ctx, _served_modules(project))
    if unreadable is not None:
        return (
            f"{unreadable[0]} cannot be read ({unreadable[1]}): whether the app keeps values between "
            "requests in its process, which more workers or recycling would lose, cannot be told; nothing generated"
        )
    socketio = serves_socketio(ctx, code)
    if socketio is not None:
        return (
            f"the app serves Socket.IO ({socketio}): each client's connection and session live in the worker "
            "that accepted it, so gunicorn must run one worker kept for good; nothing generated"
        )
    websockets = serves_websockets(ctx, code, project.launches)
    if websockets is not None:
        return (
            f"the app serves WebSockets ({websockets}): each connection stays open in the worker that accepted "
            "it, and recycling that worker (max_requests) would cut every open one; nothing generated"
        )
    listener = listens_in_each_process(ctx, code)
    if listener is not None:
        return (
            f"the app may start a server on a port of its own in the process that loads it ({listener}): with "
            "more than one gunicorn worker each would bind the same port, and every worker but the first would "
            "fail to boot, which stops gunicorn; serve it from one process first; nothing generated"
        )
    fresh = made_in_each_worker(ctx, code, project)
    lost = consequence(ctx, fresh[0]) if fresh is not None else ""
    if fresh is not None and fresh[2] is not None:
        return (
            f"the app makes {fresh[0]} at random only while {fresh[2]} is missing ({fresh[1]}) and writes it there: "
            "later processes read it back, but workers started together while it is missing (a first start, or "
            "each start of a container that does not keep the file) may each make their own, or read it before it "
            f"is written, and {lost}; give it one value from the "
            "environment, or make the file before more workers start; nothing generated"
        )
    later = later_config(ctx, fresh[1]) if fresh is not None else None
    if fresh is not None and fresh[3] is not None:
        unless = f" and the config it loads afterwards sets none ({later})" if later is not None else ""
        without = "that sets neither" if later is not None else "without it"
        return (
            f"the app makes {fresh[0]} anew in each process where {fresh[3]} gives none ({fresh[1]}){unless}: "
            f"a start {without} would give each gunicorn worker its own, and {lost}; make sure every start sets it; "
            "nothing generated"
        )
    if fresh is not None and later is not None:
        return (
            f"the app makes {fresh[0]} anew in each process ({fresh[1]}) unless the config it loads afterwards "
            f"sets one ({later}): without that, each gunicorn worker would get its own, and "
            f"{lost}; make sure that file sets it for every start; "
            "nothing generated"
        )
    if fresh is not None:
        return (
            f"the app makes {fresh[0]} anew in each process ({fresh[1]}): each gunicorn worker would get its own, "
            f"and {lost}; give it one value from the environment first; "
            "nothing generated"
        )
    state = keeps_request_state(ctx, code)
    if state is not None:
        return (
            f"the app keeps a value between requests in its process ({state[0]}: a view rebinds the global "
            f"{state[1]}): another worker, or a recycled one, would not find it, so gunicorn must run one worker "
            "kept for good; nothing generated"
        )
    container = changed_container(ctx, code)
    if container is None:
        return _racing(ctx, code, project)
    value, written, by_request, cache, named_cache, refreshed, entry = container
    if cache:  # each worker fills its own: a cost, a risk only where a request reads what another stored
        runs = "a function a request runs" if by_request else "a function no request is seen to run"
        return (
            f"the app keeps a cache in each process: {value}, filled at {written} by {runs}; each worker fills "
            "its own, which is safe only if no request needs an entry another request stored; nothing generated "
            f"(if so, {by_hand})"
        )
    if refreshed is not None and by_request:  # a request makes it again: a copy, refreshed
        return _refreshed(value, written, refreshed, by_hand)
    if by_request and named_cache:  # a cache in name, not shown to be one: per process, not proved one worker
        return (
            f"the app keeps values between requests in each process: {value}, written at {written} by a function "
            "a request runs; its name says cache, but what it stores is not made from its key alone, so whether "
            "every worker may hold its own (each miss read back from a store every worker shares) cannot be told; "
            "with more workers, or a recycled one, a request may not find what another stored; nothing generated "
            f"(if every entry is read back from such a store, {by_hand})"
        )
    if by_request:
        return (
            f"the app keeps values between requests in its process: {value}, written at {written} by a function "
            "a request runs; another worker, or a recycled one, would not find them, so gunicorn must run one "
            "worker kept for good; nothing generated"
        )
    if by_request is None:
        return (
            f"the app may keep values between requests in its process: {value}, written at {written} by a "
            "function a request runs, is an imported name whose kind is not told (a request proxy keeps nothing); "
            f"nothing generated (if it keeps nothing, {by_hand})"
        )
    if entry is not None:
        return (
            f"the app may keep values between requests in its process: {value}, written at {written} by a method "
            f"that {entry}() reaches, a method a view or request hook calls by that name on an object whose class "
            "is not followed: whether a request runs it, and whether each worker would make the same value, cannot "
            f"be told; nothing generated (if every worker makes the same value, {by_hand})"
        )
    return (
        f"the app may keep values between requests in its process: {value}, written at {written} by a function "
        "no request is seen to run, nor shown to run only at start-up; nothing generated (if it is filled only "
        f"as the app starts, {by_hand})"
    )


def _refreshed(value: str, written: str, refreshed: tuple[str, str | None], by_hand: str) -> str:
    """Why a value each process refreshes, as requests come, from what a call makes keeps the file back."""
    keeps, runs = "keeps", "a function a request runs"
    call, fetched = refreshed
    if fetched is not None:
        return (
            f"the app {keeps} values between requests in its process: {value}, written at {written} by {runs}, "
            f"from what {call} returns, fetched from outside the process ({fetched}): each worker would keep its "
            "own copy, fetched when it last refreshed it, so workers would answer from different data once the "
            f"source changes, and a recycled worker fetches it again; nothing generated (if answers from copies of "
            f"different ages are acceptable, {by_hand})"
        )
    return (
        f"the app {keeps} values between requests in its process: {value}, written at {written} by {runs}, from "
        f"what {call} returns: each worker would keep its own copy, made when it last refreshed it; whether every "
        "copy is the same (made from files shipped with the app) or may differ (data of a service or a database: "
        "workers answering from different data) cannot be told; nothing generated (if every worker makes the "
        f"same value, {by_hand})"
    )


def _served_modules(project: GunicornProject) -> tuple[str, ...]:
    """The modules (dotted) every command that starts gunicorn names (``shop.wsgi`` of
    ``gunicorn shop.wsgi:app``); () where one names none, or names one built at run time."""
    starts = [launch for launch in project.launches if launch.starts]
    modules = tuple(sorted({(launch.app or "").split(":")[0] for launch in starts}))
    if not starts or not all(_DOTTED.fullmatch(module) for module in modules):
        return ()
    return modules


_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


def _racing(ctx: Context, code: str, project: GunicornProject) -> str | None:
    """Why requests served side by side would race on a value each request's hook sets afresh
    (no state between requests, but shared while they run), where a command line has gunicorn
    serve them so; else None."""
    threads = threads_of(project.launches)
    afresh = set_afresh_by_requests(ctx, code) if threads is not None else None
    if afresh is None:
        return None
    return (
        f"requests served side by side in one worker ({threads}) race on {afresh[0]}: the hook at {afresh[1]} "
        "sets it for its own request in the process every request shares, and another request's hook may change "
        "it before this request's view reads it; keep the value per request (flask.g), or serve one request at a "
        "time per worker; nothing generated"
    )

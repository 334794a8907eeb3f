"""gunicorn-config: why an app can run only as one gunicorn worker kept for good — the
findings that stop the file: a module of the application code that cannot be read, Socket.IO,
WebSockets, a secret made anew in each process, values kept between requests in the process."""

from __future__ import annotations

from ._base import Context
from ._gunicorn_config_folders import GunicornProject
from ._gunicorn_config_preload import made_in_each_worker
from ._gunicorn_config_project import serves_socketio, serves_websockets
from ._gunicorn_config_state import changed_container, keeps_request_state
from ._project_view import unreadable_application_module


def one_worker_only(ctx: Context, code: str, project: GunicornProject) -> str | None:
    """Why the app can run only as one gunicorn worker kept for good, or (WebSockets) only with
    workers never recycled (a finding), or None."""
    unreadable = unreadable_application_module(ctx)
    if unreadable is not None:
        return (
            f"{unreadable[0]} cannot be read ({unreadable[1]}): whether the app keeps values between "
            "requests in its process, which more workers or recycling would lose, cannot be told; nothing generated"
        )
    socketio = serves_socketio(ctx, code)
    if socketio is not None:
        return (
            f"the app serves Socket.IO ({socketio}): each client's connection and session live in the worker "
            "that accepted it, so gunicorn must run it as one worker kept for good; more workers or recycling "
            "that one would drop its clients; nothing generated"
        )
    websockets = serves_websockets(ctx, code, project.launches)
    if websockets is not None:
        return (
            f"the app serves WebSockets ({websockets}): each connection stays open in the worker that accepted "
            "it, and recycling that worker (max_requests) would cut every open one after the graceful wait; "
            "nothing generated"
        )
    fresh = made_in_each_worker(ctx, code, project)
    if fresh is not None:
        return (
            f"the app makes {fresh[0]} anew in each process ({fresh[1]}): every gunicorn worker, and each "
            "worker that max_requests replaces, would get its own, and a session made by one would be lost in "
            "the others; give it one value for every process (from the environment) first; nothing generated"
        )
    state = keeps_request_state(ctx, code)
    if state is not None:
        return (
            f"the app keeps a value between requests in its process ({state[0]}: a view rebinds the global "
            f"{state[1]}): a later request served by another worker, or by a recycled one, would not find it, "
            "so gunicorn must run it as one worker kept for good; nothing generated"
        )
    container = changed_container(ctx, code)
    if container is not None and container[2]:
        return (
            f"the app keeps values between requests in its process: the module-level value {container[0]}, "
            f"written at {container[1]} by a function a request runs: a later request served by another worker, or by a "
            "recycled one, would not find them, so gunicorn must run it as one worker kept for good; "
            "nothing generated (a cache that may be refilled: run one worker, or add the file by hand)"
        )
    if container is not None and container[2] is None:
        return (
            f"the app may keep values between requests in its process: the module-level value {container[0]}, "
            f"written at {container[1]} by a function a request runs, is a name imported whose kind is not told "
            "(a proxy to each request's own context keeps nothing between requests): whether more than one worker "
            "is right cannot be told; nothing generated (if it is no process-wide value, add the file by hand)"
        )
    if container is not None:
        return (
            f"the app may keep values between requests in its process: the module-level value {container[0]}, "
            f"written at {container[1]} by a function that no request is seen to run, nor shown to run only as the app loads (a registry filled once at import or start-up): "
            "if a request changes it, another worker, or a recycled one, would not find what one request left, "
            "so whether more than one worker is right cannot be told; nothing generated (if it is filled only "
            "as the app starts, add the file by hand)"
        )
    return None

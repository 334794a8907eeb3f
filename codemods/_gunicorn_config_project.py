"""gunicorn-config: what the rest of the project says, beyond the command files next to the
app (``_gunicorn_config_launch``): gunicorn command lines in any script, unit or compose file
of the project, read for the options they give, which the generated file then leaves to them;
a Socket.IO server; a secret made anew in each process. (Python code that starts gunicorn:
``_gunicorn_config_python_start``; values kept between requests: ``_gunicorn_config_state``.)
"""

from __future__ import annotations

import ast
import posixpath
import re
from typing import Iterator

from ._base import Context
from ._command_lines import SCRIPT_FILES
from ._gunicorn_config_command_only import runs_only_in_commands
from ._gunicorn_config_fallback import fallback_of
from ._gunicorn_config_key_file import kept_in_file
from ._gunicorn_config_launch import Launch, read_launches
from ._gunicorn_config_init_folders import job_folder
from ._gunicorn_config_process_calls import own_nodes as _own_nodes
from ._project_view import application_modules, first_import, parsed, project_texts

# servers that keep each client's connection (and its session) in the worker that accepted it
_SOCKETIO_MODULES = frozenset({"flask_socketio", "socketio", "engineio"})
_SOCKETIO = re.compile(r"\b(flask_socketio|socketio|engineio)\b")
# WebSocket servers: each connection stays open in the worker that accepted it (Flask-Sockets,
# flask-sock, gevent-websocket and its gunicorn worker class, simple-websocket)
_WEBSOCKET_MODULES = frozenset({"flask_sockets", "flask_sock", "geventwebsocket", "simple_websocket"})
_WEBSOCKET = re.compile(r"\b(flask_sockets|flask_sock|geventwebsocket|simple_websocket)\b")
# what a file that starts gunicorn, or sets options for a start, says
CMD_ARGS = "GUNICORN_CMD_ARGS"
_LAUNCH_WORDS = re.compile(rf"\bgunicorn\b|\b{CMD_ARGS}\b")
# files of environment variables (``.env``, ``.env.production``, ``prod.env``)
_ENVIRONMENT_FILES = re.compile(r"(^|/)(\.env(\.[^/]+)?|[^/]+\.env)$")

def serves_socketio(ctx: Context, own_code: str) -> str | None:
    """``path:line`` of the first import of a Socket.IO server (Flask-SocketIO,
    python-socketio) in the project's application code (this module's own code when the
    project's files are unknown), or None."""
    modules = application_modules(ctx, _SOCKETIO) if ctx.project_files() is not None else [(ctx.path, own_code)]
    for path, text in modules:
        imported = first_import(text, _SOCKETIO_MODULES)
        if imported is not None:
            return f"{path}:{imported[0]}"
    return None


def serves_websockets(ctx: Context, own_code: str, launches: list[Launch]) -> str | None:
    """Where the app serves WebSockets: ``path:line (module)`` of the first import of a
    WebSocket server in the project's application code (this module's own code when the
    project's files are unknown), else ``file: -k class`` of a gunicorn start whose worker
    class is one (``flask_sockets.worker``); None when neither says so."""
    modules = application_modules(ctx, _WEBSOCKET) if ctx.project_files() is not None else [(ctx.path, own_code)]
    for path, text in modules:
        imported = first_import(text, _WEBSOCKET_MODULES)
        if imported is not None:
            return f"{path}:{imported[0]}, {imported[1]}"
    for launch in launches:
        worker_class = launch.settings.get("worker_class", "")
        if worker_class.split(".")[0] in _WEBSOCKET_MODULES:
            return f"{launch.file}: worker class {worker_class}"
    return None


def launches_elsewhere(ctx: Context, already_read: set[str]) -> list[Launch]:
    """The gunicorn launches in the project's script-like files not in ``already_read``
    (paths as ``ctx.read_file`` takes them: relative to this file's folder), and the
    ``GUNICORN_CMD_ARGS`` its environment files (``.env``, ``prod.env``) set."""
    here = posixpath.dirname(ctx.path.replace("\\", "/"))
    read = {posixpath.normpath(posixpath.join(here, path)) for path in already_read}
    launches: list[Launch] = []
    for path, text in project_texts(ctx, SCRIPT_FILES):
        if path in read or not _LAUNCH_WORDS.search(text):
            continue
        folder = job_folder(path, text)
        for launch in read_launches(text, path)[1]:
            launch.app = None  # where it starts is not known: its options count, not the module it names
            launch.folder = folder
            launches.append(launch)
    for path, text in project_texts(ctx, _ENVIRONMENT_FILES):
        if CMD_ARGS in text:
            launches += [launch for launch in read_launches(text, path)[1] if not launch.starts]
    return launches


# values every worker must share (a session one worker made is read by the others) ...
_SHARED_VALUES = {"SECRET_KEY": "its secret key", "secret_key": "its secret key", "SESSION_FILE_DIR": "its session folder"}
# ... and calls that give each process a value of its own: randomness (the pwgen library's
# random passwords too: c3bottles' fallback ``SECRET_KEY=pwgen(64)``), a new temporary folder
_FRESH_CALLS = frozenset(
    {"urandom", "token_bytes", "token_hex", "token_urlsafe", "uuid1", "uuid4", "mkdtemp", "getrandbits", "randbytes",
     "choice", "choices", "sample", "randint", "randrange", "pwgen"}
)
_FRESH = re.compile(r"\b(%s)\b" % "|".join(sorted(_FRESH_CALLS)))


def per_process_value(ctx: Context, own_code: str, preloaded: bool = False) -> tuple[str, str, str | None, str | None] | None:
    """What the app makes anew in each process among the values every worker must share, where,
    the file it is kept in when it is made only where that file is missing
    (``_gunicorn_config_key_file``; else None), and the lookup it falls back from when it is made
    only where that gives none (``_gunicorn_config_fallback``; else None): ``("its secret key",
    "config.py:5: os.urandom()", None, None)``, the first binding of the secret key or
    the session folder, in the project's application code (this module's own code when the
    project's files are unknown), to an expression that calls for randomness or a new
    temporary folder; code run only as ``__main__`` left out (gunicorn never runs it). None
    when there is none. With ``preloaded`` (gunicorn loads the app once, in its arbiter, and
    forks the workers from it) what is made while the app is loaded is shared and left out:
    bindings outside any function, and in a function that creates the Flask app (the factory
    gunicorn calls to load it); a view, a hook or any other function may run in each worker."""
    listed = ctx.project_files() is not None
    modules = application_modules(ctx, _FRESH) if listed else [(ctx.path, own_code)]
    every: list[tuple[str, ast.Module]] = []  # the application modules, parsed when first asked
    for path, text in modules:
        tree = parsed(text)
        for node, at_load, function in _served_nodes(tree) if tree is not None else ():
            if preloaded and at_load:
                continue
            for key, value in _bindings(node):
                call = _fresh_call(value) if key in _SHARED_VALUES else None
                if call is not None and function is not None:
                    if listed and not every:
                        every = [(p, t) for p, t in ((p, parsed(x)) for p, x in application_modules(ctx)) if t is not None]
                    if runs_only_in_commands(function, path, every if listed else [(path, tree)]):
                        continue  # made in a command-line process, not in the server's (``_gunicorn_config_command_only``)
                if call is not None:
                    kept = kept_in_file(tree, node, key, _bindings)
                    fallback = fallback_of(tree, node, key, value, _is_fresh, _bindings)
                    return _SHARED_VALUES[key], f"{path}:{node.lineno}: {call}()", kept, fallback
    return None


def _is_fresh(value: ast.AST) -> bool:
    return _fresh_call(value) is not None


def _served_nodes(tree: ast.Module) -> Iterator[tuple[ast.AST, bool, ast.AST | None]]:
    """Every node of ``tree`` but the bodies of ``if __name__ == "__main__":``, each with
    whether it runs while the app is loaded (outside functions, or in an app factory's own
    body) and the function it is in (the outermost def; None outside any)."""
    stack: list[tuple[ast.AST, bool, ast.AST | None]] = [(tree, True, None)]
    while stack:
        node, at_load, function = stack.pop()
        yield node, at_load, function
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            at_load = _creates_flask_app(node)
            function = function or node
        if isinstance(node, ast.If) and _is_main_test(node.test):
            stack.extend((child, at_load, function) for child in reversed(node.orelse))
            continue
        stack.extend((child, at_load, function) for child in reversed(list(ast.iter_child_nodes(node))))


def _creates_flask_app(function: ast.AST) -> bool:
    """Whether ``function``'s own body calls ``Flask(...)`` (``flask.Flask(...)``)."""
    return any(
        isinstance(node, ast.Call) and (_spelling(node.func) or "").rsplit(".", 1)[-1] == "Flask"
        for node in _own_nodes(function)
    )


def _is_main_test(test: ast.expr) -> bool:
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)):
        return False
    sides = [test.left, test.comparators[0]]
    return any(isinstance(s, ast.Name) and s.id == "__name__" for s in sides) and any(
        isinstance(s, ast.Constant) and s.value == "__main__" for s in sides
    )


def _bindings(node: ast.AST):
    """``(name, value)`` of what ``node`` binds: ``NAME = v``, ``x.name = v``, ``x["NAME"] = v``,
    ``f(NAME=v)``, ``{"NAME": v}``."""
    if isinstance(node, ast.Assign):
        targets, value = node.targets, node.value
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        targets, value = [node.target], node.value
    elif isinstance(node, ast.Call):
        return [(keyword.arg, keyword.value) for keyword in node.keywords if keyword.arg]
    elif isinstance(node, ast.Dict):
        return [
            (key.value, value)
            for key, value in zip(node.keys, node.values)
            if isinstance(key, ast.Constant) and isinstance(key.value, str)
        ]
    else:
        return []
    bound = []
    for target in targets:
        if isinstance(target, ast.Name):
            bound.append((target.id, value))
        elif isinstance(target, ast.Attribute):
            bound.append((target.attr, value))
        elif isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant) and isinstance(target.slice.value, str):
            bound.append((target.slice.value, value))
    return bound


def _fresh_call(value: ast.AST) -> str | None:
    """The spelling of the first call in ``value`` that gives each process its own value."""
    for node in ast.walk(value):
        if isinstance(node, ast.Call):
            spelled = _spelling(node.func)
            if spelled is not None and spelled.rsplit(".", 1)[-1] in _FRESH_CALLS:
                return spelled
    return None


def _spelling(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _spelling(node.value)
        return f"{inner}.{node.attr}" if inner is not None else node.attr
    return None

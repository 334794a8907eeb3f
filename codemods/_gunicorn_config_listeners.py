"""gunicorn-config: a server the app starts on a port of its own in the process that loads it.

c3bottles' ``wsgi.py`` (the module gunicorn serves) calls ``monitor(app)`` when its
configuration enables Prometheus, and ``monitor`` calls ``prometheus_client.start_http_server(9567)``:
a second HTTP server, in a thread of the process that imported the app. Under gunicorn's one
worker that is one server. With more workers each one imports the app and binds the same port:
every worker but the first fails as it boots (``Address already in use``), and gunicorn stops
when a worker cannot boot; the metrics, kept in each process, would be one worker's anyway. So
a call that starts such a server (prometheus_client's ``start_http_server`` and
``start_wsgi_server``, ``wsgiref.simple_server.make_server``, ``http.server.HTTPServer``,
``socketserver.TCPServer`` and their threading twins), anywhere in the application code that a
server's process may run, holds the file back with a finding. Not counted: code run only as
``__main__`` (gunicorn never runs it) and functions decorated as commands (``@app.cli.command()``,
``@click.command()``: a process of their own).
"""

from __future__ import annotations

import ast
import re

from ._ast_facts import Facts, facts
from ._base import Context
from ._gunicorn_config_command_only import is_command
from ._gunicorn_config_project import _served_nodes
from ._project_view import application_modules, parsed

# functions and classes that open a listening socket of their own, by the module that defines them
_SERVERS = frozenset(
    {
        "prometheus_client.start_http_server", "prometheus_client.start_wsgi_server",
        "prometheus_client.exposition.start_http_server", "prometheus_client.exposition.start_wsgi_server",
        "wsgiref.simple_server.make_server",
        "http.server.HTTPServer", "http.server.ThreadingHTTPServer",
        "socketserver.TCPServer", "socketserver.ThreadingTCPServer",
    }
)
_SERVER_ROOTS = frozenset(server.split(".", 1)[0] for server in _SERVERS)
_WORDS = re.compile(r"\b(prometheus_client|wsgiref|http\.server|socketserver)\b")


def listens_in_each_process(ctx: Context, own_code: str) -> str | None:
    """``"wsgi.py:16: prometheus_client.start_http_server()"``: the first call in the project's
    application code (this module's own code when the project's files are unknown) that starts
    a server on a port of its own where the server's process may run it; None when none does."""
    modules = application_modules(ctx, _WORDS) if ctx.project_files() is not None else [(ctx.path, own_code)]
    for path, text in modules:
        tree = parsed(text)
        if tree is None:
            continue
        found = facts(tree)
        if not any(found.imports(root) for root in _SERVER_ROOTS):
            continue
        commands = {id(node) for node in ast.walk(tree) if is_command(node)}
        inside_command: set[int] = set()
        for node, _at_load, _function in _served_nodes(tree):
            if id(node) in commands or id(node) in inside_command:
                inside_command.update(id(child) for child in ast.iter_child_nodes(node))
                continue
            if isinstance(node, ast.Call):
                called = _server_called(node.func, found)
                if called is not None:
                    return f"{path}:{node.lineno}: {called}()"
    return None


def _server_called(func: ast.expr, found: Facts) -> str | None:
    """The server of ``_SERVERS`` a call of ``func`` makes, by the module's imports (the
    facts' qualified names, where the spelling's first name is bound by an import)."""
    root = func
    while isinstance(root, ast.Attribute):
        root = root.value
    if not isinstance(root, ast.Name) or root.id not in found.bound:
        return None
    return next((name for name in sorted(found.qualified(func)) if name in _SERVERS), None)

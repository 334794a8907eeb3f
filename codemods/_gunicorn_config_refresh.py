"""gunicorn-config: where a value a function refreshes onto the app comes from (``app.surveys =
get_surveys()``), read on the standard library's AST: the call is followed through the
module's own functions (``get_surveys`` -> ``get_surveys_list`` -> ``requests.get(...)``), a
few steps, to the first call that fetches from outside the process — a module of the network or
of a database imported by the module (``requests``, ``urllib3``, ``redis``, ``sqlalchemy`` ...),
or a query of a database session or model (``db.session.execute``, ``Survey.query.all``).
Each worker keeps its own copy of such a value, fetched when it last refreshed it: workers
answer from different data once the source changes. Where no such call is seen, where the value
comes from is not told here (a file shipped with the app, the same for every worker, or
anything else): the caller stays on the safe side. A value the module's own functions build
from constants alone (``made_alike``) is the same in every worker: no state.
"""

from __future__ import annotations

import ast

from ._gunicorn_config_process_calls import own_nodes
from ._names import dotted_name

# modules whose calls fetch from outside the process: the network, a database, a message queue
_OUTSIDE = frozenset(
    {
        "requests", "urllib", "urllib2", "urllib3", "httpx", "http", "httplib", "httplib2", "aiohttp", "socket",
        "boto3", "botocore", "redis", "pymongo", "psycopg2", "psycopg", "pymysql", "MySQLdb", "sqlite3",
        "sqlalchemy", "elasticsearch", "ldap", "ldap3", "grpc", "zeep", "suds", "xmlrpc", "ftplib", "smtplib",
    }
)
# attributes of a chain that query a database (``Survey.query.all()``, ``db.session.execute(...)``)
_QUERIES = frozenset({"query", "execute", "session", "cursor", "fetchall", "fetchone", "scalars", "scalar"})
_STEPS = 4
_CLOCKS = frozenset(
    {"time.time", "time.monotonic", "time.perf_counter", "datetime.now", "datetime.utcnow", "datetime.datetime.now",
     "datetime.datetime.utcnow"}
)
# builtins that build a value from their arguments alone
_BUILDING = frozenset(
    {"dict", "list", "set", "frozenset", "tuple", "sorted", "len", "str", "int", "float", "bool", "min", "max",
     "sum", "range", "enumerate", "zip", "reversed", "any", "all", "abs", "round", "repr"}
)


def fetched_by(tree: ast.Module, call: str) -> tuple[str, int] | None:
    """``("requests.get", 11)``: the first call, followed from the module-level function ``call``
    names (or ``call`` itself), that fetches from outside the process, with its line; None where
    none is seen."""
    outside = _outside_names(tree)
    functions = {node.name: node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    seen: set[str] = set()
    todo = [(call, 0)]
    while todo:
        name, steps = todo.pop(0)
        found = _fetching(name, outside)
        if found is not None:
            return found, 0
        function = functions.get(name)
        if function is None or name in seen or steps >= _STEPS:
            continue
        seen.add(name)
        for node in own_nodes(function):
            if isinstance(node, ast.Call):
                called = dotted_name(node.func)
                if called is None:
                    continue
                if _fetching(called, outside) is not None:
                    return called, node.lineno
                if called in functions:
                    todo.append((called, steps + 1))
    return None


def made_alike(tree: ast.Module, call: str) -> bool:
    """Whether what the module-level function ``call`` names returns is made alike by every
    process: it and every function of the module it calls (followed, a few steps) call nothing
    but each other and builtins that only build values (``dict``, ``sorted``; not ``open``,
    ``input``) and methods of literals (``{...}.items()``), and declare nothing ``global``: constants, the same in every worker. A reading of
    the clock (``time.monotonic()``, the time a copy was made) is the host's, read alike: its
    copies differ in age only, which matters only where the value they time differs."""
    if call in _CLOCKS:
        return True
    functions = {node.name: node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    seen: set[str] = set()
    todo = [(call, 0)]
    while todo:
        name, steps = todo.pop(0)
        if name in seen:
            continue
        function = functions.get(name)
        if function is None or steps > _STEPS:
            return False
        seen.add(name)
        for node in own_nodes(function):
            if isinstance(node, (ast.Global, ast.Nonlocal, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                return False
            if isinstance(node, ast.Call):
                called = node.func.id if isinstance(node.func, ast.Name) else None
                if called in functions:
                    todo.append((called, steps + 1))
                elif called not in _BUILDING and not _of_a_literal(node.func):
                    return False
    return True


def _of_a_literal(func: ast.AST) -> bool:
    """A method of a literal (``{"a": 1}.items``, ``", ".join``): read from the literal alone."""
    return isinstance(func, ast.Attribute) and isinstance(func.value, (ast.Constant, ast.Dict, ast.List, ast.Tuple, ast.Set))


def _fetching(called: str, outside: frozenset[str]) -> str | None:
    parts = called.split(".")
    if parts[0] in outside or any(part in _QUERIES for part in parts[1:]):
        return called
    return None


def _outside_names(tree: ast.Module) -> frozenset[str]:
    """The names the module binds to a module of ``_OUTSIDE`` or to what it imports from one."""
    names: set[str] = set()
    for node in own_nodes(tree):
        if isinstance(node, ast.Import):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names if alias.name.split(".")[0] in _OUTSIDE)
        elif isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").split(".")[0] in _OUTSIDE:
            names.update(alias.asname or alias.name for alias in node.names)
    return frozenset(names)

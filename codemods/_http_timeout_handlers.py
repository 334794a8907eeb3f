"""http-timeout: the handlers a call's timeout would get past.

A call that waits for ever without a timeout raises, once it has one, an exception it never
raised before: requests a ``ReadTimeout`` (a ``Timeout``, and not a ``ConnectionError``:
only ``ConnectTimeout`` is both), ``urlopen`` a ``socket.timeout`` while it waits for the
response (an ``OSError``; ``TimeoutError`` only from Python 3.10 on, and no ``URLError``:
only the sending of the request is wrapped in one). Where the call sits in a try whose
handlers catch the network errors it raises today but not that one, the code means network
trouble to be handled, and the timeout would open a path past its handler: the call is left
as it is, with a finding (``uncaught_timeout``).

Only a handler for network trouble counts: an error the transport raises when the connection
cannot be made, breaks or is closed by the peer. One for an error about a response that did
arrive (its status: requests' ``HTTPError`` from ``raise_for_status()``, urllib's
``HTTPError``; too many redirects; a body that does not decode; retries used up on error
statuses) shows no such expectation: a connection error already gets past it today, and a
timeout getting past it too changes nothing in kind, so the timeout is added. urllib3's
classes are no such handler either: requests wraps each urllib3 error it meets in its own
(``ProtocolError`` and ``NewConnectionError`` in ``ConnectionError``, ``ReadTimeoutError`` in
``ReadTimeout``), so they catch nothing a requests call raises, before or after; a streamed
body the code reads through ``.raw`` is the exception, judged apart (_http_timeout_raw_reads).

A database driver's exceptions (``MySQLdb.Error``, ``psycopg2.OperationalError``) are told:
PEP 249 roots them in an ``Exception`` of the driver's own, so they catch neither the timeout
nor a network error (a call in a transaction's try is judged by the handlers inside it).
A handler whose classes cannot be told — a name from another library, or from a module of
the project that does not bind it plainly (``_http_timeout_imported`` reads those that do), an
attribute of an object, a call — is no evidence either way: the call is left with a finding
naming it. ``except TimeoutError`` catches urlopen's ``socket.timeout`` only from Python 3.10
on (where it is an alias): it counts as a timeout handler where every Python the project
declares is 3.10 or later (``_declared_python``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Collection

import libcst as cst
from libcst.metadata import Assignment, MetadataWrapper, QualifiedName, QualifiedNameProvider, QualifiedNameSource, ScopeProvider

from ._base import metadata_value
from ._declared_python import declared_python
from ._imports import STDLIB
from ._resource_factories import DBAPI_CONNECTS
from ._http_timeout_calls import parent, referents
from ._http_timeout_error_kinds import ADVICE, TIMEOUT_ERROR_SINCE, TIMEOUT_NAMES, kind_of, requests_class
from ._http_timeout_imported import PROJECT_CLASS, bound_names, in_project
from ._node_fields import child_nodes

if TYPE_CHECKING:
    from ._base import Context


def _classes(wrapper: MetadataWrapper, caught: cst.BaseExpression, depth: int = 0) -> list[cst.BaseExpression]:
    """The class expressions a handler's ``caught`` names: a tuple's elements, and what a name
    bound by a plain assignment holds (``NETWORK_ERRORS = (requests.ConnectionError, ...)``)."""
    if isinstance(caught, cst.Tuple):
        return [
            found
            for element in caught.elements
            if not isinstance(element, cst.StarredElement)
            for found in _classes(wrapper, element.value, depth)
        ]
    if isinstance(caught, cst.Name) and depth < 4:
        values = _assigned(wrapper, caught)
        if values:
            return [found for value in values for found in _classes(wrapper, value, depth + 1)]
    return [caught]


def _assigned(wrapper: MetadataWrapper, name: cst.Name) -> list[cst.BaseExpression]:
    """The values a name may hold when every binding it may refer to is ``name = value``."""
    values = []
    for assignment in referents(wrapper, name) or ():
        target = assignment.node if isinstance(assignment, Assignment) else None
        holder = parent(wrapper, target) if target is not None else None
        statement = parent(wrapper, holder) if isinstance(holder, cst.AssignTarget) else None
        if not isinstance(statement, cst.Assign) or holder.target is not target:
            return []
        values.append(statement.value)
    return values


# where the classes a handler names are known: the standard library (builtins too), requests,
# urllib3 and the DB-API 2 drivers (PEP 249: a driver's exceptions all derive from its Error, an
# Exception, and hold only its own database errors: no timeout, no network error of an HTTP client)
_DATABASE_DRIVERS = frozenset(name.split(".")[0] for name in DBAPI_CONNECTS)
_KNOWN_ROOTS = frozenset(STDLIB) | {"requests", "urllib3"} | _DATABASE_DRIVERS


class _Handlers:
    """The classes the handlers around a call name, as far as they can be told."""

    def __init__(
        self, wrapper: MetadataWrapper, ctx: Context | None, library: str,
        names_of: Callable[[MetadataWrapper, cst.CSTNode], Collection[QualifiedName]] | None = None,
    ) -> None:
        self.wrapper, self.ctx, self.library = wrapper, ctx, library
        self._names_of = names_of or _qualified_names
        self._python: bool | None = None

    def python_3_10(self) -> bool:
        """Whether every Python the project declares is 3.10 or later (read once, when asked)."""
        if self._python is None:
            floor = declared_python(self.ctx) if self.ctx is not None else None
            self._python = floor is not None and floor >= TIMEOUT_ERROR_SINCE
        return self._python

    def kind(self, caught: cst.BaseExpression) -> str | None:
        """As ``_kind`` for the classes ``caught`` names ("timeout" when one of them catches the
        timeout, "network" when one is a network error); "unknown" when they cannot be told."""
        classes = self.told(caught)
        if classes is None:
            return "unknown"
        kinds = [kind_of(names, self.library, self.python_3_10) for names in classes]
        return "timeout" if "timeout" in kinds else "network" if "network" in kinds else None

    def told(self, caught: cst.BaseExpression) -> list[set[str]] | None:
        """The classes ``caught`` names (more than one: a tuple another module of the project
        binds), each as the qualified names it may be; None when they cannot be told:
        an expression other than a name, a name bound otherwise than to a class or by a plain
        assignment (a parameter, ``self.errors``), one imported from the project that its module
        does not bind plainly, one from another library (it may be or hold requests' classes),
        or a name no binding explains in a module with a star import."""
        if not isinstance(caught, (cst.Name, cst.Attribute)):
            return None
        found = self._names_of(self.wrapper, caught)
        if not found:
            return None if _star_import(self.wrapper.module) else []  # else a NameError: catches nothing
        names: set[str] = set()
        for name in found:
            if name.source is QualifiedNameSource.BUILTIN:
                names.add(name.name)
            elif name.source is QualifiedNameSource.LOCAL:
                if not (isinstance(caught, cst.Name) and _local_class(self.wrapper, caught)):
                    return None
                names.add(PROJECT_CLASS + name.name)
            elif name.name.split(".")[0] in _KNOWN_ROOTS:
                names.add(name.name)
            elif self.ctx is not None and in_project(self.ctx, name.name):
                held = bound_names(self.ctx, name.name)
                if held is None or not all(_judged(leaf) for leaf in held):
                    return None
                if len(found) == 1:
                    return [{leaf} for leaf in held]
                if len(held) != 1:
                    return None  # a tuple among other things the name may be
                names |= set(held)
            else:
                return None
        return [names] if all(_judged(leaf) for leaf in names) else None


def _qualified_names(wrapper: MetadataWrapper, node: cst.CSTNode) -> Collection[QualifiedName]:
    """``node``'s names as the wrapper's QualifiedNameProvider gives them (on a lazily scoped
    wrapper, none for an attribute of what a call returns: ``_metadata.names_statically``)."""
    return metadata_value(wrapper, QualifiedNameProvider, node)


def _scope_names(wrapper: MetadataWrapper, node: cst.CSTNode) -> Collection[QualifiedName]:
    """``node``'s names as LibCST's own QualifiedNameProvider gives them: its scope's names for
    it, an attribute of what a call returns included (``make().Timeout`` as ``make.Timeout``),
    read from the wrapper's scopes, lazy or whole."""
    scope = metadata_value(wrapper, ScopeProvider, node)
    return scope.get_qualified_names_for(node) if scope is not None else set()


def _judged(name: str) -> bool:
    """Whether the rule can judge the class ``name``: the project's own, or a known library's
    in a form the tables spell (``requests.adapters.ConnectionError`` is a re-export they do not)."""
    if name.startswith(PROJECT_CLASS):
        return True
    if name.split(".")[0] not in _KNOWN_ROOTS:
        return False
    return not name.startswith("requests.") or requests_class(name) is not None or name.startswith("requests.packages.")


def _local_class(wrapper: MetadataWrapper, name: cst.Name) -> bool:
    """Whether every binding ``name`` may refer to is a class the module defines."""
    found = referents(wrapper, name)
    return bool(found) and all(isinstance(getattr(each, "node", None), cst.ClassDef) for each in found)


def _star_import(module: cst.Module) -> bool:
    return any(
        isinstance(small, cst.ImportFrom) and isinstance(small.names, cst.ImportStar)
        for statement in module.body
        if isinstance(statement, cst.SimpleStatementLine)
        for small in statement.body
    )


def uncaught_timeout(wrapper: MetadataWrapper, call: cst.Call, library: str, ctx: Context | None = None) -> str | None:
    """Why a timeout on ``call`` (a requests or urlopen call) would get past the code's own
    handler, or None: the trys whose body holds the call in its function (nested ones
    included) catch some network error it raises today and none catches the timeout. A
    handler that catches the timeout anywhere up the function (``Exception``, ``OSError``, a
    bare except, requests' ``Timeout`` or ``RequestException``, ``socket.timeout``) handles
    it, unless every path through it ends in a bare ``raise``. A call under no such try already lets its errors out: a timeout changes nothing in
    kind there. A handler whose classes cannot be told (``except NETWORK_ERRORS`` imported
    from a module that builds it, ``except self.errors``) is no evidence either way: the
    call is left with a finding naming it. Handlers in the function's callers are not looked at."""
    escaping = escaping_handlers(wrapper, call, library, ctx)
    if escaping is None:
        return None
    network, unknown = escaping
    if network:
        return (
            f"not changed: this call is in a try that catches {network} but not {TIMEOUT_NAMES[library]}, which a "
            f"timeout raises: it would escape the handler where the call used to wait ({ADVICE[library]})"
        )
    return (
        f"not changed: this call is in a try that catches {unknown}, which cannot be told from here: if they "
        f"catch network errors but not {TIMEOUT_NAMES[library]}, a timeout would escape the handler; if they "
        f"catch {TIMEOUT_NAMES[library]} too, or no network error, pass timeout="
    )


def escaping_handlers(wrapper: MetadataWrapper, node: cst.CSTNode, library: str, ctx: Context | None = None) -> tuple[str, str] | None:
    """The classes (as spelled, comma-separated) of the handlers up ``node``'s function that
    catch a network error ``library`` raises there today, and of those that cannot be told,
    when no handler catches the timeout ``library`` raises there once the call has one (see
    ``uncaught_timeout``); None when one does, or when none catches either (both empty)."""
    module = wrapper.module
    handlers = _Handlers(wrapper, ctx, library)
    network: list[str] = []
    unknown: list[str] = []
    while True:
        up = parent(wrapper, node)
        if up is None or isinstance(up, (cst.FunctionDef, cst.Lambda)):
            break
        if isinstance(up, (cst.Try, cst.TryStar)) and node is up.body:
            for handler in up.handlers:
                passes_on = _re_raises(handler)
                if handler.type is None:
                    if passes_on:
                        continue
                    return None  # a bare except
                for caught in _classes(wrapper, handler.type):
                    kind = handlers.kind(caught)
                    if kind == "timeout":
                        if passes_on:
                            continue
                        return None
                    if kind in ("network", "unknown"):
                        (network if kind == "network" else unknown).append(module.code_for_node(caught))
        node = up
    if not network and not unknown:
        return None
    return ", ".join(dict.fromkeys(network)), ", ".join(dict.fromkeys(unknown))


def _re_raises(handler: cst.ExceptHandler) -> bool:
    """Whether every path through ``handler`` ends in a bare ``raise`` (``except: raise``,
    ``except Exception: log(); raise``): the error leaves the function as if the handler were
    not there, so it handles no timeout. Its last statement is a bare ``raise`` and nothing in
    it returns, breaks or continues (a nested function or class is its own)."""
    body = handler.body.body
    last = body[-1] if body else None
    if not (isinstance(last, cst.SimpleStatementLine) and len(last.body) == 1):
        return False
    final = last.body[0]
    if not (isinstance(final, cst.Raise) and final.exc is None):
        return False
    return not _leaves_early(handler.body)


def _leaves_early(node: cst.CSTNode) -> bool:
    """Whether ``node`` holds a return, break or continue outside nested functions and classes."""
    for child in child_nodes(node):
        if isinstance(child, (cst.Return, cst.Break, cst.Continue)):
            return True
        if isinstance(child, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            continue
        if _leaves_early(child):
            return True
    return False


def timeout_handlers(wrapper: MetadataWrapper, call: cst.Call, library: str, ctx: Context | None = None) -> list[cst.ExceptHandler]:
    """The handlers up ``call``'s function that catch its timeout (a bare except included),
    innermost first. ``wrapper`` may be lazily scoped (``_lazy_scopes.lazily_scoped``): the
    handlers' classes are named as LibCST names them either way (``_scope_names``)."""
    handlers = _Handlers(wrapper, ctx, library, _scope_names)
    found: list[cst.ExceptHandler] = []
    node: cst.CSTNode = call
    while True:
        up = parent(wrapper, node)
        if up is None or isinstance(up, (cst.FunctionDef, cst.Lambda)):
            return found
        if isinstance(up, (cst.Try, cst.TryStar)) and node is up.body:
            for handler in up.handlers:
                if handler.type is None or any(handlers.kind(caught) == "timeout" for caught in _classes(wrapper, handler.type)):
                    found.append(handler)
        node = up

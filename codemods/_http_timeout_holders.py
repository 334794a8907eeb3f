"""http-timeout: sessions and clients that are not a plain local name — held in an attribute
(``self.session.post(...)``) or passed in (``def fetch(session: requests.Session)``).

A call on such a holder is an HTTP call when the code proves what it holds:

- ``self.X``: every value the class gives ``X`` (``self.X = ...`` in any method, ``X = ...``
  in the class body) creates a requests Session or an httpx client of one library (``None``
  placeholders aside);
- a parameter annotated with ``requests.Session`` (or ``httpx.Client``/``AsyncClient``).

A requests Session that mounts a transport adapter may carry its own timeout there: that is no
proof of a call without a timeout. (httpx clients bound every call themselves.) What is not
proven, but is named like a session (``self.session``,
``http_session``), is reported rather than left unmentioned.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Container

import libcst as cst
from libcst.metadata import Assignment, MetadataWrapper

from ._app_config import _small_statements
from ._ast_facts import facts
from ._http_timeout_calls import CLIENT_METHODS, HTTPX_CLIENTS, REQUESTS_SESSIONS, HttpCall, client_library, parent, qualified, referents
from ._http_timeout_token_requests import token_request
from ._flask import string_value
from ._names import dotted_name

# requests' own transport adapter: it passes on the timeout of each call, and sets none
PLAIN_ADAPTERS = frozenset({"requests.adapters.HTTPAdapter", "requests.HTTPAdapter"})


@dataclass(eq=False)
class Held:
    """What a holder is known to hold."""

    library: str  # "requests" or "httpx"
    passed_in: bool = False  # a parameter: created elsewhere


class Holders:
    """What the holders of one module's sessions hold: each class's assignments and the
    module's ``mount`` calls (among ``calls``, every call of the module) are collected once,
    on the first question about them."""

    def __init__(self, wrapper: MetadataWrapper, calls: list[cst.Call], annotated: Container[str] | None = None) -> None:
        self.wrapper = wrapper
        self.calls = calls
        # the names of the module's annotated parameters (None: unknown): a name among none
        # of them is no parameter whose annotation names a session, and is not looked up
        self.annotated = annotated
        self._classes: dict[int, _ClassValues] = {}
        self._mounts: list[tuple[str, cst.BaseExpression | None]] | None = None

    def held_by(self, owner: cst.BaseExpression) -> Held | None:
        """What ``owner`` (the ``x`` of ``x.get(...)``) provably holds, or None."""
        if isinstance(owner, cst.Attribute) and isinstance(owner.value, cst.Name):
            return self._attribute(owner)
        if isinstance(owner, cst.Name) and (self.annotated is None or owner.value in self.annotated):
            return _parameter(self.wrapper, owner)
        return None

    def mounts_adapter(self, owner: cst.BaseExpression) -> bool:
        """Whether the module mounts a transport adapter that may carry a timeout on the same
        holder (``self.session.mount("https://", TimeoutAdapter(timeout=30))``). requests' own
        ``HTTPAdapter`` never does (``HTTPAdapter(max_retries=3)`` sets retries only)."""
        wrapper = self.wrapper
        if self._mounts is None:
            self._mounts = [
                (wrapper.module.code_for_node(call.func.value), _argument(call, 1, "adapter"))
                for call in self.calls
                if isinstance(call.func, cst.Attribute) and call.func.attr.value == "mount"
            ]
        spelled = wrapper.module.code_for_node(owner)
        return any(
            holder == spelled and (adapter is None or not _plain_adapter(wrapper, adapter)) for holder, adapter in self._mounts
        )

    def given(self, owner: cst.BaseExpression) -> list[cst.BaseExpression]:
        """``self.X``: every value the class gives ``X`` (``None`` aside); [] for anything else."""
        if not isinstance(owner, cst.Attribute) or not isinstance(owner.value, cst.Name):
            return []
        cls = _enclosing_class(self.wrapper, owner)
        if cls is None:
            return []
        values = self._classes.get(id(cls))
        if values is None:
            values = self._classes[id(cls)] = _ClassValues(cls)
        return [
            value
            for value in values.of(owner.value.value, owner.attr.value)
            if not (isinstance(value, cst.Name) and value.value == "None")
        ]

    def _attribute(self, owner: cst.Attribute) -> Held | None:
        """``self.X``: what every value the class gives ``X`` creates (``None`` aside)."""
        created = self.given(owner)
        libraries = {client_library(self.wrapper, value) for value in created}
        if not created or len(libraries) != 1 or None in libraries:
            return None
        return Held(libraries.pop())  # type: ignore[arg-type]


def held_token_request(wrapper: MetadataWrapper, call: cst.Call, constructors: list[cst.BaseExpression], method: str) -> HttpCall | None:
    """The HTTP call a token request on an attribute (``self.oauth_client.fetch_token(...)``)
    is, where every value the class gives the attribute (``constructors``) makes a session of
    requests-oauthlib's class that has the method (_http_timeout_token_requests); else None."""
    if not constructors or not all(isinstance(value, cst.Call) for value in constructors):
        return None
    token = token_request(lambda node: qualified(wrapper, node), constructors, method)  # type: ignore[arg-type]
    return HttpCall(call, "requests", token.position, token=token) if token is not None else None


def looks_like_session_call(wrapper: MetadataWrapper, owner: cst.BaseExpression, call: cst.Call) -> bool:
    """``self.session.get(url)``, ``def f(http_session): http_session.post(f"{api}/x")``: an
    attribute or a parameter named like a requests Session, called with what looks like a URL
    first (not ``db.session.get(User, 1)``, nor Flask's ``flask.session.get("user_id")``), or
    for ``send``, like a prepared request.
    requests is synchronous: a call that is awaited
    or entered by ``async with`` belongs to an asynchronous client (aiohttp's session)."""
    if _asynchronous_use(wrapper, call):
        return False
    if isinstance(owner, cst.Attribute):
        name = owner.attr.value
    elif isinstance(owner, cst.Name) and "session" in owner.value.lower() and _is_parameter(wrapper, owner):
        name = owner.value  # (its spelling tested first: the lookup needs the scopes of its function)
    else:
        return False
    if "session" not in name.lower() or not call.args or call.args[0].keyword is not None or call.args[0].star:
        return False
    if isinstance(owner, cst.Attribute) and _flask_object(wrapper, owner):
        return False
    return request_first(call)


def request_first(call: cst.Call) -> bool:
    """The call's first argument looks like what its method sends: a prepared request for
    ``send``, a URL for the others."""
    if isinstance(call.func, cst.Attribute) and call.func.attr.value == "send":
        return bool(call.args) and call.args[0].keyword is None and not call.args[0].star and _prepared_first(call)
    return url_first(call)


def _prepared_first(call: cst.Call) -> bool:
    """A ``send`` whose first argument looks like a prepared request: ``x.prepare()``,
    ``session.prepare_request(req)``, or a name spelled like one (``prepped``, ``req``)."""
    first = call.args[0].value
    if isinstance(first, cst.Call) and isinstance(first.func, cst.Attribute):
        return first.func.attr.value in ("prepare", "prepare_request")
    spelled = first.attr.value if isinstance(first, cst.Attribute) else first.value if isinstance(first, cst.Name) else ""
    return any(word in spelled.lower() for word in ("req", "prep"))


def url_first(call: cst.Call) -> bool:
    """The call's first argument, positional, looks like a URL (see ``looks_like_session_call``)."""
    if not call.args or call.args[0].keyword is not None or call.args[0].star:
        return False
    first = call.args[0].value
    if isinstance(first, cst.SimpleString):
        # a URL requests accepts has a scheme (``"https://..."``) or is a path (``"/x"``, a
        # session with a base URL): a string with neither is a key (``session.get("flickr_user")``
        # of Flask's session handed in as a parameter, a dict's ``get("user_id")``)
        text = string_value(first)
        return text is None or "/" in text or ":" in text
    if isinstance(first, (cst.FormattedString, cst.ConcatenatedString)):
        return True
    if isinstance(first, cst.BinaryOperation):
        return True  # base + "/path"
    spelled = first.attr.value if isinstance(first, cst.Attribute) else first.value if isinstance(first, cst.Name) else ""
    return any(word in spelled.lower() for word in ("url", "uri", "endpoint", "api", "path", "link", "href"))


def _flask_object(wrapper: MetadataWrapper, owner: cst.Attribute) -> bool:
    """``flask.session`` (``import flask``): an object Flask makes — its session is the signed
    cookie's dict, whose ``get("user_id")`` reads a key — and no requests Session."""
    return any(name.split(".")[0] == "flask" for name in qualified(wrapper, owner))


def _asynchronous_use(wrapper: MetadataWrapper, call: cst.Call) -> bool:
    """``await x.get(...)``, ``async with x.get(...) as answer:``."""
    above = parent(wrapper, call)
    if isinstance(above, cst.Await):
        return True
    if isinstance(above, cst.WithItem):
        statement = parent(wrapper, above)
        return isinstance(statement, cst.With) and statement.asynchronous is not None
    return False


def _argument(call: cst.Call, position: int, name: str) -> cst.BaseExpression | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg.value
    positional = [arg for arg in call.args if arg.keyword is None and not arg.star]
    return positional[position].value if len(positional) > position else None


def _plain_adapter(wrapper: MetadataWrapper, node: cst.BaseExpression) -> bool:
    """``requests.adapters.HTTPAdapter(...)``, or a name bound only to such a call."""
    if isinstance(node, cst.Call):
        return bool(qualified(wrapper, node.func) & PLAIN_ADAPTERS)
    if not isinstance(node, cst.Name):
        return False
    found = referents(wrapper, node)
    if not found:
        return False
    for assignment in found:
        if not isinstance(assignment, Assignment):
            return False
        target = parent(wrapper, assignment.node)
        statement = parent(wrapper, target) if isinstance(target, cst.AssignTarget) else None
        if not (isinstance(statement, cst.Assign) and _plain_adapter(wrapper, statement.value)):
            return False
    return True


def is_request_method(library: str, method: str) -> bool:
    return method in CLIENT_METHODS[library]


# -- self.X ------------------------------------------------------------------------------------


class _ClassValues:
    """The values one class gives its attributes: ``instance.X = ...`` anywhere in its body
    (methods included), by ``(instance, X)``; ``X = ...`` in the class body itself, by X."""

    def __init__(self, cls: cst.ClassDef) -> None:
        assigned: dict[tuple[str, str], list[cst.BaseExpression]] = {}
        self.assigned = assigned
        self.class_level: dict[str, list[cst.BaseExpression]] = {}

        def add(target: cst.BaseExpression, value: cst.BaseExpression) -> None:
            if isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name):
                assigned.setdefault((target.value.value, target.attr.value), []).append(value)

        for node in _small_statements([cls.body]):  # assignments are statements: no expression is gone into
            kind = type(node)
            if kind is cst.Assign:
                for target in node.targets:  # type: ignore[attr-defined]
                    add(target.target, node.value)  # type: ignore[attr-defined]
            elif kind is cst.AnnAssign or kind is cst.AugAssign:
                if node.value is not None:  # type: ignore[attr-defined]
                    add(node.target, node.value)  # type: ignore[attr-defined]
        for statement in cls.body.body:  # class attributes: ``session = requests.Session()``
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if isinstance(small, cst.Assign):
                        names = {t.target.value for t in small.targets if isinstance(t.target, cst.Name)}
                        for name in names:
                            self.class_level.setdefault(name, []).append(small.value)

    def of(self, instance: str, name: str) -> list[cst.BaseExpression]:
        """The values given to ``instance.name``, then those given to ``name`` in the class body."""
        return self.assigned.get((instance, name), []) + self.class_level.get(name, [])


def _enclosing_class(wrapper: MetadataWrapper, node: cst.CSTNode) -> cst.ClassDef | None:
    """The class whose method ``node`` is in (through nested blocks, not nested functions)."""
    current = parent(wrapper, node)
    function = None
    while current is not None:
        if isinstance(current, cst.FunctionDef):
            if function is not None:
                return None  # a function inside the method: ``self`` may be another object
            function = current
        elif isinstance(current, cst.ClassDef):
            return current if function is not None else None
        current = parent(wrapper, current)
    return None


# -- parameters --------------------------------------------------------------------------------


def declaration(wrapper: MetadataWrapper, name: cst.Name) -> cst.Param | None:
    """The parameter ``name`` refers to, when that is all it may refer to."""
    found = referents(wrapper, name)
    if not found or len(found) != 1 or not isinstance(found[0], Assignment):
        return None
    declared = found[0].node  # LibCST records a parameter's assignment on the Param itself
    return declared if isinstance(declared, cst.Param) else None


def _is_parameter(wrapper: MetadataWrapper, name: cst.Name) -> bool:
    return declaration(wrapper, name) is not None


def _parameter(wrapper: MetadataWrapper, name: cst.Name) -> Held | None:
    declared = declaration(wrapper, name)
    if declared is None or declared.annotation is None:
        return None
    names: set[str] = set()

    class _Names(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            names.update(qualified(wrapper, node))

        def visit_Attribute(self, node: cst.Attribute) -> None:
            names.update(qualified(wrapper, node))

    declared.annotation.visit(_Names())
    if names & REQUESTS_SESSIONS and not names & HTTPX_CLIENTS:
        return Held("requests", passed_in=True)
    if names & HTTPX_CLIENTS and not names & REQUESTS_SESSIONS:
        return Held("httpx", passed_in=True)
    return None


def annotated_parameters(tree: ast.Module) -> set[str]:
    """The names of the parameters given an annotation, in every function of ``tree``."""
    found: set[str] = set()
    for function in facts(tree).functions:
        arguments = function.args
        for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg):
            if argument is not None and argument.annotation is not None:
                found.add(argument.arg)
    return found


def imports_requests(module: cst.Module) -> bool:
    """Whether the module imports requests at its top level (``import requests``,
    ``from requests import Session``)."""
    for statement in module.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Import) and any(
                    (dotted_name(alias.name) or "").split(".")[0] == "requests" for alias in small.names
                ):
                    return True
                if isinstance(small, cst.ImportFrom) and small.module is not None and not small.relative:
                    if (dotted_name(small.module) or "").split(".")[0] == "requests":
                        return True
    return False

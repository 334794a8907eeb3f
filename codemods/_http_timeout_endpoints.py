"""http-timeout: the wait the project already gives calls to the same service, per call.

The seconds chosen for a module (see _http_timeout_default) fit the service its timed calls
talk to; a call of that module to another service may need longer. Where the project's
application code already gives a request to the same host a wait (``timeout=120`` on
``requests.get(f"https://parser.example/parse?doi={doi}", ...)``), that wait is the one its
author chose for that service: a call to the same host is never given a shorter one. So
each call gets the longer of the module's choice and the project's largest wait for its
host; a longer one is never the cause of a failure that did not happen before.

A call's host is read from the literal start of its URL (its first argument, the second of
``request(method, url)``, or ``url=``): a string, an f-string's or a ``+`` concatenation's
leading literal part, a ``%`` or ``.format()`` template's text before its first placeholder,
with a scheme and a host (``https://parser.example/...``). A URL built otherwise (a variable,
a base URL joined with a path) has no known host: the call keeps the module's choice.

The project's waits for a host are the ``timeout=`` numbers its application code gives
calls that may be HTTP client calls (_http_timeout_client_calls.may_be_http) to that host (a ``(connect, read)`` pair by its larger part, at most ten
minutes): a call whose URL names the host, or a call of a function of the project that
hands the URL it is given on to such a request, directly or through other functions
(``parse_api_response(url)`` doing ``requests.get(url, timeout=2*60)``, called as
``parser_response(cls._parser_url(pub))`` where ``_parser_url`` returns only URLs to that
host). Functions are known by name across the project, parameters by position or keyword;
none named like a request method (``get``, ``post``: a library's, mostly). Read once per
project, from the modules that may give a call a wait (``timeout=``), and from those that
only name a URL only where one of them times the URL a function is given (else theirs cannot
change the answer); none in a module that drives a browser (milliseconds). Keyed by host alone, not by path: a service's paths may take longer
or shorter, and a longer wait is never wrong. A host one of them lets read for ever
(``timeout=(5, None)``, ``timeout=None``) is one the project means to wait on: its calls
are left alone, with a finding.
"""

from __future__ import annotations

import ast
import math
import re
from typing import Any, Iterator, NamedTuple
from urllib.parse import urlsplit

import libcst as cst

from ._ast_facts import facts
from ._ast_walk import child_fields, children
from ._base import Context
from ._http_timeout_keyword_layout import number_node
from ._http_timeout_client_calls import REQUEST_NAMES, ClientCalls, client_calls
from ._http_timeout_default import (
    LONGEST_WAIT,
    MILLISECOND_LIBRARIES,
    callee_name,
    may_give_waits,
    reads_for_ever,
    seconds_of,
    wait_constants,
)
from ._http_timeout_named_wait import NamedWait
from ._parsed_modules import plain_fact
from ._project_answers import remembered
from ._project_view import application_modules


def longer_waits(ctx: Context, wrapper: Any, calls: list[cst.Call], seconds: Any) -> HostWaits:
    """Of ``calls``, those whose host the project gives a longer wait than ``seconds`` (the
    module's choice: a number or a ``NamedWait``), and those whose host it lets read for ever
    (``timeout=(5, None)``, ``timeout=None``: on purpose; no bound of ours belongs there)."""
    chosen = seconds.seconds if isinstance(seconds, NamedWait) else seconds
    found = HostWaits({}, {})
    if not isinstance(chosen, (int, float)) or not calls:
        return found
    hosts = call_hosts(wrapper, calls)  # (the project is asked only about the hosts of calls)
    waits = project_host_waits(ctx) if hosts else {}
    if not waits:
        return found
    for call in calls:
        host = hosts.get(id(call))
        wait = waits.get(host) if host is not None else None
        if wait == math.inf:
            found.for_ever[id(call)] = host  # type: ignore[assignment]
        elif wait is not None and wait > chosen:
            found.longer[id(call)] = number_node(wait)
    return found


def calls_to_bounded_hosts(ctx: Context, wrapper: Any, calls: list[cst.Call]) -> set[int]:
    """The ids of ``calls`` whose URL names a host the project's application code gives a
    request a finite wait (``project_host_waits``): a service whose answer time the authors
    have bounded. Another call's host is not known, or none of the project's waits is its."""
    hosts = call_hosts(wrapper, calls)
    waits = project_host_waits(ctx) if hosts else {}
    return {key for key, host in hosts.items() if waits.get(host, math.inf) != math.inf}


def call_hosts(wrapper: Any, calls: list[cst.Call]) -> dict[int, str]:
    """id of a call -> the host its URL names, of each of ``calls`` whose URL names one."""
    found = {}
    for call in calls:
        url = _libcst_url(call)
        host = _host_of_code(wrapper.module.code_for_node(url)) if url is not None else None
        if host is not None:
            found[id(call)] = host
    return found


class HostWaits(NamedTuple):
    """``longer``: id of a call -> the literal of its host's longer wait; ``for_ever``: id of
    a call -> its host, which the project lets read for ever."""

    longer: dict[int, cst.BaseExpression]
    for_ever: dict[int, str]

    def leave_read_for_ever(self, ctx: Context, calls: list[cst.Call], planned: set[int]) -> None:
        """Take the calls to a host read for ever out of ``planned`` (ids of the calls to be
        given a timeout), each with a finding."""
        for call in calls:
            host = self.for_ever.get(id(call))
            if host is not None and id(call) in planned:
                planned.discard(id(call))
                ctx.finding(
                    call,
                    f"not changed: the project lets calls to {host} read for ever (a timeout of None for the read "
                    "elsewhere): give this call a read timeout only if that host should not",
                )


def project_host_waits(ctx: Context) -> dict[str, float]:
    """Host -> the largest wait the project's application code gives a request call to it
    (``math.inf``: one lets it read for ever); kept per project (``_project_answers``)."""
    return remembered(ctx, "http-timeout: waits per host", _host_waits)


def _host_waits(ctx: Context) -> dict[str, float]:
    waits: dict[str, float] = {}
    builders: dict[str, set[str]] = {}
    timed: dict[str, set[tuple[int | None, str, float]]] = {}
    forwards: list[tuple[str, int | None, str, str, int | None, str | None]] = []
    passes: list[tuple[str, int | None, str | None, str, str]] = []
    texts = [text for _, text in application_modules(ctx, _MAY_NAME_URLS)]
    # every wait, and every function timing the URL it is given, is a call's ``timeout=``: the
    # modules naming no timeout (URLs only) are read only where some function times its URL
    read = timing = [text for text in texts if may_give_waits(text)]
    for text in timing:
        flows = plain_fact(text, "http-timeout waits per host", module_url_flows)
        if flows is not None and flows.timed:
            read = texts
            break
    for text in read:
        flows = plain_fact(text, "http-timeout waits per host", module_url_flows)
        if flows is None:
            continue
        for host, seconds in flows.waits:
            waits[host] = max(seconds, waits.get(host, 0))
        for name, host in flows.builders:
            builders.setdefault(name, set()).add(host)
        for name, position, parameter, seconds in flows.timed:
            timed.setdefault(name, set()).add((position, parameter, seconds))
        forwards.extend(flows.forwards)
        passes.extend(flows.passes)
    changed = True
    while changed:  # a function handing its parameter on as a timed function's URL is timed too
        changed = False
        for name, position, parameter, callee, at, keyword in forwards:
            for callee_position, callee_parameter, seconds in list(timed.get(callee, ())):
                if (at is not None and at == callee_position) or keyword == callee_parameter:
                    entry = (position, parameter, seconds)
                    if entry not in timed.setdefault(name, set()):
                        timed[name].add(entry)
                        changed = True
    for callee, at, keyword, kind, value in passes:
        hosts = {value} if kind == "host" else builders.get(value, set())
        for callee_position, callee_parameter, seconds in timed.get(callee, ()):
            if (at is not None and at == callee_position) or keyword == callee_parameter:
                for host in hosts:
                    waits[host] = max(seconds, waits.get(host, 0))
    return waits


class UrlFlows(NamedTuple):
    """What one module says of the waits its URLs get, by function name (the project joins
    them): ``waits``: (host, seconds) of its timed request calls to a literal host;
    ``builders``: (function, host) of functions every return of which is a URL to that host;
    ``timed``: (function, position, parameter, seconds) of functions that give a request to
    the URL a parameter holds that wait; ``forwards``: (function, position, parameter,
    callee, position or None, keyword or None) of functions handing a parameter on to a
    call; ``passes``: (callee, position or None, keyword or None, "host" or "builder",
    host or builder's name) of calls given a URL to a known host."""

    waits: tuple[tuple[str, float], ...]
    builders: tuple[tuple[str, str], ...]
    timed: tuple[tuple[str, int | None, str, float], ...]
    forwards: tuple[tuple[str, int | None, str, str, int | None, str | None], ...]
    passes: tuple[tuple[str, int | None, str | None, str, str], ...]


def module_url_flows(tree: ast.Module) -> UrlFlows:
    """The ``UrlFlows`` of ``tree``; none in a module that drives a browser."""
    if any(facts(tree).imports(library) for library in MILLISECOND_LIBRARIES):
        return UrlFlows((), (), (), (), ())
    waits, builders, timed, forwards, passes = [], [], [], [], []
    # found when a call is first given a timeout (most modules give none)
    constants: dict[str, float] | None = None
    http: ClientCalls | None = None
    scopes: list[_Scope] = []
    for node, scope in _scoped_calls(tree, scopes):
        name, parameters, returned = scope.name, scope.parameters, scope.returned
        if isinstance(node, ast.Return):
            if name:
                returned.add(host_of(node.value) if node.value is not None else None)
            continue
        callee = callee_name(node.func)
        given = next((keyword.value for keyword in node.keywords if keyword.arg == "timeout"), None)
        if given is not None and http is None:
            http, constants = client_calls(tree), wait_constants(tree)
        if given is not None and http.may_be_http(node):  # type: ignore[union-attr]
            seconds = math.inf if reads_for_ever(given, tree) else seconds_of(given, constants)
            url = request_url(node)
            if seconds is None or not (0 < seconds <= LONGEST_WAIT or seconds == math.inf) or url is None:
                continue
            host = host_of(url)
            if host is not None:
                waits.append((host, seconds))
            elif isinstance(url, ast.Name) and url.id in parameters and name and name not in REQUEST_NAMES:
                timed.append((name, _position(scope.node, url.id), url.id, seconds))
            continue
        if not callee or callee in REQUEST_NAMES:
            continue
        arguments = [(index, None, value) for index, value in enumerate(node.args)]
        arguments += [(None, keyword.arg, keyword.value) for keyword in node.keywords if keyword.arg]
        for at, keyword, value in arguments:
            if isinstance(value, ast.Starred):
                break
            if isinstance(value, ast.Name) and value.id in parameters and name:
                forwards.append((name, _position(scope.node, value.id), value.id, callee, at, keyword))
            elif (host := host_of(value)) is not None:
                passes.append((callee, at, keyword, "host", host))
            elif isinstance(value, ast.Call) and callee_name(value.func):
                passes.append((callee, at, keyword, "builder", callee_name(value.func)))
    for scope in scopes:
        if len(scope.returned) == 1 and None not in scope.returned:
            builders.append((scope.name, scope.returned.pop()))
    return UrlFlows(*(tuple(found) for found in (waits, builders, timed, forwards, passes)))  # type: ignore[arg-type]


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
# the last names of calls that send a request: no function of the project known by name
# across modules (a library's, mostly), no call a URL is traced through
# a module that may time a request or name a URL
_MAY_NAME_URLS = re.compile(r"(?i)timeout|://")


class _Scope:
    """The module (``name`` empty) or a function, its parameters, and what its returns give."""

    def __init__(self, node: ast.AST) -> None:
        self.node = node
        function = isinstance(node, _FUNCTIONS)
        self.name: str = node.name if function else ""  # type: ignore[attr-defined]
        self.parameters = _parameters(node) if function else []  # type: ignore[arg-type]
        self.returned: set[str | None] = set()


def _scoped_calls(tree: ast.Module, scopes: list[_Scope]) -> list[tuple[ast.AST, _Scope]]:
    """Each call and ``return`` of ``tree`` with the scope whose own node it is (the module's,
    or the innermost function's: a function's decorators, parameters and body are its own),
    in no particular order (a depth-first reading taking the last child first); none in a
    lambda. Each scope is appended to ``scopes`` when met. One reading of every node but the
    Load/Store/Del contexts, in one loop (no generator's step for each node)."""
    module = _Scope(tree)
    scopes.append(module)
    found: list[tuple[ast.AST, _Scope]] = []
    pending: list[tuple[ast.AST, _Scope]] = [(child, module) for child in children(tree)]
    pop, push = pending.pop, pending.append
    while pending:
        node, scope = pop()
        kind = type(node)
        if kind is ast.Lambda:
            continue
        if kind is ast.Call or kind is ast.Return:
            found.append((node, scope))
        elif kind in _FUNCTIONS:
            scope = _Scope(node)
            scopes.append(scope)
        for field in child_fields(kind):
            value = getattr(node, field, None)
            if isinstance(value, ast.AST):
                push((value, scope))
            elif type(value) is list:
                for item in value:
                    if isinstance(item, ast.AST):
                        push((item, scope))
    return found


def _parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    """The parameters a caller passes, in order (a method's ``self`` or ``cls`` left out)."""
    names = [argument.arg for argument in [*function.args.posonlyargs, *function.args.args]]
    if names and names[0] in ("self", "cls"):
        names = names[1:]
    return names + [argument.arg for argument in function.args.kwonlyargs]


def _position(function: ast.AST, name: str) -> int | None:
    """Where a caller passes the parameter ``name`` positionally (None: by keyword only)."""
    names = [argument.arg for argument in [*function.args.posonlyargs, *function.args.args]]  # type: ignore[attr-defined]
    if names and names[0] in ("self", "cls"):
        names = names[1:]
    return names.index(name) if name in names else None


def host_of(node: ast.AST) -> str | None:
    """The lower-cased host (with its port) of a URL whose literal start names a scheme and
    a host; None when it names none."""
    start = _literal_start(node)
    if start is None or "://" not in start:
        return None
    scheme, rest = start.split("://", 1)
    if not scheme or not scheme.replace("+", "").replace("-", "").replace(".", "").isalnum():
        return None
    end = min((rest.index(mark) for mark in "/?#" if mark in rest), default=None)
    if end is None:
        return None  # the host itself may go on past the literal part
    try:
        netloc = urlsplit(f"{scheme}://{rest[:end]}").netloc
    except ValueError:
        return None
    host = netloc.rsplit("@", 1)[-1].lower()
    return host or None


def _literal_start(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value + "/"  # the whole URL: its host ends with it
    if isinstance(node, ast.JoinedStr):
        first = node.values[0] if node.values else None
        return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = node.left
        if isinstance(left, ast.Constant) and isinstance(left.value, str):
            return left.value
        return _literal_start(left)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):  # "https://host/%s" % x
        return _template_start(node.left, "%")
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _template_start(node.func.value, "{")
    return None


def _template_start(node: ast.AST, placeholder: str) -> str | None:
    """A template's text before its first placeholder."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.split(placeholder, 1)[0]
    return None


def request_url(node: ast.Call) -> ast.AST | None:
    for keyword in node.keywords:
        if keyword.arg == "url":
            return keyword.value
    position = 1 if callee_name(node.func) == "request" else 0
    argument = node.args[position] if len(node.args) > position else None
    return None if isinstance(argument, ast.Starred) else argument


def _libcst_url(call: cst.Call) -> cst.BaseExpression | None:
    positional = []
    for argument in call.args:
        if argument.keyword is not None:
            if argument.keyword.value == "url":
                return argument.value
        elif not argument.star:
            positional.append(argument.value)
        else:
            break  # positions after a star are unknown
    func = call.func
    name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
    position = 1 if name == "request" else 0
    return positional[position] if len(positional) > position else None


def _host_of_code(code: str) -> str | None:
    try:
        expression = ast.parse(f"(\n{code}\n)", mode="eval").body
    except SyntaxError:
        return None
    return host_of(expression)

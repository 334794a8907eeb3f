"""http-timeout: every outgoing HTTP call gets a timeout; function-local requests Sessions get closed."""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass
from typing import Any

import libcst as cst
from libcst.metadata import FunctionScope, ParentNodeProvider, QualifiedNameProvider, ScopeProvider

from ._ast_facts import starts_statement
from ._base import Codemod, Context, Option, metadata_value
from ._http_timeout_calls import (
    Client,
    ClientCollector,
    HttpCall,
    append_keyword,
    classify,
    in_eager_comprehension,
    is_none,
    keyword,
    may_lack_timeout,
    number_node,
    parent,
    positional_count,
    qualified,
    star_arg,
)

# an import of an HTTP client module, at any indentation
# (where a statement may start: see _ast_facts.starts_statement; continued lines included)
_HTTP_IMPORT = re.compile(r"(?:import|from)[ \t\\][^\n]*(?:\\\r?\n[^\n]*)*\b(?:requests|httpx|urllib)\b")


class _Seconds(Option):
    """A timeout in seconds: a positive, finite number."""

    def parse(self, text: str) -> Any:
        return _positive(super().parse(text))

    def check(self, value: Any) -> Any:
        return _positive(super().check(value))


def _positive(value: Any) -> Any:
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"expected a positive number of seconds, got {value!r}")
    return value


class HttpTimeout(Codemod):
    """Give every outgoing HTTP call a timeout, and close the requests Sessions a function opens.

    Why: ``requests`` and ``urllib.request.urlopen`` wait **forever** by default. One slow or
    dead upstream API is then enough to pin a web worker for good; a few of them and the whole
    app stops answering. Every guide says: always pass ``timeout=``. A ``requests.Session``
    that is never closed keeps its pooled connections open until the garbage collector finds
    it.

    What it rewrites:

    - ``requests.get/post/put/patch/delete/head/options/request(...)``, the same methods
      called on a ``requests.Session`` (a name bound to ``requests.Session()`` — every binding
      it may refer to must create one — or ``with requests.Session() as s:``), ``httpx``'s
      functions and the methods of ``httpx.Client`` / ``httpx.AsyncClient`` instances, and
      ``urllib.request.urlopen(...)``: when the call passes no timeout, ``timeout=<timeout>``
      is added as its last argument, following the call's layout (own line and trailing
      comma in a call written one argument per line). Names are resolved:
      ``import requests as r``, ``from requests import get``,
      ``from urllib.request import urlopen`` are understood; a local function called ``get``
      or a ``dict.get`` is not touched.
    - A ``requests.Session()`` created in a function, bound to a local name, used only through
      its methods and attributes, never closed: it becomes ``with requests.Session() as s:``
      around the statements that use it, ending exactly at the last one.

    Before::

        from urllib.request import urlopen

        import requests


        def fetch(url):
            s = requests.Session()
            s.headers["Accept"] = "application/json"
            return s.get(url).json()


        def ping(url):
            return urlopen(url).status

    After::

        from urllib.request import urlopen

        import requests


        def fetch(url):
            with requests.Session() as s:
                s.headers["Accept"] = "application/json"
                return s.get(url, timeout=10).json()


        def ping(url):
            return urlopen(url, timeout=10).status

    httpx: httpx already applies a 5 second default timeout, so for httpx calls the
    explicit ``timeout=`` is a clarity win (the limit is visible in the code and the same for
    every library), not a fix. It replaces httpx's implicit 5 s, so with the default option
    those calls may wait up to 10 s; set ``--set http-timeout.timeout=5`` to keep httpx's
    limit exactly. Calls on an httpx client created with its own ``timeout=`` are left alone.

    Left alone, silently: calls that already pass ``timeout`` (as a keyword, or positionally:
    ``urlopen(url, data, 30)``, ``session.request(...)`` with nine positional arguments) and
    sessions that are already closed (``s.close()``, ``with s:``).

    Refused, with a finding:

    - a call that passes ``**kwargs`` (they may already carry a timeout), or ``*args`` where
      the timeout may be positional (``urlopen``, ``Session.request``);
    - an explicit ``timeout=None`` (it turns the timeout off on purpose: reported, not changed);
    - ``urlopen`` in a module that calls ``socket.setdefaulttimeout()`` (urlopen already uses
      that default; overriding it would change the program's chosen limit);
    - calls on an httpx client created with ``**kwargs`` (it may set the client's timeout);
    - a session that escapes the function — returned, yielded, stored, passed to another
      call, used by a nested function, lambda or generator expression, bound more than once,
      or used outside the block that creates it: closing it at the end of the block could
      break whoever still holds it.

    Not put in a with-block: a session created at module level (it lives as long as the
    module; its calls still get a timeout when the name is bound only to
    ``requests.Session()``). Not recognised (left alone): calls on a session kept on an
    attribute (``self.session.get(...)``), calls through ``functools.partial`` or other
    wrappers.

    A streamed response (``stream=True``) stays readable after its session is closed: closing
    a ``requests.Session`` drops only its idle pooled connections.

    Options: ``timeout`` — the seconds to wait (a positive number, default 10), written as a
    literal at each call: ``--set http-timeout.timeout=5``.
    """

    NAME = "http-timeout"
    SUMMARY = "Add a timeout to requests, httpx and urlopen calls, and close function-local requests Sessions."
    SAFETY = "safe"
    ORDER = 50
    OPTIONS = {"timeout": _Seconds(float, 10, "seconds an HTTP call may wait (connect and each read), a positive number")}
    METADATA = (QualifiedNameProvider, ScopeProvider, ParentNodeProvider)

    def applies_to(self, source: str) -> bool:
        """Only files that import requests, httpx or urllib can call them by qualified name
        (a mere mention in a docstring or a variable name is not enough): an import where a
        statement starts, also after ``;`` or ``try:``, or continued with a backslash."""
        if "requests" not in source and "httpx" not in source and "urllib" not in source:
            return False
        return starts_statement(_HTTP_IMPORT, source)

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """A session or client is created, or an HTTP function is called without a
        timeout (or with ``timeout=None``, which is reported)."""
        return may_lack_timeout(tree)

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        wrapper = ctx.metadata(module, self.METADATA)
        plan = _Planner(wrapper, ctx)
        plan.run()
        if not plan.timeouts and not plan.blocks:
            return module
        ctx.rewrote(len(plan.timeouts) + sum(len(w) for w in plan.blocks.values()))
        value = number_node(ctx.options["timeout"])
        return wrapper.module.visit(_Rewriter(plan.timeouts, plan.blocks, value))


# -- planning ---------------------------------------------------------------------------------


@dataclass(eq=False)
class _Wrap:
    """Wrap ``block.body[start]`` (``s = requests.Session()``) and the statements up to
    ``block.body[end]`` in ``with requests.Session() as s:``."""

    start: int
    end: int


class _CallCollector(cst.CSTVisitor):
    def __init__(self) -> None:
        self.calls: list[cst.Call] = []

    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append(node)


class _Planner:
    def __init__(self, wrapper: Any, ctx: Context) -> None:
        self.wrapper = wrapper
        self.ctx = ctx
        self.timeouts: set[int] = set()  # ids of the Call nodes that get timeout=
        self.blocks: dict[int, list[_Wrap]] = {}  # id(IndentedBlock) -> sessions to wrap
        self._reported_clients: set[int] = set()

    def run(self) -> None:
        module = self.wrapper.module
        clients = ClientCollector(self.wrapper)
        module.visit(clients)
        calls = _CallCollector()
        module.visit(calls)
        sets_socket_default = any(
            "socket.setdefaulttimeout" in qualified(self.wrapper, call.func) for call in calls.calls
        )
        for call in calls.calls:
            http = classify(self.wrapper, call, clients.by_target)
            if http is not None:
                self._plan_timeout(http, sets_socket_default)
        for client in clients.by_target.values():
            if client.library == "requests" and not client.in_with:
                self._plan_session(client)

    # -- timeouts ---------------------------------------------------------------------------
    def _plan_timeout(self, http: HttpCall, sets_socket_default: bool) -> None:
        call = http.call
        given = keyword(call, "timeout")
        if given is not None:
            if is_none(given.value):
                self.ctx.finding(call, "timeout=None switches the timeout off: this call may wait forever (left as written)")
            return
        if http.timeout_position is not None and positional_count(call) > http.timeout_position:
            return  # the timeout is passed positionally
        double = star_arg(call, "**")
        if double is not None:
            self.ctx.finding(
                call,
                f"not changed: **{self._code(double.value)} may already carry a timeout; "
                "pass timeout= explicitly if it does not",
            )
            return
        single = star_arg(call, "*")
        if single is not None and http.timeout_position is not None:
            self.ctx.finding(
                call,
                f"not changed: *{self._code(single.value)} may already pass the timeout positionally",
            )
            return
        if http.library == "urllib" and sets_socket_default:
            self.ctx.finding(
                call,
                "not changed: this module calls socket.setdefaulttimeout(), which urlopen() already uses",
            )
            return
        if http.library == "httpx":
            constructors = [c.constructor for c in http.clients]
            if http.constructor is not None:
                constructors.append(http.constructor)
            for constructor in constructors:
                if keyword(constructor, "timeout") is not None:
                    return  # the client's own timeout applies: an explicit choice
            for constructor in constructors:
                double = star_arg(constructor, "**")
                if double is not None:
                    if id(constructor) not in self._reported_clients:
                        self._reported_clients.add(id(constructor))
                        self.ctx.finding(
                            constructor,
                            f"calls on this client were not changed: **{self._code(double.value)} "
                            "may already set its timeout",
                        )
                    return
        self.timeouts.add(id(call))

    # -- sessions ---------------------------------------------------------------------------
    def _plan_session(self, client: Client) -> None:
        wrapper = self.wrapper
        statement = client.statement
        if statement is None:
            return  # ``s = requests.Session(); s.get(u)`` on one line: left alone
        block = parent(wrapper, statement)
        if not isinstance(block, cst.IndentedBlock):
            return
        name = client.target.value
        scope = metadata_value(wrapper, ScopeProvider, client.target)
        if not isinstance(scope, FunctionScope) or not isinstance(scope.node, cst.FunctionDef):
            return  # module level, class bodies: not a function-local session
        assignments = list(scope.assignments[name])
        if len(assignments) != 1:
            self.ctx.finding(
                statement,
                f"the session {name!r} was not put in a with-block: the name is bound more than once in this function",
            )
            return
        references = sorted(assignments[0].references, key=lambda a: self.ctx.line_of(a.node))
        if not references:
            return
        index_of = {id(s): i for i, s in enumerate(block.body)}
        start = index_of[id(statement)]
        end = start
        problems: list[str] = []
        for access in references:
            node = access.node
            line = self.ctx.line_of(node)
            if not in_eager_comprehension(access.scope, scope):
                problems.append(f"it is used by a nested function, lambda or generator expression (line {line})")
                continue
            use = self._session_use(node)
            if use == "closed":
                return  # the code closes it already
            if use is not None:
                problems.append(f"{use} (line {line})")
                continue
            position = self._statement_index(node, block, index_of)
            if position is None:
                problems.append(f"it is used outside the block that creates it (line {line})")
            elif position <= start:
                problems.append(f"it is used before it is created (line {line})")
            else:
                end = max(end, position)
        if problems:
            self.ctx.finding(
                statement,
                f"the session {name!r} was not put in a with-block: {problems[0]}; "
                "closing it at the end of the block could break whoever still uses it",
            )
            return
        self.blocks.setdefault(id(block), []).append(_Wrap(start, end))

    def _session_use(self, node: cst.CSTNode) -> str | None:
        """None for a use that keeps the session inside the function (``s.get(...)``,
        ``s.headers[...] = ...``); "closed" when the code closes it; else why it escapes."""
        wrapper = self.wrapper
        above = parent(wrapper, node)
        if isinstance(above, cst.Attribute) and above.value is node:
            outer = parent(wrapper, above)
            if isinstance(outer, cst.Call) and outer.func is above:
                return "closed" if above.attr.value == "close" else None
            if isinstance(outer, (cst.Attribute, cst.Subscript)) and outer.value is above:
                return None  # s.headers.update(...), s.headers["X"] = ...
            if isinstance(outer, (cst.AssignTarget, cst.AugAssign, cst.Del)) or (
                isinstance(outer, cst.AnnAssign) and outer.target is above
            ):
                return None  # s.verify = False
            return f"its attribute {self._code(above)} is handed on"
        if isinstance(above, cst.WithItem) and above.item is node:
            return "closed"
        if isinstance(above, cst.Return):
            return "it is returned to the caller"
        if isinstance(above, (cst.Yield, cst.From)):
            return "it is yielded"
        if isinstance(above, cst.Arg):
            return "it is passed to another call, which may keep it"
        if isinstance(above, cst.Del):
            return "it is deleted explicitly"
        return "it is stored or handed on"

    def _statement_index(self, node: cst.CSTNode, block: cst.IndentedBlock, index_of: dict[int, int]) -> int | None:
        current: cst.CSTNode | None = node
        while current is not None:
            above = parent(self.wrapper, current)
            if above is block:
                return index_of.get(id(current))
            if isinstance(above, (cst.FunctionDef, cst.Module)):
                return None
            current = above
        return None

    def _code(self, node: cst.CSTNode) -> str:
        return self.wrapper.module.code_for_node(node)


# -- rewriting --------------------------------------------------------------------------------


class _Rewriter(cst.CSTTransformer):
    def __init__(self, timeouts: set[int], blocks: dict[int, list[_Wrap]], value: cst.BaseExpression) -> None:
        self.timeouts = timeouts
        self.blocks = blocks
        self.value = value

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if id(original_node) in self.timeouts:
            return append_keyword(updated_node, "timeout", self.value)
        return updated_node

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock) -> cst.IndentedBlock:
        wraps = self.blocks.get(id(original_node))
        if not wraps:
            return updated_node
        return updated_node.with_changes(body=_wrap(list(updated_node.body), wraps))


def _wrap(body: list[cst.BaseStatement], wraps: list[_Wrap]) -> list[cst.BaseStatement]:
    """``body`` with each session's statements moved into its with-block.

    When a second session is created inside the first one's range and used beyond it, the
    first with-block is stretched to hold the second one: a session closed a little later is
    harmless, overlapping blocks are not possible.
    """
    wraps = sorted(wraps, key=lambda w: w.start)
    result: list[cst.BaseStatement] = []
    done = 0
    k = 0
    while k < len(wraps):
        first = wraps[k]
        end = first.end
        inner: list[_Wrap] = []
        k += 1
        while k < len(wraps) and wraps[k].start <= end:
            end = max(end, wraps[k].end)
            inner.append(_Wrap(wraps[k].start - first.start - 1, wraps[k].end - first.start - 1))
            k += 1
        result.extend(body[done : first.start])
        creation = body[first.start]
        assert isinstance(creation, cst.SimpleStatementLine)
        assign = creation.body[0]
        assert isinstance(assign, cst.Assign)
        statements = _wrap(body[first.start + 1 : end + 1], inner)
        result.append(
            cst.With(
                items=[cst.WithItem(item=assign.value, asname=cst.AsName(name=assign.targets[0].target))],
                body=cst.IndentedBlock(body=statements, header=creation.trailing_whitespace),
                leading_lines=creation.leading_lines,
            )
        )
        done = end + 1
    result.extend(body[done:])
    return result

"""http-timeout: a requests Session a function creates and never closes goes into a with-block.

``s = requests.Session()`` bound once in a function, used only through its methods and
attributes, never returned, stored or used by a nested function, and handed only to functions
of the project that send or read through it and keep nothing (_http_timeout_handed_on): the
statements from its creation to its last use become ``with requests.Session() as s:``.

Left alone, with a finding: a session that mounts an adapter made outside the function
(``s.mount(url, RETRY_ADAPTER)``): ``close()`` closes every mounted adapter, and that one is
shared with the other sessions it is mounted on.

Left alone, silently: a session kept in a name the function declares ``global`` or
``nonlocal`` (made once, used by the next calls); a session that stays in the function and
that nothing sends a request through (its pools never open a connection: nothing to close);
and one handed to a call whose result the function returns or stores
(``return Client(session=s)``): that object holds the session, which lives as long as it does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import libcst as cst
from libcst.metadata import FunctionScope, ScopeProvider

from ._base import Context, metadata_value
from ._http_timeout_calls import CLIENT_METHODS, Client, in_eager_comprehension, parent
from ._http_timeout_handed_on import callee_use
from ._http_timeout_set_up_mocks import entered_session

_SENDS = CLIENT_METHODS["requests"]
_HELD = "held"  # handed to an object the function keeps: it holds the session
_RETURNED = "it is returned to the caller"  # a factory's job: the caller owns what it returns


@dataclass(eq=False)
class Wrap:
    """Wrap ``block.body[start]`` (``s = requests.Session()``) and the statements up to
    ``block.body[end]`` in ``with requests.Session() as s:``."""

    start: int
    end: int


class SessionPlanner:
    """Which function-local sessions go into a with-block: ``blocks`` maps id(IndentedBlock)
    to the sessions to wrap in it."""

    def __init__(self, wrapper: Any, ctx: Context, tree: Any = None) -> None:
        self.wrapper = wrapper
        self.ctx = ctx
        self.tree = tree  # the module's stdlib AST, when the engine has it
        self.blocks: dict[int, list[Wrap]] = {}
        self._sends = False  # (of the session being planned) a request is sent through it

    def plan(self, client: Client) -> None:
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
        if not assignments:  # bound here, yet no binding of this scope: a global or nonlocal name
            return  # the function fills it for the next calls: not its to close
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
        self._sends = False
        for access in references:
            node = access.node
            line = self.ctx.file_line(node)  # only named in messages
            if not in_eager_comprehension(access.scope, scope):
                problems.append(f"it is used by a nested function, lambda or generator expression (line {line})")
                continue
            use = self._session_use(node)
            if use == "closed" or use == _HELD:
                return  # the code closes it already; an object it keeps holds it
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
        if not problems and not self._sends:
            return  # no request goes through it: no connection to close
        if problems and all(problem.startswith(_RETURNED) for problem in problems):
            return  # a factory: the caller owns the session, nothing to change here and nothing to say
        if problems:
            self.ctx.finding(
                statement,
                f"the session {name!r} was not put in a with-block: {problems[0]}; "
                "closing it at the end of the block could break whoever still uses it",
            )
            return
        answered = entered_session(self.ctx, self.wrapper, client.constructor, name)  # a test sets up its mock's answer
        if answered is not None:
            self.ctx.finding(statement, answered)
            return
        self.blocks.setdefault(id(block), []).append(Wrap(start, end))

    def _session_use(self, node: cst.CSTNode) -> str | None:
        """None for a use that keeps the session inside the function (``s.get(...)``,
        ``s.headers[...] = ...``); "closed" when the code closes it; else why it escapes."""
        wrapper = self.wrapper
        above = parent(wrapper, node)
        if isinstance(above, cst.Attribute) and above.value is node:
            outer = parent(wrapper, above)
            if isinstance(outer, cst.Call) and outer.func is above:
                self._sends = self._sends or above.attr.value in _SENDS
                if above.attr.value == "mount":
                    return self._shared_adapter(outer)
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
            return _RETURNED
        if isinstance(above, (cst.Yield, cst.From)):
            return "it is yielded"
        if isinstance(above, cst.Arg):
            return self._handed_on(above)
        if isinstance(above, cst.Del):
            return "it is deleted explicitly"
        return "it is stored or handed on"

    def _shared_adapter(self, mount: cst.Call) -> str | None:
        """None when ``s.mount(prefix, adapter)`` mounts an adapter made for this session (a
        class called there, or a name of the function bound once to one); else why closing
        the session is not its to do: ``close()`` closes every mounted adapter, and one made
        elsewhere is shared with the other sessions it is mounted on (its pools emptied for
        all of them; closed under a request in flight, with urllib3 1.x)."""
        adapter = mount.args[-1].value if mount.args else None
        if isinstance(adapter, cst.Call) and _constructs(adapter):
            return None
        if isinstance(adapter, cst.Name) and self._made_here(adapter):
            return None
        shown = self._code(adapter) if adapter is not None else "an adapter"
        return f"it mounts {shown}, an adapter made outside this function and shared: closing the session closes it"

    def _made_here(self, name: cst.Name) -> bool:
        """Whether ``name`` is a name of the function bound only once, to a class called."""
        scope = metadata_value(self.wrapper, ScopeProvider, name)
        if not isinstance(scope, FunctionScope):
            return False
        bound = list(scope.assignments[name.value])
        if len(bound) != 1 or bound[0].scope is not scope:
            return False
        node = getattr(bound[0], "node", None)
        assign = parent(self.wrapper, parent(self.wrapper, node)) if node is not None else None
        return isinstance(assign, cst.Assign) and isinstance(assign.value, cst.Call) and _constructs(assign.value)

    def _handed_on(self, arg: cst.Arg) -> str | None:
        """None when the project's function it is handed to sends or reads through the session
        and keeps nothing; ``_HELD`` when the function keeps what that call returns (the
        object holds the session); else why it escapes."""
        call = parent(self.wrapper, arg)
        if not isinstance(call, cst.Call):
            return "it is passed to another call, which may keep it"
        use = callee_use(self.wrapper, self.ctx, self.tree, call, arg)
        if use is not None:
            self._sends = self._sends or use == "sends"
            return None
        if _constructs(call) and self._kept(call):
            return _HELD
        return f"it is passed to {self._code(call.func)}, which may keep it"

    def _kept(self, call: cst.Call) -> bool:
        """Whether the function returns or stores what ``call`` returns (``return Client(s)``,
        ``self.client = Client(s)``, ``client = Client(s)`` then ``return client``)."""
        above = parent(self.wrapper, call)
        if isinstance(above, cst.Return):
            return True
        if not isinstance(above, cst.Assign) or above.value is not call:
            return False
        targets = [t.target for t in above.targets]
        if any(isinstance(t, (cst.Attribute, cst.Subscript)) for t in targets):
            return True
        for target in targets:
            if not isinstance(target, cst.Name):
                continue
            scope = metadata_value(self.wrapper, ScopeProvider, target)
            if scope is None:
                continue
            for assignment in scope.assignments[target.value]:
                for access in assignment.references:
                    user = parent(self.wrapper, access.node)
                    if isinstance(user, (cst.Return, cst.Yield)):
                        return True
                    if isinstance(user, cst.Assign) and any(
                        isinstance(t.target, (cst.Attribute, cst.Subscript)) for t in user.targets
                    ):
                        return True
        return False

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


def _constructs(call: cst.Call) -> bool:
    """``Client(...)``, ``vendorlib.Client(...)``: a class called (by its name's convention),
    making an object that may hold what it is given."""
    func = call.func
    name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
    return name[:1].isupper()


def wrap_statements(
    body: list[cst.BaseStatement],
    wraps: list[Wrap],
    deeper: Callable[[cst.BaseStatement, int], cst.BaseStatement] | None = None,
    levels: int = 1,
    indent: str | None = None,
) -> list[cst.BaseStatement]:
    """``body`` with each session's statements moved into its with-block.

    When a second session is created inside the first one's range and used beyond it, the
    first with-block is stretched to hold the second one: a session closed a little later is
    harmless, overlapping blocks are not possible. ``deeper(statement, levels)`` lays out a
    statement moved ``levels`` blocks below ``body`` (``_moved_lines``). ``indent``: the new
    blocks' (``None``: the module's default).
    """
    wraps = sorted(wraps, key=lambda w: w.start)
    result: list[cst.BaseStatement] = []
    done = 0
    k = 0
    while k < len(wraps):
        first = wraps[k]
        end = first.end
        inner: list[Wrap] = []
        k += 1
        while k < len(wraps) and wraps[k].start <= end:
            end = max(end, wraps[k].end)
            inner.append(Wrap(wraps[k].start - first.start - 1, wraps[k].end - first.start - 1))
            k += 1
        result.extend(body[done : first.start])
        creation = body[first.start]
        assert isinstance(creation, cst.SimpleStatementLine)
        assign = creation.body[0]
        assert isinstance(assign, cst.Assign)
        moved = body[first.start + 1 : end + 1]
        statements = wrap_statements(moved, inner, deeper, levels + 1, indent)
        if deeper is not None:  # (a with-block made for an inner session was laid out there)
            kept = {id(statement) for statement in moved}
            statements = [deeper(statement, levels) if id(statement) in kept else statement for statement in statements]
        result.append(
            cst.With(
                items=[cst.WithItem(item=assign.value, asname=cst.AsName(name=assign.targets[0].target))],
                body=cst.IndentedBlock(body=statements, header=creation.trailing_whitespace, indent=indent),
                leading_lines=creation.leading_lines,
            )
        )
        done = end + 1
    result.extend(body[done:])
    return result

"""http-timeout: a wrapper that passes its own ``**kwargs`` on to a request.

``def post(*args, **kwargs): return session.post(*args, **kwargs)``: whether a caller's
``kwargs`` carry a timeout is not known here, so no ``timeout=`` can be added to the call (a
caller passing one would get "multiple values for keyword argument"). But the wrapper can
give its own default: ``kwargs.setdefault("timeout", 60)`` before the call keeps a caller's
timeout and bounds every other call. That is written where it is sure to mean only that:

- ``kwargs`` is the ``**`` parameter of the function the call is in, and that call is its
  only use (no other call, log line or check sees the added key);
- the timeout cannot come positionally through ``*args`` (``requests.post``, ``Session.get``
  take it as a keyword only; ``Session.request`` and ``urlopen`` may take it positionally);
- the call is in a block of statements (the new statement goes right before the one holding
  the call, with that statement's comments and blank lines above it).

A wrapper that already gives its ``kwargs`` a timeout (``kwargs.setdefault("timeout", ...)``,
``kwargs["timeout"] = ...``, as this codemod writes it) bounds its calls itself: nothing to
add and nothing to report.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import MetadataWrapper

from ._http_timeout_calls import parent, referents
from ._http_timeout_holders import declaration


def own_keywords(wrapper: MetadataWrapper, call: cst.Call, double: cst.Arg) -> tuple[cst.IndentedBlock, int] | None:
    """Where ``<kwargs>.setdefault("timeout", ...)`` goes for ``call``, which passes ``double``
    (``**kwargs``): the block and the index of the statement holding the call; None when the
    rule above does not hold."""
    name = double.value
    if not isinstance(name, cst.Name):
        return None
    declared = declaration(wrapper, name)
    parameters = parent(wrapper, declared) if declared is not None else None
    if not isinstance(parameters, cst.Parameters) or parameters.star_kwarg is not declared:
        return None
    found = referents(wrapper, name)
    if not found or len(found) != 1 or len(found[0].references) != 1:  # type: ignore[attr-defined]
        return None
    current: cst.CSTNode = call
    while True:
        above = parent(wrapper, current)
        if above is None or isinstance(above, (cst.FunctionDef, cst.Lambda, cst.Module)):
            return None
        if isinstance(above, cst.IndentedBlock):
            index = next((i for i, s in enumerate(above.body) if s is current), None)
            return None if index is None else (above, index)
        current = above


def gives_own_timeout(wrapper: MetadataWrapper, double: cst.Arg) -> bool:
    """Whether the ``**`` mapping ``double`` passes is given a timeout of the wrapper's own
    before it is passed on: one of its uses is ``<kwargs>.setdefault("timeout", ...)`` or
    ``<kwargs>["timeout"] = ...``."""
    name = double.value
    if not isinstance(name, cst.Name):
        return False
    found = referents(wrapper, name)
    if not found:
        return False
    for assignment in found:
        for access in getattr(assignment, "references", ()):
            if _sets_timeout_key(wrapper, access.node):
                return True
    return False


def _sets_timeout_key(wrapper: MetadataWrapper, node: cst.CSTNode) -> bool:
    above = parent(wrapper, node)
    if isinstance(above, cst.Attribute) and above.value is node and above.attr.value == "setdefault":
        call = parent(wrapper, above)
        return isinstance(call, cst.Call) and bool(call.args) and _is_timeout_key(call.args[0].value)
    if isinstance(above, cst.Subscript) and above.value is node and len(above.slice) == 1:
        index = above.slice[0].slice
        target = parent(wrapper, parent(wrapper, above))
        return isinstance(index, cst.Index) and _is_timeout_key(index.value) and isinstance(target, cst.Assign)
    return False


def _is_timeout_key(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.SimpleString) and node.evaluated_value == "timeout"


def set_default(name: str, value: cst.BaseExpression, quote: str = '"') -> cst.SimpleStatementLine:
    """``name.setdefault("timeout", value)`` as a statement, its key in ``quote``."""
    call = cst.Call(
        func=cst.Attribute(value=cst.Name(name), attr=cst.Name("setdefault")),
        args=[cst.Arg(cst.SimpleString(f"{quote}timeout{quote}"), comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))), cst.Arg(value)],
    )
    return cst.SimpleStatementLine(body=[cst.Expr(call)])

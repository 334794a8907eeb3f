"""http-timeout: a ``**`` mapping the function builds itself without a timeout.

``opts = {"headers": ..., "verify": False}`` two lines above ``requests.get(url, **opts)``: the
mapping provably carries no ``timeout``, so the call waits for ever as if it had no ``**`` at
all, and the codemod's other rules decide (a ``timeout=`` is added before the ``**``, where
Python 2 also takes it; or the rule that holds the call says why). Proven when every binding
the name may refer to is, in a function, a dict display with string keys only (no ``**``
inside) or ``dict(key=...)`` with keywords only, ``timeout`` among none; and every other use of
the name only reads it, hands it on with ``**`` (the callee gets a copy) or stores a key
spelled as a literal other than ``timeout``. Anything else (a ``setdefault``, an ``update``, a
mapping handed to a function, one bound at module level) may carry one: the call keeps its
finding. One built with a ``timeout`` key that nothing takes out (``carries_a_timeout``) gives
the call its wait: nothing to add, nothing to report, unless that key is ``None``
(``switches_it_off``), reported as an explicit ``timeout=None`` is.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import Assignment, MetadataWrapper

from ._http_timeout_calls import assignment_of, parent, referents

_READS = frozenset({"get", "copy", "items", "keys", "values"})


def carries_no_timeout(wrapper: MetadataWrapper, double: cst.Arg) -> bool:
    """Whether the mapping ``double`` (``**opts``) passes is proven to hold no ``timeout`` key."""
    found = _bindings(wrapper, double)
    if not found:
        return False
    for assignment in found:
        if not isinstance(assignment, Assignment) or not _built_without_timeout(wrapper, assignment.node):
            return False
        for access in assignment.references:
            if not _harmless_use(wrapper, access.node):
                return False
    return True


def carries_a_timeout(wrapper: MetadataWrapper, double: cst.Arg) -> bool:
    """Whether the mapping ``double`` passes is built, in its function, with a ``timeout`` key
    (``kwargs = {"timeout": timeout or self.timeout}``) that nothing takes out again (no
    ``pop``, ``popitem``, ``clear`` or ``del``; an ``update`` only adds)."""
    found = _bindings(wrapper, double)
    if not found:
        return False
    for assignment in found:
        if not isinstance(assignment, Assignment) or _timeout_key(wrapper, assignment.node) is not True:
            return False
        for access in assignment.references:
            above = parent(wrapper, access.node)
            if isinstance(above, cst.Attribute) and above.attr.value in ("pop", "popitem", "clear"):
                return False
            if isinstance(above, cst.Subscript) and isinstance(parent(wrapper, above), cst.Del):
                return False
    return True


def switches_it_off(wrapper: MetadataWrapper, double: cst.Arg) -> bool:
    """Whether every mapping ``double`` may pass is built with ``"timeout": None`` (or
    ``dict(timeout=None)``): the wait turned off on purpose, as an explicit ``timeout=None``
    (only asked where ``carries_a_timeout`` holds)."""
    found = _bindings(wrapper, double)
    if not found:
        return False
    return all(isinstance(a, Assignment) and _none_timeout(wrapper, a.node) for a in found)


def _none_timeout(wrapper: MetadataWrapper, target: cst.CSTNode) -> bool:
    statement = assignment_of(wrapper, target)
    value = statement.value if statement is not None else None
    if isinstance(value, cst.Dict):
        return any(
            isinstance(e, cst.DictElement) and isinstance(e.key, cst.SimpleString) and e.key.evaluated_value == "timeout"
            and isinstance(e.value, cst.Name) and e.value.value == "None" for e in value.elements
        )
    if isinstance(value, cst.Call):
        return any(
            arg.keyword is not None and arg.keyword.value == "timeout" and isinstance(arg.value, cst.Name)
            and arg.value.value == "None" for arg in value.args
        )
    return False


def _bindings(wrapper: MetadataWrapper, double: cst.Arg) -> list[object] | None:
    """What the name ``double`` spreads (``**opts``) may refer to; None unless a plain name."""
    return referents(wrapper, double.value) if isinstance(double.value, cst.Name) else None


def _built_without_timeout(wrapper: MetadataWrapper, target: cst.CSTNode) -> bool:
    return _timeout_key(wrapper, target) is False


def _timeout_key(wrapper: MetadataWrapper, target: cst.CSTNode) -> bool | None:
    """Whether the mapping bound to ``target`` in a function is built with a ``timeout`` key:
    None when it is not a dict display with string keys or a ``dict(key=...)`` in a function."""
    statement = assignment_of(wrapper, target)
    if not (statement is not None and len(statement.targets) == 1 and _in_function(wrapper, statement)):
        return None
    value = statement.value
    if isinstance(value, cst.Dict):
        keys = []
        for element in value.elements:
            if not isinstance(element, cst.DictElement) or not isinstance(element.key, cst.SimpleString):
                return None
            keys.append(element.key.evaluated_value)
        return "timeout" in keys
    if isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == "dict":
        if not all(arg.keyword is not None for arg in value.args):
            return None
        return any(arg.keyword is not None and arg.keyword.value == "timeout" for arg in value.args)
    return None


def _harmless_use(wrapper: MetadataWrapper, node: cst.CSTNode) -> bool:
    above = parent(wrapper, node)
    if isinstance(above, cst.Arg):
        return above.star == "**"
    if isinstance(above, cst.Attribute) and above.value is node:
        call = parent(wrapper, above)
        return above.attr.value in _READS and isinstance(call, cst.Call) and call.func is above
    if isinstance(above, cst.Subscript) and above.value is node and len(above.slice) == 1:
        index = above.slice[0].slice
        target = parent(wrapper, above)
        if isinstance(target, cst.AssignTarget):
            key = index.value if isinstance(index, cst.Index) else None
            return isinstance(key, cst.SimpleString) and key.evaluated_value != "timeout"
        return not isinstance(target, (cst.AugAssign, cst.Del))
    return False


def _in_function(wrapper: MetadataWrapper, node: cst.CSTNode) -> bool:
    current = parent(wrapper, node)
    while current is not None:
        if isinstance(current, cst.FunctionDef):
            return True
        current = parent(wrapper, current)
    return False

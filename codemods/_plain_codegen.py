"""LibCST's plain rendering (``module.code_for_node``), without a context manager per node.

Every node LibCST renders enters ``state.record_syntactic_position(...)`` (a ``with``), which
only a position-recording state uses; LibCST's plain state makes a fresh generator-based
context manager each time that does nothing: about a third of a plain rendering. ``PlainState``
is that state with one shared context that does nothing instead: the same tokens, in the same
order (tests/codemods/test_module_code.py compares it with ``module.code`` on real code).
"""

from __future__ import annotations

from typing import Any

import libcst as cst
from libcst._nodes.internal import CodegenState


class _Nothing:
    """A context that does nothing and lets every exception through."""

    __slots__ = ()

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exception: Any) -> bool:
        return False


_NOTHING = _Nothing()


class PlainState(CodegenState):
    """LibCST's ``CodegenState`` with a shared do-nothing syntactic-position context."""

    __slots__ = ()

    def record_syntactic_position(self, node: cst.CSTNode, *, start_node: Any = None, end_node: Any = None) -> _Nothing:
        return _NOTHING


def plain_state(module: cst.Module) -> PlainState:
    """A fresh plain rendering state with ``module``'s indentation and newline."""
    return PlainState(default_indent=module.default_indent, default_newline=module.default_newline)


def code_for_node(module: cst.Module, node: cst.CSTNode) -> str:
    """``module.code_for_node(node)``."""
    state = plain_state(module)
    node._codegen(state)
    return "".join(state.tokens)

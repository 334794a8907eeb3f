"""Which ``X.execute(...)`` calls of a module sqlalchemy-2 needs to type the receiver of: the
gate's rules for one call (``_sqlalchemy_2_gate.Receivers.execute_may_act``), asked before
``SQLAlchemyObjects.kind`` resolves the receiver through the module's scopes.

The gate lets a module through when one of its calls may be acted on; this asks the same of
each call, on the stdlib AST of the call's own code (the rules read a call's spelling and the
module's bindings by name, never where the call is): a call they rule out is one the
codemod would neither rewrite nor report, whatever its receiver is, so its receiver is not
looked up. Without the module's stdlib AST (an earlier codemod changed the tree) every call
is looked up. tests/codemods/test_sqlalchemy_2_calls.py compares the rule with the codemod's
own typing, call by call, on real code.
"""

from __future__ import annotations

import ast

import libcst as cst

from ._ast_facts import facts
from ._sqlalchemy_2_gate import Receivers

_EMPTY = cst.Module([])


class ExecuteCalls:
    """The gate's rules for the ``X.execute(...)`` calls of the module whose stdlib AST is
    ``tree`` (None: not at hand, every call may be acted on)."""

    def __init__(self, tree: ast.Module | None) -> None:
        self._receivers = Receivers(tree, facts(tree)) if tree is not None else None

    def may_act(self, call: cst.Call) -> bool:
        """False only when sqlalchemy-2 can neither rewrite nor report ``call``."""
        if self._receivers is None:
            return True
        try:  # (on lines of its own: a comment at the end of the code ends before the parenthesis)
            parsed = ast.parse(f"(\n{_EMPTY.code_for_node(call)}\n)", mode="eval").body
        except SyntaxError:
            return True
        if type(parsed) is not ast.Call or type(parsed.func) is not ast.Attribute or parsed.func.attr != "execute":
            return True
        return self._receivers.execute_may_act(parsed)

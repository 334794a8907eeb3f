"""The functions of a module around a node, for a question asked of many nodes of one module.

"Which of the module's functions hold this node?" answered by walking every function anew costs
a walk of the module per node asked (a project gate asks it of each value a module stores on
``g``, and of each function it follows). Here each function of a list (``Facts.functions``:
every ``def`` of a module, nested ones too) is walked once, for the last few lists asked, and
each node is then looked up: the same functions, in the same order.
"""

from __future__ import annotations

import ast
from collections import OrderedDict
from typing import Sequence

_KEPT_LISTS = 8
# id of a list of functions -> (the list, kept alive so its id and its nodes' ids are not
# reused; id of each node inside -> the functions holding it, in the list's order)
_holders: OrderedDict[int, tuple[Sequence[ast.AST], dict[int, list[ast.AST]]]] = OrderedDict()


def functions_around(functions: Sequence[ast.AST], node: ast.AST) -> list[ast.AST]:
    """The members of ``functions`` (in their order) whose subtree holds ``node``, a function
    holding itself: ``[f for f in functions if any(n is node for n in ast.walk(f))]``. The
    list must not change after it is first asked about."""
    kept = _holders.get(id(functions))
    if kept is None:  # (a kept list is alive: no other object has its id)
        holding: dict[int, list[ast.AST]] = {}
        for function in functions:
            for inner in ast.walk(function):
                holders = holding.setdefault(id(inner), [])
                if not holders or holders[-1] is not function:  # (a node met twice: ``ast.Load()``)
                    holders.append(function)
        kept = _holders[id(functions)] = (functions, holding)
        while len(_holders) > _KEPT_LISTS:
            _holders.popitem(last=False)
    else:
        _holders.move_to_end(id(functions))
    return list(kept[1].get(id(node), ()))

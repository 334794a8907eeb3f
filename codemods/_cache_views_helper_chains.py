"""cache-views' project stage: views whose refusal is settled at the end of a chain of helpers
of their own module.

The planner's scan follows every call of a helper of the project (``Analysis.helper``), and a
survey (``_cache_views_worth``) goes on past open questions, through each helper's whole
body, to the first settled problem; a helper's verdict holds the problems of the helpers it
calls. So a view calling a helper that settles only through another helper ends as one
calling the second: left alone without a word. ``Analysis.helper`` keeps a verdict for good
only whole (one cut by a cycle or by the depth limit is judged again where it would hold
more), so what a chain settles does not depend on which view asked first.

``settling_helpers``: the helpers of the transformed module (``helpers_defined_once``) a
call of which surely settles the refusal, by their own body (``settled_by_body``), a call
of a function of another module that settles (``calls_a_settling_function``, whose table,
``settling_functions``, follows such chains within that module too), a read of a name bound
to an object the analysis does not know, of the module (``reads_unknown_object``) or
imported (``reads_imported_state``), or a call of such a helper (``settling_chain``, to
``CHAIN_DEPTH`` helpers). The scan resolves the names of the transformed module, its imports
among them, whatever else it loaded (the module budget counts only modules reached from
other modules), so none of these is held back by it. The table depends on the project's
files: it is computed once per transformed module, for all its views.
``calls_a_settling_helper`` finds a view calling one of them in its own statements.
"""

from __future__ import annotations

import ast
from typing import Callable

from ._cache_views_settled_body import called_helpers, settled_by_body, settling_chain
from ._cache_views_settling_imports import calls_a_settling_function, reads_imported_state
from ._cache_views_state_gate import reads_unknown_object

Reader = Callable[[str], "str | None"]


def settling_helpers(tree: ast.Module, read: Reader, crossing: Callable[[str], bool] | None = None) -> frozenset[str]:
    """The names of the helpers of the transformed module ``tree`` a call of which from a view
    surely settles its refusal (see the module's docstring; ``crossing``: as
    ``calls_a_settling_function`` takes it)."""

    def settles(helper: ast.FunctionDef) -> bool:
        return (
            settled_by_body(helper, tree, view=False)
            or reads_unknown_object(helper, tree, read)
            or calls_a_settling_function(helper, tree, read, crossing)
            or reads_imported_state(helper, tree, read)
        )

    return settling_chain(tree, settles)


def calls_a_settling_helper(function: ast.FunctionDef | ast.AsyncFunctionDef, tree: ast.Module,
                            settling: Callable[[], frozenset[str]]) -> bool:
    """Whether the view ``function`` calls, in its own statements and by its bare name, a
    helper of its module other than itself among ``settling()`` (``settling_helpers``, asked
    only when the view calls a helper)."""
    called = called_helpers(function, tree) - {function.name}
    return bool(called) and bool(called & settling())

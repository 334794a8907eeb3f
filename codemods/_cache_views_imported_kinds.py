"""cache-views' project stage: the planner's own answer to what a name imported from another
module of the project stands for.

``reads_imported_state`` (``_cache_views_settling_imports``) turns away a view that reads, in
its own body, an imported name the scan takes for state that may change (``OTHER``: "reads
Session (line 150), state that may change while a page is cached"), a settled refusal. Its
first question reads the other module's stdlib AST for a name bound once to a library's
object. The planner takes many more imported names for state: an app a function of the
other module changes (``app.config[key] = value``: ``NameKinds.changed_elsewhere``), an
object made by a class of the project there (``service_schema = ServiceSchema()``), a name
bound through another import. ``state_for_the_planner`` asks the planner's own functions
instead of a second reading of them: for a name the views module binds only by
module-level imports of one thing (``imported_names``), the scan's ``global_kind`` is
``imported_kind``'s (or ``OTHER`` where the module changes the name): ``Project.resolve``
of the qualified name from the transformed module, then ``definition_kind`` and
``attribute_chain`` of what it resolves to. Here the transformed module is the views module
as its stdlib AST tells it (``Project.named_here``); no name of it is resolved through LibCST.

The answer is trusted only where no module loaded on the way counted against the budget
(``Project.parsed`` stays 0): a load from the transformed module, or from a module its names
lead to, is made whatever was loaded before, so the transform, after whatever its other
views loaded, reaches the same modules and the same kind. A fresh ``Project`` per name, so
no earlier question's load is reused uncounted; the modules' trees and what is derived of
them alone are kept by their texts (``_parsed_modules``), once per project.
"""

from __future__ import annotations

import ast
from typing import Callable

from ._cache_views_kinds import OTHER
from ._cache_views_project import Project, SourceModule

Reader = Callable[[str], "str | None"]


def state_for_the_planner(tree: ast.Module, read: Reader) -> Callable[[str], bool]:
    """A question on the qualified names the views module ``tree`` imports (paths as
    ``read`` takes them): whether the planner surely takes the name for state (``OTHER``)."""
    answers: dict[str, bool] = {}

    def state(qualified: str) -> bool:
        if qualified not in answers:
            answers[qualified] = _takes_for_state(tree, read, qualified)
        return answers[qualified]

    return state


def _takes_for_state(tree: ast.Module, read: Reader, qualified: str) -> bool:
    from ._cache_views_analysis import Analysis  # lazy: the planner, for a module the stages let this far

    here = SourceModule("", None, stdlib_tree=tree)  # type: ignore[arg-type]
    project = Project(read, here)
    analysis = Analysis(project)
    definition = project.resolve(here, qualified)
    if definition is None or project.parsed:
        return False
    kind = analysis.attribute_chain(analysis.definition_kind(definition.with_rest(())), definition.rest)
    return kind.tag == OTHER and not project.parsed

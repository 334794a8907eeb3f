"""gunicorn-config: set-up functions registered in another module than their own.

``app.before_first_request(get_plugins)`` after ``from core.plugins import get_plugins`` (yeti),
``bp.record_once(setup.record_params)``: the call registers a function of another module as
the decorator would there, so it runs as the app is set up, in every process alike
(``_gunicorn_config_setup_writes.runs_at_setup``). Read where the registering module is read
for its own functions: a module-level statement calling a set-up method of a module-level
``Flask(...)`` or ``Blueprint(...)`` of flask, whose one argument names, as the module imports
it (``_project_imports.ProjectImports.names_from``), a module-level ``def`` of another module
of the project that binds the name once. The import and the call are then no other use of the
function (``name_used``): anything else that names it still is.
"""

from __future__ import annotations

import ast
from typing import Mapping

from ._gunicorn_config_setup_writes import SET_UP, bound_by, flask_objects, registration_calls
from ._names import dotted_name
from ._project_imports import ProjectImports


class SetUpElsewhere:
    """``functions``: path -> the names of its functions registered at set-up by other modules;
    ``nodes``: name -> the ids of the import statements and arguments that only import and
    register such a function."""

    def __init__(self, trees: Mapping[str, ast.Module | None], imports: ProjectImports) -> None:
        self.functions: dict[str, frozenset[str]] = {}
        self.nodes: dict[str, frozenset[int]] = {}
        functions: dict[str, set[str]] = {}
        nodes: dict[str, set[int]] = {}
        for importer, tree in trees.items():
            calls = registration_calls(tree, flask_objects(tree), SET_UP, spelled=True) if tree is not None else []
            if not calls:
                continue
            for target in sorted(imports.imports(importer)):
                defined = trees.get(target)
                if defined is None:
                    continue
                names, modules = imports.names_from(importer, tree, target)  # type: ignore[arg-type]
                for call in calls:
                    spelled = dotted_name(call.args[0]) or ""
                    module, _, last = spelled.rpartition(".")
                    name = names.get(spelled) or (last if module in modules else None)
                    if name is None or not _defined_once(defined, name):
                        continue
                    functions.setdefault(target, set()).add(name)
                    nodes.setdefault(name, set()).add(id(call.args[0]))
                    nodes[name].update(id(s) for s in ast.walk(tree) if type(s) in (ast.Import, ast.ImportFrom))  # type: ignore[arg-type]
        self.functions = {path: frozenset(names) for path, names in functions.items()}
        self.nodes = {name: frozenset(ids) for name, ids in nodes.items()}


def _defined_once(tree: ast.Module, name: str) -> bool:
    """``name`` is a module-level ``def`` of the module, and no other statement binds it."""
    defined = any(isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == name for s in tree.body)
    return defined and sum(name in bound_by(s) for s in tree.body) == 1

"""dotenv-config: the reader the project reads its environment through in its other modules
(environs, python-decouple, dynaconf), for a module that has none of its own.

- The module imports the project's environs ``Env`` object (``from config import env``) from
  a module that loads ``.env`` at import (``env.read_env()`` at its top level, no path of its
  own): the import is a load, and the values are read back through that name, as that
  module reads its own (``_dotenv_config_readers``).
- Otherwise, a module of the application (not its tests or examples) that binds environs' ``Env()`` or imports
  python-decouple or dynaconf: the project has its own way to read its environment, and
  ``os.environ`` with ``load_dotenv()`` beside it is not what its maintainer would write;
  the value stays, with a finding naming that module (set the value there).

The other modules are those the project's merged facts name (``ProjectView.own_readers``:
each module's reader derived once per text, only when its text names one), not read again here.
"""

from __future__ import annotations

import ast

from ._dotenv_config_loaders import _imports, _module_names
from ._dotenv_config_project import ProjectView
from ._dotenv_config_readers import Load, TopLevel


def borrow_project_reader(facts: TopLevel, tree: ast.Module | None, view: ProjectView) -> None:
    """Complete ``facts`` (a module with no reader of its own) with the project's reader: the
    imported environs object and its load at the import's line, or the project's reader
    elsewhere (``facts.project_reader``)."""
    if facts.environs or facts.reader or tree is None or view.root is None:
        return
    elsewhere = ""
    imported = _imports(tree, view.this)
    for path, theirs in view.own_readers():
        for module in _module_names(path):
            local = next((name for name, bound in imported.items() if bound == (module, theirs.environs)), "")
            lines = facts.bound.get(local, ()) if theirs.environs else ()
            # bound once, by an import of the module's own body: under an if, in a try (whose
            # handler may bind something else) or bound again, the name may not be that object
            surely = len(lines) == 1 and lines[0] in _top_level_imports(tree)
            if surely and any(load.environs and load.found for load in theirs.loads):
                facts.environs = local
                facts.loads.append(Load(min(lines), True, environs=True))
                return
        if not elsewhere:
            elsewhere = f"{'environs' if theirs.environs else theirs.reader} ({path})"
    facts.project_reader = elsewhere


def _top_level_imports(tree: ast.Module) -> set[int]:
    """The lines of the import statements of the module's own body (run at import, always)."""
    return {statement.lineno for statement in tree.body if isinstance(statement, (ast.Import, ast.ImportFrom))}

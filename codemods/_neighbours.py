"""The modules next to the transformed one: where an imported name is defined.

``definition(ctx, "..extensions.db")`` reads the module an import names (``.extensions`` from
the transformed file's folder, or ``app.models`` looked for in this folder and a few above)
through ``ctx.read_file``, follows re-exports (``from .models import db`` in a package's
``__init__.py``) a few times, and returns that module's standard-library AST and the value
assigned to the name there; ``found_along_reexports`` asks a question of that module and of
every module it re-exports the name from. Only the text the tool hands over is read; nothing
is imported.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Callable

from ._base import Context
from ._parsed_modules import python_tree

# how many folders up an absolutely imported module is looked for
IMPORT_LEVELS = 4
# how many re-exports are followed
REEXPORT_DEPTH = 2


@dataclass
class Definition:
    path: str  # relative to the transformed file's folder
    tree: ast.Module
    value: ast.expr  # what the name is assigned at module level


def module_candidates(folder: str, qualified: str) -> tuple[list[str], str]:
    """The paths that may hold the module of ``qualified`` (``.ext.db``, ``app.models.db``),
    and the name."""
    dots = len(qualified) - len(qualified.lstrip("."))
    parts = qualified[dots:].split(".")
    name, module_parts = parts[-1], parts[:-1]
    if dots:
        prefixes = [folder + "../" * (dots - 1)]
    elif module_parts:
        prefixes = [folder + "../" * level for level in range(IMPORT_LEVELS)]
    else:
        return [], name
    stem = "/".join(module_parts)
    files = [f"{stem}.py", f"{stem}/__init__.py"] if stem else ["__init__.py"]
    return [prefix + file for prefix in prefixes for file in files], name


def imported_module(ctx: Context, folder: str, qualified: str) -> tuple[str, str, str] | None:
    """The first of ``module_candidates`` that the project holds: (its path, its text, the
    name), or None."""
    paths, name = module_candidates(folder, qualified)
    for path in paths:
        text = ctx.read_file(path)
        if text is not None:
            return path, text, name
    return None


def definition(ctx: Context, qualified: str, folder: str = "", depth: int = REEXPORT_DEPTH) -> Definition | None:
    """Where the imported name ``qualified`` is assigned, or None when that is not found."""
    found = _find(ctx, qualified, folder, depth, _assigned)
    return found if isinstance(found, Definition) else None


def function(ctx: Context, qualified: str) -> tuple[ast.Module, ast.FunctionDef | ast.AsyncFunctionDef] | None:
    """The module-level ``def`` of the imported name ``qualified`` (and its module's tree),
    or None when that is not found."""
    found = _find(ctx, qualified, "", REEXPORT_DEPTH, _defined)
    return found if isinstance(found, tuple) else None


def _find(ctx: Context, qualified: str, folder: str, depth: int, look):
    """``look(path, tree, name)`` in the module ``qualified`` names: its answer, a re-export
    followed (``depth`` times at most), or None."""
    module = imported_module(ctx, folder, qualified)
    if module is None:
        return None
    path, text, name = module
    tree = python_tree(text)
    if tree is None:
        return None
    found = look(path, tree, name)
    if found is not None or depth <= 0:
        return found or None
    sources = reexports(path, tree, name)
    if not sources:
        return None
    folder, source = sources[0]
    return _find(ctx, source, folder, depth - 1, look)


def found_along_reexports(
    ctx: Context, qualified: str, word: str, holds: Callable[[str], bool | None], folder: str = "", depth: int = REEXPORT_DEPTH
) -> bool:
    """Whether ``holds(text)`` says yes of the module that defines the imported name
    ``qualified``, or of a module it re-exports the name from (every such import followed,
    ``depth`` times at most). ``holds`` answers True (yes), False (no, and nothing this module
    imports is looked at) or None (not this module itself: follow its re-exports); it is not
    asked of a module whose text has neither ``word`` nor an import to follow. A module the
    standard library cannot parse is followed no further."""
    module = imported_module(ctx, folder, qualified)
    if module is None:
        return False
    path, text, name = module
    following = depth > 0 and "import" in text
    if word not in text and not following:
        return False
    answer = holds(text)
    if answer is not None:
        return answer
    tree = python_tree(text) if following else None
    if tree is None:
        return False
    return any(
        found_along_reexports(ctx, source, word, holds, folder, depth - 1) for folder, source in reexports(path, tree, name)
    )


def reexports(path: str, tree: ast.Module, name: str) -> list[tuple[str, str]]:
    """Where the module ``path`` imports ``name`` from at its top level (``from .views import
    bp`` in a package's ``__init__.py``): (the folder to look from, the imported name there)
    for each such import, in order."""
    folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
    found: list[tuple[str, str]] = []
    for statement in tree.body:
        if type(statement) is not ast.ImportFrom:
            continue
        source = "." * statement.level + (statement.module or "")  # type: ignore[attr-defined]
        separator = "" if source.endswith(".") else "."
        for alias in statement.names:  # type: ignore[attr-defined]
            if (alias.asname or alias.name) == name:
                found.append((folder, f"{source}{separator}{alias.name}"))
    return found


def _assigned(path: str, tree: ast.Module, name: str) -> Definition | bool | None:
    """The one value assigned to ``name`` at module level; False when assigned several times."""
    found: list[ast.expr] = []
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            if any(isinstance(t, ast.Name) and t.id == name for t in statement.targets):
                found.append(statement.value)
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            if isinstance(statement.target, ast.Name) and statement.target.id == name:
                found.append(statement.value)
    if len(found) == 1:
        return Definition(path, tree, found[0])
    return False if found else None


def _defined(path: str, tree: ast.Module, name: str):
    """The one module-level ``def name``; False when defined several times."""
    found = [s for s in tree.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == name]
    if len(found) == 1:
        return tree, found[0]
    return False if found else None

"""How a module of the project imports another, as the ``teardown`` codemod reads imports
(for ``_teardown_project``): the files one import statement may reach, the way Python finds a
module of the project — a relative import from the importing file's package, an absolute one
from the importing file's folder or one of the three above it (where the project root is, is
not known). An import whose file does not exist next to the code (the standard library, an
installed package) reaches nothing.
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass
from typing import Iterable, Iterator, Protocol

from ._import_lines import Spelled
from ._projects_kept import dropped_with_projects
from ._teardown_gate import may_be_of_the_project


class ModuleFinder(Protocol):
    """What resolving an import asks of the project (``_teardown_project.Project``)."""

    def find_module(self, folder: str, level: int, parts: list[str]) -> str | None: ...


_ABSOLUTE_BASES = ("", "../", "../../", "../../../")


@functools.lru_cache(maxsize=4096)
def module_files(folder: str, level: int, parts: tuple[str, ...]) -> tuple[str, ...]:
    """The files, in the order they are looked for, that may be module ``parts`` imported
    from ``folder`` (``level`` dots)."""
    bases = ["../" * (level - 1)] if level > 0 else list(_ABSOLUTE_BASES)
    found = []
    for base in bases:
        stem = posixpath.join(folder, base, *parts) if parts else posixpath.join(folder, base)
        if parts:
            found.append(posixpath.normpath(stem + ".py"))
        found.append(posixpath.normpath(posixpath.join(stem, "__init__.py")))
    return tuple(found)


dropped_with_projects(module_files.cache_clear)  # (kept by folder: of no use to the next project)


@dataclass(frozen=True)
class ImportTarget:
    """A module file one import statement reaches."""

    path: str  # the module's file, relative to the transformed file's folder
    spec: str  # the module as the importing file spells it: ".db", "shop.database"
    # (what the importing module spells, the member of the module it is; None: the module itself),
    # e.g. ("get_db", "get_db"), ("db", None) for ``from . import db``, ("a.b", None) for
    # ``import a.b``, ("*", "*") for ``from a import *``
    names: tuple[tuple[str, str | None], ...]


def import_targets(
    project: ModuleFinder, importer: str, level: int, module: str | None, aliases: Iterable[tuple[str, str | None]]
) -> list[ImportTarget]:
    """The modules of the project that ``from <level dots><module> import ...`` (``aliases``:
    (name, asname); ``level`` -1 for a plain ``import module [as x]``) in the file
    ``importer`` reaches."""
    folder = posixpath.dirname(importer)
    aliases = list(aliases)
    if not may_be_of_the_project("." * max(level, 0) + (module or "")):
        return []  # the standard library, Flask: never a file of the project
    if level < 0:  # import a.b [as x]: the module is spelled x, or a.b
        ((_name, asname),) = aliases
        found = project.find_module(folder, 0, (module or "").split("."))
        return [ImportTarget(found, module or "", ((asname or module or "", None),))] if found else []
    parts = [p for p in (module or "").split(".") if p]
    spec_base = "." * level + ".".join(parts)
    targets = []
    package = project.find_module(folder, level, parts)
    if package is not None:
        members = tuple(("*", "*") if name == "*" else (asname or name, name) for name, asname in aliases)
        targets.append(ImportTarget(package, spec_base, members))
    for name, asname in aliases:  # from pkg import submodule
        if name == "*":
            continue
        submodule = project.find_module(folder, level, [*parts, name])
        if submodule is not None:
            joiner = "" if spec_base.endswith(".") or not spec_base else "."
            targets.append(ImportTarget(submodule, f"{spec_base}{joiner}{name}", ((asname or name, None),)))
    return targets


def targets_of(project: ModuleFinder, path: str, statements: Iterable[Spelled]) -> Iterator[ImportTarget]:
    """The modules of the project the import ``statements`` of the module at ``path`` reach
    (``_project_imports``' reading: from its tree, or off the text of one that does not parse)."""
    for level, module, aliases in statements:
        yield from import_targets(project, path, level, module, aliases)

"""Whether another module of the project takes a name from the module being transformed: a
name its imports bind is part of what it offers (``import jinja2`` offers ``jinja2``), and a
codemod that would drop or rename it must know who reads it there.

A module of the project takes ``name`` from this one where it:

- star-imports it (``from shop.filters import *``, ``from .filters import *``), unless this
  module's ``__all__`` is a literal that leaves the name out (a name starting with ``_`` is
  not taken by a star import without ``__all__``);
- imports the name from it (``from shop.filters import jinja2``);
- imports the module object (``import shop.filters``, ``from shop import filters``) and reads
  the name as an attribute anywhere in its text (``filters.jinja2``, ``shop.filters.jinja2``:
  any ``.jinja2`` counts, the safe side).

Imports are read as every codemod reads them (``_project_imports``: anywhere in a module, a
Python 2 module's off its text). Without a listing of the project (a text transformed on its
own) nothing is known to take anything. Names no codemod.
"""

from __future__ import annotations

import ast
import re

from ._base import Context
from ._parsed_modules import plain_fact
from ._project_imports import ProjectImports


def taken_elsewhere(ctx: Context, name: str) -> str | None:
    """The path (from the project root) of a module of the project that takes ``name`` from
    the module ``ctx`` transforms; None when none does."""
    listing = ctx.project_files()
    if listing is None:
        return None
    this = listing.this
    imports = ProjectImports(ctx)
    attribute = re.compile(r"\.\s*" + re.escape(name) + r"\b")
    for importer in sorted(imports.importers(this)):
        for level, dotted, aliases in imports.statements(importer):
            if level < 0:
                objects = [this in imports.module_files(importer, 0, module) for module, _ in aliases]
            else:
                own = this in imports.module_files(importer, level, dotted)
                if own and any(n == name or (n == "*" and _star_takes(ctx, listing, name)) for n, _ in aliases):
                    return importer
                objects = [
                    n != "*" and this in imports.module_files(importer, level, f"{dotted}.{n}" if dotted else n) for n, _ in aliases
                ]
            if any(objects):
                text = ctx.read_file(listing.relative(importer)) or ""
                if attribute.search(text):
                    return importer
    return None


def _star_takes(ctx: Context, listing, name: str) -> bool:
    """Whether ``from <this module> import *`` binds ``name``: by this module's ``__all__``
    where it is a literal, else every name not starting with ``_``."""
    text = ctx.read_file(listing.relative(listing.this))
    listed = plain_fact(text, "the names __all__ lists", _all_names) if text else None
    if listed is None:
        return not name.startswith("_")
    return name in listed


def _all_names(tree: ast.Module) -> frozenset[str] | None:
    """The names a top-level ``__all__ = [...]`` (or a tuple) of strings lists; None where
    the module assigns none, or one that is not such a literal, or changes it later
    (``__all__ += ...``, ``__all__.extend(...)``)."""
    if any(isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "__all__" for n in ast.walk(tree)):
        return None
    found: frozenset[str] | None = None
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            targets = statement.targets
        elif isinstance(statement, (ast.AugAssign, ast.AnnAssign)):
            targets = [statement.target]
        else:
            continue
        if not any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            continue
        value = getattr(statement, "value", None)
        if found is not None or isinstance(statement, ast.AugAssign) or not isinstance(value, (ast.List, ast.Tuple)):
            return None
        if not all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts):
            return None
        found = frozenset(e.value for e in value.elts)
    return found

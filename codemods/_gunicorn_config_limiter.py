"""gunicorn-config: rate limits counted in the process. Flask-Limiter keeps its counts in
the storage its ``storage_uri`` (``Limiter(storage_uri=...)``, or the config's
``RATELIMIT_STORAGE_URI``, ``RATELIMIT_STORAGE_URL`` in releases before 2.0) names, and in
the process's memory when none is given or the one given is ``memory://``. Each gunicorn
worker then counts its own: a client gets through as many times the limit as there are
workers, and a recycled worker starts from nothing.

A storage given to a ``Limiter(...)`` of the application code, or set in its config
anywhere in the application code or settings files (an ``.env`` included), as anything but
``memory://`` (``redis://...``, a read of the environment or of the command line) is taken
as the deployment's choice: the counts may be shared, and the file is written."""

from __future__ import annotations

import ast
import re
from typing import Iterator

from ._ast_nodes import last_name
from ._base import Context
from ._project_view import application_modules, first_import, parsed, where_project_sets

_LIMITER_MODULES = frozenset({"flask_limiter"})
_LIMITER = re.compile(r"\bflask_limiter\b")
# the config keys that name the storage, in every release
_STORAGE_KEYS = ("RATELIMIT_STORAGE_URI", "RATELIMIT_STORAGE_URL")
_IN_MEMORY = "memory://"


def limits_in_memory(ctx: Context, own_code: str) -> str | None:
    """``path:line`` of the import of Flask-Limiter in the project's application code (this
    module's own code when the project's files are unknown) where its counts stay in the
    process: no storage is named, or the one named is ``memory://`` (then ``, memory:// at
    path:line`` follows); None otherwise."""
    modules = list(application_modules(ctx, _LIMITER)) if ctx.project_files() is not None else [(ctx.path, own_code)]
    imported = next(((path, found) for path, text in modules if (found := first_import(text, _LIMITER_MODULES))), None)
    if imported is None:
        return None
    where = f"{imported[0]}:{imported[1][0]}"
    in_memory = None
    for path, text in modules:
        for line, literal in _storage_arguments(text):
            if not literal.startswith(_IN_MEMORY):
                return None  # a storage the workers may share
            in_memory = in_memory or f"{path}:{line}"
    for key in _STORAGE_KEYS:
        place = where_project_sets(ctx, key)
        if place is None:
            continue
        if _IN_MEMORY not in _line_of(ctx, place, own_code):
            return None
        in_memory = in_memory or place
    return f"{where}, {_IN_MEMORY} at {in_memory}" if in_memory else where


def _storage_arguments(text: str) -> Iterator[tuple[int, str]]:
    """``(line, value)`` of each ``storage_uri=`` given to a ``Limiter(...)`` in ``text``: the
    string it spells, or "" for any other expression (read at run time: the deployment's)."""
    tree = parsed(text)
    for node in ast.walk(tree) if tree is not None else ():
        if not (isinstance(node, ast.Call) and last_name(node.func) == "Limiter"):
            continue
        for keyword in node.keywords:
            if keyword.arg == "storage_uri":
                value = keyword.value
                spelled = value.value if isinstance(value, ast.Constant) and isinstance(value.value, str) else ""
                yield value.lineno, spelled


def _line_of(ctx: Context, place: str, own_code: str) -> str:
    """The text of the line ``path:line`` names (a place ``where_project_sets`` gave)."""
    path, _, line = place.rpartition(":")
    listing = ctx.project_files()
    text = ctx.read_file(listing.relative(path)) if listing is not None else own_code
    lines = (text or "").splitlines()
    number = int(line) if line.isdigit() else 0
    return lines[number - 1] if 0 < number <= len(lines) else ""


def limits_finding(ctx: Context, code: str) -> str | None:
    """The finding that stops the file where the app counts its rate limits in memory (asked
    only where a file would be written: whatever else stops it says its own reason), or None."""
    limits = limits_in_memory(ctx, code)
    if limits is None:
        return None
    return (
        f"the app counts its rate limits in its process (Flask-Limiter, {limits}: no storage every worker "
        "shares): each gunicorn worker would count its own, letting a client through as many times the limit "
        "as there are workers, and a recycled worker would start its counts again; give Flask-Limiter a "
        "shared storage (RATELIMIT_STORAGE_URI, redis:// or memcached://) first; nothing generated"
    )

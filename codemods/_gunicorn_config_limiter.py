"""gunicorn-config: rate limits counted in the process. Flask-Limiter keeps its counts in
the storage its ``storage_uri`` (``Limiter(storage_uri=...)``, or the config's
``RATELIMIT_STORAGE_URI``, ``RATELIMIT_STORAGE_URL`` in releases before 2.0) names, and in
the process's memory when none is given or the one given is ``memory://``. Each gunicorn
worker then counts its own: a client gets through as many times the limit as there are
workers, and a recycled worker starts from nothing.

A storage given anywhere in the project's application code or settings files (an ``.env``
included) with anything but ``memory://`` on its line (``redis://...``, a read of the
environment) is taken as the deployment's choice: the counts may be shared, and the file
is written."""

from __future__ import annotations

import re

from ._base import Context
from ._project_view import application_modules, first_import, where_project_sets

_LIMITER_MODULES = frozenset({"flask_limiter"})
_LIMITER = re.compile(r"\bflask_limiter\b")
# where the storage is named: the limiter's keyword, the config keys of every release
_STORAGE_SETTINGS = ("storage_uri", "RATELIMIT_STORAGE_URI", "RATELIMIT_STORAGE_URL")
_IN_MEMORY = "memory://"


def limits_in_memory(ctx: Context, own_code: str) -> str | None:
    """``path:line`` of the import of Flask-Limiter in the project's application code (this
    module's own code when the project's files are unknown) where its counts stay in the
    process: no storage is named, or the one named is ``memory://`` (then ``, memory:// at
    path:line`` follows); None otherwise."""
    modules = application_modules(ctx, _LIMITER) if ctx.project_files() is not None else [(ctx.path, own_code)]
    imported = next(((path, found) for path, text in modules if (found := first_import(text, _LIMITER_MODULES))), None)
    if imported is None:
        return None
    where = f"{imported[0]}:{imported[1][0]}"
    for setting in _STORAGE_SETTINGS:
        place = where_project_sets(ctx, setting)
        if place is None:
            continue
        if _IN_MEMORY not in _line_of(ctx, place, own_code):
            return None  # a storage the workers may share
        return f"{where}, {_IN_MEMORY} at {place}"
    return where


def _line_of(ctx: Context, place: str, own_code: str) -> str:
    """The text of the line ``path:line`` names (a place ``where_project_sets`` gave)."""
    path, _, line = place.rpartition(":")
    listing = ctx.project_files()
    text = ctx.read_file(listing.relative(path)) if listing is not None else own_code
    lines = (text or "").splitlines()
    number = int(line) if line.isdigit() else 0
    return lines[number - 1] if 0 < number <= len(lines) else ""

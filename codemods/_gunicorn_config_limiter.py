"""gunicorn-config: rate limits counted in the process. Flask-Limiter keeps its counts in
the storage its ``storage_uri`` (``Limiter(storage_uri=...)``, or the config's
``RATELIMIT_STORAGE_URI``, ``RATELIMIT_STORAGE_URL`` in releases before 2.0) names, and in
the process's memory when none is given or the one given is ``memory://``. Each gunicorn
worker then counts its own: a client gets through as many times the limit as there are
workers, and a recycled worker starts from nothing.

A storage given to a ``Limiter(...)`` of the application code, or set in its config
anywhere in the application code or settings files (an ``.env`` included), keeps the file
where what the running process gets is shown to be shared (``_gunicorn_config_limiter_storage``):
``redis://...``, or a read of the environment whose default is such a storage (where the
variable is set, the deployment names a storage on purpose). A default of ``memory://``, none
(Flask-Limiter's ``memory://`` where the variable is unset), or a value not followed (a
command-line option) stops it: the finding says which place and why."""

from __future__ import annotations

import ast
import re
from typing import Iterator

from ._ast_nodes import keyword_value, last_name
from ._base import Context
from ._gunicorn_config_limiter_storage import MEMORY, SHOWN_SHARED, UNSET, StorageValues, storage_of_text
from ._project_view import SETTINGS_FILES, application_modules, first_import, parsed, project_texts, where_project_sets

_LIMITER_MODULES = frozenset({"flask_limiter"})
_LIMITER = re.compile(r"\bflask_limiter\b")
# the config keys that name the storage, in every release
_STORAGE_KEYS = ("RATELIMIT_STORAGE_URI", "RATELIMIT_STORAGE_URL")
_IN_MEMORY = "memory://"
_NOT_SHARED = "no storage every worker shares"


def limits_in_memory(ctx: Context, own_code: str) -> str | None:
    """``path:line`` of the import of Flask-Limiter in the project's application code (this
    module's own code when the project's files are unknown) where its counts stay in the
    process: no storage is named, or none named is shown to be shared (then what the first
    gives follows: ``, memory:// at path:line``); None otherwise."""
    modules = list(application_modules(ctx, _LIMITER)) if ctx.project_files() is not None else [(ctx.path, own_code)]
    imported = next(((path, found) for path, text in modules if (found := first_import(text, _LIMITER_MODULES))), None)
    if imported is None:
        return None
    where = f"{imported[0]}:{imported[1][0]}"
    first = None
    for place, given in _storages(ctx, modules, own_code):
        if given <= SHOWN_SHARED:
            return None  # a storage the workers share
        first = first or _what(given, place)
    return f"{where}, {first}" if first else f"{where}: {_NOT_SHARED}"


def _what(given: frozenset[str], place: str) -> str:
    if MEMORY in given:
        return f"{_IN_MEMORY} at {place}: {_NOT_SHARED}"
    if UNSET in given:
        return f"the storage set at {place} is none where the variable it reads is not set, and Flask-Limiter then counts in memory"
    return f"the storage set at {place} is read at run time (a command-line option, an object's value) and not shown to be one every worker shares"


def _storages(ctx: Context, modules: list[tuple[str, str]], own_code: str) -> Iterator[tuple[str, frozenset[str]]]:
    """``(path:line, what it gives)`` of each storage the project names: a ``storage_uri=``
    given to a ``Limiter(...)``, and each setting of the config keys."""
    values = StorageValues(ctx)
    for path, text in modules:
        tree = parsed(text)
        for node in ast.walk(tree) if tree is not None else ():
            if type(node) is ast.Call and last_name(node.func) == "Limiter":
                value = keyword_value(node, "storage_uri")
                if value is not None:
                    yield f"{path}:{value.lineno}", values.of(value, path, tree)
    for key in _STORAGE_KEYS:
        if where_project_sets(ctx, key) is None:
            continue
        for path, text in project_texts(ctx, SETTINGS_FILES):
            for match in _setting(key).finditer(text):
                yield f"{path}:{text.count(chr(10), 0, match.start()) + 1}", storage_of_text(match.group(1).strip("'\" "))
        for path, text in application_modules(ctx, re.compile(re.escape(key))):
            tree = parsed(text)
            for node in ast.walk(tree) if tree is not None else ():
                value = _set_to(node, key)
                if value is not None:
                    yield f"{path}:{value.lineno}", values.of(value, path, tree)


def _setting(key: str) -> re.Pattern[str]:
    return re.compile(r"""(?m)(?:^|[\s,({"'\[])%s["']?\]?\s*(?:=(?!=)|:)[ \t]*([^\n#]*)""" % re.escape(key))


def _set_to(node: ast.AST, key: str) -> ast.expr | None:
    """The value ``node`` sets the config key ``key`` to (``KEY = v``, ``config["KEY"] = v``,
    ``update(KEY=v)``, ``{"KEY": v}``), or None."""
    kind = type(node)
    if kind is ast.Assign:
        for target in node.targets:  # type: ignore[attr-defined]
            if (type(target) is ast.Name and target.id == key) or (
                type(target) is ast.Subscript and type(target.slice) is ast.Constant and target.slice.value == key
            ):
                return node.value  # type: ignore[attr-defined]
    elif kind is ast.AnnAssign and type(node.target) is ast.Name and node.target.id == key:  # type: ignore[attr-defined]
        return node.value  # type: ignore[attr-defined]
    elif kind is ast.keyword and node.arg == key:  # type: ignore[attr-defined]
        return node.value  # type: ignore[attr-defined]
    elif kind is ast.Dict:
        for name, value in zip(node.keys, node.values):  # type: ignore[attr-defined]
            if type(name) is ast.Constant and name.value == key:
                return value
    return None


def limits_finding(ctx: Context, code: str) -> str | None:
    """The finding that stops the file where the app counts its rate limits in memory (asked
    only where a file would be written: whatever else stops it says its own reason), or None."""
    limits = limits_in_memory(ctx, code)
    if limits is None:
        return None
    counts = "counts" if limits.endswith(_NOT_SHARED) else "may count"
    return (
        f"the app {counts} its rate limits in its process (Flask-Limiter, {limits}): each gunicorn worker would count its own, letting a client through as many times the limit "
        "as there are workers, and a recycled worker would start its counts again; give Flask-Limiter a "
        "shared storage (RATELIMIT_STORAGE_URI, redis:// or memcached://) first; nothing generated"
    )

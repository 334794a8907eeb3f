"""flask-sqlalchemy-3: where the project's other modules read a pool key the rewrite would
take away.

Merging ``SQLALCHEMY_POOL_SIZE`` and its kin into ``SQLALCHEMY_ENGINE_OPTIONS`` deletes them
from the class, the settings module or the config: code elsewhere that still reads one fails
(``config.Config.SQLALCHEMY_POOL_SIZE``: AttributeError at import; ``app.config["..."]``:
KeyError) or reads None. So a key that any other Python module of the project reads (its
application code, its tests and scripts: a test that reads it fails as well) is left, and the
finding names the first module that uses it, after any reason of the container's own. A read is an attribute of that name
(``Config.SQLALCHEMY_POOL_SIZE``), the name itself (imported from the settings module), or the
key as a string anywhere but where a value is set (``config["..."] = ...``, a dict literal's
key) or an environment variable of the same name is read (``os.getenv("...")``,
``os.environ[...]``). A keyword (``update(SQLALCHEMY_POOL_SIZE=...)``) sets it. A string
handed to any other call counts, though the call may look up a setting of that name elsewhere
(ara's ``ara_config("sqlalchemy_pool_recycle", "SQLALCHEMY_POOL_RECYCLE", None)``): the key
is then "also used" there, and left.
"""

from __future__ import annotations

import ast
import re

from ._base import PACKAGING, Context, code_kind
from ._parsed_modules import plain_fact

_ENVIRONMENT = frozenset({"getenv", "get", "setdefault", "pop"})


def read_elsewhere(ctx: Context, keys: frozenset[str] | set[str]) -> dict[str, tuple[str, int]]:
    """For each of ``keys`` that another Python module of the project reads: ``(path, line)``
    of the first read (paths in the listing's order, relative to the project root)."""
    listing = ctx.project_files()
    if listing is None or not keys:
        return {}
    wanted = re.compile("|".join(re.escape(key) for key in sorted(keys)))
    found: dict[str, tuple[str, int]] = {}
    for path in listing.files:
        if path == listing.this or code_kind(path) == PACKAGING:
            continue
        text = ctx.read_file(listing.relative(path))
        if text is None or not wanted.search(text):
            continue
        reads = plain_fact(text, "flask-sqlalchemy-3 pool key reads", _reads) or {}
        for key in keys:
            if key in reads and key not in found:
                found[key] = (path, reads[key])
    return found


def _reads(tree: ast.Module) -> dict[str, int]:
    """The first line where ``tree`` reads each ``SQLALCHEMY_*`` name or key."""
    setting: set[int] = set()  # the strings that set a key or name an environment variable
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, (ast.Store, ast.Del)):
            setting.add(id(node.slice))
        elif isinstance(node, ast.Dict):
            setting.update(id(key) for key in node.keys if key is not None)
        elif isinstance(node, ast.Subscript) and _is_environ(node.value):
            setting.add(id(node.slice))
        elif isinstance(node, ast.Call) and node.args and _reads_environment(node.func):
            setting.add(id(node.args[0]))
    reads: dict[str, int] = {}
    for node in ast.walk(tree):
        name = None
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            name = node.attr
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            name = node.id
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in setting:
            name = node.value
        if name is not None and name.startswith("SQLALCHEMY_"):
            if name not in reads or node.lineno < reads[name]:
                reads[name] = node.lineno
    return reads


def _is_environ(node: ast.expr) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
        isinstance(node, ast.Name) and node.id == "environ"
    )


def _reads_environment(func: ast.expr) -> bool:
    """``os.getenv``, ``getenv``, ``os.environ.get`` and the like."""
    if isinstance(func, ast.Name):
        return func.id == "getenv"
    if isinstance(func, ast.Attribute):
        return func.attr == "getenv" or (func.attr in _ENVIRONMENT and _is_environ(func.value))
    return False

"""upload-limit: uploads whose size the user's data decides, read on the standard library's AST.

A field of ``request.files`` named for a whole store of data — a database, a backup, a dump,
an archive, a video (``request.files["database"]``, ``request.files.get("backup_file")``,
``request.files.getlist("videos")``) — takes a file as large as what its user has collected
over time. No fixed default fits such a file, and a limit below the largest one would refuse
the very upload the view exists for (a 413 where the app worked). The field's name is the
code's own word for what arrives; other fields (``"file"``, ``"photo"``, ``"csv"``) say
nothing of the kind and keep the default.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from ._ast_facts import facts

FILES = "flask.request.files"

# words of a field's name that name a whole store of data
_WHOLE_DATA = frozenset(
    {
        "database", "databases", "db", "sqlite", "sqlite3", "backup", "backups", "dump", "dumps",
        "restore", "archive", "archives", "video", "videos",
    }
)
# the text of a module that may read such a field (a cheap test before parsing)
MAY_NAME_A_FIELD = re.compile(r"\.files\b")


@dataclass(frozen=True)
class WholeDataField:
    """A ``request.files`` field that takes a whole store of data, and where it is read."""

    name: str
    line: int


def whole_data_fields(tree: ast.Module) -> list[WholeDataField]:
    """Every ``request.files[NAME]`` / ``.get(NAME)`` / ``.getlist(NAME)`` of ``tree``
    (``flask.request`` by qualified name) whose literal NAME names a whole store of data."""
    found = facts(tree)
    if "files" not in found.attributes:
        return []
    fields: list[WholeDataField] = []
    for node in ast.walk(tree):
        kind = type(node)
        if kind is ast.Subscript:
            holder, key = node.value, node.slice  # type: ignore[attr-defined]
        elif kind is ast.Call and type(node.func) is ast.Attribute and node.func.attr in ("get", "getlist") and node.args:  # type: ignore[attr-defined]
            holder, key = node.func.value, node.args[0]  # type: ignore[attr-defined]
        else:
            continue
        if type(holder) is not ast.Attribute or holder.attr != "files" or FILES not in found.qualified(holder):
            continue
        if type(key) is ast.Constant and isinstance(key.value, str) and _names_whole_data(key.value):
            fields.append(WholeDataField(key.value, node.lineno))  # type: ignore[attr-defined]
    return fields


def _names_whole_data(name: str) -> bool:
    """``"database"``, ``"backup_file"``, ``"db-upload"``: a word of the name is one of them."""
    return any(word in _WHOLE_DATA for word in re.split(r"[^a-z0-9]+", name.lower()))

"""static-max-age: the places where the project's code writes into its static folder.

A max-age suits files that change only with a deploy. Files the running app saves, replaces
or deletes under its static folder (uploads kept there, pictures or reports it generates)
change behind the same URL: with ``SEND_FILE_MAX_AGE_DEFAULT`` browsers, and shared caches
(Flask sends a max-age as ``public``), would keep a replaced or deleted file for that long.

What counts, read on the standard library's AST of every application module that mentions
the static folder at all (a superset of the places: naming it is how the code reaches it):

- a call that writes, moves or deletes a file (``os.remove``, ``shutil.move``, ``open(p, "w")``,
  ``file.save(p)``, ``figure.savefig(p)``, ``Path.write_text`` ...) whose path, or the object
  whose method it is, names the static folder (``_names_static``: ``app.static_folder``,
  ``STATIC_DIR``, a string holding ``static``);
- a setting that names a place for uploads (``UPLOAD_FOLDER``, Flask-Uploads'
  ``UPLOADED_PHOTOS_DEST``) with a value that names the static folder: the code that saves
  into it may reach it through the setting alone.
"""

from __future__ import annotations

import ast
import re

from ._base import Context
from ._names import target_name
from ._static_max_age_files import _called_name, _names_static, project_places

_MENTIONS_STATIC = re.compile(r"(?i)static")
# functions that write, move or delete files, by qualified name
_FILE_FUNCTIONS = frozenset(
    {
        "os.remove", "os.unlink", "os.rename", "os.renames", "os.replace", "os.makedirs", "os.mkdir", "os.rmdir",
        "shutil.move", "shutil.copy", "shutil.copy2", "shutil.copyfile", "shutil.copytree", "shutil.rmtree",
    }
)
# methods that write or delete a file: werkzeug's FileStorage, Pillow's and Matplotlib's
# saves, pandas' exports, pathlib's writes
_FILE_METHODS = frozenset(
    {"save", "savefig", "to_csv", "to_excel", "write_text", "write_bytes", "touch", "mkdir", "unlink", "rmdir"}
)
_WRITE_MODE = re.compile(r"[wax+]")
# settings that name a place uploads are saved to
_UPLOAD_SETTING = re.compile(r"(?i)upload|_DEST$")


def static_writes(ctx: Context, own_text: str) -> list[str]:
    """``path:line`` of the places in the project's application code (this module's text
    included) that write into the static folder, or name it as the place for uploads."""
    return project_places(ctx, own_text, _MENTIONS_STATIC, _writes)


def _writes(tree: ast.Module) -> list[int]:
    lines = []
    aliases = _imported_names(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _writes_static(node, aliases):
            lines.append(node.lineno)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None and _names_static(node.value):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(_UPLOAD_SETTING.search(target_name(target) or "") for target in targets):
                lines.append(node.lineno)
        elif isinstance(node, ast.keyword) and node.arg and _UPLOAD_SETTING.search(node.arg) and _names_static(node.value):
            lines.append(node.value.lineno)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and isinstance(key.value, str) and _UPLOAD_SETTING.search(key.value) and _names_static(value):
                    lines.append(key.lineno)
    return sorted(set(lines))


def _writes_static(call: ast.Call, aliases: dict[str, str]) -> bool:
    name = _called_name(call.func)
    arguments = [*call.args, *(keyword.value for keyword in call.keywords)]
    if name == "open" and isinstance(call.func, ast.Name):
        mode = call.args[1] if len(call.args) > 1 else next((k.value for k in call.keywords if k.arg == "mode"), None)
        writes = isinstance(mode, ast.Constant) and isinstance(mode.value, str) and bool(_WRITE_MODE.search(mode.value))
        return writes and bool(call.args) and _names_static(call.args[0])
    if _qualified(call.func, aliases) in _FILE_FUNCTIONS:
        return any(_names_static(argument) for argument in arguments)
    if name in _FILE_METHODS and isinstance(call.func, ast.Attribute):
        return any(_names_static(part) for part in (call.func.value, *arguments))
    return False


def _imported_names(tree: ast.Module) -> dict[str, str]:
    """Local name -> what it stands for, for ``os``/``shutil`` and the functions imported from them."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module in ("os", "shutil") and node.level == 0:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def _qualified(func: ast.expr, aliases: dict[str, str]) -> str | None:
    parts: list[str] = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if not isinstance(func, ast.Name):
        return None
    root = aliases.get(func.id, func.id)
    return ".".join([root, *reversed(parts)])


"""dotenv-config: the same secret written in a base class in another module.

walle-web's ``ProdConfig.MAIL_PASSWORD`` repeats, letter for letter, the password its base
``Config`` sets in ``settings.py``: moving the production copy to ``.env`` would leave the
secret in the code all the same, in the class the production class is built on (and add a
variable every install must set). The plan's ``_same_value_stays`` reads the module it
rewrites; ``copy_in_bases`` reads the bases a config class imports from another module of the
project's application code (``from walle.config.settings import Config``): a string
constant of the same text in the body of that base class. (Only the bases: a module that
holds the same text beside it, such as a test configuration, moves its own copy in its own
run.)
"""

from __future__ import annotations

import ast
import posixpath
import re

from ._base import Context
from ._parsed_modules import python_fact
from ._project_view import application_modules


def copy_in_bases(ctx: Context, tree: ast.Module | None, class_name: str, text: str) -> tuple[str, int] | None:
    """``(path, line)`` of a string constant whose value is ``text`` in a base class of the
    module's class ``class_name`` that the module imports from another module of the project
    (one ``from ... import`` of it); None when none."""
    if tree is None or not text:
        return None
    owner = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name), None)
    if owner is None:
        return None
    wanted = {base.id for base in owner.bases if isinstance(base, ast.Name)}
    places = [
        (_module_path(ctx.path, node.level, node.module), alias.name)
        for node in tree.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if (alias.asname or alias.name) in wanted
    ]
    if not places:
        return None
    texts = dict(application_modules(ctx, re.compile(re.escape(text))))
    for suffix, base in places:
        for path in sorted(texts):
            if path == ctx.path or not (path == suffix or path.endswith("/" + suffix)):
                continue
            lines = python_fact(texts[path], f"dotenv-config: class strings {base}", lambda t: _class_strings(t, base))
            if lines and text in lines:
                return path, lines[text]
    return None


def _module_path(importer: str, level: int, module: str | None) -> str:
    """The file a ``from <module> import`` names, as a path suffix (``walle/config/settings.py``)."""
    parts = (module or "").split(".") if module else []
    if level:
        folder = posixpath.dirname(importer)
        for _ in range(level - 1):
            folder = posixpath.dirname(folder)
        parts = [*(folder.split("/") if folder else []), *parts]
    return "/".join(parts) + ".py"


def _class_strings(tree: ast.Module, name: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == name:
            for inner in ast.walk(node):
                if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
                    found[inner.value] = min(found.get(inner.value, inner.lineno), inner.lineno)
    return found

"""dotenv-config: the same secret written in a base class in another module, or in a module
that no configuration loading reaches.

walle-web's ``ProdConfig.MAIL_PASSWORD`` repeats, letter for letter, the password its base
``Config`` sets in ``settings.py``: moving the production copy to ``.env`` would leave the
secret in the code all the same, in the class the production class is built on (and add a
variable every install must set). The plan's ``_same_value_stays`` reads the module it
rewrites; ``copy_in_bases`` reads the bases a config class imports from another module of the
project's application code (``from walle.config.settings import Config``): a string
constant of the same text in the body of that base class. ``copy_in_unloaded_module`` reads
the other modules of the application that the project's configuration loading does not
reach (``ProjectView.use_of``): newspipe's ``instance/config.py``, the PostgreSQL example its
README says to copy, repeats the ``SECRET_KEY`` of ``instance/sqlite.py``, the file the app
loads by name; nothing rewrites the example, so moving the loaded copy hides nothing. (A
module the loading reaches, such as a test configuration, moves or keeps its own copy in its
own run.)
"""

from __future__ import annotations

import ast
import posixpath
import re

from typing import TYPE_CHECKING

from ._base import Context
from ._parsed_modules import python_fact
from ._project_view import application_modules

if TYPE_CHECKING:
    from ._dotenv_config_project import ProjectView


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


def copy_in_unloaded_module(ctx: Context, view: ProjectView, text: str) -> tuple[str, int] | None:
    """``(path, line)`` of a constant whose value is ``text`` (``NAME = "..."`` in a module's or
    a class's body) in another module of the application that no configuration loading reaches;
    None when none. (A direct ``app.config[...] = "..."`` elsewhere is configuration the tool
    moves in that module's own run: not counted.)"""
    if not text:
        return None
    for path, module_text in sorted(application_modules(ctx, re.compile(re.escape(text)))):
        if path == view.this or view.use_of(path).reached:
            continue
        lines = python_fact(module_text, "dotenv-config: constant strings", _constant_strings)
        if lines and text in lines:
            return path, lines[text]
    return None


def _constant_strings(tree: ast.Module) -> dict[str, int]:
    """The string values of the ``NAME = "..."`` statements of the module's and its classes'
    bodies -> their first line."""
    found: dict[str, int] = {}
    bodies = [tree.body, *(node.body for node in tree.body if isinstance(node, ast.ClassDef))]
    for body in bodies:
        for node in body:
            if (
                isinstance(node, ast.Assign)
                and all(isinstance(target, ast.Name) for target in node.targets)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                found[node.value.value] = min(found.get(node.value.value, node.lineno), node.lineno)
    return found


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

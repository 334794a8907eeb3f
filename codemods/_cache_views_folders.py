"""Template folders of the app that renders a blueprint's views, when the code computes them.

A blueprint's templates are looked up in the app's template folder too, and the app is made
in another module: the package's ``__init__.py`` or an ``app.py``, in the blueprint's folder
or up to three above it. When that app is made with ``template_folder=`` or ``root_path=``
given by an expression (``str(config.TEMPLATES_DIR)``, ``os.path.join(base, "templates")``),
its folder cannot be read: a template found in no readable folder is then said to be in one
the codemod could not read, not to be missing; so is one the app may take from ``*args``,
``**options`` or its arguments by position. The modules are read with the standard
library's parser and never count against the analysis' budget of modules: this only words a
finding.
"""

from __future__ import annotations

import ast
import posixpath
from functools import lru_cache
from typing import Callable

import libcst as cst

from ._ast_nodes import last_name
from ._cache_views_templates import UnreadFolder, unread_folder
from ._projects_kept import dropped_with_projects

APP_MODULES = ("__init__.py", "app.py")
MAX_LEVELS = 3  # folders above the blueprint's where the app may be made
_KEYWORDS = ("template_folder", "root_path")
_LONGEST = 60  # characters of an expression quoted in a finding
_FOLDER_PARAMETER = 4  # Blueprint(name, import_name, static_folder, static_url_path, template_folder, ...)
_EMPTY = cst.Module(body=[])


def computed_app_folders(text: Callable[[str], "str | None"]) -> list[UnreadFolder]:
    """The folders of the apps made near the module (``text(path)`` reads a path relative to
    its folder) that the code computes, each saying where."""
    found: list[UnreadFolder] = []
    for up in range(MAX_LEVELS + 1):
        for name in APP_MODULES:
            path = posixpath.join("../" * up, name)
            source = text(path)
            if source is None or not (any(keyword in source for keyword in _KEYWORDS) or "*" in source):
                continue
            for keyword, spelling in _computed(source):
                if keyword == "":  # given by arguments the codemod cannot read
                    folder = unread_folder(f"the app's template folder may be given by {spelling} (in {path})")
                elif keyword == "template_folder":
                    folder = unread_folder(f"the app's template folder is computed in {path} ({keyword}={spelling})")
                else:
                    folder = unread_folder(f"the app's template folder is under {keyword}={spelling} (in {path})")
                if folder not in found:
                    found.append(folder)
    return found


@lru_cache(maxsize=16)  # asked once per view a module routes: the same few texts each time
def _computed(source: str) -> tuple[tuple[str, str], ...]:
    """(keyword, how the code spells it) for each folder an app made here computes."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):
        return ()
    reasons = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or last_name(node.func) != "Flask":
            continue
        for keyword in node.keywords:
            if keyword.arg in _KEYWORDS and not _literal(keyword.value):
                reasons.append((keyword.arg, quoted(source, keyword.value)))
        if not any(keyword.arg in _KEYWORDS for keyword in node.keywords):
            starred = [quoted(source, a) for a in node.args if isinstance(a, ast.Starred)]
            starred += [f"**{quoted(source, k.value)}" for k in node.keywords if k.arg is None]
            if starred:
                reasons.append(("", starred[0]))
            elif len(node.args) > _FOLDER_PARAMETER:
                reasons.append(("", "the arguments Flask(...) is given by position (their order differs between releases)"))
    return tuple(reasons)


dropped_with_projects(_computed.cache_clear)  # (kept by text: of no use to the next project)


def quoted(source: str, node: ast.expr) -> str:
    """How ``source`` spells ``node``, cut short for a finding."""
    spelling = ast.get_source_segment(source, node) or "..."
    return spelling if len(spelling) <= _LONGEST else spelling[: _LONGEST - 3] + "..."


def _literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, str))


def unknown_folder_arguments(call: cst.Call, kind: str) -> cst.Arg | str | None:
    """For a ``Flask(...)`` (``kind`` "app") or ``Blueprint(...)`` call without
    ``template_folder=``: the argument that gives the folder by position (a blueprint's fifth:
    its parameters have kept that order), or how the code may give one the codemod cannot read
    (``**options``, ``*args``, an app's arguments by position, whose order differs between
    Flask releases), or None when no argument gives one."""
    positional = 0
    for arg in call.args:
        if arg.star:
            spelling = _EMPTY.code_for_node(arg.value)
            spelling = spelling if len(spelling) <= _LONGEST else spelling[: _LONGEST - 3] + "..."
            return f"{arg.star}{spelling}"
        if arg.keyword is not None:
            continue
        if positional == _FOLDER_PARAMETER:
            return arg if kind != "app" else "the arguments Flask(...) is given by position (their order differs between releases)"
        positional += 1
    return None

"""The template folders every blueprint of the project gives, wherever it is made, and the
template loaders the project sets.

Flask's loader looks a template up in the app's folder, then in the folder of every blueprint
registered on the app, in the order they were registered, whichever module makes them
(``DispatchingJinjaLoader``): a blueprint's page may extend a layout kept in another
blueprint's folder (flask-covid19's ``layout.html``). Which blueprints an app registers is not
read here, so every blueprint of the project's application code that gives a folder counts,
and a template found in several folders is judged in each (``TemplateAnalyser``): a folder of
a blueprint the app never registers can only make the codemod find a page Flask would not,
whose view then fails with or without a cache. The folder is read from ``template_folder=`` or
the fifth positional argument (``Blueprint``'s parameters have kept that order). A folder the
code computes, one under a ``root_path=``, or one that ``**kwargs`` may give is said to be
unread (``unread_folder``): a template found nowhere else is then not said to be missing.

An app that serves its templates through a loader of its own (``app.jinja_loader = ...``,
``app.jinja_env.loader = ...``, a ``jinja_loader`` or ``create_global_jinja_loader`` of a
``Flask`` subclass: blohg, xichuangzhu) may serve them from folders the codemod does not read,
and before the ones it reads: that loader is an unread folder that also says a template found
may not be the one served (``unread_loader``). The modules are read with the standard
library's parser, once per project (``remembered``).
"""

from __future__ import annotations

import ast
import posixpath
import re

from ._ast_nodes import last_name
from ._cache_views_folders import quoted
from ._cache_views_templates import unread_folder, unread_loader
from ._project_answers import remembered
from ._project_view import application_modules

_GIVES = re.compile(r"\b(Blueprint|jinja_loader|create_global_jinja_loader)\b|\bjinja_env\s*\.\s*loader\b")
_LOADER_METHODS = frozenset({"jinja_loader", "create_global_jinja_loader"})
_FOLDER_PARAMETER = 4  # Blueprint(name, import_name, static_folder, static_url_path, template_folder, ...)


def project_blueprint_folders(ctx) -> list[str]:
    """The folders the project's blueprints give, as the file ``ctx`` transforms reads them
    (relative to its folder), unread ones as ``unread_folder``, loaders the project sets as
    ``unread_loader``; none without a listing of the project (a text transformed on its own)."""
    listing = ctx.project_files()
    if listing is None:
        return []
    here = posixpath.dirname(listing.this) or "."
    folders: list[str] = []
    for folder, why, loader in remembered(ctx, ("cache-views: template folders of the project's blueprints",), _derive):
        if loader:
            folders.append(unread_loader(why))
        else:
            folders.append(unread_folder(why) if why else posixpath.relpath(folder, here))
    return folders


def _derive(reader) -> tuple[tuple[str, str, bool], ...]:
    """(folder relative to the project root, "", False) or ("", why it is not read, whether it
    is a loader) per blueprint that gives a folder and per loader set, in the listing's order."""
    found: list[tuple[str, str, bool]] = []
    for path, text in application_modules(reader, _GIVES):
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError):
            continue
        for node in ast.walk(tree):
            given = None
            if isinstance(node, ast.Call) and last_name(node.func) == "Blueprint":
                given = _given(node, text, path)
            elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.FunctionDef, ast.AsyncFunctionDef)):
                given = _loader_set(node, text, path)
            if given is not None and given not in found:
                found.append(given)
    return tuple(found)


def _given(call: ast.Call, text: str, path: str) -> tuple[str, str, bool] | None:
    keywords = {keyword.arg: keyword.value for keyword in call.keywords if keyword.arg}
    positional = call.args[_FOLDER_PARAMETER] if len(call.args) > _FOLDER_PARAMETER else None
    if any(isinstance(arg, ast.Starred) for arg in call.args[: _FOLDER_PARAMETER + 1]):
        return "", f"a blueprint's arguments are given by {quoted(text, next(a for a in call.args if isinstance(a, ast.Starred)))} (in {path})", False
    if "template_folder" not in keywords and positional is not None:
        keywords["template_folder"] = positional
    if "template_folder" not in keywords:
        starred = next((keyword.value for keyword in call.keywords if keyword.arg is None), None)
        if starred is not None:  # ``**kwargs`` may give one
            return "", f"a blueprint's template folder may be given by **{quoted(text, starred)} (in {path})", False
        return None  # no folder of its own
    for keyword in ("root_path", "template_folder"):
        value = keywords.get(keyword)
        if value is None:
            continue
        if keyword == "template_folder" and isinstance(value, ast.Constant) and (value.value is None or isinstance(value.value, str)):
            return (posixpath.normpath(posixpath.join(posixpath.dirname(path), value.value)), "", False) if value.value else None
        spelling = quoted(text, value)
        if keyword == "root_path":
            return "", f"a blueprint's template folder is under root_path={spelling} (in {path})", False
        return "", f"a blueprint's template folder is computed in {path} (template_folder={spelling})", False
    return None


def _loader_set(node: ast.AST, text: str, path: str) -> tuple[str, str, bool] | None:
    """A template loader the statement sets: an assignment to ``<x>.jinja_loader`` or
    ``<x>.jinja_env.loader``, or a method of a class that overrides Flask's (``def jinja_loader``,
    ``def create_global_jinja_loader``)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        if node.name in _LOADER_METHODS and node.args.args and node.args.args[0].arg == "self":
            return "", f"the project serves templates through a template loader of its own ({node.name} in {path}:{node.lineno})", True
        return None
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]  # type: ignore[attr-defined]
    for target in targets:
        if not isinstance(target, ast.Attribute):
            continue
        if target.attr == "jinja_loader" or (
            target.attr == "loader" and isinstance(target.value, ast.Attribute) and target.value.attr == "jinja_env"
        ):
            return "", f"the project serves templates through a template loader of its own ({quoted(text, target)} = ... in {path}:{node.lineno})", True
    return None

"""The template folders every blueprint of the project gives, wherever it is made.

Flask's loader looks a template up in the app's folder, then in the folder of every blueprint
registered on the app, in the order they were registered, whichever module makes them
(``DispatchingJinjaLoader``): a blueprint's page may extend a layout kept in another
blueprint's folder (flask-covid19's ``layout.html``). Which blueprints an app registers is not
read here, so every blueprint of the project's application code that gives a folder counts,
and a template found in several folders is judged in each (``TemplateAnalyser``): a folder of
a blueprint the app never registers can only make the codemod find a page Flask would not,
whose view then fails with or without a cache. A folder the code computes, or one under a
``root_path=``, is said to be unread (``unread_folder``): a template found nowhere else is
then not said to be missing. The modules are read with the standard library's parser, once
per project (``remembered``).
"""

from __future__ import annotations

import ast
import posixpath
import re

from ._ast_nodes import last_name
from ._cache_views_folders import quoted
from ._cache_views_templates import unread_folder
from ._project_answers import remembered
from ._project_view import application_modules

_GIVES = re.compile(r"\b(template_folder|root_path)\b")


def project_blueprint_folders(ctx) -> list[str]:
    """The folders the project's blueprints give, as the file ``ctx`` transforms reads them
    (relative to its folder), unread ones as ``unread_folder``; none without a listing of the
    project (a text transformed on its own)."""
    listing = ctx.project_files()
    if listing is None:
        return []
    here = posixpath.dirname(listing.this) or "."
    folders: list[str] = []
    for folder, why in remembered(ctx, ("cache-views: template folders of the project's blueprints",), _derive):
        folders.append(unread_folder(why) if why else posixpath.relpath(folder, here))
    return folders


def _derive(reader) -> tuple[tuple[str, str], ...]:
    """(folder relative to the project root, "") or ("", why it is not read) per blueprint
    that gives a folder, in the listing's order."""
    found: list[tuple[str, str]] = []
    for path, text in application_modules(reader, _GIVES):
        if "Blueprint" not in text:
            continue
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and last_name(node.func) == "Blueprint":
                given = _given(node, text, path)
                if given is not None and given not in found:
                    found.append(given)
    return tuple(found)


def _given(call: ast.Call, text: str, path: str) -> tuple[str, str] | None:
    keywords = {keyword.arg: keyword.value for keyword in call.keywords if keyword.arg}
    if "template_folder" not in keywords:
        return None  # no folder of its own
    for keyword in ("root_path", "template_folder"):
        value = keywords.get(keyword)
        if value is None:
            continue
        if keyword == "template_folder" and isinstance(value, ast.Constant) and (value.value is None or isinstance(value.value, str)):
            return (posixpath.normpath(posixpath.join(posixpath.dirname(path), value.value)), "") if value.value else None
        spelling = quoted(text, value)
        if keyword == "root_path":
            return "", f"a blueprint's template folder is under root_path={spelling} (in {path})"
        return "", f"a blueprint's template folder is computed in {path} (template_folder={spelling})"
    return None

"""static-max-age: what the project serves as files, read on the standard library's AST.

``SEND_FILE_MAX_AGE_DEFAULT`` is the max-age of every ``send_file()`` and
``send_from_directory()`` call that passes none, not only of the static folder. A call that
sends a file that can change behind the same URL (a report, a log, an edited cover) would be
kept by browsers for the max-age too. A call counts as sending a static file when the file or
folder it is given names the static folder (``app.static_folder``, ``STATIC_DIR``,
``os.path.join(app.root_path, "static", ...)``).
"""

from __future__ import annotations

import ast
import posixpath
import re
from typing import Callable

from ._ast_facts import facts
from ._base import Context
from ._project_view import application_modules, parsed, unparsed_words

SEND_FILE = frozenset(
    {"flask.send_file", "flask.send_from_directory", "flask.helpers.send_file", "flask.helpers.send_from_directory"}
)
# keywords that give such a call its own max-age (``cache_timeout`` before Flask 2.0)
OWN_MAX_AGE = frozenset({"max_age", "cache_timeout"})
# what a call asks the app for its default max-age by (what a sent file then gets)
ASKS_DEFAULT = "get_send_file_max_age"
_MAY_SEND = re.compile(r"send_(file|from_directory)\b|get_send_file_max_age\b")
_STATIC = re.compile(r"(?i)static")


# what a place that is a module which does not parse holds after its path (``unparsed_words``
# follows): what it does cannot be read
UNREADABLE = ", which "


def dynamic_file_sends(ctx: Context, own_text: str) -> list[str]:
    """``path:line`` of the calls in the project's application code (this module's text
    included) that send a file with the app's default max-age, a file not from the static
    folder (``_sends``)."""
    return project_places(ctx, own_text, _MAY_SEND, _sends)


def project_places(
    ctx: Context, own_text: str, wanted: re.Pattern[str], lines_of: Callable[[ast.Module], list[int]]
) -> list[str]:
    """``path:line`` of the lines ``lines_of`` gives for each module of the project's
    application code (this module's text included) whose text matches ``wanted`` (a module
    that does not parse is a place of its own: what it does cannot be read); only those
    in this module's own package when it has any (a project of two apps in two packages: the
    other app's lines are not this app's)."""
    own = posixpath.normpath(ctx.path.replace("\\", "/"))
    places: list[str] = []
    seen: set[str] = set()
    for path, text in [(own, own_text), *application_modules(ctx, wanted)]:
        if path in seen or not wanted.search(text):
            continue
        seen.add(path)
        tree = parsed(text)
        if tree is not None:  # this module's lines: of the tree given, named in the user's file
            cite = ctx.file_line if path == own and text is own_text else _same_line
            places.extend(f"{path}:{cite(line)}" for line in sorted(lines_of(tree)))
        else:  # Python 2, say: that it has no such line cannot be shown
            places.append(f"{path}{UNREADABLE}{unparsed_words(text)}")
    listing = ctx.project_files()
    package = posixpath.dirname(listing.this.replace("\\", "/")) if listing is not None else ""
    own_package = [place for place in places if package and place.startswith(package + "/")]
    return own_package or places


def _same_line(line: int) -> int:
    return line


def _sends(tree: ast.Module) -> list[int]:
    """The lines of the calls that send a file with the app's default max-age: a send without
    its own, or a question for the default (``get_send_file_max_age(path)``, whose answer a
    send passes on), each for a file not from the static folder."""
    found = facts(tree)
    lines = []
    for call in found.calls:
        if _called_name(call.func) == ASKS_DEFAULT:
            asked = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "filename"), None)
            if asked is None or not _names_static(asked):
                lines.append(call.lineno)
            continue
        if found.qualified(call.func).isdisjoint(SEND_FILE):
            continue
        if any(keyword.arg in OWN_MAX_AGE or keyword.arg is None for keyword in call.keywords):
            continue
        sent = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg in ("path_or_file", "directory", "filename_or_fp")), None)
        if sent is not None and _names_static(sent):
            continue
        lines.append(call.lineno)
    return lines


def _called_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


def _names_static(node: ast.AST) -> bool:
    for part in ast.walk(node):
        if isinstance(part, ast.Name) and _STATIC.search(part.id):
            return True
        if isinstance(part, ast.Attribute) and _STATIC.search(part.attr):
            return True
        if isinstance(part, ast.Constant) and isinstance(part.value, str) and _STATIC.search(part.value):
            return True
    return False


def static_files_exist(ctx: Context, folder: str) -> bool:
    """Whether the project holds a file under ``folder`` (relative to this file's folder, as
    the listing places this file); True when the project's files are unknown."""
    listing = ctx.project_files()
    if listing is None:
        return True
    here = posixpath.dirname(listing.this.replace("\\", "/"))
    prefix = posixpath.normpath(posixpath.join(here, folder)).rstrip("/") + "/"
    return any(path.startswith(prefix) for path in listing.every_file)

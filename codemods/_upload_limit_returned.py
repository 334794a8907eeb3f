"""upload-limit: blueprints registered as what a function returns, which the codemod does not
follow, and where the project reads uploads.

``app.register_blueprint(create_cms(), url_prefix="/cms")`` (lin-cms-flask): a registered
blueprint is followed by its name to the module that makes it; a call's return value names no
module, and what the returned blueprint registers in turn is not read. Where the project's
application code reads ``request.files`` somewhere, such a registration may bring that view
to the app: the limit is not written (what is served, and what the project allows, are not
known), and a finding at the registration says so (``returned_blueprint_finding``).
"""

from __future__ import annotations

import ast
import re

from ._ast_facts import facts
from ._base import Context
from ._project_answers import remembered
from ._project_view import application_modules, parsed

FILES = "flask.request.files"
_SPELLED = re.compile(r"\.files\b")


def first_files_read(ctx: Context) -> tuple[str, int] | None:
    """``(path, line)`` of the first ``request.files`` (flask's, by qualified name) in the
    project's application code; None when it reads none."""
    return remembered(ctx, ("upload-limit: first files read",), _first_read)


def _first_read(reader) -> tuple[str, int] | None:
    for path, text in sorted(application_modules(reader, _SPELLED)):
        tree = parsed(text)
        if tree is None:
            continue
        found = facts(tree)
        lines = [
            node.lineno
            for node in ast.walk(tree)
            if type(node) is ast.Attribute and node.attr == "files" and FILES in found.qualified(node)  # type: ignore[attr-defined]
        ]
        if lines:
            return path, min(lines)
    return None


def returned_blueprint_finding(given: list[str], read: tuple[str, int], key: str) -> str:
    """One finding for an app's registrations of blueprints given by calls (at the first):
    ``given``, the code of each call, once each (a long one cut short)."""
    named = [code if len(code) <= 60 else code[:57] + "..." for code in dict.fromkeys(" ".join(g.split()) for g in given)]
    spelled = named[0] if len(named) == 1 else ", ".join(named[:-1]) + f" and {named[-1]}"
    return (
        f"the app registers the blueprint{'s' if len(given) > 1 else ''} that {spelled} return{'s' if len(named) == 1 else ''}, "
        f"which upload-limit does not follow, and the project reads request.files ({read[0]}:{read[1]}): if this app "
        f"serves that view, set {key} by hand, no lower than the largest upload it accepts"
    )

"""dotenv-config: the same secret written in another module of the application.

walle-web's ``ProdConfig.MAIL_PASSWORD`` repeats, letter for letter, the password its base
``Config`` sets in another module: moving the production copy to ``.env`` would leave the
secret in the code all the same (and add a variable every install must set). The plan's
``_same_value_stays`` reads the module it rewrites; ``copy_elsewhere`` reads the others: a
string constant of the same text in any module of the project's application code.
"""

from __future__ import annotations

import ast
import re

from ._base import Context
from ._parsed_modules import python_fact
from ._project_view import application_modules


def copy_elsewhere(ctx: Context, text: str) -> tuple[str, int] | None:
    """``(path, line)`` of the first string constant whose value is ``text`` in a module of
    the project's application code other than the one ``ctx`` transforms; None when none."""
    if not text:
        return None
    for path, source in sorted(application_modules(ctx, re.compile(re.escape(text)))):
        if path == ctx.path:
            continue
        lines = python_fact(source, "dotenv-config: string constants", _string_lines)
        if lines is not None and text in lines:
            return path, lines[text]
    return None


def _string_lines(tree: ast.Module) -> dict[str, int]:
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found[node.value] = min(found.get(node.value, node.lineno), node.lineno)
    return found

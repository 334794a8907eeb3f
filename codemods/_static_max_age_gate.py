"""static-max-age's project gate: whether an app of this module may serve files from a static
folder, told on the standard library's AST before LibCST parses.

The transform sets the max-age only on apps whose static folder (``static`` beside the module,
or ``static_folder=``) holds files in the project, and reports an app whose arguments are
unpacked (its folder cannot be read). The gate reads every ``Flask(...)`` the module may create
the same way, and says yes when unsure.
"""

from __future__ import annotations

import ast

from ._app_config_gate import created_apps
from ._ast_facts import keyword_value
from ._base import Context
from ._static_max_age_files import static_files_exist

DEFAULT_FOLDER = "static"


def may_serve_static_files(tree: ast.Module, ctx: Context) -> bool:
    """Whether an app the module creates may have a static folder that holds files (or one the
    transform cannot tell, which it reports)."""
    for call, _ in created_apps(tree):
        folder = static_folder(call)
        if folder is not None and (folder == "" or static_files_exist(ctx, folder)):
            return True
    return False


def static_folder(call: ast.Call) -> str | None:
    """The static folder of the app ``call`` creates, relative to the module's folder; "" when
    the code does not spell it (an expression, an absolute path, unpacked arguments); None
    with ``static_folder=None``."""
    argument = keyword_value(call, "static_folder")
    if argument is None:
        positional = [a for a in call.args if type(a) is not ast.Starred]
        # Flask(import_name, static_url_path=None, static_folder="static", ...)
        argument = positional[2] if len(positional) >= 3 else None
    if argument is None:
        unpacked = any(type(a) is ast.Starred for a in call.args) or any(k.arg is None for k in call.keywords)
        return "" if unpacked else DEFAULT_FOLDER
    if type(argument) is not ast.Constant:
        return ""
    value = argument.value  # type: ignore[attr-defined]
    if value is None:
        return None
    if type(value) is str and value and not value.startswith(("/", "\\")) and ":" not in value:
        return value
    return ""

"""static-max-age's project gate: whether an app of this module may serve files from a static
folder, told on the standard library's AST before LibCST parses.

The transform sets the max-age only on apps whose static folder (``static`` beside the module,
or ``static_folder=``) holds files in the project, and reports an app whose arguments are
unpacked (its folder cannot be read). The gate reads every ``Flask(...)`` the module may create
the same way, and says yes when unsure. A module that sets the max-age itself is left alone
silently, before anything else is looked at (``_app_config.add_config_default``): the gate
says no to one that surely does (``sets_here``). Nor does it let through a module whose apps
the transform would leave alone without a word at its project-wide check (``ends_quietly``):
the project sets the max-age elsewhere, or, on a project that does not run on Python 2 only,
nothing deploys the app behind a WSGI server or a web server serves its static files.
"""

from __future__ import annotations

import ast
import posixpath

from ._app_config_gate import created_apps, silent_until_check
from ._ast_facts import facts
from ._ast_nodes import keyword_value
from ._base import Context
from ._project_view import where_project_sets
from ._python_2_only import python_2_only
from ._static_max_age_deploy import not_deployed_reason
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


def sets_here(tree: ast.Module, keys: tuple[str, ...]) -> bool:
    """Whether the module surely sets one of ``keys`` where the transform's scan of the
    module (``_app_config.scan_key``) sees a setter: an assignment (anywhere; ``=`` or an
    annotated one) to ``x["KEY"]``, the key spelled as one plain literal. Its position proves
    that: a string two characters longer than its value is one literal in plain quotes (not
    ``"A" "B"``, no escape, no prefix, no letter beyond ASCII)."""
    for statement in facts(tree).assignments:
        targets = statement.targets if type(statement) is ast.Assign else [statement.target]  # type: ignore[union-attr]
        for target in targets:
            if type(target) is not ast.Subscript or type(target.slice) is not ast.Constant:  # type: ignore[attr-defined]
                continue
            key = target.slice  # type: ignore[attr-defined]
            if (
                key.value in keys
                and key.lineno == key.end_lineno
                and key.end_col_offset - key.col_offset == len(key.value) + 2
            ):
                return True
    return False


def ends_quietly(tree: ast.Module, ctx: Context, keys: tuple[str, ...]) -> bool:
    """Whether the transform surely leaves the module as it is without a word at its
    project-wide check (``static_max_age._only_static_files_sent``), having said nothing
    before: no app of it is created with unpacked arguments (which it reports when it picks
    the apps with static files), nothing before the check may speak (``silent_until_check``),
    and the check then ends silently, on answers kept per project: the project sets one of
    ``keys`` elsewhere (``where_project_sets``, asked first); or, the app not running on
    Python 2 only (which it reports), nothing deploys it behind a WSGI server or a web server
    serves its static files (``not_deployed_reason``)."""
    if any(_unpacked(call) for call, _ in created_apps(tree)) or not silent_until_check(tree, ctx.path, keys):
        return False
    if any(where_project_sets(ctx, key) is not None for key in keys):
        return True
    listing = ctx.project_files()
    if listing is None or python_2_only(ctx, posixpath.dirname(listing.this)) is not None:
        return False
    return not_deployed_reason(ctx) is not None


def _unpacked(call: ast.Call) -> bool:
    return any(type(a) is ast.Starred for a in call.args) or any(k.arg is None for k in call.keywords)

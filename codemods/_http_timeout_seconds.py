"""http-timeout: the seconds to write — a positive number, the one the code already uses
(see _http_timeout_default) or the longer one its module names (_http_timeout_named_wait),
or none where the code reads its timeouts from its configuration."""

from __future__ import annotations

from typing import Any

import libcst as cst

from ._base import Context
from ._http_timeout_configured import (
    UnknownWaitAt,
    module_configured_imported_wait,
    module_imported_numbers,
    module_unknown_wait,
    project_configured_http,
    project_configured_timeout,
    project_longest_through_names,
    project_wrappers,
)
from ._http_timeout_default import module_configured_timeout, module_http_timeout, project_wait
from ._http_timeout_library_defaults import library_default_waits
from ._http_timeout_project_waits import project_http_wait
from ._http_timeout_named_wait import NamedWait, longer, module_named_wait
from ._http_timeout_unknown_waits import module_mapping_numbers


def timeout_to_write(module: cst.Module, ctx: Context, handled_evidence: bool = True) -> float | NamedWait | str:
    """The seconds to write (see _http_timeout_default), or the module's own named wait where
    it is at least as long (_http_timeout_named_wait), or where (``line N``, ``path:line``) the
    code reads its request timeouts from its configuration and the module names no number of
    its own, or gives an HTTP call a wait of unknown length (_http_timeout_unknown_waits: an
    ``UnknownWaitAt``): then none is sure to be as long. Without ``handled_evidence``, for a
    call whose timeout is not handled the same way, no wait shorter than the option of a call
    whose timeout a handler catches counts (_http_timeout_evidence)."""
    tree = ctx.python_tree(module)
    if tree is None:
        return longer(None, _project_timeout(ctx, handled_evidence))
    named = module_named_wait(tree)
    wrappers = project_wrappers(ctx)
    # what the module gives its calls through names and mappings: never write less
    floor = max([0, *(seconds for seconds, _ in [*module_mapping_numbers(tree), *module_imported_numbers(ctx, tree)])])
    own = module_http_timeout(tree, None if handled_evidence else ctx.options["timeout"])
    if own is not None:  # a proven call's wait the module cannot read may still be longer
        unknown = module_unknown_wait(ctx, tree, wrappers, proven_only=True)
        return unknown if unknown is not None else longer(named, max(own, floor))
    configured = module_configured_timeout(tree, wrappers) or module_configured_imported_wait(ctx, tree, wrappers)
    if configured is not None:
        return f"line {ctx.file_line(configured)}"
    unknown = module_unknown_wait(ctx, tree, wrappers, proven_only=False)
    if unknown is not None:
        return unknown
    project = _project_timeout(ctx, handled_evidence)
    if isinstance(project, str):
        return longer(named, project)
    # a module that writes no wait of its own for these calls has accepted a library's default
    # for its other client (an aiohttp session opened without one: _http_timeout_library_defaults)
    defaults = max([0, *(seconds for seconds, _ in library_default_waits(tree))])
    return longer(named, max(project, floor, defaults, project_longest_through_names(ctx)))


def _project_timeout(ctx: Context, handled_evidence: bool) -> float | str:
    configured = project_configured_http(ctx)  # the project's HTTP calls wait what a user configures
    if configured is not None:
        return configured
    project = project_wait(ctx)
    if project is not None and project[0] >= ctx.options["timeout"]:
        return project[0]  # any call's longer wait may lengthen the option's
    http = project_http_wait(ctx, handled_evidence) if project is not None and project[2] else None
    if http is not None and http < ctx.options["timeout"]:
        return http  # shorter than the option: only a wait the project gives an HTTP call
    elsewhere = project_configured_timeout(ctx)
    return elsewhere if elsewhere is not None else ctx.options["timeout"]


def unwritten(where: str) -> str:
    """The finding of a call given no timeout because ``timeout_to_write`` named no number."""
    if isinstance(where, UnknownWaitAt):
        return (
            f"not changed: this project gives an HTTP call a wait no number can be read from ({where}), "
            "and any number written here may be shorter than it: pass the same wait as timeout= here"
        )
    if not where.startswith("line "):  # another module's calls (``path:line``): not a setting of this module's
        return (
            f"not changed: another module of this project gives its calls a timeout from its configuration "
            f"({where}) and this module names no number of its own: any number written here may be shorter; pass "
            "the same setting as timeout= here"
        )
    return (
        f"not changed: this project reads its timeouts from its configuration ({where}) and this module "
        "names no number of its own (any may be shorter than one configured): pass the same setting as timeout= here"
    )

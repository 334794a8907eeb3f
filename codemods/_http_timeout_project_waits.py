"""http-timeout: the largest wait the project gives a proven HTTP call (review 24): when the
seconds written are shorter than the option, only such a wait may be them, never a pub/sub
poll's, a queue's or a job's (_http_timeout_evidence)."""

from __future__ import annotations

from typing import Any

from ._base import Context
from ._http_timeout_default import TimeoutMentions, may_give_waits, module_http_timeout
from ._http_timeout_nested_projects import in_nested_project, nested_project_folders
from ._parsed_modules import plain_fact
from ._project_answers import remembered
from ._project_view import application_modules


def project_http_wait(ctx: Context, handled_evidence: bool) -> float | None:
    """The largest wait the project's application code gives a proven HTTP call whose answer
    it reads (``module_http_timeout``); without ``handled_evidence``, leaving out the waits
    shorter than the option of calls whose timeout a handler catches."""
    below = None if handled_evidence else ctx.options["timeout"]
    return remembered(ctx, ("http-timeout: request waits", below), lambda reader: _largest_http_wait(reader, below))


def _largest_http_wait(reader: Any, below: float | None) -> float | None:
    best = None
    nested = nested_project_folders(reader)  # their waits are their own projects' (_nested_projects)
    for path, text in application_modules(reader, TimeoutMentions):  # type: ignore[arg-type]
        if not may_give_waits(text) or in_nested_project(path, nested):
            continue
        wait = plain_fact(text, f"http-timeout request timeout below {below}", lambda tree: module_http_timeout(tree, below))
        if wait is not None and (best is None or wait > best):
            best = wait
    return best

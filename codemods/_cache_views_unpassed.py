"""cache-views: what a finding says of a name a template reads that its view does not pass.

Something else may give it to the template: a context processor or a template global of the
project, or an extension's. Where the project's application code registers none (every module
read, none that spells a context processor, a template global or ``jinja_env.globals``), the
finding does not claim that one fills it in: only an extension could, else the page renders it
empty. The view stays uncached either way (an extension the codemod cannot see may). Where the
project's own processor fills a name in from the user (``_cache_views_context_processors``),
the page differs per user: that settled reason is the view's, and nothing is said."""

from __future__ import annotations

import re

from ._base import Context
from ._cache_views_catalog import PER_USER, SPECIFIC, USER
from ._project_answers import remembered
from ._project_view import application_modules, unreadable_application_module

# what registers names every template of the app reads
_INJECTS = re.compile(r"context_processor|template_global|jinja_env\s*\.\s*globals")


def project_may_inject(ctx: Context) -> bool:
    """Whether a context processor or template global of the project may give a template names
    its view does not pass: one is registered, or not every module can be read or listed."""
    if ctx.project_files() is None:
        return True
    return remembered(ctx, ("registers a context processor or template global",), _may_inject)


def _may_inject(reader) -> bool:
    if unreadable_application_module(reader) is not None:
        return True
    return next(application_modules(reader, _INJECTS), None) is not None


def unpassed_problem(label: str, missing: list[str], analysis) -> tuple[str, str]:
    """(category, reason) for a template ``label`` reading ``missing`` names its view does not
    pass: per user where the project's own context processor fills one in from the user
    (``per_user_names``: a settled refusal), else, where the project's own processor or
    template global gives one (``provided_names``), the reason naming it, else the specific
    reason ``unpassed`` says."""
    filled = analysis.per_user_names()
    name = next((n for n in missing if n in filled), None)
    if name is not None:
        return USER, (f"renders {label}, which reads {name}: the project's context processor fills it in "
                      f"from {filled[name]}: {PER_USER}")
    given = analysis.provided_names()
    name = next((n for n in missing if n in given), None)
    if name is not None:
        return SPECIFIC, (f"renders {label}, which reads {', '.join(missing[:3])}: the view does not pass it; the "
                          f"project's {given[name]} fills in {name} on every render, and what it gives is not "
                          "proved the same for every request")
    return SPECIFIC, unpassed(label, missing, analysis.may_inject())


def unpassed(label: str, missing: list[str], may_inject: bool) -> str:
    """The finding's reason for a template ``label`` reading ``missing`` names its view does not pass."""
    names = ", ".join(missing[:3])
    if may_inject:
        return (f"renders {label}, which reads {names}: the view does not pass it, so a context processor or "
                "template global the codemod cannot see fills it in")
    return (f"renders {label}, which reads {names}: the view does not pass it, and the project registers no "
            "context processor or template global: unless an extension fills it in, the page renders it empty")

"""http-timeout: where the project's application code reads the waits of its HTTP calls from
its configuration (see _http_timeout_default: then no number is right for a call of a module
that names none of its own), and the names of the project's wrappers around HTTP calls.

Each answer is kept per project (``_project_answers``); each module's facts once per text
(``python_fact``).
"""

from __future__ import annotations

import re

from ._base import Context
from ._http_timeout_client_calls import wrapper_names
from ._http_timeout_default import TimeoutMentions, may_give_waits, module_configured_waits
from ._parsed_modules import python_fact
from ._project_answers import remembered
from ._project_view import application_modules


def project_configured_timeout(ctx: Context) -> str | None:
    """Where (``path:line``) the project's application code first gives a call a wait read
    from its configuration (see ``module_configured_timeout``); kept per project
    (``_project_answers``)."""
    return remembered(ctx, "http-timeout: configured", _first_configured)


def _first_configured(ctx: Context) -> str | None:
    wrappers = project_wrappers(ctx)
    for path, text in application_modules(ctx, TimeoutMentions):  # type: ignore[arg-type]
        if not may_give_waits(text):
            continue
        waits = python_fact(text, "http-timeout configured", module_configured_waits) or ()
        line = next((line for line, callee, _ in waits if callee is None or callee in wrappers), None)
        if line is not None:
            return f"{path}:{line}"
    return None


def project_configured_http(ctx: Context) -> str | None:
    """Where (``path:line``) the project's application code first gives a call it proves an
    HTTP client call a wait read from its configuration (a setting's default included: see
    ``module_configured_timeout``); kept per project (``_project_answers``)."""
    return remembered(ctx, "http-timeout: configured HTTP", _first_configured_http)


def _first_configured_http(ctx: Context) -> str | None:
    for path, text in application_modules(ctx, TimeoutMentions):  # type: ignore[arg-type]
        if not may_give_waits(text):
            continue
        waits = python_fact(text, "http-timeout configured", module_configured_waits) or ()
        line = next((line for line, _, proven in waits if proven), None)
        if line is not None:
            return f"{path}:{line}"
    return None


def project_wrappers(ctx: Context) -> frozenset[str]:
    """The names of the project's functions that wrap an HTTP client call (see
    _http_timeout_client_calls.wrapper_names); kept per project (``_project_answers``)."""
    return remembered(ctx, "http-timeout: wrappers", _wrappers)


def _wrappers(ctx: Context) -> frozenset[str]:
    found: set[str] = set()
    for _, text in application_modules(ctx, _MAY_CALL_HTTP):
        found |= python_fact(text, "http-timeout wrappers", wrapper_names) or frozenset()
    return frozenset(found)


# a module that may call an HTTP client
_MAY_CALL_HTTP = re.compile(r"requests|httpx|urllib|aiohttp")

"""http-timeout: where the project's application code reads the waits of its HTTP calls from
its configuration (see _http_timeout_default: then no number is right for a call of a module
that names none of its own), and the names of the project's wrappers around HTTP calls.

Each answer is kept per project (``_project_answers``); each module's facts once per text
(``python_fact``).
"""

from __future__ import annotations

import ast
import re

from ._ast_numbers import lookup_constants
from ._base import Context
from ._http_timeout_bound_reads import configured_constants, imported_names
from ._http_timeout_client_calls import REQUEST_METHOD_NAMES, client_calls, wrapper_names
from ._http_timeout_default import (
    TimeoutMentions,
    callee_name,
    calls_given_waits,
    is_wait_name,
    may_give_waits,
    module_configured_waits,
    reads_configuration,
    wait_constants,
)
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
        waits = _configured_waits(ctx, text)
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
        waits = _configured_waits(ctx, text)
        line = next((line for line, _, proven in waits if proven), None)
        if line is not None:
            return f"{path}:{line}"
    return None


def _configured_waits(ctx: Context, text: str) -> list[tuple[int, str | None, bool]]:
    """``(line, callee, proven)`` of the calls of a module given a wait read from the
    configuration: in the module itself (_http_timeout_default.module_configured_waits), or
    through a constant of another module of the project bound to a configuration read."""
    waits = list(python_fact(text, "http-timeout configured", module_configured_waits) or ())
    imported = python_fact(text, "http-timeout imported waits", module_imported_waits) or ()
    if imported:
        constants = project_configured_constants(ctx)
        waits += [(line, callee, proven) for line, callee, proven, name in imported if name in constants]
    return waits


def module_configured_imported_wait(ctx: Context, tree: ast.Module, wrappers: frozenset[str]) -> int | None:
    """The line of the first call of ``tree`` that is an HTTP client call, or a call of one of
    the project's ``wrappers``, given a constant of another module of the project bound to a
    configuration read (``timeout=settings.HTTP_TIMEOUT``)."""
    imported = module_imported_waits(tree)
    if not imported:
        return None
    constants = project_configured_constants(ctx)
    return next(
        (line for line, callee, _, name in imported if name in constants and (callee is None or callee in wrappers)), None
    )


def module_imported_waits(tree: ast.Module) -> tuple[tuple[int, str | None, bool, str], ...]:
    """``(line, callee, proven, name)`` of the calls of ``tree`` (as in
    _http_timeout_default.module_configured_waits) given a wait that may be a constant of
    another module (_http_timeout_bound_reads.imported_names): its name there."""
    calls = calls_given_waits(tree)
    if not calls:
        return ()
    name_of = imported_names(tree)
    http = client_calls(tree)
    found = []
    for node in calls:
        name = next(
            (name for keyword in node.keywords if keyword.arg and is_wait_name(keyword.arg) for name in [name_of(keyword.value)] if name),
            None,
        )
        if name is None:
            continue
        callee = None if http.may_be_http(node) else callee_name(node.func)
        if callee != "" and callee not in REQUEST_METHOD_NAMES:
            found.append((node.lineno, callee, callee is None and http.is_http(node), name))
    return tuple(sorted(found))


def project_configured_constants(ctx: Context) -> frozenset[str]:
    """The names the top levels of the project's application modules bind to a configuration
    read (``HTTP_TIMEOUT = int(os.environ.get("HTTP_TIMEOUT", 120))``); kept per project."""
    return remembered(ctx, "http-timeout: configured constants", _configured_constants)


def _configured_constants(ctx: Context) -> frozenset[str]:
    wanted = _imported_wait_names(ctx)  # only these may be read: a module naming none binds none
    if not wanted:
        return frozenset()
    names = re.compile("|".join(sorted(map(re.escape, wanted))))
    found: set[str] = set()
    for _, text in application_modules(ctx, names):
        found |= python_fact(text, "http-timeout configured constants", module_configured_constants) or frozenset()
    return frozenset(found & wanted)


def _imported_wait_names(ctx: Context) -> frozenset[str]:
    found: set[str] = set()
    for _, text in application_modules(ctx, TimeoutMentions):  # type: ignore[arg-type]
        if may_give_waits(text):
            found.update(wait[3] for wait in python_fact(text, "http-timeout imported waits", module_imported_waits) or ())
    return frozenset(found)


def module_configured_constants(tree: ast.Module) -> frozenset[str]:
    constants = wait_constants(tree)
    settings = lookup_constants(tree)
    return configured_constants(tree, lambda value: reads_configuration(value, constants, settings))


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

"""http-timeout: where the project's application code reads the waits of its HTTP calls from
its configuration (see _http_timeout_default: then no number is right for a call of a module
that names none of its own), and the names of the project's wrappers around HTTP calls.

Each answer is kept per project (``_project_answers``); each module's facts once per text
(``plain_fact``: they hold none of its tree's nodes, and outlive it), and once per tree for
the asking file's own (``plain_tree_fact``).
"""

from __future__ import annotations

import ast

from ._base import Context
from ._http_timeout_imported_numbers import Origin, imported_number, may_bind, module_numbers, modules_of
from ._http_timeout_default import LONGEST_WAIT, TimeoutMentions, may_give_waits
from ._http_timeout_module_waits import may_hold_waits, may_wrap, module_imported_waits, module_waits
from ._http_timeout_unknown_waits import module_unknown_waits
from ._parsed_modules import plain_fact
from ._project_answers import remembered
from ._project_view import MAX_MODULE_CHARS, application_modules


def project_configured_timeout(ctx: Context) -> str | None:
    """Where (``path:line``) the project's application code first gives a call a wait read
    from its configuration (see ``module_configured_timeout``); kept per project
    (``_project_answers``)."""
    return remembered(ctx, "http-timeout: configured", _first_configured)


def _first_configured(ctx: Context) -> str | None:
    wrappers, proven_wrappers = project_wrappers(ctx), project_proven_wrappers(ctx)
    for path, text in application_modules(ctx, _HoldsWaits):  # type: ignore[arg-type]
        waits = _configured_waits(ctx, path, text)
        first = next((wait for wait in waits if _holds_back(wait, wrappers, proven_wrappers)), None)
        if first is not None:
            return _where(path, first)
    return None


def project_configured_http(ctx: Context) -> str | None:
    """Where (``path:line``) the project's application code first gives a call it proves an
    HTTP client call a wait read from its configuration (a setting's default included: see
    ``module_configured_timeout``); kept per project (``_project_answers``)."""
    return remembered(ctx, "http-timeout: configured HTTP", _first_configured_http)


def _first_configured_http(ctx: Context) -> str | None:
    for path, text in application_modules(ctx, _HoldsWaits):  # type: ignore[arg-type]
        waits = _configured_waits(ctx, path, text)
        first = next((wait for wait in waits if wait[2]), None)
        if first is not None:
            return _where(path, first)
    return None


def _holds_back(wait: tuple[int, str | None, bool, str | None], wrappers: frozenset[str], proven_wrappers: frozenset[str]) -> bool:
    """Whether a wait of another module leaves this module's calls alone: one read from the
    configuration, of a call that may be an HTTP call; one of unknown length (``spelled``),
    only of a proven HTTP call or a call of a wrapper around one (a queue's
    ``get(timeout=deadline - now)`` bounds no request)."""
    _, callee, proven, spelled = wait
    if spelled is not None:
        return proven or callee in proven_wrappers
    return callee is None or callee in wrappers


class _HoldsWaits:
    """A module that may give a call a wait (_http_timeout_module_waits.may_hold_waits)."""

    search = staticmethod(may_hold_waits)


def _configured_waits(ctx: Context, path: str, text: str) -> list[tuple[int, str | None, bool, str | None]]:
    """``(line, callee, proven, None)`` of the calls of a module given a wait read from the
    configuration: in the module itself (_http_timeout_default.module_configured_waits), or
    through a constant of another module of the project bound to a configuration read; then
    ``(line, callee, proven, spelling)`` of the calls given a wait of unknown length
    (_http_timeout_unknown_waits; an imported name no number is read for)."""
    index = module_waits(text)
    waits = [(*wait, None) for wait in index.configured]
    imported = index.imported
    if imported:
        constants = configured_imports(ctx, path, [name for *_, name in imported])
        waits += [(line, callee, proven, None) for line, callee, proven, name in imported if name in constants]
    unknown = list(index.unknown)
    if imported:
        numbers = imported_numbers(ctx, path, [name for *_, name in imported])
        unknown += [
            (line, callee, proven, unread_name(name))
            for line, callee, proven, name in imported
            if name not in constants and name not in numbers
        ]
    return waits + sorted(unknown, key=lambda wait: wait[0])


def unread_name(name: str) -> str:
    """How a finding names a wait that is a name of another module no number was read for: by
    the import it comes by (``timeout=app.conf.http_wait``); not "bound to no number", since
    its module may well bind one in a way not read here (a setting's default in a schema)."""
    origins = getattr(name, "origins", ())
    spelled = "." * origins[0][0] + ".".join(origins[0][1]) if origins else str(name)
    return f"timeout={spelled}, a value of another module the codemod does not read"


def _where(path: str, wait: tuple[int, str | None, bool, str | None]) -> str:
    """``path:line``; ``path:line: spelling`` (an ``UnknownWaitAt``) for a wait of unknown length."""
    line, _, _, spelled = wait
    return f"{path}:{line}" if spelled is None else UnknownWaitAt(f"{path}:{line}: {spelled}")


def module_unknown_wait(ctx: Context, tree: ast.Module, wrappers: frozenset[str], proven_only: bool) -> UnknownWaitAt | None:
    """Where (``line N: spelling``) the first call of ``tree`` that is an HTTP client call (a
    proven one only, with ``proven_only``), or a call of one of the project's wrappers around
    a proven one (``project_proven_wrappers``; ``wrappers``, of calls only named like a
    request, give no request a wait), is given a wait of unknown length
    (_http_timeout_unknown_waits), or a name imported from another module of the project that
    binds it to no number and no configuration read."""
    proven_wrappers = project_proven_wrappers(ctx)
    found = [(line, spelled) for line, callee, proven, spelled in module_unknown_waits(tree) if _counts(callee, proven, proven_wrappers, proven_only)]
    imported = module_imported_waits(tree)
    if imported:
        numbers = imported_numbers(ctx, _this(ctx), [name for *_, name in imported])
        constants = configured_imports(ctx, _this(ctx), [name for *_, name in imported])
        found += [
            (line, unread_name(name))
            for line, callee, proven, name in imported
            if name not in constants and name not in numbers and _counts(callee, proven, proven_wrappers, proven_only)
        ]
    if not found:
        return None
    line, spelled = min(found)
    return UnknownWaitAt(f"line {ctx.file_line(line)}: {spelled}")


def module_imported_numbers(ctx: Context, tree: ast.Module) -> list[tuple[float, bool]]:
    """``(seconds, proven)`` of the waits ``tree`` gives its HTTP calls through names of
    another module of the project bound there to a number (``from settings import TIMEOUT``,
    ``settings.TIMEOUT``)."""
    imported = [wait for wait in module_imported_waits(tree) if wait[1] is None]
    if not imported:
        return []
    numbers = imported_numbers(ctx, _this(ctx), [name for *_, name in imported])
    constants = configured_imports(ctx, _this(ctx), [name for *_, name in imported])
    return [(numbers[name], proven) for _, _, proven, name in imported if name in numbers and name not in constants]


def project_longest_through_names(ctx: Context) -> float:
    """The longest wait (at most ``LONGEST_WAIT``) the project's application code gives an HTTP
    call through a name or a mapping (_http_timeout_unknown_waits.module_mapping_numbers) or
    a name of another of its modules bound to a number (``timeout=settings.TIMEOUT``): as
    long as any number the code passes (_http_timeout_default.project_wait); 0 when none."""
    return remembered(ctx, "http-timeout: longest through names", _longest_through_names)


def _longest_through_names(ctx: Context) -> float:
    longest: float = 0
    for path, text in application_modules(ctx, _HoldsWaits):  # type: ignore[arg-type]
        index = module_waits(text)
        numbers = [seconds for seconds, _ in index.mapping_numbers]
        imported = [wait for wait in index.imported if wait[1] is None]
        if imported:
            known = imported_numbers(ctx, path, [name for *_, name in imported])
            numbers += [known[name] for *_, name in imported if name in known]
        longest = max([longest, *(seconds for seconds in numbers if seconds <= LONGEST_WAIT)])
    return longest


def _counts(callee: str | None, proven: bool, proven_wrappers: frozenset[str], proven_only: bool) -> bool:
    """A wait of unknown length counts only for a proven HTTP call, or (not ``proven_only``)
    a call of one of the project's wrappers around one: a call only named like a request
    (a queue's ``get(timeout=...)``) gives no request a wait."""
    return proven or (not proven_only and callee in proven_wrappers)


class UnknownWaitAt(str):
    """Where the code gives an HTTP call a wait of unknown length (``path:line`` or ``line N:
    spelling``): no number written is sure to be as long."""


def imported_numbers(ctx: Context, path: str, names: list[str]) -> dict[str, float]:
    """Of ``names`` (_http_timeout_bound_reads.ImportedName) imported in the project's module at
    ``path``, those the module their import names binds to a number
    (_http_timeout_imported_numbers), each with it; a name that may come by several imports,
    only where each tells a number (the largest). Nothing is taken from another module that
    binds the same name: a name not told is a wait of unknown length to the callers. Kept
    per project for the project's application modules."""
    table = remembered(ctx, "http-timeout: imported numbers", _imported_number_table)
    asked, found = table.get(path, (frozenset(), {}))
    if not {_key(name) for name in names} <= asked:  # (a test module's, a text changed in this run)
        found = _numbers_of(ctx, path, names)
    return {name: found[name] for name in names if name in found}


def _key(name: str) -> tuple[str, tuple]:
    return str(name), getattr(name, "origins", ())


def _imported_number_table(ctx: Context) -> dict[str, tuple[frozenset, dict[str, float]]]:
    table = {}
    for path, text in application_modules(ctx, TimeoutMentions):  # type: ignore[arg-type]
        names = [wait[3] for wait in module_waits(text).imported] if may_give_waits(text) else []
        if names:
            table[path] = (frozenset(map(_key, names)), _numbers_of(ctx, path, names))
    return table


def _numbers_of(ctx: Context, path: str, names: list[str]) -> dict[str, float]:
    found: dict[str, float] = {}
    untold: set[str] = set()
    for name in names:
        told = [imported_number(ctx, path, origin) for origin in getattr(name, "origins", ())]
        if not told or None in told:
            untold.add(str(name))
        else:
            found[str(name)] = max([found.get(str(name), 0), *told])  # type: ignore[list-item]
    return {name: seconds for name, seconds in found.items() if name not in untold}


def _this(ctx: Context) -> str:
    """The transformed file's path from the project root."""
    listing = ctx.project_files()
    return listing.this if listing is not None else ctx.path


def module_configured_imported_wait(ctx: Context, tree: ast.Module, wrappers: frozenset[str]) -> int | None:
    """The line of the first call of ``tree`` that is an HTTP client call, or a call of one of
    the project's ``wrappers``, given a constant of another module of the project bound to a
    configuration read (``timeout=settings.HTTP_TIMEOUT``)."""
    imported = module_imported_waits(tree)
    if not imported:
        return None
    constants = configured_imports(ctx, _this(ctx), [name for *_, name in imported])
    return next(
        (line for line, callee, _, name in imported if name in constants and (callee is None or callee in wrappers)), None
    )


def configured_imports(ctx: Context, path: str, names: list[str]) -> frozenset[str]:
    """Of ``names`` (_http_timeout_bound_reads.ImportedName) imported in the project's module at
    ``path``, those the module their import names binds to a configuration read
    (``HTTP_TIMEOUT = int(os.environ.get("HTTP_TIMEOUT", 120))``): at its top level for a
    name, in the class's body for ``Config.HTTP_TIMEOUT``; a name that module imports in turn
    is followed once more (as _http_timeout_imported_numbers follows it). A name that may
    come by several imports (star imports) is configured when one of them is. Nothing is
    taken from another module that binds the same name."""
    return frozenset(
        str(name) for name in names if any(_configured_at(ctx, path, origin) for origin in getattr(name, "origins", ()))
    )


def _configured_at(ctx: Context, importer: str, origin: Origin, follow: int = 1) -> bool:
    listing = ctx.project_files()
    if listing is None:
        return False
    for path, rest in modules_of(frozenset(listing.files), importer, origin):
        text = ctx.read_file(listing.relative(path))
        if text is None or len(text) > MAX_MODULE_CHARS or not may_bind(text, rest[0]):
            continue
        numbers = plain_fact(text, "http-timeout module numbers", module_numbers)
        if numbers is None:
            continue
        constants = numbers.configured
        first = rest[0]
        if first in numbers.imported:  # a re-export: followed once
            level, parts = numbers.imported[first]
            if follow > 0 and _configured_at(ctx, path, (level, (*parts, *rest[1:])), follow - 1):
                return True
        elif (len(rest) == 1 and first in constants.names) or (len(rest) == 2 and rest[1] in constants.classes.get(first, ())):
            return True
    return False


def project_wrappers(ctx: Context) -> frozenset[str]:
    """The names of the project's functions that wrap an HTTP client call (see
    _http_timeout_client_calls.wrapper_names); kept per project (``_project_answers``)."""
    return remembered(ctx, "http-timeout: wrappers", _wrappers)


def project_proven_wrappers(ctx: Context) -> frozenset[str]:
    """Of ``project_wrappers``, those that hand their wait on to a proven HTTP client call
    (_http_timeout_client_calls.proven_wrapper_names); kept per project."""
    return remembered(ctx, "http-timeout: proven wrappers", _proven_wrappers)


def _proven_wrappers(ctx: Context) -> frozenset[str]:
    found: set[str] = set()
    for _, text in application_modules(ctx, _MayWrap):  # type: ignore[arg-type]
        found |= module_waits(text).proven_wrappers
    return frozenset(found)


def _wrappers(ctx: Context) -> frozenset[str]:
    found: set[str] = set()
    for _, text in application_modules(ctx, _MayWrap):  # type: ignore[arg-type]
        found |= module_waits(text).wrappers
    return frozenset(found)


class _MayWrap:
    """A module that may define a wrapper around an HTTP call (_http_timeout_module_waits.may_wrap)."""

    search = staticmethod(may_wrap)

"""http-timeout: what one module of the project tells the project-wide questions of
_http_timeout_configured about the waits it gives its calls — one small plain index per text
(``module_waits``), read from the text only where the text may hold a wait at all
(``may_hold_waits``).

The index (``ModuleWaits``) holds the calls given a wait read from the configuration
(_http_timeout_default.module_configured_waits), the calls given a name another module may
bind (``module_imported_waits``), the calls given a wait of unknown length and the numbers
given through a name or a mapping (_http_timeout_unknown_waits). It holds no node: it is
kept by the text (``_parsed_modules.plain_fact``) after the tree is dropped, so each
question that reads the project's modules reads the same index, and a module is parsed for
it once per run whichever question asks first and whenever the others ask.

The text gate, read on an ASCII text lower-cased (a text not all ASCII is parsed: an
identifier may be spelled there with other letters the parser normalizes): a module gives a
call a wait only through a keyword named like one (``timeout=``: ``may_give_waits``), or
through a ``**`` mapping. Such a mapping carries a wait only under a key named like one (the
word spelled in the text, or pieced together by adjacent strings or escapes:
``_MAY_SPELL_WAIT``), or, where nothing in the module says what it holds, as a wait of
unknown length of a call the module proves an HTTP client call, which it does only through an
import of a client library it names (_http_timeout_client_calls). A module with none of
these gives ``NO_WAITS`` and is not parsed.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, replace

from ._http_timeout_bound_reads import imported_names
from ._http_timeout_client_calls import REQUEST_METHOD_NAMES, client_calls, proven_wrapper_names, wrapper_names
from ._http_timeout_default import (
    TimeoutMentions,
    callee_name,
    calls_given_waits,
    is_wait_name,
    may_give_waits,
    module_configured_waits,
)
from ._http_timeout_unknown_waits import module_imported_through, module_mapping_numbers, module_unknown_waits
from ._parsed_modules import plain_fact, plain_tree_fact

# (line, callee, proven); (line, callee, proven, spelling or name); (seconds, proven)
Configured = tuple[tuple[int, "str | None", bool], ...]
Named = tuple[tuple[int, "str | None", bool, str], ...]


@dataclass(frozen=True)
class ModuleWaits:
    """What a module gives its calls that the project's questions read: ``configured``
    (``module_configured_waits``), ``imported`` (``module_imported_waits``), ``unknown``
    (``module_unknown_waits``) and ``mapping_numbers`` (``module_mapping_numbers``)."""

    configured: Configured
    imported: Named
    unknown: Named
    mapping_numbers: tuple[tuple[float, bool], ...]
    wrappers: frozenset[str] = frozenset()
    proven_wrappers: frozenset[str] = frozenset()


NO_WAITS = ModuleWaits((), (), (), ())


def module_waits(text: str) -> ModuleWaits:
    """``ModuleWaits`` of the module ``text``, derived once per text from one parse; the
    waits ``NO_WAITS``'s for a text that holds none (``may_hold_waits``), the wrappers none
    for a text that defines none (``may_wrap``): not parsed when neither may be there (nor
    when it does not parse)."""
    holds, wraps = may_hold_waits(text), may_wrap(text)
    if not holds and not wraps:
        return NO_WAITS
    return plain_fact(text, "http-timeout module waits", lambda tree: tree_waits(tree, holds, wraps)) or NO_WAITS


def tree_waits(tree: ast.Module, waits: bool = True, wrappers: bool = True) -> ModuleWaits:
    """``ModuleWaits`` of ``tree``, each part as its own function gives it (and keeps it with
    the tree: the file at hand's own questions read the same); without ``waits`` those of
    ``NO_WAITS``, without ``wrappers`` none."""
    found = NO_WAITS
    if waits:
        found = ModuleWaits(
            plain_tree_fact(tree, "http-timeout configured", module_configured_waits),
            module_imported_waits(tree),
            module_unknown_waits(tree),
            module_mapping_numbers(tree),
        )
    if wrappers:
        found = replace(found, wrappers=wrapper_names(tree), proven_wrappers=proven_wrapper_names(tree))
    return found


def may_wrap(text: str) -> bool:
    """False when the module ``text`` surely defines no wrapper around an HTTP call another
    module may call (_http_timeout_client_calls.wrapper_names): it names no client library,
    or no function of it may take a ``timeout`` parameter or ``**kwargs``."""
    return _CLIENT_LIBRARY.search(text) is not None and ("timeout" in text or "**" in text or not text.isascii())


def may_hold_waits(text: str) -> bool:
    """False when the module ``text`` surely gives no call a wait (see the module's
    docstring): then its ``ModuleWaits`` are ``NO_WAITS`` and it is not parsed."""
    if TimeoutMentions.search(text) and may_give_waits(text):
        return True
    if _HANDS_MAPPING.search(text) is None:
        return False
    if not text.isascii():
        return True
    lowered = text.lower()
    return _MAY_SPELL_WAIT.search(lowered) is not None or _CLIENT_LIBRARY.search(lowered) is not None


_HANDS_MAPPING = re.compile(r"[(,]\s*\*\*")
# the libraries whose calls _http_timeout_client_calls proves HTTP calls (urllib2 too); where
# a module names none, no wrapper of its may be one either (as the project has always read it)
_CLIENT_LIBRARY = re.compile(r"requests|httpx|urllib|aiohttp")
# in a lower-cased ASCII text: "timeout" in a string, each letter possibly an escape
# (``\x74``, ``\u0074``, ``\164``, ``\N{...}``) and the word possibly split between adjacent
# strings (``"time" "out"``, across lines, comments and continuations)
_ESCAPE = r"\\(?:x[0-9a-f]{2}|u[0-9a-f]{4}(?:[0-9a-f]{4})?|n\{[^}\n]*\}|[0-7]{1,3})"
_BETWEEN = r"(?:\\\r?\n|[\"'](?:[ \t\f\r\n\\]|#[^\n]*)*[rbuf]{0,2}[\"'])*"
_MAY_SPELL_WAIT = re.compile(_BETWEEN.join(f"(?:{letter}|{_ESCAPE})" for letter in "timeout"))


def module_imported_waits(tree: ast.Module) -> Named:
    """``(line, callee, proven, name)`` of the calls of ``tree`` (as in
    _http_timeout_default.module_configured_waits) given a wait that may be a constant of
    another module (_http_timeout_bound_reads.imported_names): its name there; once per tree."""
    return plain_tree_fact(tree, "http-timeout imported waits", _find_imported_waits)


def _find_imported_waits(tree: ast.Module) -> Named:
    through = module_imported_through(tree)  # through a name or a ** mapping
    calls = calls_given_waits(tree)
    if not calls:
        return through
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
    return tuple(sorted([*found, *through]))

"""http-timeout: the waits a module's HTTP calls have without a ``timeout=`` written.

aiohttp bounds every request of a ``ClientSession`` (and ``aiohttp.request``) opened without a
``timeout=`` by its default, ``ClientTimeout(total=300)``: five minutes in all, since aiohttp
3.3 (2018). A module that opens one that way, and writes no wait of its own for its other
calls, has accepted that wait for them: the same requests sent through ``requests`` in that
module (a client's synchronous twin of its asynchronous path) are not to be cut shorter. A wait
the module does write for its requests calls says more about them (_http_timeout_seconds). requests and urllib wait for ever without one
(what the codemod is for), and httpx's default (5 seconds) is shorter than any wait written:
neither says anything here.
"""

from __future__ import annotations

import ast

from ._ast_facts import facts

AIOHTTP_DEFAULT_TOTAL = 300.0
_AIOHTTP_OPENERS = frozenset({"aiohttp.ClientSession", "aiohttp.client.ClientSession", "aiohttp.request", "aiohttp.client.request"})


def library_default_waits(tree: ast.Module) -> list[tuple[float, int]]:
    """(seconds, line) of each aiohttp session or request ``tree`` opens without a timeout
    (none passed, and no ``**`` mapping that may carry one)."""
    found = []
    module_facts = facts(tree)
    for call in module_facts.calls:
        if not module_facts.qualified(call.func) & _AIOHTTP_OPENERS:
            continue
        if any(keyword.arg in ("timeout", None) for keyword in call.keywords):
            continue
        found.append((AIOHTTP_DEFAULT_TOTAL, call.lineno))
    return found

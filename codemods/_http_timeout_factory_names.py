"""http-timeout: whether a dotted name says it makes a requests session (the gate's words, on
the standard library's AST; _http_timeout_factory_sessions reads the bindings)."""

from __future__ import annotations

import ast
import re

from ._http_timeout_session_classes import SESSION_LIBRARIES
from ._statement_walk import statements_of_kinds

_WORDS = re.compile(r"[A-Za-z][a-z]*")


def names_a_session_factory(dotted: str) -> bool:
    """``ocean_utils.http_requests.requests_session.get_requests_session``: yes;
    ``requests.Session``, ``requests_oauthlib.OAuth1Session``, ``app.db.get_session``: no."""
    if dotted.split(".", 1)[0] in SESSION_LIBRARIES:
        return False  # requests' own sessions and requests-oauthlib's are read as sessions
    words = {word.lower() for part in dotted.split(".") for word in _WORDS.findall(part)}
    return {"requests", "session"} <= words


def imports_a_session_factory(tree: ast.Module) -> bool:
    """The gate's question: the module imports, from another library or from another module
    of its own project (``from .harvest_common import requests_retry_session``: neither is
    read from here), a name whose dotted name says it makes a requests session (read off the
    module's statements alone: no walk of its expressions for the gate)."""
    for node in statements_of_kinds(tree, (ast.ImportFrom,)):
        source = "." * node.level + (node.module or "")  # type: ignore[attr-defined]
        if any(names_a_session_factory(f"{source}.{alias.name}") for alias in node.names):  # type: ignore[attr-defined]
            return True
    return False

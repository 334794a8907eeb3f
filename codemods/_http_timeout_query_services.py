"""http-timeout: calls that send a query to a query service (session 32).

A SPARQL endpoint (a URL whose path ends in ``/sparql``) and an Overpass API interpreter (a
path ending in ``/api/interpreter``) run the query the client sends and answer once it has
run, or once the service's own deadline for it has passed, with an error of their own that the
calling code reads (the Wikidata Query Service stops a query at a minute; an Overpass QL query
sets its deadline itself, ``[timeout:600]``, 180 s where it sets none). How long a query runs
depends on the query and the data, not on the client: a read timeout shorter than that
deadline cuts queries the service would have answered (a Wikidata tagging tool given the 5 s
of its MediaWiki calls on its SPARQL queries; an OSM matcher given its status probe's 10 s on
queries that set 300 and 600), and one as long fires as the service's own answer comes. No
wait picked here is provably long enough: the call is left, with a finding that names the
longest deadline the module's Overpass QL texts set.

The URL's path is read whatever follows it (``url_path_end``, session 33): a query carried in
the URL's own query string (``"https://.../sparql?query=" + quote(q)``, ``"...?format=json&query=%s" % q``,
``.format``, an f-string) is recognised by the path before the ``?``. The URL is read through a
name the function or the module binds once (``query_url = "https://.../sparql"``), a call of a
function of the module whose body only returns such a URL (``endpoint()`` returning
``config["OVERPASS_URL"] + "/api/interpreter"``), and, as the bulk-export rule reads it
(``literal_path``), through ``urljoin``.
"""

from __future__ import annotations

import re
from typing import Any

import libcst as cst

from ._http_timeout_generation import url_argument
from ._http_timeout_own_routes import literal_path
from ._http_timeout_url_path import url_path_end

_OVERPASS_DEADLINE = re.compile(r"\[timeout:\s*(\d+)\s*\]")


def query_service_call(wrapper: Any, call: cst.Call) -> str | None:
    """The finding for a call that sends a query to a SPARQL endpoint or an Overpass
    interpreter, or None."""
    url = url_argument(call)
    url = _returned_by_module_function(wrapper, url) or url
    path = url_path_end(wrapper, url) or literal_path(wrapper, url)
    if path is None:
        return None
    path = path.rstrip("/").lower()
    if path.rsplit("/", 1)[-1] == "sparql":
        service = "a SPARQL endpoint"
        deadline = "its own deadline for the query (the Wikidata Query Service's is a minute)"
    elif path.endswith("/api/interpreter"):
        service = "an Overpass API interpreter"
        set_here = [int(seconds) for seconds in _OVERPASS_DEADLINE.findall(wrapper.module.code)]
        longest = f"the longest this module's queries set is {max(set_here)} s" if set_here else "180 s where it sets none"
        deadline = f"the deadline the Overpass QL query sets itself ([timeout:N]; {longest})"
    else:
        return None
    return (
        f"not changed: this call sends a query to a query service, {service} ({path!r}), which runs it as long as the query and "
        f"the data make it, up to {deadline}, and then answers with an error of its own: no wait picked here is "
        "provably long enough; give it more than that deadline"
    )


def _returned_by_module_function(wrapper: Any, url: cst.BaseExpression | None) -> cst.BaseExpression | None:
    """What ``f()`` returns, where ``url`` calls, with no arguments, a function of the module
    whose body (after its docstring) is a single ``return``; else None."""
    if not (isinstance(url, cst.Call) and isinstance(url.func, cst.Name) and not url.args):
        return None
    for statement in wrapper.module.body:
        if isinstance(statement, cst.FunctionDef) and statement.name.value == url.func.value:
            return _only_return(statement)
    return None


def _only_return(function: cst.FunctionDef) -> cst.BaseExpression | None:
    body = list(function.body.body) if isinstance(function.body, cst.IndentedBlock) else [function.body]
    lines = [line for line in body if not _is_docstring(line)]
    if len(lines) != 1 or not isinstance(lines[0], cst.SimpleStatementLine) or len(lines[0].body) != 1:
        return None
    only = lines[0].body[0]
    return only.value if isinstance(only, cst.Return) else None


def _is_docstring(line: cst.BaseStatement | cst.BaseSuite) -> bool:
    return (
        isinstance(line, cst.SimpleStatementLine)
        and len(line.body) == 1
        and isinstance(line.body[0], cst.Expr)
        and isinstance(line.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )

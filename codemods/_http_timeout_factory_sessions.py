"""http-timeout: a session another library's factory makes (``requests_session =
get_requests_session()``, imported from ``ocean_utils.http_requests.requests_session``), or a
factory of another module of the project (``from .harvest_common import
requests_retry_session``) whose module cannot be read (where it can, it is read:
_http_timeout_project_factories, asked first).

What such a factory returns cannot be read here (nothing is installed or imported): it may be
a requests Session or something else with a ``get``, and it may bound its waits itself (a
Session subclass that sets a default timeout, an adapter that does). So no ``timeout=`` is
written; a request method called on the name with no ``timeout=`` gets a finding naming the
factory. A factory counts when the name is bound only to calls (an attribute ``self.X``:
given only calls by its class, ``None`` aside) of one imported function whose dotted name
says it makes a requests session: the words ``requests`` and ``session`` both among the
words of its module and name (``requests``
itself is not such a library: its Session is read as one; nor is requests-oauthlib, whose
``OAuth1Session`` and ``OAuth2Session`` are Sessions: _http_timeout_session_classes).
"""

from __future__ import annotations

from typing import Sequence

import libcst as cst
from libcst.metadata import Assignment, MetadataWrapper

from ._http_timeout_calls import assignment_of, qualified, referents
from ._http_timeout_factory_names import names_a_session_factory

def bound_values(
    wrapper: MetadataWrapper, owner: cst.BaseExpression, given: Sequence[cst.BaseExpression]
) -> list[cst.BaseExpression | None] | None:
    """The values every binding of the name ``owner`` gives it (None: one is not a plain
    assignment), or, for an attribute (``self.http_session``), those its class ``given`` it."""
    if isinstance(owner, cst.Attribute):
        return list(given)
    if not isinstance(owner, cst.Name):
        return None
    values: list[cst.BaseExpression | None] = []
    for assignment in referents(wrapper, owner) or ():
        if not isinstance(assignment, Assignment):
            return None
        statement = assignment_of(wrapper, assignment.node)
        values.append(statement.value if statement is not None else None)
    return values


def called_by_every(
    wrapper: MetadataWrapper, values: Sequence[cst.BaseExpression | None], callees: tuple[type, ...] = (cst.Name,)
) -> str | None:
    """The one qualified name every value of ``values`` calls (``make()``: a call whose callee is
    one of ``callees``); None where a value is no such call, or they call different things."""
    called: set[str] = set()
    for value in values:
        if not (isinstance(value, cst.Call) and isinstance(value.func, callees)):
            return None
        names = qualified(wrapper, value.func)
        if len(names) != 1:
            return None
        called |= names
    return called.pop() if len(called) == 1 else None

def session_factory(wrapper: MetadataWrapper, owner: cst.BaseExpression, given: Sequence[cst.BaseExpression] = ()) -> str | None:
    """The dotted name of the factory every binding of the name ``owner`` calls, or, for an
    attribute (``self.http_session``), every value its class ``given`` it calls; else None."""
    values = bound_values(wrapper, owner, given)
    if values is None:
        return None
    factories: set[str] = set()
    for value in values:
        if not isinstance(value, cst.Call):
            return None
        named = {name for name in qualified(wrapper, value.func) if names_a_session_factory(name)}
        if not named:
            return None
        factories |= named
    return next(iter(factories)) if len(factories) == 1 else None

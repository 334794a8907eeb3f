"""http-timeout: sessions and calls the project's tests answer through a patch's own mock.

Read through the reading open-with shares (_mock_answers):

- a function's session (``s = requests.Session()``) whose class the tests patch and whose
  answer they set up (``session_class.return_value.get.return_value.json.return_value = {...}``,
  ``fake_requests.Session.return_value.post.return_value = ...``) stays out of a with-block: the
  block would hand the function the answer's ``__enter__()``, another mock, and the project's
  test would fail though the program is right (apptests39). Reported with the test.
- a call whose patched mock (``fake_requests.get.side_effect = fake_get``), or whose session's
  patched answer (``session_class.return_value.get.side_effect = fake_get``), runs a function
  of the test that takes no ``timeout`` keyword gets no ``timeout=``: the function would raise
  TypeError (the rule of _http_timeout_stand_ins, for the parts of a mock; session 38's openfec).
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from ._base import Context
from ._http_timeout_calls import HttpCall, qualified
from ._mock_answers import SetUp, answer_set_up, cited_first, patched_here, set_up_mocks
from ._mock_patches import module_parts
from ._names import dotted_name

# ``requests.session()`` makes its Session through the class of requests.sessions, which a
# patch of ``requests.sessions.Session`` replaces (``requests.Session`` is bound at import)
_MADE_THROUGH = {"requests.session": "requests.sessions.Session", "requests.sessions.session": "requests.sessions.Session"}


def entered_session(ctx: Context, wrapper: Any, constructor: cst.Call, name: str) -> str | None:
    """The finding when a test sets up the answer of the patched class that makes the session
    ``name`` (``constructor``): then it stays out of a with-block; else None."""
    found = _matching(ctx, wrapper, constructor, lambda set_up: bool(set_up.answer) and not set_up.entered)
    if found is None:
        return None
    return f"the session {name!r} was not put in a with-block: " + answer_set_up(found, "the session")


def stand_in_answer(ctx: Context, wrapper: Any, http: HttpCall) -> str | None:
    """The finding when the call runs a function of a test that takes no ``timeout`` keyword,
    handed to its patched mock, or to its session's patched answer, as ``side_effect``; else None."""
    call = http.call
    found = _matching(ctx, wrapper, call, lambda set_up: not set_up.answer and _refuses(set_up))
    if found is None and isinstance(call.func, cst.Attribute):
        method = call.func.attr.value
        makers = [client.constructor for client in http.clients] + ([http.constructor] if http.constructor else [])
        for maker in makers:
            found = _matching(ctx, wrapper, maker, lambda set_up: set_up.answer == (method, "side_effect") and _refuses(set_up))
            if found is not None:
                break
    if found is None or found.stand_in is None:
        return None
    return (
        f"not changed: {found.where} patches {found.patched} and hands {found.spelled} {found.stand_in[0]}, which "
        "takes no timeout keyword: the test would fail with a TypeError once timeout= is added (let the stand-in "
        "take it, then add it here)"
    )


def _refuses(set_up: SetUp) -> bool:
    return set_up.stand_in is not None and set_up.stand_in[1] is not None and "timeout" not in set_up.stand_in[1]


def _matching(ctx: Context, wrapper: Any, call: cst.Call, wanted: Any) -> SetUp | None:
    """The first set-up part (a test importing this module itself first) that ``wanted``
    accepts and whose callable a patch makes of ``call``'s callee."""
    candidates = [set_up for set_up in set_up_mocks(ctx) if wanted(set_up)]
    if not candidates:
        return None
    names = qualified(wrapper, call.func)
    names |= {_MADE_THROUGH[name] for name in names if name in _MADE_THROUGH}
    spelling = dotted_name(call.func)
    listing = ctx.project_files()
    this = listing.this if listing is not None else ctx.path
    module = module_parts(ctx)
    for set_up in cited_first(ctx, candidates, lambda each: each.where):
        if patched_here(set_up.callable, names, spelling, module, this, set_up.reached):
            return set_up
    return None

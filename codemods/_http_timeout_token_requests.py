"""http-timeout: requests-oauthlib's token requests — methods of its sessions that send a
request of their own and hand ``timeout=`` on to it, as read in its source:

- ``OAuth2Session.fetch_token(token_url, code, authorization_response, body, auth, username,
  password, method, force_querystring, timeout, ...)`` and ``refresh_token(token_url,
  refresh_token, body, auth, timeout, ...)``: a ``timeout`` parameter since 0.4.2 (before, an
  unknown keyword went into the token request's body);
- ``OAuth1Session.fetch_request_token(url, realm=None, **request_kwargs)`` and
  ``fetch_access_token(url, verifier=None, **request_kwargs)``: their keywords go to
  ``self.post`` since 0.6.1 (before, ``timeout=`` raised TypeError).

Each is a POST (``fetch_token`` unless its ``method`` says otherwise), sent by the Session's
``post`` or ``request``: a test that patches one of those, or the token method itself, and
asserts its exact arguments pins the call (_http_timeout_asserted). Known only on an object
every binding shows made by that class (the sessions' own reading: _http_timeout_calls): a
name bound to ``OAuth2Session(...)`` or to a call of a function of the module that returns a
new one each time (``oauth = get_oauth_session()``: _http_timeout_handed_on), or an attribute
every value of which, in its class, is one (``self.oauth_client``: _http_timeout_holders).
"""

from __future__ import annotations

from typing import Any, Mapping, NamedTuple

import libcst as cst

DISTRIBUTION = "requests-oauthlib"


class TokenRequest(NamedTuple):
    since: tuple[int, int, int]  # the first release whose method takes ``timeout=``
    position: int | None  # where ``timeout`` stands among the positional arguments
    through: frozenset[str]  # the Session's methods it sends the request by, handing them the timeout


_POST = frozenset({"post", "request"})
_OAUTH2 = {"fetch_token": TokenRequest((0, 4, 2), 9, frozenset({"request"})), "refresh_token": TokenRequest((0, 4, 2), 4, _POST)}
_OAUTH1 = {"fetch_request_token": TokenRequest((0, 6, 1), None, _POST), "fetch_access_token": TokenRequest((0, 6, 1), None, _POST)}
# where a test may patch what a token request goes through: its own class, or requests' Session
LIBRARIES = frozenset({"requests", "requests_oauthlib"})
TOKEN_REQUESTS: Mapping[str, Mapping[str, TokenRequest]] = {
    "requests_oauthlib.OAuth2Session": _OAUTH2,
    "requests_oauthlib.oauth2_session.OAuth2Session": _OAUTH2,
    "requests_oauthlib.OAuth1Session": _OAUTH1,
    "requests_oauthlib.oauth1_session.OAuth1Session": _OAUTH1,
}
TOKEN_METHODS = frozenset(method for methods in TOKEN_REQUESTS.values() for method in methods)


def token_request(qualified: Any, constructors: list[cst.Call], method: str) -> TokenRequest | None:
    """What ``method`` is as a token request of the sessions ``constructors`` make (every one
    of a class that has it, alike), or None. ``qualified(node)``: the qualified names of a
    node."""
    if method not in TOKEN_METHODS or not constructors:
        return None
    found = set()
    for constructor in constructors:
        names = qualified(constructor.func)
        if not names or not all(name in TOKEN_REQUESTS for name in names):
            return None
        found |= {TOKEN_REQUESTS[name].get(method) for name in names}
    return found.pop() if len(found) == 1 and None not in found else None


def token_request_method(call: cst.Call) -> str | None:
    """The method a token request sends (``fetch_token``'s ``method=`` when a literal, else
    ``POST``), or None where it is no token request's name or its method is not told."""
    func = call.func
    if not isinstance(func, cst.Attribute) or func.attr.value not in TOKEN_METHODS:
        return None
    if func.attr.value != "fetch_token":
        return "POST"
    given = next((arg.value for arg in call.args if arg.keyword is not None and arg.keyword.value == "method"), None)
    positional = [arg for arg in call.args if arg.keyword is None and not arg.star]
    if given is None and len(positional) > 7:
        given = positional[7].value
    if given is None:
        return "POST" if not any(arg.star for arg in call.args) else None
    told = given.evaluated_value if isinstance(given, cst.SimpleString) else None
    return told.upper() if isinstance(told, str) else None


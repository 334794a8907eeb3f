"""http-timeout: the classes whose objects are requests Sessions — requests' own, and the
subclasses another library exports for it: requests-oauthlib's ``OAuth1Session`` and
``OAuth2Session`` derive from ``requests.Session`` and keep its request methods (``get`` ...
``request``, ``send``), which take ``timeout=`` as requests' do (OAuth2Session's ``request``
hands its extra keywords on to requests'), and its ``close()`` and with-block. Their objects
are read as sessions everywhere a session is: the same proofs, the same refusals.
"""

from __future__ import annotations

REQUESTS_OWN_SESSIONS = frozenset(
    {"requests.Session", "requests.session", "requests.sessions.Session", "requests.sessions.session"}
)
# requests-oauthlib's sessions, by the names its package and its modules export them under
OAUTH_SESSIONS = frozenset(
    {
        "requests_oauthlib.OAuth1Session",
        "requests_oauthlib.OAuth2Session",
        "requests_oauthlib.oauth1_session.OAuth1Session",
        "requests_oauthlib.oauth2_session.OAuth2Session",
    }
)
REQUESTS_SESSIONS = REQUESTS_OWN_SESSIONS | OAUTH_SESSIONS
# the first part of those names: a library whose sessions are read as sessions, never as an
# unreadable factory's (_http_timeout_factory_names)
SESSION_LIBRARIES = frozenset(name.split(".", 1)[0] for name in REQUESTS_SESSIONS)

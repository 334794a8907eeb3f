"""http-timeout: requests-oauthlib's token requests on a session held in an attribute or made
by a function of the module (session 38; gaps37 read them only on a name bound to
``OAuth2Session(...)`` itself).

Seen on the corpus: knowledge-repo's OAuth2 provider keeps ``self.oauth_client =
OAuth2Session(...)`` and calls ``self.oauth_client.fetch_token(...)`` in its login callback
(its ``self.oauth_client.get(...)`` already got the timeout); zeus's GitHub login binds
``oauth = get_oauth_session(...)``, a function of the module returning a new
``OAuth2Session(...)``, and calls ``oauth.fetch_token(...)``. Both waited for ever on the token
endpoint. Only where every value of the holder is a session of requests-oauthlib of the
class that has the method, and the project runs a release whose method takes ``timeout=``.
"""

from __future__ import annotations

import pytest

from helpers import finding_messages, run_codemods

NAME = "http-timeout"

HELD = """\
class Provider:
    def __init__(self, client_id, redirect_uri):
        from requests_oauthlib import OAuth2Session

        self.oauth_client = OAuth2Session(client_id=client_id, redirect_uri=redirect_uri)

    def get_user(self, token_url, secret, code):
        self.oauth_client.fetch_token(token_url, client_secret=secret, code=code)
        return self.oauth_client.get("https://api.example/user").json()
"""

MADE = """\
from requests_oauthlib import OAuth2Session


def get_oauth_session(state=None):
    return OAuth2Session(client_id="client-id", state=state)


def complete(token_url, secret, response):
    oauth = get_oauth_session(state="s")
    token = oauth.fetch_token(token_url, client_secret=secret, authorization_response=response)
    return token["access_token"]
"""


def _run(source: str, requirement: str = "requests-oauthlib>=1.0"):
    result = run_codemods(source, NAME, files={"requirements.txt": f"flask\n{requirement}\n"})
    assert result.error is None, result.error
    return result


def test_a_token_request_on_a_session_an_attribute_holds_gets_the_wait():
    result = _run(HELD)
    assert "self.oauth_client.fetch_token(token_url, client_secret=secret, code=code, timeout=60)" in result.new_text, finding_messages(result)


def test_a_token_request_on_a_session_a_function_of_the_module_makes_gets_the_wait():
    result = _run(MADE)
    new = result.new_text
    assert "authorization_response=response, timeout=60)" in new, finding_messages(result)
    compile(new, "auth.py", "exec")


@pytest.mark.parametrize("source", [HELD, MADE])
def test_a_release_whose_token_request_takes_no_timeout_gets_a_finding(source):
    result = _run(source, "requests-oauthlib==0.4.0")
    assert "fetch_token" in result.new_text and "response, timeout=" not in result.new_text and "code, timeout=" not in result.new_text
    assert any("fetch_token() takes timeout= from requests-oauthlib 0.4.2" in m for m in finding_messages(result)), finding_messages(result)


@pytest.mark.parametrize(
    "source",
    [
        HELD.replace("    def get_user", "    def reset(self):\n        self.oauth_client = make_client()\n\n    def get_user"),
        HELD.replace("from requests_oauthlib import OAuth2Session", "from authlib.integrations.requests_client import OAuth2Session"),
        MADE.replace('    return OAuth2Session(client_id="client-id", state=state)', '    if state:\n        return OAuth2Session(client_id="client-id", state=state)\n    return CACHED'),
        MADE.replace("from requests_oauthlib import OAuth2Session", "from requests_oauthlib import OAuth1Session as OAuth2Session"),
    ],
    ids=["held-otherwise-too", "another-library", "factory-may-return-another", "oauth1-has-no-fetch_token"],
)
def test_a_session_not_provably_requests_oauthlib_s_oauth2_keeps_its_token_request(source):
    result = _run(source)
    assert "fetch_token(token_url, client_secret=secret, code=code)" in result.new_text or "authorization_response=response)" in result.new_text, result.new_text

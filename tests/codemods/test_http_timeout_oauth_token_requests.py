"""http-timeout: requests-oauthlib's token requests wait for ever without a timeout, as the
Session's own requests do (the realworld corpus, session 37: depicts' and silo-pub's Twitter
logins call ``OAuth1Session.fetch_request_token`` and ``fetch_access_token``; doorman and zeus
``OAuth2Session.fetch_token``; they were silent).

Read in requests-oauthlib's source: ``OAuth2Session.fetch_token`` and ``refresh_token`` take
``timeout=None`` (since 0.4.2, 2014) and hand it to the request; ``OAuth1Session``'s
``fetch_request_token(url, realm=None, **request_kwargs)`` and ``fetch_access_token(url,
verifier=None, **request_kwargs)`` hand their extra keywords to ``self.post`` (since 0.6.1,
2016: before, a ``timeout=`` raised TypeError). So they get the wait the Session's requests
get, where the project runs a release that takes it; where its requirement allows an older
one, a finding. Each is a POST (``fetch_token`` unless told ``method="GET"``): a wait the code
gives only to reads is not borrowed.
"""

from __future__ import annotations

import sys
import types

from helpers import finding_messages, run_codemods

NAME = "http-timeout"

OAUTH2 = """\
from flask import Flask, request, session
from requests_oauthlib import OAuth2Session

app = Flask(__name__)
TOKEN_URL = "https://github.com/login/oauth/access_token"


@app.get("/callback")
def callback():
    github = OAuth2Session("client-id", state=session.get("state"))
    token = github.fetch_token(TOKEN_URL, client_secret="secret", authorization_response=request.url)
    return token["access_token"]


def renew(token):
    github = OAuth2Session("client-id", token=token)
    return github.refresh_token(TOKEN_URL, client_id="client-id")
"""

OAUTH1 = """\
from requests_oauthlib import OAuth1Session

REQUEST_TOKEN_URL = "https://api.twitter.com/oauth/request_token"
ACCESS_TOKEN_URL = "https://api.twitter.com/oauth/access_token"


def start(key, secret):
    oauth = OAuth1Session(key, client_secret=secret, callback_uri="https://example.org/cb")
    return oauth.fetch_request_token(REQUEST_TOKEN_URL)


def finish(key, secret, token, verifier):
    oauth = OAuth1Session(key, client_secret=secret, resource_owner_key=token, verifier=verifier)
    return oauth.fetch_access_token(ACCESS_TOKEN_URL)
"""

# refresh_token(token_url, refresh_token, body, auth, timeout, ...): the wait given in its place
POSITIONAL = """\
from requests_oauthlib import OAuth2Session


def renew(token, url, auth):
    client = OAuth2Session("client-id", token=token)
    return client.refresh_token(url, token["refresh_token"], "", auth, 30)
"""

# authlib's OAuth2Session has a fetch_token of its own: not requests-oauthlib's
AUTHLIB = OAUTH2.replace("from requests_oauthlib import OAuth2Session", "from authlib.integrations.requests_client import OAuth2Session")


def _run(source: str, files=None):
    result = run_codemods(source, NAME, files=files or {})
    assert result.error is None, result.error
    return result


def test_oauth2_token_requests_get_the_sessions_wait():
    result = _run(OAUTH2)
    new = result.new_text
    assert 'github.fetch_token(TOKEN_URL, client_secret="secret", authorization_response=request.url, timeout=60)' in new, finding_messages(result)
    assert 'github.refresh_token(TOKEN_URL, client_id="client-id", timeout=60)' in new


def test_oauth1_token_requests_get_the_sessions_wait():
    new = _run(OAUTH1).new_text
    assert "oauth.fetch_request_token(REQUEST_TOKEN_URL, timeout=60)" in new
    assert "oauth.fetch_access_token(ACCESS_TOKEN_URL, timeout=60)" in new


def test_the_rewritten_token_requests_hand_their_wait_to_the_request(monkeypatch):
    """Run on a stand-in with requests-oauthlib's signatures: the wait reaches ``request``."""
    sent = []

    class OAuth1Session:
        def __init__(self, *args, **kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def post(self, url, **request_kwargs):
            sent.append((url, request_kwargs.get("timeout")))
            return {"oauth_token": "t"}

        def fetch_request_token(self, url, realm=None, **request_kwargs):
            return self.post(url, **request_kwargs)

        def fetch_access_token(self, url, verifier=None, **request_kwargs):
            return self.post(url, **request_kwargs)

    module = types.ModuleType("requests_oauthlib")
    module.OAuth1Session = OAuth1Session  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "requests_oauthlib", module)
    namespace: dict = {}
    exec(compile(_run(OAUTH1).new_text, "twitter.py", "exec"), namespace)
    assert namespace["start"]("k", "s") == {"oauth_token": "t"}
    namespace["finish"]("k", "s", "t", "v")
    assert sent == [(namespace["REQUEST_TOKEN_URL"], 60), (namespace["ACCESS_TOKEN_URL"], 60)]


def test_a_wait_given_in_its_place_is_kept():
    assert _run(POSITIONAL).new_text == POSITIONAL


def test_a_release_whose_token_requests_take_no_timeout_gets_a_finding():
    result = _run(OAUTH1, {"requirements.txt": "flask\nrequests-oauthlib==0.6.0\n"})
    assert "timeout=" not in result.new_text
    messages = finding_messages(result)
    assert any("fetch_request_token" in m and "0.6.1" in m for m in messages), messages


def test_oauth2_token_requests_take_a_timeout_from_0_4_2():
    result = _run(OAUTH2, {"requirements.txt": "flask\nrequests-oauthlib==0.6.0\n"})
    assert "authorization_response=request.url, timeout=60)" in result.new_text, finding_messages(result)


def test_another_librarys_fetch_token_is_left_alone():
    assert "fetch_token(TOKEN_URL, client_secret=\"secret\", authorization_response=request.url)" in _run(AUTHLIB).new_text


def test_a_token_request_borrows_no_wait_the_module_gives_only_to_reads():
    source = OAUTH2.replace("import OAuth2Session\n", "import OAuth2Session\nimport requests\n") + (
        "\n\ndef profile(url):\n    return requests.get(url, timeout=5).json()\n"
    )
    new = _run(source).new_text
    assert "authorization_response=request.url, timeout=60)" in new


# silo-pub's tests: one patches the Session's post that fetch_request_token goes through, one the
# token method itself, and each asserts the exact arguments (a timeout= would fail them)
TWITTER = """\
from requests_oauthlib import OAuth1Session

REQUEST_TOKEN_URL = "https://api.twitter.com/oauth/request_token"
ACCESS_TOKEN_URL = "https://api.twitter.com/oauth/access_token"


def get_authorize_url(key, secret):
    oauth_session = OAuth1Session(client_key=key, client_secret=secret)
    return oauth_session.fetch_request_token(REQUEST_TOKEN_URL)


def process_callback(key, secret):
    oauth_session = OAuth1Session(client_key=key, client_secret=secret)
    return oauth_session.fetch_access_token(ACCESS_TOKEN_URL)
"""

PINNING_TESTS = """\
from silopub import twitter


def test_get_authorize_url(mocker):
    post = mocker.patch("requests.Session.post")
    twitter.get_authorize_url("k", "s")
    post.assert_called_once_with(twitter.REQUEST_TOKEN_URL)


def test_process_callback(mocker):
    fetch_access_token = mocker.patch("requests_oauthlib.OAuth1Session.fetch_access_token")
    twitter.process_callback("k", "s")
    fetch_access_token.assert_called_once_with(twitter.ACCESS_TOKEN_URL)
"""


def test_token_requests_whose_arguments_the_tests_assert_are_left_with_a_finding():
    result = run_codemods(TWITTER, NAME, path="silopub/twitter.py", project={"tests/test_twitter.py": PINNING_TESTS})
    assert result.error is None, result.error
    assert "timeout=" not in result.new_text
    messages = finding_messages(result)
    # the Session's post is asserted with the request token's URL: the access token request, of
    # another URL, cannot equal it (_http_timeout_asserted_urls); its own patch holds it back
    assert len(messages) == 2 and "requests.Session.post" in messages[0], messages
    assert "OAuth1Session.fetch_access_token" in messages[1] and "Session.post" not in messages[1], messages


def test_a_patch_of_the_token_method_itself_pins_it():
    tests = "from silopub import twitter\n\n\ndef test_process_callback" + PINNING_TESTS.split("def test_process_callback")[1]
    result = run_codemods(TWITTER, NAME, path="silopub/twitter.py", project={"tests/test_twitter.py": tests})
    assert "fetch_request_token(REQUEST_TOKEN_URL, timeout=60)" in result.new_text, finding_messages(result)
    assert "fetch_access_token(ACCESS_TOKEN_URL)\n" in result.new_text
    assert any("requests_oauthlib.OAuth1Session.fetch_access_token" in m for m in finding_messages(result))


def test_an_assertion_on_the_sessions_post_holds_a_token_request_whatever_its_own_shape():
    """A token request hands its URL on to the Session's post with keywords of the library's own
    (headers, auth, the body): an assertion of another shape than the token call's may still be
    the one that call makes, so the shape rule of exact assertions clears no token request."""
    tests = PINNING_TESTS.replace(
        "post.assert_called_once_with(twitter.REQUEST_TOKEN_URL)",
        "post.assert_called_once_with(twitter.REQUEST_TOKEN_URL, headers=mocker.ANY)",
    )
    result = run_codemods(TWITTER, NAME, path="silopub/twitter.py", project={"tests/test_twitter.py": tests})
    assert result.error is None, result.error
    assert "fetch_request_token(REQUEST_TOKEN_URL)\n" in result.new_text
    assert any("requests.Session.post" in m for m in finding_messages(result)), finding_messages(result)

"""http-timeout: requests-oauthlib's ``OAuth1Session`` and ``OAuth2Session`` are requests
Sessions (subclasses of ``requests.Session`` whose request methods take ``timeout=``), so
they are read as sessions: their calls get a timeout, a function-local one its with-block,
and the waits the project gives their calls are the project's own HTTP waits. Before, an
``OAuth1Session`` imported by name was reported as another library's unreadable session
factory, and one imported through its module was not an HTTP client at all (a plain request
elsewhere in the project got the option's 60 s where the project's OAuth calls wait 10 s).
"""

from __future__ import annotations

from helpers import finding_messages, run_codemods

NAME = "http-timeout"

LOCAL = """
from requests_oauthlib import OAuth1Session


def fetch_profile(key, secret, url):
    oauth = OAuth1Session(key, client_secret=secret)
    reply = oauth.get(url)
    return reply.json()
"""


def test_a_function_local_oauth_session_is_closed_and_its_request_gets_a_timeout():
    result = run_codemods(LOCAL, NAME)
    assert "with OAuth1Session(key, client_secret=secret) as oauth:" in result.new_text, finding_messages(result)
    assert "oauth.get(url, timeout=60)" in result.new_text
    assert not any("factory" in m for m in finding_messages(result))


def test_an_oauth_session_imported_through_its_package_is_a_session():
    source = """
import requests_oauthlib

client = requests_oauthlib.OAuth2Session("client-id", token={"access_token": "t"})


def profile(url):
    return client.get(url).json()
"""
    result = run_codemods(source, NAME)
    assert "client.get(url, timeout=60)" in result.new_text, finding_messages(result)


def test_a_method_not_of_requests_is_left_alone():
    # (its token requests send one: _http_timeout_token_requests; authorization_url sends none)
    source = LOCAL.replace("reply = oauth.get(url)", "reply = oauth.authorization_url(url)")
    result = run_codemods(source, NAME)
    assert "timeout=" not in result.new_text


def test_the_waits_of_oauth_calls_are_the_projects_own_http_waits():
    wiki = """
import requests_oauthlib


def api_post(key, secret, url, params):
    oauth = requests_oauthlib.OAuth1Session(key, client_secret=secret)
    return oauth.post(url, data=params, timeout=10).json()
"""
    page = """
import requests


def front_page(url):
    return requests.get(url).text
"""
    result = run_codemods(page, NAME, path="web.py", project={"wiki.py": wiki})
    assert "requests.get(url, timeout=10)" in result.new_text, finding_messages(result)

"""http-timeout: what a wait says, and what is no requests Session.

A timeout the project gives a call whose answer it never reads (a webhook it fires and
forgets) bounds how long it will block for a side effect; it says nothing about how long
a service takes to answer, so it never shortens the wait of calls that need their answer.
An object the code imports from Flask (``flask.session``) is no requests Session to report,
and a database driver's exceptions are handlers whose classes are known."""

from __future__ import annotations

import textwrap

import pytest

from helpers import finding_messages, rewrite, run_codemods

NAME = "http-timeout"

LOOKUP = """
import requests


def bridges(api, proxies):
    answer = requests.post(api + "/settings", json={}, proxies=proxies)
    return answer.json()
"""

NOTIFY = """
import requests


def notify(hook, data):
    try:
        requests.post(hook, data=data, timeout=5)
    except Exception as error:
        print(error)
"""


def test_a_fire_and_forget_wait_elsewhere_does_not_shorten_a_lookup():
    files = {"lookup.py": LOOKUP, "hooks.py": NOTIFY}
    after = rewrite(LOOKUP, NAME, files=files)
    assert 'requests.post(api + "/settings", json={}, proxies=proxies, timeout=60)' in after


def test_nor_one_in_the_same_module():
    source = LOOKUP + NOTIFY.replace("import requests\n", "")
    after = rewrite(source, NAME, files={"lookup.py": source})
    assert 'requests.post(api + "/settings", json={}, proxies=proxies, timeout=60)' in after


def test_an_awaited_notification_is_one_too():
    notify = "async def notify(client, hook):\n    await client.post(hook, timeout=5)\n"
    after = rewrite(LOOKUP, NAME, files={"lookup.py": LOOKUP, "hooks.py": notify})
    assert "timeout=60)" in after


def test_a_short_wait_on_a_call_whose_answer_is_read_still_counts():
    # (no handler around it: a handled call's short wait is its failure budget, no evidence for
    # a lookup nothing handles: test_http_timeout_handled_waits)
    # (both POSTs to one host: a write borrows another module's write wait only for its own
    # service, review 37)
    used = 'import requests\n\n\ndef notify(data):\n    requests.post("https://bridges.example/hook", data=data, timeout=5).raise_for_status()\n'
    lookup = LOOKUP.replace('api + "/settings"', '"https://bridges.example/settings"')
    after = rewrite(lookup, NAME, files={"lookup.py": lookup, "hooks.py": used})
    assert "proxies=proxies, timeout=5)" in after


def test_a_long_notification_wait_still_lengthens():
    slow = NOTIFY.replace("timeout=5", "timeout=120")
    after = rewrite(LOOKUP, NAME, files={"lookup.py": LOOKUP, "hooks.py": slow})
    assert "proxies=proxies, timeout=120)" in after


FLASK_SESSION = """
import flask
import requests


def current_user():
    return flask.session.get("user_id")


def token():
    return flask.session.get("csrf_token", "")


def status(url):
    return requests.get(url).json()
"""


def test_flask_s_session_is_no_requests_session_to_report():
    result = run_codemods(FLASK_SESSION, NAME)
    assert "requests.get(url, timeout=60).json()" in result.new_text
    assert result.new_text.count("flask.session.get(") == 2
    assert finding_messages(result) == []


def test_a_project_s_own_session_attribute_is_still_reported():
    source = (
        textwrap.dedent(FLASK_SESSION)
        .replace("flask.session.get", "clients.session.get")
        .replace("import flask\n", "import clients\n")
        .replace('"user_id"', '"/me"')
        .replace('"csrf_token"', '"https://auth.example.com/token"')
    )
    messages = finding_messages(run_codemods(source, NAME))
    assert len(messages) == 2 and all("cannot tell that clients.session is a requests Session" in m for m in messages)


# pybossa's flickr_client.py: Flask's session handed to a method as a parameter named session
HANDED_IN = """
import requests


class FlickrClient:
    def get_user_albums(self, session):
        if session.get("flickr_user") is not None:
            return requests.get("https://api.flickr.com/services/rest/").json()

    def user_id(self, session):
        return session.get("flickr_user").get("user_nsid")

    def fetch(self, session, url):
        return session.get(url)

    def me(self, http_session):
        return http_session.get("/me")
"""


def test_a_key_read_from_a_parameter_named_session_is_no_request_to_report():
    """A requests URL has a scheme or is a path: ``session.get("flickr_user")`` reads a key (of
    Flask's session handed in), no request; a URL-like first argument is still reported."""
    result = run_codemods(HANDED_IN, NAME)
    assert result.new_text.count('session.get("flickr_user")') == 2
    messages = finding_messages(result)
    assert len(messages) == 2, messages
    assert any("cannot tell that session is a requests Session" in m for m in messages)
    assert any("cannot tell that http_session is a requests Session" in m for m in messages)
    assert [f.line for f in result.findings] == [14, 17]


# A database driver's exceptions (PEP 249: the driver's Error derives from Exception) hold
# none of an HTTP client's network errors: a handler for them says nothing about the call.
IN_A_TRANSACTION = """
import {driver}
import requests


def buy(conn, api):
    try:
        conn.begin()
        try:
            answer = requests.post(api + "/token", json={{}})
            answer.raise_for_status()
        except requests.HTTPError:
            conn.rollback()
            raise
        conn.commit()
        return answer.json()
    except {driver}.{error}:
        conn.rollback()
        return None
"""


@pytest.mark.parametrize(
    "driver, error", [("MySQLdb", "Error"), ("pymysql", "err.OperationalError"), ("psycopg2", "DatabaseError")]
)
def test_a_database_driver_s_errors_are_told(driver, error):
    source = IN_A_TRANSACTION.format(driver=driver, error=error)
    result = run_codemods(source, NAME)
    assert 'requests.post(api + "/token", json={}, timeout=60)' in result.new_text
    assert finding_messages(result) == []


def test_a_network_handler_inside_one_still_keeps_the_call():
    source = IN_A_TRANSACTION.format(driver="MySQLdb", error="Error").replace("except requests.HTTPError", "except requests.ConnectionError")
    result = run_codemods(source, NAME)
    assert result.new_text == textwrap.dedent(source)
    [message] = finding_messages(result)
    assert "catches requests.ConnectionError but not requests.Timeout" in message

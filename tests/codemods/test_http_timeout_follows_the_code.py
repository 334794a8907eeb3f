"""http-timeout follows the code: the timeout its module or its project already uses, and the
sessions it holds in attributes or is passed."""

from __future__ import annotations

import textwrap

import pytest

from flask_codemod.codemods import get_codemod
from helpers import assert_left_alone, finding_messages, rewrite, run_codemods

# a wait another module reads from configuration: said as that module's, not as this one's setting
ANOTHER_MODULE = "another module of this project gives its calls a timeout from its configuration"

NAME = "http-timeout"

QUERY_RUNNER = """
import requests


class Runner:
    def run_query(self, query, user):
        response = requests.post(self.url, json={"query": query})
        return response.json()
"""


def test_it_is_a_review_codemod():
    assert get_codemod(NAME).SAFETY == "review"


def test_the_module_s_own_largest_timeout_comes_first():
    source = """
        import requests

        PATIENCE = (3.05, 45)


        def health(url):
            return requests.get(url + "/health", timeout=5).ok


        def report(url):
            return requests.get(url, timeout=PATIENCE).json()


        def listing(url):
            return requests.get(url).json()
    """
    assert 'return requests.get(url, timeout=45).json()' in rewrite(source, NAME)


@pytest.mark.parametrize(
    "files, expected",
    [
        # a wait the project passes to a call: a job's timeout, a query's, a client's default
        ({"tasks.py": "from rq.decorators import job\n\n@job('queries', timeout=300)\ndef run():\n    pass\n"}, 300),
        (
            {
                "settings.py": "import os\n\nQUERY_TIMEOUT = int(os.environ.get('QUERY_TIMEOUT', '600'))\n\n"
                "def run(cursor, sql):\n    return cursor.execute(sql, timeout=QUERY_TIMEOUT)\n"
            },
            600,
        ),
        ({"runners/kylin.py": "def connect(c):\n    return c.connect(timeout=c.configuration.get('timeout', 500))\n"}, 500),
        ({"client.py": "REQUEST_TIMEOUT_MS = 120000\n\ndef ask(c):\n    return c.call(read_timeout_ms=REQUEST_TIMEOUT_MS)\n"}, 120),
        # numbers only named are no call's wait: a gunicorn worker's timeout in server options
        (
            {
                "manage.py": "class Server(Application):\n    def init(self, parser, opts, args):\n"
                "        return {'bind': ':80', 'workers': 4, 'timeout': 1800}\n",
                "settings.py": "TIMEOUT = 1800\n",
            },
            60,
        ),
        # milliseconds of a browser driver, and waits longer than any HTTP call's
        (
            {
                "fetcher.py": "from playwright.sync_api import sync_playwright\n\n"
                "def fetch(page, url):\n    page.goto(url, timeout=3000)\n    page.wait_for_function('x', timeout=90000)\n",
                "worker.py": "def drain(q):\n    return q.get(timeout=86400)\n",
                "acme.py": "def client(key):\n    return ClientNetwork(key, timeout=3600)\n",
            },
            60,
        ),
        # lifetimes are not waits: cache entries, sessions, tokens, locks
        (
            {
                "cache.py": "from app import cache\n\ndef keep(k, v):\n    cache.set(k, v, timeout=86400)\n",
                "config.py": "CACHE_DEFAULT_TIMEOUT = 3600\nSESSION_TIMEOUT = 7200\nLOCK_TIMEOUT = 9000\n",
                "views.py": "from app import cache\n\n@cache.cached(timeout=5000)\ndef index():\n    pass\n",
            },
            60,
        ),
        # a shorter wait of another kind says how long that call may take, not a response:
        # it lengthens the option's wait, never shortens it (a queue's pop, a kernel's reply)
        ({"store.py": "def pop(r):\n    return r.blpop('jobs', timeout=1)\n"}, 60),
        ({"kernel.py": "def reply(k):\n    return k.get_shell_msg(timeout=40)\n"}, 60),
        # ... unless the project times HTTP calls itself: then its HTTP waits are the ones it
        # chose; the queue's 10 s is no HTTP wait and never the number written (review 24); a
        # write's, as the runner's POST is (review 36), to the same host (review 37: the runner's
        # URL names none, so the ping's 5 s, for all the code shows another service's, is not borrowed)
        (
            {
                "client.py": "import requests\n\ndef ping(url):\n    return requests.post(url, timeout=5).ok\n",
                "store.py": "def pop(r):\n    return r.blpop('jobs', timeout=10)\n",
            },
            60,
        ),
        # what tests use says nothing about the app
        ({"tests/test_runner.py": "def test_slow(runner):\n    runner.wait(timeout=3000)\n"}, 60),
        # nothing anywhere: the option's default
        ({}, 60),
    ],
)
def test_else_the_largest_wait_the_project_names(files, expected):
    files = {"runner.py": QUERY_RUNNER, **files}
    after = rewrite(QUERY_RUNNER, NAME, files=files)
    assert f'requests.post(self.url, json={{"query": query}}, timeout={expected})' in after


def test_the_option_is_what_is_written_when_nothing_else_says():
    options = {NAME: {"timeout": 25}}
    assert "timeout=25)" in rewrite(QUERY_RUNNER, NAME, options=options, files={"runner.py": QUERY_RUNNER})
    # the project's own wait comes first
    files = {"runner.py": QUERY_RUNNER, "tasks.py": "@job('queries', timeout=600)\ndef run():\n    pass\n"}
    assert "timeout=600)" in rewrite(QUERY_RUNNER, NAME, options=options, files=files)


FORWARDER = """
import requests

from .models import Setting


def forward(method, url, data):
    return requests.request(method, url, json=data)
"""

CONFIGURED = (
    "import requests\n\nfrom .models import Setting\n\n"
    "def zone(url):\n    return requests.get(url, timeout=int(Setting().get('api_timeout'))).json()\n"
)


@pytest.mark.parametrize(
    "files",
    [
        {"models/domain.py": CONFIGURED},
        # the project's own request helper, given the setting
        {
            "models/zone.py": "from .. import utils\n\ndef get(url):\n    return utils.fetch_json(url, timeout=int(Setting().get('api_timeout')))\n",
            "utils.py": "import requests\n\ndef fetch_json(url, timeout=None):\n    return requests.get(url, timeout=timeout).json()\n",
        },
        {"client.py": "import requests\n\ndef ask(app, url):\n    return requests.get(url, timeout=app.config['HTTP_TIMEOUT'])\n"},
    ],
)
def test_a_project_that_configures_its_request_timeouts_is_reported_not_given_a_number(files):
    # any number would ignore what a user configured (a slow server given 120 s gets 60)
    result = run_codemods(FORWARDER, NAME, files={"helper.py": FORWARDER, **files})
    assert result.new_text == textwrap.dedent(FORWARDER) and result.rewrites == {}
    [message] = finding_messages(result)
    assert message.startswith(f"8: http-timeout: not changed: {ANOTHER_MODULE} (")
    assert "pass the same setting as timeout= here" in message


def test_a_configured_timeout_in_the_module_itself_is_followed_the_same_way():
    source = CONFIGURED + "\n\ndef records(url):\n    return requests.get(url).json()\n"
    result = run_codemods(source, NAME, dedent=False, files={"models/domain.py": source})
    assert result.new_text == source
    assert [f.line for f in result.findings] == [10] and "(line 6)" in result.findings[0].message


def test_a_configured_wait_of_a_proven_http_call_comes_before_the_numbers_the_code_names():
    """The project's HTTP calls wait what a user configures: any number (a job's 300) may be
    shorter; so does a setting's default (``c.settings.get('timeout', 45)``)."""
    jobs = "@job('q', timeout=300)\ndef run():\n    pass\n"
    setting_default = "import requests\n\ndef ask(c, url):\n    return requests.get(url, timeout=c.settings.get('timeout', 45))\n"
    for configured in ({"models/domain.py": CONFIGURED}, {"client.py": setting_default}):
        result = run_codemods(FORWARDER, NAME, files={"helper.py": FORWARDER, "tasks.py": jobs, **configured})
        assert result.new_text == textwrap.dedent(FORWARDER)
        [message] = finding_messages(result)
        assert f"{ANOTHER_MODULE} (" in message


def test_a_number_the_code_names_still_comes_before_a_wrapper_s_configured_wait():
    """A wrapper known by its name only proves no HTTP call: the project's numbers come first."""
    wrapped = {
        "models/zone.py": "from .. import utils\n\ndef get(url):\n    return utils.fetch_json(url, timeout=int(Setting().get('api_timeout')))\n",
        "utils.py": "import requests\n\ndef fetch_json(url, timeout=None):\n    return requests.get(url, timeout=timeout).json()\n",
    }
    files = {"helper.py": FORWARDER, **wrapped, "tasks.py": "@job('q', timeout=300)\ndef run():\n    pass\n"}
    assert "json=data, timeout=300)" in rewrite(FORWARDER, NAME, files=files)
    # a setting formatted into text (a rate limit's window) is no call's wait
    files = {"helper.py": FORWARDER, "auth.py": "def limit(config):\n    return '{n}/{timeout}minutes'.format(n=1, timeout=config['AUTH_TIMEOUT'])\n"}
    assert "json=data, timeout=60)" in rewrite(FORWARDER, NAME, files=files)


# -- sessions held in attributes or passed in ------------------------------------------------------------


HELD = """
import requests


class Client:
    session = None

    def __init__(self, base):
        self.base = base
        self.session = requests.Session()

    def user(self, name):
        return self.session.get(f"{self.base}/users/{name}").json()

    def save(self, payload):
        return self.session.post(self.base + "/save", json=payload, timeout=5).ok


def fetch(session: requests.Session, url):
    return session.get(url).text
"""


def test_a_session_the_class_creates_or_a_parameter_declares_gets_a_timeout():
    after = rewrite(HELD, NAME)
    # the module's own largest timeout (5) is the one to follow
    assert 'return self.session.get(f"{self.base}/users/{name}", timeout=5).json()' in after
    assert "return session.get(url, timeout=5).text" in after
    assert finding_messages(run_codemods(HELD, NAME)) == []


UNPROVEN = """
import requests
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class Api:
    def __init__(self, session):
        self.session = session

    def get_user(self, url):
        return self.session.get(url).json()

    def forget(self, user):
        db.session.delete(user)
        return db.session.get(User, user.id)


def sync(http_session, base):
    return http_session.post(base + "/sync")
"""


def test_a_session_it_cannot_prove_is_reported_not_changed():
    result = run_codemods(UNPROVEN, NAME)
    assert result.new_text == textwrap.dedent(UNPROVEN)
    messages = finding_messages(result)
    assert len(messages) == 2, messages  # not the SQLAlchemy session's delete/get
    assert "13: http-timeout: not changed: cannot tell that self.session is a requests Session" in messages[0]
    assert "21: http-timeout: not changed: cannot tell that http_session is a requests Session" in messages[1]


def test_a_session_with_a_mounted_adapter_may_carry_its_own_timeout():
    source = """
        import requests
        from requests.adapters import HTTPAdapter


        class Client:
            def __init__(self):
                self.session = requests.Session()
                self.session.mount("https://", TimeoutAdapter(timeout=30))

            def get(self, url):
                return self.session.get(url)
    """
    result = run_codemods(source, NAME)
    assert result.new_text == textwrap.dedent(source)
    [message] = finding_messages(result)
    assert "the session mounts a transport adapter" in message


def test_requests_own_adapter_sets_no_timeout():
    """``HTTPAdapter(max_retries=...)`` only retries: the session's calls still wait for ever."""
    source = """
        import requests
        from requests.adapters import HTTPAdapter
        from urllib3.util.retry import Retry


        class Client:
            def __init__(self):
                self.session = requests.Session()
                adapter = requests.adapters.HTTPAdapter(max_retries=Retry(total=3))
                self.session.mount("https://", adapter)
                self.session.mount("http://", HTTPAdapter(max_retries=2))

            def get(self, url):
                return self.session.get(url)
    """
    result = run_codemods(source, NAME)
    assert "return self.session.get(url, timeout=60)" in result.new_text
    assert result.findings == []


def test_httpx_calls_are_bounded_by_httpx_itself():
    source = "import httpx\n\n\ndef get(u):\n    return httpx.get(u).json()\n"
    assert_left_alone(NAME, source)


AWAITED = """
import aiohttp
import requests


async def fetch_json(client_session, url):
    async with client_session.get(url) as answer:
        return await answer.json()


async def post_form(session, url):
    return await session.post(url, data={})


def status(http_session, url):
    return http_session.get(url).status_code
"""


def test_an_awaited_call_or_one_entered_by_async_with_is_no_requests_call():
    """requests is synchronous: a call that is awaited, or entered by ``async with``, is made
    by an asynchronous client (aiohttp's session here) and is not reported as a requests
    Session's; the plain call on a session parameter still is."""
    result = run_codemods(AWAITED, NAME)
    assert result.new_text == textwrap.dedent(AWAITED)
    messages = finding_messages(result)
    assert len(messages) == 1, messages
    assert "16: http-timeout: not changed: cannot tell that http_session is a requests Session" in messages[0]

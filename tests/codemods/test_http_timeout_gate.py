"""The gates of http-timeout: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases


class TestGates(GateCases):
    NAME = "http-timeout"
    REJECTED = [
        # every call has its timeout; urllib without urlopen
        ("import requests\n\ndef get(url):\n    return requests.get(url, timeout=5)\n", "client.py"),
        ("import urllib.parse\n\ndef quote(x):\n    return urllib.parse.quote(x)\n", "util.py"),
        ("from urllib.request import urlopen\n\ndef ping(u):\n    return urlopen(u, None, 30)\n", "ping.py"),
        # a session made in place, or kept in an attribute, every request through it with its
        # timeout: nothing to bound, no name to put in a with-block (changes' node_status.py,
        # artifact_store_lib.py)
        ("import requests\n\ndef toggle(url):\n    return requests.Session().post(url, data={}, timeout=10)\n", "status.py"),
        (
            "import requests\n\n"
            "class Store:\n"
            "    def __init__(self, server):\n"
            "        self._session = requests.Session()\n"
            "        self._server = server\n\n"
            "    def fetch(self, path, timeout=5):\n"
            "        return self._session.request('GET', self._server + path, timeout=timeout)\n",
            "store.py",
        ),
        (
            "import httpx\n\nclient = httpx.Client()\n\ndef get(url):\n    return client.get(url, timeout=3)\n",
            "shared.py",
        ),
        # a session named so whose call sends no URL: a database session, a cookie's key
        (
            "import requests\nfrom app import db\n\ndef drop(row):\n    db.session.delete(row)\n    "
            "return requests.get('https://x', timeout=5)\n",
            "tagging.py",
        ),
        ("import requests\n\ndef user(session):\n    return session.get('user_id')\n", "user.py"),
        # a dict's get() beside a session handed on: no request sent here
        ("import requests\nfrom api import Client\n\ndef make(c):\n    return Client(session=requests.Session())\n", "make.py"),
    ]
    ACCEPTED = [
        ("import requests as r\n\ndef get(u):\n    return r.get(u)\n", "client.py"),
        ("import requests\n\ndef get(u):\n    return requests.get(u, timeout=None)\n", "client.py"),
        ("import requests\n\ndef get(u):\n    s = requests.Session()\n    return s.get(u, timeout=3)\n", "client.py"),
        ("import urllib.request\n\ndef get(u):\n    return urllib.request.urlopen(u)\n", "client.py"),
        # a session made in place or kept in an attribute, a request through it without a timeout
        ("import requests\n\ndef toggle(url):\n    return requests.Session().post(url, data={})\n", "status.py"),
        (
            "import requests\n\n"
            "class Store:\n"
            "    def __init__(self):\n"
            "        self._http = requests.Session()\n\n"
            "    def fetch(self, url):\n"
            "        return self._http.get(url)\n",
            "store.py",
        ),
        ("import httpx\n\nclient = httpx.Client()\n\ndef get(url):\n    return client.get(url, timeout=None)\n", "shared.py"),
        # a token request of requests-oauthlib's session, without a timeout
        (
            "from requests_oauthlib import OAuth2Session\n\n"
            "def token(url, code):\n"
            "    return OAuth2Session('id').fetch_token(url, code=code)\n",
            "oauth.py",
        ),
        # a parameter or an attribute named like a session, called with what looks like a URL
        # (reported): a name spelled like one, a literal with a "/", literals side by side
        ("import requests\n\ndef user(session, url):\n    return session.get(url)\n", "user.py"),
        ("import requests\n\nclass A:\n    def f(self):\n        return self.session.get('/users')\n", "api.py"),
        ("import requests\n\ndef user(session):\n    return session.get('user' '_id')\n", "user.py"),
        ("import requests\n\nfetch = lambda session: session.get('https://x')\n", "fetch.py"),
        # a session a function of the module makes and returns: a caller's name for it may get a with-block
        (
            "import requests\n\n"
            "def new_session():\n"
            "    return requests.Session()\n\n"
            "def fetch(url):\n"
            "    s = new_session()\n"
            "    return s.get(url, timeout=5).text\n",
            "factory.py",
        ),
    ]
    # samples the codemod leaves alone without a word, which its gates reject
    REJECTED_SAMPLES = ["no_change_not_http"]

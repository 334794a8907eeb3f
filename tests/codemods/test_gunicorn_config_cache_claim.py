"""gunicorn-config names a per-process cache a cache (findings audit, session 27). omnibot's
``client()`` builds a Slack client for a team and bot the first time it is asked for one
(``if bot.name not in _client[team]: ... = SlackClient(token)``); bugbug's models live in a
``ReadthroughTTLCache``. Each worker building its own costs time and loses nothing a request
needs, unless a request reads an entry another stored: "keeps values between requests ...
would not find them" was not true of them. The file is still not generated (not provable), but
the finding says what the value is. A registry that stores what the request says (a session
kept under a key) is still said to keep values between requests."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

FILES = {"requirements.txt": "flask\ngunicorn\n", "Procfile": "web: gunicorn app:app\n"}

CLIENTS = """\
from flask import Flask, request

app = Flask(__name__)
_client = {}


class Client:
    def __init__(self, token):
        self.token = token


def client(team, token):
    if team not in _client:
        _client[team] = {}
    if "bot" not in _client[team]:
        _client[team]["bot"] = Client(token)
    return _client[team]["bot"]


@app.post("/event/<team>")
def event(team):
    return client(team, request.headers["X-Token"]).token
"""

SESSIONS = CLIENTS.replace('_client[team]["bot"] = Client(token)', '_client[team]["bot"] = request.args["name"]')

MODELS = """\
from flask import Flask

app = Flask(__name__)


class ModelCache:
    def __init__(self, load):
        self.load = load
        self.items = {}

    def get(self, key):
        self.items[key] = self.load(key)
        return self.items[key]


MODEL_CACHE = ModelCache(lambda name: name.upper())


@app.get("/classify/<name>")
def classify(name):
    return MODEL_CACHE.get(name)
"""


def _message(source: str) -> tuple[str, dict[str, str]]:
    result = run_codemods(source, "gunicorn-config", files=FILES, path="app.py")
    assert result.error is None, result.error
    [message] = finding_messages(result)
    return message, {e.key: e.value for e in result.project_edits if e.kind == "file"}


def test_clients_built_for_a_key_the_first_time_are_called_a_cache():
    message, created = _message(CLIENTS)
    assert created == {}
    assert "keeps a cache in each process: _client (app.py:4), filled at app.py:14" in message
    assert "each worker fills its own" in message
    assert "keeps values between requests" not in message and "would not find" not in message


def test_an_object_of_a_class_named_a_cache_is_called_one():
    message, created = _message(MODELS)
    assert created == {}
    assert "keeps a cache in each process: self.items of a ModelCache object" in message


def test_what_a_request_says_stored_under_a_key_still_keeps_values():
    message, created = _message(SESSIONS)
    assert created == {}
    assert "the app keeps values between requests in its process: _client (app.py:4)" in message
    assert "would not find them" in message


# a dict named a cache, filled on a miss with what a store holds, and refreshed with a value the
# function also writes to the store (findings audit, session 32: spotify-gh-profile's token
# cache, whose project runs four workers): whether each miss reads a store every worker shares
# cannot be told, so no file; but "must run one worker" was more than the code shows
TOKENS = """\
from flask import Flask

from store import table

app = Flask(__name__)
TOKEN_CACHE = {}


def token(uid):
    found = TOKEN_CACHE.get(uid)
    if found is None:
        found = table.read(uid)
        TOKEN_CACHE[uid] = found
    return found


@app.get("/card/<uid>")
def card(uid):
    return token(uid)
"""


def test_a_value_named_a_cache_is_said_to_be_kept_per_process():
    message, created = _message(TOKENS)
    assert created == {}
    assert "keeps values between requests in each process: TOKEN_CACHE (app.py:6), written at app.py:13" in message
    assert "must run one worker" not in message
    assert "read back from a store every worker shares" in message and "nothing generated" in message


# session 33 (spotify-gh-profile's token cache again): a function defined above the one that
# fills the dict takes an entry out (``del``); "written at" named that line, which writes nothing
TOKENS_DROPPED_FIRST = TOKENS.replace(
    "\n\ndef token(uid):",
    "\n\ndef forget(uid):\n    if uid in TOKEN_CACHE:\n        del TOKEN_CACHE[uid]\n\n\ndef token(uid):",
).replace("    return token(uid)\n", "    forget(uid)\n    return token(uid)\n")


def test_the_line_named_as_the_write_puts_a_value_in():
    assert "        del TOKEN_CACHE[uid]\n" in TOKENS_DROPPED_FIRST  # line 11
    message, created = _message(TOKENS_DROPPED_FIRST)
    assert created == {}
    assert "TOKEN_CACHE (app.py:6), written at app.py:18" in message, message

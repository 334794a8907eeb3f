"""http-timeout: a copy of a wrapper's own ``**kwargs`` handed on (the realworld corpus,
genenetwork2: ``no_token_post(uri_path, **kwargs)`` builds ``new_kwargs`` from the ``kwargs``
items but ``data``/``json`` plus one of those two keys, and calls ``requests.post(url,
**new_kwargs)``; read as a mapping that may carry any wait, it held back 47 calls of the project).

A copy carries what its callers give, as the ``**kwargs`` it copies does (read where they call):
``dict(kwargs)``, ``kwargs.copy()``, ``{**kwargs}``, ``{k: v for k, v in kwargs.items() if ...}``
(a filter drops keys, it adds none), beside keys spelled (``"data" if data else "json"``: each
string it may be). Where anything else writes the key — the copy's or the original's
``["timeout"] = ...``, an ``update`` with another mapping, a value changed on the way — it is a
wait not read, and the project's other calls stay held back (the safe side).
"""

from __future__ import annotations

import importlib
import sys

import pytest

from helpers import finding_messages, run_codemods
from http_support import transport_timeouts

NAME = "http-timeout"

CLIENT = """
import requests


def no_token_post(uri_path, **kwargs):
    data = kwargs.get("data", {})
    the_json = kwargs.get("json", {})
    request_data = {**data, **the_json, "client_id": "gn2"}
    new_kwargs = {
        **{
            key: value for key, value in kwargs.items()
            if key not in ("data", "json")
        },
        ("data" if bool(data) else "json"): request_data
    }
    return requests.post("http://auth.local/" + uri_path, **new_kwargs)
"""

TRAIT = """
import requests


def fetch_trait(url):
    return requests.get(url).json()
"""

PROJECT = {"gn2/__init__.py": "", "gn2/oauth2/__init__.py": "", "gn2/oauth2/client.py": CLIENT}
PATH = "gn2/trait.py"


def _run(client: str = CLIENT):
    return run_codemods(TRAIT, NAME, project={**PROJECT, "gn2/oauth2/client.py": client}, path=PATH)


COPIES = {
    "a filtered copy beside a spelled key": CLIENT,
    "dict(kwargs)": CLIENT.replace(
        """    new_kwargs = {
        **{
            key: value for key, value in kwargs.items()
            if key not in ("data", "json")
        },
        ("data" if bool(data) else "json"): request_data
    }""",
        '    new_kwargs = dict(kwargs)\n    new_kwargs["json"] = request_data',
    ),
    "kwargs.copy()": CLIENT.replace(
        """    new_kwargs = {
        **{
            key: value for key, value in kwargs.items()
            if key not in ("data", "json")
        },
        ("data" if bool(data) else "json"): request_data
    }""",
        '    new_kwargs = kwargs.copy()\n    new_kwargs.pop("data", None)',
    ),
    "{**kwargs}": CLIENT.replace(
        """**{
            key: value for key, value in kwargs.items()
            if key not in ("data", "json")
        },""",
        "**kwargs,",
    ),
}


@pytest.mark.parametrize("client", list(COPIES.values()), ids=list(COPIES))
def test_a_copy_of_the_callers_keywords_holds_back_no_other_call(client):
    result = _run(client)
    assert "requests.get(url, timeout=60).json()" in result.new_text, finding_messages(result)
    assert finding_messages(result) == []


WRITTEN = {
    "the copy's key set": COPIES["dict(kwargs)"].replace('new_kwargs["json"] = request_data', 'new_kwargs["timeout"] = lookup()'),
    "the original's key set": CLIENT.replace('    data = kwargs.get("data", {})', '    kwargs["timeout"] = lookup()\n    data = kwargs.get("data", {})'),
    "updated from another mapping": COPIES["dict(kwargs)"].replace('new_kwargs["json"] = request_data', "new_kwargs.update(defaults())"),
    "a value changed on the way": CLIENT.replace("key: value for key, value", "key: scale(value) for key, value"),
    "a key not spelled": CLIENT.replace('("data" if bool(data) else "json")', "pick(data)"),
    "a copy of something else": COPIES["dict(kwargs)"].replace("dict(kwargs)", "dict(settings())"),
}


@pytest.mark.parametrize("client", list(WRITTEN.values()), ids=list(WRITTEN))
def test_where_anything_else_writes_the_key_the_other_calls_stay_held_back(client):
    result = _run(client)
    assert "timeout=60" not in result.new_text
    [message] = finding_messages(result)
    assert "gn2/oauth2/client.py" in message and "any number written here may be shorter" in message, message


def test_the_rewritten_call_is_bounded(tmp_path, monkeypatch):
    """Run: the trait fetch's transport is given the bound (it was given None)."""
    rewritten = _run().new_text
    seen = transport_timeouts(monkeypatch)
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        for text in (TRAIT, rewritten):
            (tmp_path / "trait_case.py").write_text(text)
            sys.modules.pop("trait_case", None)
            importlib.invalidate_caches()
            importlib.import_module("trait_case").fetch_trait("http://localhost/trait")
    finally:
        sys.modules.pop("trait_case", None)
    assert seen == [None, 60]

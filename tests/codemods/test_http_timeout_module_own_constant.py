"""http-timeout: a module that names its own wait (a module-level constant under the name the
project's other modules pass as ``timeout=``) means that wait for its calls, even where it
forgot to pass it. Borrowing a shorter number from a sibling module cuts its calls short (a
chat-completion request the module meant to wait 30 seconds for, cut at the 10 seconds its
sibling fetchers use)."""

from __future__ import annotations

import pytest
from helpers import rewrite

NAME = "http-timeout"

GENERATE = """\
import requests

REQUEST_TIMEOUT = 30


def complete(base, prompt):
    r = requests.post(base + "/v1/chat/completions", json={"messages": [prompt]})
    return r.json()
"""

FETCH = """\
import requests

REQUEST_TIMEOUT = 10


def fetch(url):
    return requests.get(url, timeout=REQUEST_TIMEOUT).json()
"""


@pytest.mark.xfail(
    strict=True,
    reason="http-timeout (owned by timeout20 this round) writes the project's largest named wait (10) "
    "instead of the module's own REQUEST_TIMEOUT = 30 (dribdat:dribdat/apigenerate.py:198)",
)
def test_the_module_s_own_unused_wait_constant_comes_before_a_sibling_s_number():
    after = rewrite(GENERATE, NAME, files={"generate.py": GENERATE, "fetch.py": FETCH})
    assert "timeout=REQUEST_TIMEOUT)" in after or "timeout=30)" in after, after

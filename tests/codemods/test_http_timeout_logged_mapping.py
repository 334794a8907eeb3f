"""http-timeout: a wrapper that gives its own ``**kwargs`` a wait of numbers and logs them.

Seen on the corpus (session 34, an IndieWeb feed reader): a fetch helper set
``kwargs["timeout"]`` to a ``(connect, read)`` pair of numbers when its caller gave none,
logged the keyword arguments it was about to send, then called ``requests.get(url,
**kwargs)``. The log call was read as handing the mapping to a function that may put any wait
in it, so the project's other calls were held back by "a wait no number can be read from". A
logger's message only shows what it is given: the pair's read part is a number the project
names for its HTTP calls.
"""

from __future__ import annotations

import ast

import pytest

from helpers import finding_messages, run_codemods

NAME = "http-timeout"

FETCH = """\
import logging

import requests

log = logging.getLogger(__name__)


def fetch(url, **kwargs):
    if "timeout" not in kwargs:
        kwargs["timeout"] = (4, 25)
    SHOWN
    return requests.get(url, **kwargs)
"""

PING = "import requests\n\n\ndef ping(url):\n    return requests.post(url).status_code\n"

SHOWN = {
    "a module logger": 'log.debug("fetching %s with %s", url, kwargs)',
    "an app's logger": 'current_app.logger.info("fetching %s with %s", url, kwargs)',
    "the logging module": 'logging.warning("fetching %s with %s", url, kwargs)',
    "print": "print(url, kwargs)",
}


def _fetch(shown: str) -> str:
    return FETCH.replace("SHOWN", shown)


@pytest.mark.parametrize("case", sorted(SHOWN))
def test_a_mapping_only_logged_keeps_the_numbers_it_was_given(case):
    from flask_codemod.codemods._http_timeout_unknown_waits import module_mapping_numbers, module_unknown_waits

    tree = ast.parse(_fetch(SHOWN[case]))
    assert module_unknown_waits(tree) == ()
    assert module_mapping_numbers(tree) == ((25.0, True),)


def test_the_project_s_other_calls_get_a_wait_no_shorter_than_the_wrapper_s():
    """A number given through a mapping is a floor of what is written (never shorter): here
    the option's 60 seconds, as for ``opts = {"timeout": 25}``."""
    project = {"app/__init__.py": "", "app/util.py": _fetch(SHOWN["a module logger"])}
    result = run_codemods(PING, NAME, path="app/ping.py", project=project)
    assert "return requests.post(url, timeout=60).status_code" in result.new_text
    longer = {**project, "app/util.py": _fetch(SHOWN["a module logger"]).replace("(4, 25)", "(4, 90)")}
    result = run_codemods(PING, NAME, path="app/ping.py", project=longer)
    assert "return requests.post(url, timeout=90).status_code" in result.new_text
    assert not any("no number can be read" in message for message in finding_messages(result)), finding_messages(result)


CHANGING = {
    "handed to a function of the project": "prepare(kwargs)",
    "a method named like a logger's on another object": "catalog.info(kwargs)",
}


@pytest.mark.parametrize("case", sorted(CHANGING))
def test_a_mapping_handed_to_any_other_call_is_still_a_wait_of_unknown_length(case):
    from flask_codemod.codemods._http_timeout_unknown_waits import module_unknown_waits

    tree = ast.parse(_fetch(CHANGING[case]))
    assert [spelled for _, _, _, spelled in module_unknown_waits(tree)] == ["**kwargs"]
    project = {"app/__init__.py": "", "app/util.py": _fetch(CHANGING[case])}
    result = run_codemods(PING, NAME, path="app/ping.py", project=project)
    assert result.new_text == PING
    assert any("no number can be read" in message for message in finding_messages(result)), finding_messages(result)

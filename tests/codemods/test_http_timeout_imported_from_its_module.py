"""http-timeout: a number imported by name is read in the module the import names.

``from ..globals import WAIT`` names the ``WAIT`` of one module: another module's class
attribute of the same name (a status code, ``Status.WAIT = 408``) is not it. The import is
followed (absolute and relative, a package's ``__init__``, ``import pkg.mod as m``; a
re-export once), a class body is read only for a read through that class (``Config.WAIT``),
and a name whose module cannot be found, or that its module binds to something else than a
number, is a wait of unknown length: the calls are left, with a finding.
"""

from __future__ import annotations

import pytest
from helpers import finding_messages, run_codemods

NAME = "http-timeout"

# a module whose own calls name no number: it gets the longest wait the project gives
PING = "\n\n\ndef ping(url):\n    return requests.get(url).json()\n"


def _api(imports: str, wait: str) -> str:
    return f"import requests\n\n{imports}\n\n\ndef fetch(url):\n    return requests.get(url, timeout={wait}).json()\n"


STATUS = "class Status:\n    WAIT = 408\n    OK = 200\n"

# the module binding the wait, and another binding a status code of the same name in a class
LIMITS = {"pkg/__init__.py": "", "pkg/limits.py": "WAIT = 120\n", "pkg/status.py": STATUS}

# (the project's files, the module calling with the imported name) -> the seconds written in ping
READ_IN_ITS_MODULE = {
    "a relative import of a sibling module": (
        LIMITS,
        ("pkg/api.py", _api("from .limits import WAIT", "WAIT")),
        120,
    ),
    "a relative import two levels up": (
        {**LIMITS, "pkg/sub/__init__.py": ""},
        ("pkg/sub/api.py", _api("from ..limits import WAIT", "WAIT")),
        120,
    ),
    "an absolute import": (
        LIMITS,
        ("pkg/api.py", _api("from pkg.limits import WAIT", "WAIT")),
        120,
    ),
    "a package's __init__": (
        {"pkg/__init__.py": "WAIT = 120\n", "pkg/status.py": STATUS},
        ("pkg/api.py", _api("from pkg import WAIT", "WAIT")),
        120,
    ),
    "a module imported under another name": (
        LIMITS,
        ("pkg/api.py", _api("import pkg.limits as lim", "lim.WAIT")),
        120,
    ),
    "a re-export by the package": (
        {"pkg/__init__.py": "from .limits import WAIT\n", "pkg/limits.py": "WAIT = 120\n", "pkg/status.py": STATUS},
        ("pkg/api.py", _api("from pkg import WAIT", "WAIT")),
        120,
    ),
    "a read through the class that binds it": (
        {"pkg/__init__.py": "", "pkg/limits.py": "WAIT = 120\n", "pkg/status.py": "class Status:\n    WAIT = 450\n"},
        ("pkg/api.py", _api("from pkg.status import Status", "Status.WAIT")),
        450,
    ),
}


@pytest.mark.parametrize("case", sorted(READ_IN_ITS_MODULE))
def test_the_number_is_the_one_of_the_module_the_import_names(case):
    project, (path, api), seconds = READ_IN_ITS_MODULE[case]
    result = run_codemods("import requests" + PING, NAME, path="pkg/ping.py", project={**project, path: api})
    assert f"return requests.get(url, timeout={seconds}).json()" in result.new_text


def test_a_class_attribute_of_the_same_name_elsewhere_is_not_read_for_it():
    """elastichq: the tests got 408 s, a status code's class attribute, for a module's 30 s."""
    project = {**LIMITS, "pkg/sub/__init__.py": ""}
    project["pkg/sub/api.py"] = _api("from ..limits import WAIT", "WAIT")
    result = run_codemods("import requests" + PING, NAME, path="tests/test_ping.py", project=project)
    assert "timeout=408" not in result.new_text
    assert "return requests.get(url, timeout=120).json()" in result.new_text


UNREAD = {
    "a module the project does not have": {"pkg/api.py": _api("from elsewhere.limits import WAIT", "WAIT")},
    "a name bound to a call": {
        "pkg/limits.py": "import os\n\nWAIT = compute()\n",
        "pkg/api.py": _api("from .limits import WAIT", "WAIT"),
    },
    "a name bound twice, once to no number": {
        "pkg/limits.py": "WAIT = 30\nWAIT = pick(WAIT)\n",
        "pkg/api.py": _api("from .limits import WAIT", "WAIT"),
    },
    "a name its module binds only in a class": {
        "pkg/limits.py": "class Limits:\n    WAIT = 30\n",
        "pkg/api.py": _api("from .limits import WAIT", "WAIT"),
    },
}


@pytest.mark.parametrize("case", sorted(UNREAD))
def test_a_name_that_cannot_be_read_in_its_module_is_a_wait_of_unknown_length(case):
    """No guess from another module binding the same name (``Status.WAIT = 408`` here): the
    codemod's answer for a wait it cannot read (a configuration read, or a name bound to no
    number: _http_timeout_configured) — the call is left, with a finding naming the wait."""
    project = {"pkg/__init__.py": "", "pkg/status.py": STATUS, **UNREAD[case]}
    result = run_codemods("import requests" + PING, NAME, path="pkg/ping.py", project=project)
    assert "requests.get(url).json()" in result.new_text
    assert any("not changed: " in message and "(pkg/api.py:7" in message for message in finding_messages(result))


def test_the_finding_names_the_wait_by_its_import_and_claims_no_missing_number():
    """A corpus app read its wait from a settings object whose schema holds the default (120):
    the finding said the project bound the name to no number, which was untrue. It names the
    wait by the import it comes by, and says only that the codemod does not read it."""
    project = {
        "pkg/__init__.py": "from .config import load\n\nconf = load()\n",
        "pkg/config.py": 'SCHEMA = {"http_wait": {"type": int, "default": 120}}\n\n\ndef load():\n    return Settings(SCHEMA)\n',
        "pkg/api.py": _api("from pkg import conf", "conf.http_wait"),
    }
    result = run_codemods("import requests" + PING, NAME, path="pkg/ping.py", project=project)
    assert "requests.get(url).json()" in result.new_text
    message = next(message for message in finding_messages(result) if "(pkg/api.py:7" in message)
    assert "timeout=pkg.conf.http_wait, a value of another module the codemod does not read" in message
    assert "binds to no number" not in message

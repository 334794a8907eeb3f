"""http-timeout and handlers whose classes are not spelled where the call is.

A handler that names a tuple or class from another module (``from .errors import
NETWORK_ERRORS``) is read in that module when it is the project's own and binds the name
plainly; where its classes cannot be told, the call is left with a finding naming the
handler. ``except TimeoutError`` catches urlopen's ``socket.timeout`` only on Python 3.10
and later: it counts as a timeout handler where every Python the project declares is one.
urllib3's exception classes catch nothing a requests call raises (requests wraps them in its
own), so they are no network handler. The behaviour tests run the code against a local
server that accepts and never answers.
"""

from __future__ import annotations

import textwrap

import pytest
import requests

from helpers import finding_messages, forget_packages, import_package, run_codemods, write_package
from http_support import closed_port_url, load, silent_server  # noqa: F401 (the fixture)

NAME = "http-timeout"
CANNOT_TELL = "which cannot be told from here"

VIEW = """
import requests

from .errors import NETWORK_ERRORS


def probe(url):
    try:
        return requests.get(url).ok
    except NETWORK_ERRORS:
        return "handled"
"""


def outcome(source: str, project: dict[str, str], path: str = "app/views.py", **kwargs):
    result = run_codemods(source, NAME, project=project, path=path, **kwargs)
    assert result.error is None, result.error
    return result


def errors_module(text: str) -> dict[str, str]:
    return {"app/__init__.py": "", "app/errors.py": text}


def test_a_tuple_of_connection_errors_from_the_project_keeps_the_call():
    project = errors_module("import requests\n\nNETWORK_ERRORS = (requests.ConnectionError, requests.TooManyRedirects)\n")
    result = outcome(VIEW, project)
    assert result.new_text == textwrap.dedent(VIEW)
    [message] = finding_messages(result)
    assert "catches NETWORK_ERRORS but not requests.Timeout" in message


@pytest.mark.parametrize(
    "errors",
    [
        "import requests\n\nNETWORK_ERRORS = (requests.ConnectionError, requests.Timeout)\n",
        "from requests.exceptions import RequestException\n\nNETWORK_ERRORS = RequestException\n",
        "NETWORK_ERRORS = (OSError,)\n",
        "class NETWORK_ERRORS(Exception):\n    pass\n",  # the project's own class: requests raises none
        "import requests\n\nNETWORK_ERRORS = (ValueError,) + (requests.HTTPError,)\n",
    ],
)
def test_a_project_binding_that_is_told_is_judged(errors):
    result = outcome(VIEW, errors_module(errors))
    assert "requests.get(url, timeout=60)" in result.new_text and finding_messages(result) == []


def test_a_re_export_is_followed_to_the_module_that_builds_the_tuple():
    project = {
        "app/__init__.py": "",
        "app/errors.py": "from .network import NETWORK_ERRORS\n",
        "app/network.py": "from requests import exceptions as rex\n\nNETWORK_ERRORS = [rex.ConnectionError]\n",
    }
    [message] = finding_messages(outcome(VIEW, project))
    assert "catches NETWORK_ERRORS but not requests.Timeout" in message


@pytest.mark.parametrize(
    "errors",
    [
        "NETWORK_ERRORS = tuple(load_errors())\n",  # built by a call
        "from somelib.errors import NETWORK_ERRORS\n",  # another library's: it may hold requests' classes
        "from .network import *\n",  # from somewhere
        "import requests\n\nNETWORK_ERRORS = (requests.ConnectionError,)\nNETWORK_ERRORS += (requests.Timeout,)\n",
        "",  # not bound at all
    ],
)
def test_a_project_binding_that_cannot_be_told_keeps_the_call(errors):
    project = {**errors_module(errors), "app/network.py": "import requests\n\nNETWORK_ERRORS = (requests.ConnectionError,)\n"}
    result = outcome(VIEW, project)
    assert result.new_text == textwrap.dedent(VIEW)
    [message] = finding_messages(result)
    assert f"catches NETWORK_ERRORS, {CANNOT_TELL}" in message and "requests.Timeout" in message


@pytest.mark.parametrize(
    "binding, caught",
    [
        ("from somelib import NETWORK_ERRORS", "NETWORK_ERRORS"),
        ("import somelib", "somelib.errors.NETWORK_ERRORS"),
        ("", "self.network_errors"),
        ("", "errors_of(self)"),
        ("from somelib import *", "NETWORK_ERRORS"),
    ],
)
def test_a_handler_whose_classes_cannot_be_told_keeps_the_call(binding, caught):
    source = f"""
import requests
{binding}


class Client:
    def probe(self, url):
        try:
            return requests.get(url).ok
        except {caught}:
            return "handled"
"""
    result = run_codemods(source, NAME)
    assert result.new_text == textwrap.dedent(source)
    [message] = finding_messages(result)
    assert f"catches {caught}, {CANNOT_TELL}" in message


def test_a_timeout_handler_next_to_one_that_cannot_be_told_lets_the_timeout_be_added():
    source = """
        import requests
        from somelib import NETWORK_ERRORS

        def probe(url):
            try:
                return requests.get(url).ok
            except NETWORK_ERRORS:
                return "handled"
            except requests.Timeout:
                return "timed out"
        """
    result = run_codemods(source, NAME)
    assert "requests.get(url, timeout=60)" in result.new_text and finding_messages(result) == []


def test_the_projects_own_classes_and_undefined_names_are_told():
    source = """
        import requests

        class ApiError(Exception):
            pass

        def probe(url):
            try:
                return requests.get(url).ok
            except (ApiError, NotDefinedAnywhere):
                return "handled"
        """
    result = run_codemods(source, NAME)
    assert "requests.get(url, timeout=60)" in result.new_text and finding_messages(result) == []


# -- TimeoutError around urlopen: by the declared Python ------------------------------------------

URLOPEN = """
from urllib.error import URLError
from urllib.request import urlopen


def fetch(url):
    try:
        return urlopen(url).read()
    except URLError:
        return "handled"
    except TimeoutError:
        return "timed out"
"""


@pytest.mark.parametrize(
    "declaration, added",
    [
        ({"pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.10"\n'}, True),
        ({"runtime.txt": "python-3.11.4\n"}, True),
        ({"setup.py": 'setup(name="x", python_requires=">=3.9")\n'}, False),
        ({"pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.10"\n', "runtime.txt": "python-3.8.10\n"}, False),
        ({"pyproject.toml": '[project]\nname = "x"\n'}, False),  # declares no Python: any may run it
        ({}, False),
    ],
)
def test_timeout_error_catches_the_timeout_where_every_declared_python_is_3_10(declaration, added):
    result = outcome(URLOPEN, {"app/__init__.py": "", **declaration})
    assert ("urlopen(url, timeout=60)" in result.new_text) is added
    messages = finding_messages(result)
    assert (messages == []) is added
    if not added:
        assert "catches URLError, TimeoutError but not socket.timeout" in messages[0], messages


def test_timeout_error_catches_urlopens_read_timeout_here(silent_server):
    """What the rule rests on, on this Python (3.10 or later, as the tool requires): the read
    timeout of the rewritten call reaches the ``TimeoutError`` handler."""
    project = {"pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.10"\n'}
    result = run_codemods(URLOPEN, NAME, project=project, options={NAME: {"timeout": 0.3}})
    assert "urlopen(url, timeout=0.3)" in result.new_text
    rewritten = load(result.new_text)
    assert rewritten["fetch"](silent_server.url) == "timed out"
    assert rewritten["fetch"](closed_port_url()) == "handled"


# -- urllib3's classes around a requests call ----------------------------------------------------

URLLIB3 = """
import requests
import urllib3


def fetch(url):
    try:
        return requests.get(url).ok
    except (urllib3.exceptions.ProtocolError, urllib3.exceptions.NewConnectionError, urllib3.exceptions.ReadTimeoutError):
        return "handled"
"""


def test_urllib3_handlers_catch_nothing_requests_raises_so_the_timeout_is_added(silent_server):
    result = run_codemods(URLLIB3, NAME, options={NAME: {"timeout": 0.3}})
    assert "requests.get(url, timeout=0.3)" in result.new_text and finding_messages(result) == []
    original, rewritten = load(URLLIB3), load(result.new_text)
    for namespace in (original, rewritten):  # a refused connection gets past the handler, before and after
        with pytest.raises(requests.ConnectionError):
            namespace["fetch"](closed_port_url())
    with pytest.raises(requests.Timeout):  # and so does the timeout: no new path past the handler
        rewritten["fetch"](silent_server.url)


# -- behaviour: the imported tuple --------------------------------------------------------------


def test_the_imported_tuple_as_the_rule_reads_it(silent_server, tmp_path, monkeypatch):
    """A tuple of connection errors from the project's errors module: with a timeout added by
    hand the read timeout gets past it (why the call is left); one that holds requests.Timeout
    too gets the timeout and handles it."""
    monkeypatch.syspath_prepend(str(tmp_path))
    connection_only = "import requests\n\nNETWORK_ERRORS = (requests.ConnectionError,)\n"
    with_timeout = "import requests\n\nNETWORK_ERRORS = (requests.ConnectionError, requests.Timeout)\n"
    naive = VIEW.replace("get(url)", "get(url, timeout=0.3)")
    left = write_package(tmp_path, {"__init__.py": "", "errors.py": connection_only, "views.py": naive})
    result = outcome(VIEW, errors_module(with_timeout), options={NAME: {"timeout": 0.3}})
    assert "requests.get(url, timeout=0.3)" in result.new_text
    given = write_package(tmp_path, {"__init__.py": "", "errors.py": with_timeout, "views.py": result.new_text})
    try:
        with pytest.raises(requests.Timeout):
            import_package(left, "views").probe(silent_server.url)
        views = import_package(given, "views")
        assert views.probe(silent_server.url) == "handled"
        assert views.probe(closed_port_url()) == "handled"
    finally:
        forget_packages([left, given])


def test_a_tuple_the_package_itself_binds_is_read_there():
    """``from . import NETWORK_ERRORS`` names the package's ``__init__``: a module beside the
    package named like it is not read."""
    project = {
        "app/__init__.py": "import requests\n\nNETWORK_ERRORS = (requests.ConnectionError,)\n",
        "app.py": "NETWORK_ERRORS = (ValueError,)\n",
    }
    source = VIEW.replace("from .errors import NETWORK_ERRORS", "from . import NETWORK_ERRORS")
    [message] = finding_messages(outcome(source, project))
    assert "catches NETWORK_ERRORS but not requests.Timeout" in message

"""http-timeout: a default timeout for every socket that the program sets (``socket.setdefaulttimeout``)
is one urlopen already has: the default is the process's and stays once set, so wherever the
project's application code sets it — when it starts, or on demand in a connectivity check
(mycodo) — its urlopen calls are reported, not given another timeout."""

from __future__ import annotations

import ast
import socket
import textwrap
import threading
import time
import urllib.request

import pytest

from flask_codemod.codemods._http_timeout_socket_default import module_socket_default
from helpers import finding_messages, forget_packages, import_package, run_codemods, write_package
from http_support import is_timeout, load, silent_server  # noqa: F401 (the fixture)

NAME = "http-timeout"

FETCH = """
from urllib.request import urlopen


def status(url):
    return urlopen(url).status
"""

ENTRY = """
import socket

from app.fetch import status

socket.setdefaulttimeout(20)
"""


def test_a_default_set_in_the_entry_module_is_kept():
    result = run_codemods(FETCH, NAME, path="app/fetch.py", project={"app/__init__.py": "", "wsgi.py": ENTRY})
    assert "timeout=" not in result.new_text
    messages = finding_messages(result)
    assert len(messages) == 1 and "the project calls socket.setdefaulttimeout() (wsgi.py:6)" in messages[0], messages


def test_spelled_through_a_from_import_too():
    entry = "from socket import setdefaulttimeout as default_wait\n\ndefault_wait(20)\n"
    result = run_codemods(FETCH, NAME, path="app/fetch.py", project={"run.py": entry})
    assert "timeout=" not in result.new_text
    assert "(run.py:3)" in finding_messages(result)[0]


@pytest.mark.parametrize(
    "elsewhere",
    [
        "# socket.setdefaulttimeout(20) was tried once\n",  # a comment
        "def setdefaulttimeout(seconds):\n    return seconds\n\nsetdefaulttimeout(20)\n",  # not socket's
    ],
)
def test_what_is_no_call_of_sockets_default_does_not_count(elsewhere):
    after = run_codemods(FETCH, NAME, path="app/fetch.py", project={"run.py": elsewhere}).new_text
    assert "urlopen(url, timeout=60)" in after


def test_a_module_that_names_it_and_does_not_parse_may_set_it():
    """A Python 2 entry module is not read: that the program sets no default cannot be shown."""
    entry = "import socket\n\nsocket.setdefaulttimeout(300)\nprint 'started'\n"
    result = run_codemods(FETCH, NAME, path="app/fetch.py", project={"app/__init__.py": "", "wsgi.py": entry})
    assert "timeout=" not in result.new_text
    assert "(wsgi.py, which does not parse as Python 3 and names it)" in finding_messages(result)[0]


def test_nor_does_a_test_module_setting_it():
    tests = "import socket\n\nsocket.setdefaulttimeout(20)\n"
    after = run_codemods(FETCH, NAME, path="app/fetch.py", project={"tests/test_fetch.py": tests}).new_text
    assert "urlopen(url, timeout=60)" in after


@pytest.mark.parametrize(
    "entry, line",
    [
        ('import socket\n\nif __name__ == "__main__":\n    socket.setdefaulttimeout(20)\n', 4),
        ("import socket\n\ntry:\n    socket.setdefaulttimeout(20)\nexcept OSError:\n    pass\n", 4),
        (  # a function the module runs from its __main__ block
            'import socket\n\n\ndef main():\n    socket.setdefaulttimeout(20)\n\n\nif __name__ == "__main__":\n    main()\n',
            5,
        ),
        (  # ... or at import
            "import socket\n\n\ndef configure():\n    socket.setdefaulttimeout(20)\n\n\nconfigure()\n",
            5,
        ),
        (  # a console script's main(), which no module of the project calls
            "import socket\n\n\ndef main():\n    socket.setdefaulttimeout(20)\n",
            5,
        ),
        (  # a helper the app factory runs
            "import socket\nfrom flask import Flask\n\n\ndef configure_network():\n    socket.setdefaulttimeout(20)\n\n\n"
            "def create_app():\n    app = Flask(__name__)\n    configure_network()\n    return app\n",
            6,
        ),
        (  # the app factory
            "import socket\nfrom flask import Flask\n\n\ndef create_app():\n"
            "    socket.setdefaulttimeout(20)\n    app = Flask(__name__)\n    return app\n",
            6,
        ),
    ],
    ids=["main block", "top-level try", "function run from main", "function run at import", "entry point main",
         "helper of the factory", "app factory"],
)
def test_a_default_set_when_the_program_starts_is_kept(entry, line):
    result = run_codemods(FETCH, NAME, path="app/fetch.py", project={"app/__init__.py": "", "wsgi.py": entry})
    assert "timeout=" not in result.new_text
    messages = finding_messages(result)
    assert len(messages) == 1 and f"(wsgi.py:{line})" in messages[0], messages


# mycodo's shape: a connectivity check sets the default as a side effect, when a route runs it
CHECK = """
import socket


def internet(host="8.8.8.8", port=53, timeout=3):
    try:
        socket.setdefaulttimeout(timeout)
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).connect((host, port))
        return True
    except OSError:
        return False
"""

SET_ON_DEMAND = {
    "a function run on demand": (CHECK, 7),
    "a function run from one that is not run": (CHECK + "\n\ndef page():\n    return internet()\n", 7),
    "a method": ("import socket\n\n\nclass Probe:\n    def run(self):\n        socket.setdefaulttimeout(3)\n", 6),
    "a nested function of one run at import": (
        "import socket\n\n\ndef setup():\n    def later():\n        socket.setdefaulttimeout(3)\n"
        "    return later\n\n\nsetup()\n",
        6,
    ),
    "a function run in a function the factory defines": (
        "import socket\nfrom flask import Flask\n\n\ndef create_app():\n    app = Flask(__name__)\n\n"
        "    @app.route('/check')\n    def check():\n        socket.setdefaulttimeout(3)\n        return 'ok'\n\n"
        "    return app\n",
        10,
    ),
}


@pytest.mark.parametrize("elsewhere, line", list(SET_ON_DEMAND.values()), ids=list(SET_ON_DEMAND))
def test_a_default_set_on_demand_elsewhere_is_kept_too(elsewhere, line):
    """The default is the process's, and stays once set: every urlopen after it runs uses it,
    whichever function set it (mycodo's upgrade page runs its connectivity check, then reads
    the release list with the check's 3 seconds)."""
    result = run_codemods(FETCH, NAME, path="app/fetch.py", project={"app/__init__.py": "", "app/system.py": elsewhere})
    assert "timeout=" not in result.new_text
    messages = finding_messages(result)
    assert len(messages) == 1 and f"the project calls socket.setdefaulttimeout() (app/system.py:{line})" in messages[0], messages


def test_in_any_function_of_the_urlopen_s_module_too():
    result = run_codemods(FETCH + CHECK, NAME, path="app/fetch.py", project={"app/__init__.py": ""})
    assert result.new_text == textwrap.dedent(FETCH + CHECK)
    messages = finding_messages(result)
    assert len(messages) == 1 and "this module calls socket.setdefaulttimeout() (line 13)" in messages[0], messages


def test_a_default_the_module_sets_at_import_is_kept():
    source = FETCH + "\nimport socket\n\nsocket.setdefaulttimeout(20)\n"
    result = run_codemods(source, NAME, path="app/fetch.py", project={"app/__init__.py": ""})
    assert "timeout=" not in result.new_text
    assert "this module calls socket.setdefaulttimeout() (line 10)" in finding_messages(result)[0]


def test_a_default_a_function_sets_after_the_urlopen_is_kept_too():
    """Set in one function, after the urlopen of another (or later in the same one): the next
    request the process serves has it."""
    source = """
    import socket
    from urllib.request import urlopen


    def status(url):
        socket.setdefaulttimeout(5)
        return urlopen(url).status


    def other(url):
        return urlopen(url).status
    """
    result = run_codemods(source, NAME, path="app/fetch.py", project={"app/__init__.py": ""})
    assert "timeout=" not in result.new_text
    messages = finding_messages(result)
    assert len(messages) == 2 and all("this module calls socket.setdefaulttimeout() (line 7)" in m for m in messages), messages


# mycodo's upgrade page: the connectivity check of one module, then the release list read in another
UPGRADE = """
from urllib.request import urlopen

from flask import Flask

from .netcheck import internet

app = Flask(__name__)


def upgrade(url):
    if not internet(host="127.0.0.1", port=9, timeout=0.5):
        pass  # the check's answer does not matter here: its default stays
    return urlopen(url).read()
"""


def test_after_the_check_ran_the_kept_urlopen_ends_at_the_program_s_limit(silent_server, tmp_path, monkeypatch):
    """What the rule keeps: the project's check sets the process's default (0.5 s here, as it
    chose); the urlopen left without timeout= then ends after it, where timeout=600 would
    have made the page wait ten minutes."""
    files = {"__init__.py": "", "netcheck.py": CHECK, "views.py": UPGRADE}
    result = run_codemods(UPGRADE, NAME, path="app/views.py", project={"app/__init__.py": "", "app/netcheck.py": CHECK})
    assert result.new_text == textwrap.dedent(UPGRADE)
    assert "socket.setdefaulttimeout() (app/netcheck.py:7)" in finding_messages(result)[0]
    monkeypatch.syspath_prepend(str(tmp_path))
    package = write_package(tmp_path, {**files, "views.py": result.new_text})
    before = socket.getdefaulttimeout()
    errors = []

    def call():
        try:
            import_package(package, "views").upgrade(silent_server.url)
        except Exception as error:  # noqa: BLE001 - the error is what is looked at
            errors.append(error)

    try:
        started = time.monotonic()
        thread = threading.Thread(target=call, daemon=True)
        thread.start()
        thread.join(6)
        assert not thread.is_alive(), "urlopen still waits"
        assert len(errors) == 1 and is_timeout(errors[0]), errors
        assert time.monotonic() - started < 3
    finally:
        socket.setdefaulttimeout(before)
        forget_packages([package])


@pytest.mark.parametrize(
    "text, line",
    [
        ("from socket import setdefaulttimeout as sdt\nsdt(5)\n", 2),
        ("import socket as s\ns.setdefaulttimeout(5)\n", 2),
        ("setdefaulttimeout = print\nsetdefaulttimeout(5)\n", None),  # no socket imported
        ("import socket\nsocket.gethostname()\n", None),
        ("import socket\n\n\nasync def main():\n    socket.setdefaulttimeout(5)\n\nrun(main())\n", 5),
        ("import socket\nconfigure = lambda: socket.setdefaulttimeout(5)\n", 2),  # whenever it is called
    ],
)
def test_the_modules_default_as_read(text, line):
    assert module_socket_default(ast.parse(text)) == line


def test_a_socket_default_bounds_urlopen_without_a_timeout():
    """What the rule relies on: urlopen with no timeout= ends once the default has passed
    (a local server that accepts the connection and never answers)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    held = []
    thread = threading.Thread(target=lambda: held.append(server.accept()), daemon=True)
    thread.start()
    before = socket.getdefaulttimeout()
    socket.setdefaulttimeout(0.5)
    try:
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{server.getsockname()[1]}/")
    finally:
        socket.setdefaulttimeout(before)
        for connection, _ in held:
            connection.close()
        server.close()


# review 23: every way the program may reach the standard library's setdefaulttimeout
SPELLINGS = {
    "star import": ("from socket import *\nsetdefaulttimeout(30)\n", 2),
    "a name bound to it": ("import socket\nset_timeout = socket.setdefaulttimeout\nset_timeout(30)\n", 3),
    "gevent's socket": ("from gevent import socket\nsocket.setdefaulttimeout(30)\n", 2),
    "eventlet's green socket": ("import eventlet\nfrom eventlet.green import socket\nsocket.setdefaulttimeout(30)\n", 3),
    "gevent's socket, star": ("from gevent.socket import *\nsetdefaulttimeout(30)\n", 2),
    # review 23 (rv23c-ht): spellings not resolved count too (fail closed)
    "the module under another name": ("import socket\nsock = socket\nsock.setdefaulttimeout(30)\n", 3),
    "the module imported by importlib": ('import importlib\nimportlib.import_module("socket").setdefaulttimeout(30)\n', 2),
    "getattr": ('import socket\ngetattr(socket, "setdefaulttimeout")(30)\n', 2),
    "a name bound to a star import's": ("from socket import *\nf = setdefaulttimeout\nf(30)\n", 3),
}


@pytest.mark.parametrize("case", sorted(SPELLINGS))
def test_a_default_spelled_another_way_is_kept_too(case):
    boot, line = SPELLINGS[case]
    result = run_codemods(FETCH, NAME, path="app/fetch.py", project={"app/__init__.py": "", "app/boot.py": boot})
    assert result.new_text == textwrap.dedent(FETCH)
    [message] = finding_messages(result)
    assert f"the project calls socket.setdefaulttimeout() (app/boot.py:{line})" in message


@pytest.mark.parametrize(
    "text",
    [
        "from socket import *\n\n\ndef setdefaulttimeout(seconds):\n    return seconds\n\n\nsetdefaulttimeout(30)\n",  # its own
        "import socket\nset_timeout = print\nset_timeout(30)\n",
        "from gevent import sleep\nsleep(30)\n",
    ],
)
def test_what_reaches_no_socket_default_still_does_not_count(text):
    assert module_socket_default(ast.parse(text)) is None


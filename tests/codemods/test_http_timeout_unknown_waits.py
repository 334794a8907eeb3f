"""http-timeout: a wait the module gives its HTTP calls that no number can be read from is a
wait of unknown length (review 23, rv23c-ht): the codemod cannot prove any number as long, so
the calls are left and reported — a ``**`` mapping (a dict, ``dict(...)``, ``update``, a key
``"timeout"``), a ``functools.partial``, a ``self.timeout`` bound to a constant of another
module. A number the module gives through a name of another module (``from settings import
TIMEOUT``, ``TIMEOUT = 300`` there) counts as one of its waits: nothing shorter is written."""

from __future__ import annotations

import ast
import socket
import textwrap
import threading
import time

import pytest

from helpers import finding_messages, run_codemods
from http_support import load, silent_server  # noqa: F401 (the fixture)

NAME = "http-timeout"

# a module of the project that times its HTTP calls with a short number
OTHER = "import requests\n\n\ndef probe(url):\n    return requests.get(url, timeout=5).status_code\n"
PING = "\n\ndef ping(url):\n    return requests.get(url).json()\n"

HANDED = {
    "a dict handed with **": (
        "import requests\nfrom flask import current_app\n\n\ndef fetch(url):\n"
        '    opts = {"timeout": current_app.config["HTTP_TIMEOUT"]}\n    return requests.get(url, **opts).json()\n',
        "line 7: **opts",
    ),
    "dict(...) handed with **": (
        "import requests\n\nimport settings\n\n\ndef fetch(url):\n"
        "    opts = dict(timeout=settings.HTTP_TIMEOUT)\n    return requests.get(url, **opts).json()\n",
        None,  # the setting is read in settings.py
    ),
    "a dict changed by update": (
        "import requests\nfrom flask import current_app\n\n\ndef fetch(url, **kwargs):\n"
        '    kwargs.update(timeout=current_app.config["HTTP_TIMEOUT"])\n    return requests.get(url, **kwargs).json()\n',
        "line 7: **kwargs",
    ),
    "a mapping built elsewhere": (
        "import requests\n\nfrom app.options import request_options\n\n\ndef fetch(url):\n"
        "    return requests.get(url, **request_options()).json()\n",
        "line 7: **request_options()",
    ),
    "a partial": (
        "import functools\n\nimport requests\nfrom flask import current_app\n\n\ndef fetch(url):\n"
        '    get = functools.partial(requests.get, timeout=current_app.config["HTTP_TIMEOUT"])\n    return get(url).json()\n',
        None,  # a configuration read: that finding
    ),
    "a partial imported bare": (
        "from functools import partial\n\nimport requests\n\nimport settings\n\n\ndef fetch(url):\n"
        "    get = partial(requests.get, timeout=settings.HTTP_TIMEOUT)\n    return get(url).json()\n",
        None,
    ),
    "a key set by subscript": (
        "import requests\nfrom flask import current_app\n\n\ndef fetch(url):\n    opts = {}\n"
        '    opts["timeout"] = current_app.config["HTTP_TIMEOUT"]\n    return requests.get(url, **opts).json()\n',
        None,  # a configuration read: that finding
    ),
    "a class attribute bound to a constant of the settings module": (
        "import requests\n\nimport settings\n\n\nclass Client:\n    timeout = settings.HTTP_TIMEOUT\n\n"
        "    def fetch(self, url):\n        return requests.get(url, timeout=self.timeout).json()\n",
        None,
    ),
    "an attribute bound nowhere here": (
        "import requests\n\nfrom app.base import Base\n\n\nclass Client(Base):\n"
        "    def fetch(self, url):\n        return requests.get(url, timeout=self.timeout).json()\n",
        "line 8: timeout=self.timeout",
    ),
}
SETTINGS = 'import os\n\nHTTP_TIMEOUT = int(os.environ.get("HTTP_TIMEOUT", "120"))\n'


@pytest.mark.parametrize("case", sorted(HANDED))
def test_a_call_of_the_module_is_left_when_another_is_given_a_wait_it_cannot_read(case):
    client, where = HANDED[case]
    source = client + PING
    project = {"app/__init__.py": "", "app/other.py": OTHER, "settings.py": SETTINGS, "app/base.py": "class Base:\n    pass\n"}
    result = run_codemods(source, NAME, path="app/client.py", project=project)
    assert result.new_text == textwrap.dedent(source), "a number (5, from app/other.py) was written"
    messages = [message for message in finding_messages(result) if "ping" in message or ": http-timeout: not changed: this" in message]
    assert messages, finding_messages(result)
    if where is not None:
        assert any(f"gives an HTTP call a wait no number can be read from ({where})" in message for message in messages), messages


@pytest.mark.parametrize("case", sorted(HANDED))
def test_so_is_a_call_of_another_module_that_names_no_number(case):
    """A proven HTTP call's wait of unknown length holds the project's other calls back as a
    configured one does (the module of ``ping`` names no number)."""
    client, _ = HANDED[case]
    project = {"app/__init__.py": "", "app/client.py": client, "settings.py": SETTINGS, "app/base.py": "class Base:\n    pass\n"}
    source = "import requests" + PING
    result = run_codemods(source, NAME, path="app/ping.py", project={**project, "app/other.py": OTHER})
    assert result.new_text == textwrap.dedent(source)
    [message] = finding_messages(result)
    assert "not changed: " in message and "this project" in message and "app/client.py:" in message


def test_a_module_that_names_a_number_is_left_too_when_a_proven_call_s_wait_cannot_be_read():
    source = (
        "import requests\n\n\ndef fetch(url, **kwargs):\n    kwargs.update(timeout=load_timeout())\n"
        "    return requests.get(url, **kwargs).json()\n\n\ndef probe(url):\n    return requests.get(url, timeout=5).status_code\n"
        + PING
    )
    result = run_codemods(source, NAME, path="app/client.py", project={"app/__init__.py": ""})
    assert result.new_text == textwrap.dedent(source)
    assert any("(line 6: **kwargs)" in message for message in finding_messages(result)), finding_messages(result)


KNOWN = {
    "a parameter handed on": "def fetch(url, timeout=None):\n    return requests.get(url, timeout=timeout).json()\n",
    "a wrapper's own **kwargs": "def fetch(url, **kwargs):\n    return requests.get(url, **kwargs).json()\n",
    "a mapping with no timeout": 'def fetch(url):\n    opts = {"headers": {"Accept": "json"}}\n    return requests.get(url, **opts).json()\n',
    "a local number": "def fetch(url):\n    wait = 5\n    return requests.get(url, timeout=wait).json()\n",
    "None": "def fetch(url):\n    return requests.get(url, timeout=None).json()\n",
    # alerta: a blinker signal's send(), named like a request, handed claims whose keys are settings
    "a mapping handed to a call only named like a request": (
        "def login(key):\n    claims = {key: []}\n    audit_trail.send(app, **claims)\n"
    ),
    "a wrapper's caller's, popped": (
        'def fetch(url, **kwargs):\n    wait = kwargs.pop("timeout", None)\n    return requests.get(url, timeout=wait).json()\n'
    ),
}


@pytest.mark.parametrize("case", sorted(KNOWN))
def test_waits_it_can_read_leave_no_unknown_wait(case):
    from flask_codemod.codemods._http_timeout_unknown_waits import module_unknown_waits

    tree = ast.parse("import requests\n\n\n" + KNOWN[case])
    assert module_unknown_waits(tree) == ()


def test_a_number_handed_through_a_mapping_counts_as_the_module_s():
    from flask_codemod.codemods._http_timeout_unknown_waits import module_mapping_numbers

    source = 'import requests\n\n\ndef fetch(url):\n    opts = {"timeout": 300}\n    return requests.get(url, **opts).json()\n'
    assert module_mapping_numbers(ast.parse(source)) == ((300.0, True),)
    result = run_codemods(source + PING, NAME, path="app/client.py", project={"app/__init__.py": "", "app/other.py": OTHER})
    assert "return requests.get(url, timeout=300).json()" in result.new_text


IMPORTED = {
    "from settings import TIMEOUT": "from settings import TIMEOUT\n",
    "import settings": "import settings\n",
}


def _module(spelling: str) -> str:
    wait = "TIMEOUT" if spelling.startswith("from") else "settings.TIMEOUT"
    return (
        f"import requests\n{IMPORTED[spelling]}\n\ndef a(u):\n    return requests.get(u, timeout={wait}).status_code\n\n\n"
        "def b(u):\n    return requests.get(u, timeout=0.3).status_code\n\n\ndef c(u):\n    return requests.get(u).status_code\n"
    )


@pytest.mark.parametrize("spelling", sorted(IMPORTED))
def test_a_number_of_another_module_counts_as_the_module_s_wait(spelling):
    result = run_codemods(_module(spelling), NAME, path="app.py", project={"settings.py": "TIMEOUT = 300\n"})
    assert "return requests.get(u, timeout=300).status_code" in result.new_text


def test_so_it_does_for_a_module_that_names_no_number():
    """The project's other module gives its calls 300 seconds through a name of the settings:
    a module naming none gets as long, not the 5 seconds of a third module's probe."""
    project = {
        "settings.py": "TIMEOUT = 300\n",
        "app/__init__.py": "",
        "app/api.py": "import requests\n\nimport settings\n\n\ndef a(u):\n    return requests.get(u, timeout=settings.TIMEOUT).json()\n",
        "app/other.py": OTHER,
    }
    result = run_codemods("import requests" + PING, NAME, path="app/ping.py", project=project)
    assert "return requests.get(url, timeout=300).json()" in result.new_text


class _SlowServer:
    """Answers every request on 127.0.0.1 after ``delay`` seconds."""

    def __init__(self, delay: float) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.delay = delay
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        with connection:
            connection.recv(65536)
            time.sleep(self.delay)
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")


def test_the_call_given_the_other_module_s_number_waits_as_long_as_it(monkeypatch):
    """Behaviour: settings give the module's calls 2 seconds, another call 0.3; a service that
    answers after 0.8 seconds is still answered by the rewritten bare call (0.3 would fail)."""
    for variable in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    result = run_codemods(_module("import settings"), NAME, path="app.py", project={"settings.py": "TIMEOUT = 2\n"})
    assert "requests.get(u, timeout=2)" in result.new_text
    server = _SlowServer(0.8)
    try:
        namespace = load(result.new_text.replace("import settings\n", "settings = type('S', (), {'TIMEOUT': 2})\n"))
        assert namespace["c"](server.url) == 200
    finally:
        server.listener.close()

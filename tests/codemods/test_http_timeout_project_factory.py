"""http-timeout: a session a function of another module of the project makes, whatever its name.

Lookyloo's lookup modules hold ``self.session = prepare_global_session()`` (from
``..helpers``, which builds a plain ``requests.Session()`` with a user agent and proxies) and
post to urlhaus and urlscan through it with no timeout: a stalled service hangs the capture's
module run for ever. The factory's name says nothing of requests, and the module calling it
imports no HTTP client, so the tool said nothing at all. The factory is the project's own and
its module can be read: where it returns a plain Session, the calls get a timeout; where it
mounts an adapter of its own, they are reported.
"""

from __future__ import annotations

import importlib
import socket
import sys
import threading
import time

import pytest
import requests

from helpers import finding_messages, run_codemods

NAME = "http-timeout"

HELPERS = """
import requests


def prepare_global_session() -> requests.Session:
    session = requests.Session()
    session.headers["user-agent"] = "lookyloo"
    return session
"""

URLHAUS = """
from ..helpers import prepare_global_session


class UrlHaus:
    def __init__(self, url):
        self.url = url
        self.session = prepare_global_session()
        self.session.headers.update({"Auth-Key": "key"})

    def url_result(self, url):
        response = self.session.post(f"{self.url}/url/", {"url": url})
        response.raise_for_status()
        return response.json()
"""

PROJECT = {"pkg/__init__.py": "", "pkg/helpers.py": HELPERS, "pkg/modules/__init__.py": ""}
PATH = "pkg/modules/urlhaus.py"


def _run(source: str = URLHAUS, helpers: str = HELPERS, seconds: int = 60):
    project = {**PROJECT, "pkg/helpers.py": helpers}
    return run_codemods(source, NAME, project=project, path=PATH, options={NAME: {"timeout": seconds}})


def test_a_call_through_a_plain_session_the_project_makes_gets_a_timeout():
    result = _run()
    assert 'self.session.post(f"{self.url}/url/", {"url": url}, timeout=60)' in result.new_text
    assert finding_messages(result) == []


def _silent_server() -> tuple[socket.socket, int]:
    """A server that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    held: list[socket.socket] = []

    def accept() -> None:  # until the test closes the server
        try:
            for _ in range(5):
                held.append(server.accept()[0])
        except OSError:
            pass

    threading.Thread(target=accept, daemon=True).start()
    return server, server.getsockname()[1]


def test_the_rewritten_module_gives_up_on_a_stalled_service(tmp_path):
    """Run as rewritten: the post to a server that never answers raises ReadTimeout after the
    bound, where it waited for ever."""
    rewritten = _run(seconds=1).new_text
    assert "timeout=1" in rewritten
    for relative, text in {**PROJECT, PATH: rewritten}.items():
        target = tmp_path / "stalled" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text.replace("pkg", "stalledpkg"))
    (tmp_path / "stalled" / "pkg").rename(tmp_path / "stalled" / "stalledpkg")
    sys.path.insert(0, str(tmp_path / "stalled"))
    try:
        module = importlib.import_module("stalledpkg.modules.urlhaus")
        server, port = _silent_server()
        started = time.monotonic()
        with pytest.raises(requests.exceptions.ReadTimeout):
            module.UrlHaus(f"http://127.0.0.1:{port}").url_result("https://example.org/")
        assert time.monotonic() - started < 10
        server.close()
    finally:
        sys.path.remove(str(tmp_path / "stalled"))
        for name in [m for m in sys.modules if m.startswith("stalledpkg")]:
            del sys.modules[name]


def test_a_factory_that_mounts_an_adapter_of_its_own_is_reported():
    helpers = HELPERS.replace(
        '    session.headers["user-agent"] = "lookyloo"\n',
        '    session.headers["user-agent"] = "lookyloo"\n    session.mount("https://", TimeoutAdapter())\n',
    ).replace("import requests\n", "import requests\n\nfrom .adapters import TimeoutAdapter\n")
    result = _run(helpers=helpers)
    assert "timeout=" not in result.new_text
    [message] = finding_messages(result)
    assert "self.session comes from prepare_global_session()" in message and "adapter" in message


def test_a_factory_that_may_return_something_else_is_reported():
    helpers = HELPERS.replace("    return session\n", "    return session if session.headers else None\n").replace(
        "def prepare_global_session() -> requests.Session:", "def prepare_global_session():"
    )
    result = _run(helpers=helpers)
    assert "timeout=" not in result.new_text
    [message] = finding_messages(result)
    assert "may return something else" in message


def test_a_function_of_another_library_is_not_read_as_the_projects():
    source = URLHAUS.replace("from ..helpers import prepare_global_session", "from sessionlib import prepare_global_session")
    result = _run(source=source)
    assert "timeout=" not in result.new_text
    assert finding_messages(result) == []


HARVEST_COMMON = """
from typing import Sequence

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry


def requests_retry_session(
    retries: int = 10,
    status_forcelist: Sequence[int] = (500, 502, 504),
    session: requests.Session = None,
) -> requests.Session:
    session = session or requests.Session()
    retry = Retry(total=retries, read=retries, connect=retries, status_forcelist=status_forcelist)
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
"""

STATS = """
from fatcat_tools.harvest.harvest_common import requests_retry_session


def container_stats(ident):
    http_session = requests_retry_session(status_forcelist=[429, 500, 502, 504])
    return http_session.get(f"https://fatcat.wiki/container/{ident}/stats.json").json()
"""

FATCAT = {
    "fatcat_tools/__init__.py": "",
    "fatcat_tools/harvest/__init__.py": "",
    "fatcat_tools/harvest/harvest_common.py": HARVEST_COMMON,
    "fatcat_tools/mergers/__init__.py": "",
}


def test_a_factory_whose_name_says_so_is_read_too_where_the_project_has_it():
    """fatcat's ``requests_retry_session`` mounts requests' own HTTPAdapter (retries, no
    timeout) on a Session it returns: read, its session's GET gets a timeout, where the name
    alone gave a finding that the factory could not be read."""
    result = run_codemods(STATS, NAME, project=FATCAT, path="fatcat_tools/mergers/containers.py")
    assert 'stats.json", timeout=60).json()' in result.new_text
    assert finding_messages(result) == []


def test_without_the_factorys_module_the_name_still_gives_its_finding():
    result = run_codemods(STATS, NAME, path="fatcat_tools/mergers/containers.py")
    assert "timeout=" not in result.new_text
    [message] = finding_messages(result)
    assert "a factory not read here" in message

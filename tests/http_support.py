"""Local servers and loaders for http-timeout's behaviour tests (127.0.0.1 only)."""

from __future__ import annotations

import socket
import threading
import urllib.error
from typing import Any

import httpx
import pytest
import requests


class SilentServer:
    """Accepts TCP connections on 127.0.0.1 and never sends a byte. ``hang_up()`` closes
    every accepted connection (which unblocks the clients) and the listening socket."""

    def __init__(self) -> None:
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.listener.settimeout(0.05)
        self.connections: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/slow"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            if self.answer(connection):
                self.connections.append(connection)

    def answer(self, connection: socket.socket) -> bool:
        """What the server does with a new connection; whether it stays open (until ``hang_up``)."""
        return True

    def hang_up(self) -> None:
        self._stop.set()
        self._thread.join(2)
        for connection in self.connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            connection.close()
        self.listener.close()


class BodyServer(SilentServer):
    """Answers each request with headers promising 100 bytes of body and sends 3 of them; then
    stalls (``cut_short=False``) or closes the connection, a body cut short."""

    def __init__(self, cut_short: bool) -> None:
        self.cut_short = cut_short
        super().__init__()

    def answer(self, connection: socket.socket) -> bool:
        connection.settimeout(2)
        connection.recv(65536)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc")
        if self.cut_short:
            connection.close()
        return not self.cut_short


@pytest.fixture
def silent_server(monkeypatch):
    for variable in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    server = SilentServer()
    yield server
    server.hang_up()


def load(source: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "client_code"}
    exec(compile(source, "client_code.py", "exec"), namespace)
    return namespace


def is_timeout(error: BaseException | None) -> bool:
    if isinstance(error, (requests.exceptions.Timeout, httpx.TimeoutException, TimeoutError)):
        return True
    return isinstance(error, urllib.error.URLError) and isinstance(error.reason, TimeoutError)


def closed_port_url() -> str:
    """A URL on 127.0.0.1 whose port nothing listens on: a connection to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def http_timeout_result(path: Any) -> Any:
    """What the engine makes of the file at ``path`` with http-timeout alone (no error)."""
    from flask_codemod import pipeline
    from flask_codemod.codemods import get_codemod

    result = pipeline.process_file(str(path), [get_codemod("http-timeout")])
    assert result.error is None, result.error
    return result


def transport_timeouts(monkeypatch) -> list:
    """Answers every request a requests Session sends with 200 ``{}`` at its transport
    adapter, and records the ``timeout`` each was given (None: it would wait for ever)."""
    seen: list = []

    def send(adapter, request, **kwargs):
        seen.append(kwargs.get("timeout"))
        answer = requests.Response()
        answer.status_code, answer._content, answer.request = 200, b"{}", request
        return answer

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)
    return seen

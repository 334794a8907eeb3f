"""A stand-in for ``requests`` whose upstream takes ``delay`` seconds before it answers, without
waiting: a call whose read timeout is shorter fails as requests would (``ReadTimeout``), after
the upstream received it. Each request received is remembered (method, URL, timeout)."""

from __future__ import annotations

import sys
import types
from typing import Any

import requests


class SlowUpstream(types.ModuleType):
    def __init__(self, delay: float, answer: Any = None) -> None:
        super().__init__("requests")
        self.delay = delay
        self.answer = {"access_token": "t", "id": 1, "metadata": {"access_right": "open"}} if answer is None else answer
        self.received: list[tuple[str, str, Any]] = []
        self.exceptions = requests.exceptions
        self.RequestException = requests.RequestException
        self.Timeout = requests.Timeout
        self.ConnectionError = requests.ConnectionError
        self.codes = requests.codes

    def request(self, method: str, url: str, *args: Any, timeout: Any = None, **kwargs: Any) -> types.SimpleNamespace:
        self.received.append((method.upper(), url, timeout))
        read = timeout[1] if isinstance(timeout, tuple) else timeout
        if read is not None and read < self.delay:
            raise requests.exceptions.ReadTimeout(f"read timed out after {read} s")
        answer = self.answer
        return types.SimpleNamespace(status_code=200, ok=True, json=lambda: answer, text=str(answer), raise_for_status=lambda: None)

    def get(self, url: str, *args: Any, **kwargs: Any) -> types.SimpleNamespace:
        return self.request("GET", url, *args, **kwargs)

    def post(self, url: str, *args: Any, **kwargs: Any) -> types.SimpleNamespace:
        return self.request("POST", url, *args, **kwargs)

    def posts(self) -> int:
        return sum(1 for method, _, _ in self.received if method == "POST")


def run_against(monkeypatch: Any, upstream: SlowUpstream, source: str, function: str, *args: Any) -> Any:
    """Run ``function`` of ``source`` with ``upstream`` as its requests; its answer, or the
    exception that escaped it."""
    monkeypatch.setitem(sys.modules, "requests", upstream)
    namespace: dict[str, Any] = {"__name__": "client_code"}
    exec(compile(source, "client_code.py", "exec"), namespace)
    try:
        return namespace[function](*args)
    except Exception as error:  # what escapes to the caller (a worker's loop, a view)
        return error

"""http-timeout in a project that declares its line length (``[flake8] max-line-length``,
``black --line-length`` in its lint target) and checks it in CI: a call on one line that
``, timeout=60`` pushes past that length fails the project's own lint (response-operations-ui:
five calls went from at most 120 characters to 125-130, where ``make test`` runs
``black --check`` and ``flake8`` first). The call should be split as black would split it,
one argument a line, or the limit otherwise kept.

Not fixed this round: the tool reads no line length anywhere, and a layout that follows the
project's formatter is a shared piece of work for every codemod that adds an argument."""

from __future__ import annotations

import pytest

from helpers import rewrite

SOURCE = (
    "import requests\n"
    "\n"
    "\n"
    "def fetch(url, token):\n"
    "    return requests.get(url, headers={'Authorization': token, 'Accept': 'json'})\n"
)


@pytest.mark.xfail(strict=True, reason="the tool does not keep a project's declared line length (a shared layout change)")
def test_the_added_timeout_keeps_the_declared_line_length():
    files = {".flake8": "[flake8]\nmax-line-length = 80\n", "requirements.txt": "requests\n"}
    assert max(len(line) for line in SOURCE.splitlines()) <= 80
    text = rewrite(SOURCE, "http-timeout", files=files, dedent=False)
    assert "timeout=60" in text
    namespace: dict = {}
    exec(compile(text, "client.py", "exec"), namespace)  # still a module that defines fetch
    assert callable(namespace["fetch"])
    assert max(len(line) for line in text.splitlines()) <= 80

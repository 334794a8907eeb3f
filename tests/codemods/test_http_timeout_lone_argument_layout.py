"""http-timeout on a call whose one argument sits on a line of its own between the brackets
(``requests.get(`` / the URL / ``)``: the layout black, and PEP 8's hanging indent, give a
call too long for one line). The added ``timeout=`` goes on a line of its own, and so the call
becomes one argument a line: PEP 8's pattern for that, and black's, ends every such argument
with a comma. Without it the change fails the project's ``black --check`` (reana-server, whose
``run-tests.sh`` runs it: three calls to GitLab were left as black 22 would rewrite them).

The call had no comma to follow: a lone argument is never followed by one. A call that already
holds two or more arguments one a line keeps its own choice (with or without a comma)."""

from __future__ import annotations

import sys
import types

import pytest
from helpers import rewrite

NAME = "http-timeout"

LONE_ARGUMENT = """\
import requests


def project_yaml(api, project_id, branch, token):
    response = requests.get(
        api.format(project_id, "reana.yaml", branch, token)
    )
    return response.content
"""

LONE_MULTI_LINE_ARGUMENT = """\
import requests


def delete_hook(url, project, hook, token):
    response = requests.delete(
        url.format(
            project, hook, token
        )
    )
    return response.status_code
"""

TWO_ARGUMENTS_NO_COMMA = """\
import requests


def post(url, payload):
    response = requests.post(
        url,
        data=payload
    )
    return response.status_code
"""


def _call_lines(text: str, start: str) -> list[str]:
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if start in line)
    last = next(i for i in range(first, len(lines)) if lines[i].strip().startswith(")") and
                len(lines[i]) - len(lines[i].lstrip()) == len(lines[first]) - len(lines[first].lstrip()))
    return lines[first:last + 1]


def test_a_lone_argument_s_call_gets_the_timeout_on_its_own_line_with_a_comma():
    after = rewrite(LONE_ARGUMENT, NAME)
    call = _call_lines(after, "requests.get(")
    assert call == [
        "    response = requests.get(",
        '        api.format(project_id, "reana.yaml", branch, token),',
        "        timeout=60,",
        "    )",
    ], after


def test_a_lone_argument_written_over_several_lines_gets_the_same():
    after = rewrite(LONE_MULTI_LINE_ARGUMENT, NAME)
    call = _call_lines(after, "requests.delete(")
    assert call[-3:] == ["        ),", "        timeout=60,", "    )"], after


def test_a_call_that_already_holds_arguments_one_a_line_keeps_its_own_choice():
    after = rewrite(TWO_ARGUMENTS_NO_COMMA, NAME)
    call = _call_lines(after, "requests.post(")
    assert call == ["    response = requests.post(", "        url,", "        data=payload,", "        timeout=60", "    )"], after


# -- behaviour: the rewritten function still runs, and the call now waits a bounded time


class _Recorder(types.ModuleType):
    def __init__(self) -> None:
        super().__init__("requests")
        self.calls: list[tuple[tuple, dict]] = []

    def _send(self, *args: object, **kwargs: object) -> types.SimpleNamespace:
        self.calls.append((args, kwargs))
        return types.SimpleNamespace(content=b"workflow: {}", status_code=204)

    get = delete = post = _send


@pytest.mark.parametrize(
    "source, function, arguments",
    [
        (LONE_ARGUMENT, "project_yaml", ("{}/{}/{}/{}", 7, "main", "t")),
        (LONE_MULTI_LINE_ARGUMENT, "delete_hook", ("{}/{}/{}", 7, 3, "t")),
    ],
    ids=["lone", "lone-multi-line"],
)
def test_the_rewritten_call_sends_the_same_request_with_a_timeout(monkeypatch, source, function, arguments):
    recorder = _Recorder()
    monkeypatch.setitem(sys.modules, "requests", recorder)
    before: dict = {}
    exec(compile(source, "before.py", "exec"), before)
    before[function](*arguments)
    after: dict = {}
    exec(compile(rewrite(source, NAME), "after.py", "exec"), after)
    after[function](*arguments)
    (old_args, old_kwargs), (new_args, new_kwargs) = recorder.calls
    assert new_args == old_args
    assert new_kwargs == {**old_kwargs, "timeout": 60}

"""http-timeout on a call whose arguments continue under its first one (PEP 8's alignment with
the opening bracket, which flake8 and pycodestyle accept): where ``, timeout=60`` would take
the last argument line past the project's line length, the timeout goes on a line of its own
at that same column, as the project lays out its other arguments. Before, the last line grew
past it: tool-ranker's two entity fetches went to 87 columns where ``make check`` runs flake8
at its default 79 (a ``[flake8]`` section without ``max-line-length``)."""

from __future__ import annotations

import types

from helpers import rewrite

NAME = "http-timeout"
FLAKE8_DEFAULT = {".flake8": "[flake8]\nexclude = venv\n", "requirements.txt": "requests\n"}

CONTINUED_STRING = """\
import requests


def revision(host, item_id, revision_number):
    answer = requests.get(f'https://{host}/wiki/Special:ItemData/'
                          f'{item_id}.json?oldid={revision_number}&flavor=du')
    return answer.json()
"""

CONTINUED_STRING_SPLIT = """\
import requests


def revision(host, item_id, revision_number):
    answer = requests.get(f'https://{host}/wiki/Special:ItemData/'
                          f'{item_id}.json?oldid={revision_number}&flavor=du',
                          timeout=60)
    return answer.json()
"""

ARGUMENT_A_LINE = """\
import requests


def submit(name, value):
    return requests.post('https://example.org/api/submissions/new',
                         data={'name': name, 'value': value, 'kind': 'x'}).ok
"""

ARGUMENT_A_LINE_SPLIT = """\
import requests


def submit(name, value):
    return requests.post('https://example.org/api/submissions/new',
                         data={'name': name, 'value': value, 'kind': 'x'},
                         timeout=60).ok
"""


def _runs(text: str) -> None:
    module = types.ModuleType("client")
    exec(compile(text, "client.py", "exec"), module.__dict__)
    assert callable(getattr(module, text.split("def ", 1)[1].split("(", 1)[0]))


def test_a_timeout_that_would_pass_the_limit_goes_on_a_line_of_its_own_at_the_arguments_column():
    text = rewrite(CONTINUED_STRING, NAME, files=FLAKE8_DEFAULT, dedent=False)
    assert text == CONTINUED_STRING_SPLIT
    assert max(len(line) for line in text.splitlines()) <= 79
    _runs(text)


def test_what_follows_the_closing_bracket_moves_with_it():
    text = rewrite(ARGUMENT_A_LINE, NAME, files=FLAKE8_DEFAULT, dedent=False)
    assert text == ARGUMENT_A_LINE_SPLIT
    assert max(len(line) for line in text.splitlines()) <= 79
    _runs(text)


def test_a_call_that_still_fits_keeps_the_timeout_on_its_last_line():
    source = CONTINUED_STRING.replace("oldid={revision_number}&flavor=du", "id={revision_number}")
    text = rewrite(source, NAME, files=FLAKE8_DEFAULT, dedent=False)
    assert "id={revision_number}', timeout=60)\n" in text


def test_without_a_declared_line_length_the_layout_is_the_one_given():
    text = rewrite(CONTINUED_STRING, NAME, files={"requirements.txt": "requests\n"}, dedent=False)
    assert "&flavor=du', timeout=60)\n" in text


def test_arguments_not_under_the_first_one_keep_their_layout():
    source = CONTINUED_STRING.replace("                          f'{item_id}", "        f'{item_id}")
    text = rewrite(source, NAME, files=FLAKE8_DEFAULT, dedent=False)
    assert "&flavor=du', timeout=60)\n" in text

"""http-timeout in a project that declares its line length: a call that ``, timeout=60`` would
push past it is split as black splits it (response-operations-ui: five calls went from at
most 120 characters to 125-130, where ``make test`` runs ``black --check`` and ``flake8``
first). Each rewritten module is checked with black itself at the declared length (a
fixed point) and run."""

from __future__ import annotations

import black
import pytest

from flask_codemod.codemods._line_length import line_length_of
from helpers import rewrite

FLAKE8_80 = {".flake8": "[flake8]\nmax-line-length = 80\n", "requirements.txt": "requests\n"}

HEADER = "import requests\n\n\ndef fetch(url, token, foo=print):\n"

# (the statement as written, which keeps 80 columns; the statement as black lays it out)
SPLIT = {
    "return": (
        '    return requests.get(url, headers={"Authorization": token, "A": "j"})\n',
        '    return requests.get(\n        url, headers={"Authorization": token, "A": "j"}, timeout=60\n    )\n',
    ),
    "assignment": (
        '    r = requests.put(url, headers={"Authorization": token}, data={"a": 1})\n',
        '    r = requests.put(\n        url, headers={"Authorization": token}, data={"a": 1}, timeout=60\n    )\n',
    ),
    "with": (
        '    with requests.get(url, headers={"Authorization": token}) as resp:\n        return resp\n',
        '    with requests.get(\n        url, headers={"Authorization": token}, timeout=60\n    ) as resp:\n        return resp\n',
    ),
    "chained method and a comment": (
        '    x = requests.get(url, headers={"Authorization": token}).json()  # n\n',
        '    x = requests.get(\n        url, headers={"Authorization": token}, timeout=60\n    ).json()  # n\n',
    ),
    "if test": (
        '    if requests.get(url, headers={"Authorization": token, "A": 1}).ok:\n        return 1\n',
        '    if requests.get(\n        url, headers={"Authorization": token, "A": 1}, timeout=60\n    ).ok:\n        return 1\n',
    ),
    "arguments too long for one line": (
        '    requests.put(url, headers={"Authorization": token}, data={"a": 1}, json=foo)\n',
        "    requests.put(\n"
        "        url,\n"
        '        headers={"Authorization": token},\n'
        '        data={"a": 1},\n'
        "        json=foo,\n"
        "        timeout=60,\n"
        "    )\n",
    ),
    "arguments already on their own line": (
        '    z = requests.post(\n        url, headers={"Authorization": token, "Accept": "json"}, data={"a": 1}\n    )\n',
        "    z = requests.post(\n"
        "        url,\n"
        '        headers={"Authorization": token, "Accept": "json"},\n'
        '        data={"a": 1},\n'
        "        timeout=60,\n"
        "    )\n",
    ),
}


def _black_stable(text: str, length: int) -> bool:
    return black.format_str(text, mode=black.Mode(line_length=length)) == text


@pytest.mark.parametrize("shape", SPLIT)
def test_the_added_timeout_keeps_the_declared_line_length_as_black_would(shape):
    before, after = SPLIT[shape]
    source = HEADER + before
    assert max(len(line) for line in source.splitlines()) <= 80
    assert _black_stable(source, 80)
    text = rewrite(source, "http-timeout", files=FLAKE8_80, dedent=False)
    assert text == HEADER + after
    assert max(len(line) for line in text.splitlines()) <= 80
    assert _black_stable(text, 80)
    namespace: dict = {}
    exec(compile(text, "client.py", "exec"), namespace)
    assert callable(namespace["fetch"])


def test_a_line_that_fits_with_the_timeout_stays_one_line():
    source = HEADER + "    return requests.get(url)\n"
    assert rewrite(source, "http-timeout", files=FLAKE8_80, dedent=False) == HEADER + "    return requests.get(url, timeout=60)\n"


@pytest.mark.parametrize(
    "statement",
    [
        # another call's argument: black would split the outer call; left on its line
        '    y = foo(requests.get(url, headers={"Authorization": token, "Acc": "j"}))\n',
        # already longer than the limit: the project does not hold this line to it
        '    v = requests.get(url, headers={"Authorization": token, "Accept": "json", "O": "x"})\n',
    ],
)
def test_a_call_black_would_not_split_at_its_own_brackets_gets_the_timeout_on_its_line(statement):
    text = rewrite(HEADER + statement, "http-timeout", files=FLAKE8_80, dedent=False)
    assert text == HEADER + statement.replace("}))", "}, timeout=60))").replace('"x"})', '"x"}, timeout=60)')


def test_without_a_declared_length_the_call_stays_on_one_line():
    before = SPLIT["return"][0]
    text = rewrite(HEADER + before, "http-timeout", files={"requirements.txt": "requests\n"}, dedent=False)
    assert text == HEADER + before.replace("})", "}, timeout=60)")


def test_a_project_that_ignores_e501_sets_no_length():
    before = SPLIT["return"][0]
    files = {"setup.cfg": "[flake8]\nmax-line-length = 80\nextend-ignore = E203, E501\n", "requirements.txt": "requests\n"}
    assert rewrite(HEADER + before, "http-timeout", files=files, dedent=False) == HEADER + before.replace("})", "}, timeout=60)")


@pytest.mark.parametrize(
    ("texts", "length"),
    [
        ({".flake8": "[flake8]\nmax-line-length = 120\n"}, 120),
        ({"setup.cfg": "[flake8]\nexclude = docs\n"}, 79),  # flake8's own default
        ({"tox.ini": "[pycodestyle]\nmax_line_length = 100\n"}, 100),
        ({"setup.cfg": "[flake8]\nignore = E501\nmax-line-length = 80\n"}, None),
        ({"setup.cfg": "[flake8]\nignore = E5\n"}, None),
        ({"setup.cfg": "[flake8]\nignore = E51\n"}, 79),  # not E501
        ({"setup.cfg": "[metadata]\nname = x\n"}, None),
        ({"pyproject.toml": "[tool.black]\nline-length = 100\n"}, 100),
        ({"pyproject.toml": "[tool.black]\ntarget-version = ['py38']\n"}, 88),  # black's own default
        ({"pyproject.toml": "[tool.ruff]\nline-length = 110\n"}, 110),
        ({"pyproject.toml": "[tool.ruff]\nselect = ['E']\n"}, None),  # ruff's length only when given
        ({"ruff.toml": "line-length = 99\n"}, 99),
        ({"pyproject.toml": "[tool.black]\nline-length = 100\n", ".flake8": "[flake8]\nmax-line-length = 90\n"}, 90),
        ({"pyproject.toml": "not toml ["}, None),
        ({"setup.cfg": "no section header\n"}, None),
        ({".flake8": "[flake8]\nmax-line-length = many\n"}, None),
        ({".flake8": "[flake8]\nmax-line-length = " + "9" * 5000 + "\n"}, None),
    ],
)
def test_the_line_length_a_project_declares(texts, length):
    assert line_length_of(texts) == length


RUFF_80_ABOVE = {"../pyproject.toml": "[tool.ruff]\nline-length = 80\n", "requirements.txt": "requests\n"}


@pytest.mark.parametrize(
    ("git", "split"),
    [
        ({"../.git/HEAD": "ref: refs/heads/main\n"}, True),  # securedrop: the repository's root configures ruff
        ({}, False),  # no repository: nothing above the project root is read
        ({".git/HEAD": "ref: refs/heads/main\n"}, False),  # the project root is the repository's: not above it
    ],
)
def test_the_length_configured_at_the_repository_root_above_the_project_counts(git, split):
    before, after = SPLIT["return"]
    text = rewrite(HEADER + before, "http-timeout", files={**RUFF_80_ABOVE, **git}, dedent=False)
    assert text == HEADER + (after if split else before.replace("})", "}, timeout=60)"))


def test_the_layout_reads_the_cheap_per_statement_positions(monkeypatch):
    """The wrapper the engine hands a codemod holds ``_positions.Positions`` under
    PositionProvider's key (``_metadata.new_wrapper``): the layout's ``resolve`` gets those,
    rendering the statement it asks about, never LibCST's whole-tree provider."""
    from libcst.metadata import MetadataWrapper, PositionProvider

    from flask_codemod.codemods._positions import Positions

    resolved: list[type] = []
    resolve = MetadataWrapper.resolve

    def noting(self, provider):
        found = resolve(self, provider)
        if provider is PositionProvider:
            resolved.append(type(found))
        return found

    monkeypatch.setattr(MetadataWrapper, "resolve", noting)
    before, after = SPLIT["assignment"]
    assert rewrite(HEADER + before, "http-timeout", files=FLAKE8_80, dedent=False) == HEADER + after
    assert resolved and all(kind is Positions for kind in resolved)


# a call nested in the arguments of the statement's own call: black splits the outer call's
# brackets (the inner call then keeps its line)
NESTED = {
    "the only argument": (
        '    return foo(requests.get(url, headers={"Authorization": token}).json())\n',
        "    return foo(\n"
        '        requests.get(url, headers={"Authorization": token}, timeout=60).json()\n'
        "    )\n",
    ),
    "one of two arguments, one a line": (
        '    x = foo(url, requests.get(url, headers={"Authorization": token}).text)\n',
        "    x = foo(\n"
        "        url,\n"
        '        requests.get(url, headers={"Authorization": token}, timeout=60).text,\n'
        "    )\n",
    ),
}


@pytest.mark.parametrize("shape", NESTED)
def test_a_grown_call_in_another_calls_arguments_is_split_at_the_outer_brackets(shape):
    before, after = NESTED[shape]
    source = HEADER + before
    assert max(len(line) for line in source.splitlines()) <= 80
    assert _black_stable(source, 80)
    text = rewrite(source, "http-timeout", files=FLAKE8_80, dedent=False)
    assert text == HEADER + after
    assert max(len(line) for line in text.splitlines()) <= 80
    assert _black_stable(text, 80)
    namespace: dict = {}
    exec(compile(text, "client.py", "exec"), namespace)
    assert callable(namespace["fetch"])


@pytest.mark.parametrize(
    "before",
    [
        # the inner call would need a split of its own (not simple): the line stays
        '    foo(requests.get(url, headers={"Authorization": token, "Accept": "json/1"}))\n',
        # the outer call is inside a list: black would split the list's brackets
        '    x = [foo(requests.get(url, headers={"Authorization": token}).json())]\n',
    ],
)
def test_a_nested_grown_call_that_is_not_simple_to_split_keeps_its_line(before):
    text = rewrite(HEADER + before, "http-timeout", files=FLAKE8_80, dedent=False)
    assert text == HEADER + before.replace("}))", "}, timeout=60))").replace("}).json", "}, timeout=60).json")

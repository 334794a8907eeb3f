"""http-timeout's configured derivations read one plain index per module text (issue 19):
a module whose text cannot hold a wait is not parsed, each module is parsed at most once per
project run whichever question asks (even when its tree is dropped between the questions),
the settings modules only where they spell the name asked, and the engine's own tree of the
file at hand serves the questions that read that file. The index is what the module's own
facts are, on made modules and on every sample module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from flask_codemod.codemods import _http_timeout_configured, _parsed_modules
from flask_codemod.codemods._http_timeout_default import module_configured_waits
from flask_codemod.codemods._http_timeout_imported_numbers import may_bind, module_numbers
from flask_codemod.codemods._http_timeout_module_waits import (
    NO_WAITS,
    _find_imported_waits,
    may_hold_waits,
    module_waits,
    tree_waits,
)
from flask_codemod.codemods._http_timeout_unknown_waits import module_mapping_numbers, module_unknown_waits
from parse_counts import parses  # noqa: F401  (a fixture)
from helpers import finding_messages, run_codemods

NAME = "http-timeout"


# -- the text gate ------------------------------------------------------------------------------
HOLDS_WAITS = {
    "a keyword": "def f(c):\n    return c.fetch(timeout=5)\n",
    "a mapping keyed by the word": "def f(c):\n    return c.fetch(**{'timeout': 5})\n",
    "a mapping keyed by adjacent strings": "def f(c):\n    return c.fetch(**{'time' 'out': 5})\n",
    "adjacent strings across lines": "def f(c):\n    opts = {('tim'  # a note\n            'eout'): 5}\n    return c.get(**opts)\n",
    "a mapping keyed by an escape": "def f(c):\n    return c.fetch(**{'\\x74imeout': 5})\n",
    "a key set by an octal escape": "def f(c, **kw):\n    kw['TIME\\117UT'] = 5\n    return c.get(**kw)\n",
    "an opaque mapping of a client": "import requests\n\n\ndef f(url, opts):\n    return requests.get(url, **opts)\n",
    "not ASCII": "def f(c, **kw):\n    return c.get(**kw)  # é\n",
}
HOLDS_NONE = {
    "no mapping, no keyword": "import requests\n\n\ndef f(url):\n    return requests.get(url)\n",
    "a mapping, no key, no client": "def f(c, opts):\n    return c.get(**opts)\n",
    "the word in a comment only, no mapping": "# timeout handling lives elsewhere\nx = 1\n",
}


@pytest.mark.parametrize("case", sorted(HOLDS_WAITS))
def test_what_may_hold_a_wait_is_read(case):
    assert may_hold_waits(HOLDS_WAITS[case])


@pytest.mark.parametrize("case", sorted(HOLDS_NONE))
def test_what_holds_none_is_not_read_and_holds_none(case):
    text = HOLDS_NONE[case]
    assert not may_hold_waits(text)
    assert module_waits(text) is NO_WAITS
    assert tree_waits(ast.parse(text)) == NO_WAITS


def test_a_key_pieced_together_is_a_wait_the_index_holds():
    # what the gate lets through for its spelled key is a wait there (the gate is needed)
    for case in ("a mapping keyed by adjacent strings", "a mapping keyed by an escape"):
        text = HOLDS_WAITS[case].replace("c.fetch", "c.get")
        assert tree_waits(ast.parse(text)).mapping_numbers == ((5.0, False),), case


# -- the index is the module's own facts ---------------------------------------------------------
def _sample_modules() -> list[tuple[str, str]]:
    root = Path(__file__).resolve().parents[2] / "samples"
    found = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        try:
            ast.parse(text)
        except SyntaxError:  # (Python 2 samples)
            continue
        found.append((path.relative_to(root).as_posix(), text))
    return found


def _facts(tree: ast.Module):
    return (module_configured_waits(tree), _find_imported_waits(tree), module_unknown_waits(tree), module_mapping_numbers(tree))


def test_the_sample_modules_index_is_their_facts_and_the_gated_hold_none():
    _parsed_modules.forget()
    gated = held = 0
    for path, text in _sample_modules():
        fresh = _facts(ast.parse(text))
        if not may_hold_waits(text):
            gated += 1
            assert fresh == ((), (), (), ()), path
        index = module_waits(text)
        assert (index.configured, index.imported, index.unknown, index.mapping_numbers) == fresh, path
        held += fresh != ((), (), (), ())
    assert gated and held, "the samples do not exercise the gate both ways"
    _parsed_modules.forget()


def test_the_sample_modules_bind_no_name_they_do_not_spell():
    _parsed_modules.forget()
    for path, text in _sample_modules():
        numbers = module_numbers(ast.parse(text))
        for name in (*numbers.names, *numbers.imported, *numbers.classes):
            assert may_bind(text, name), (path, name)
    _parsed_modules.forget()


# -- a project run: each module parsed at most once ---------------------------------------------
CLIENT = (
    "import requests\n\nfrom app.settings import HTTP_TIMEOUT\n\n\ndef get(url):\n"
    "    return requests.get(url, timeout=HTTP_TIMEOUT).json()\n"
)
SETTINGS = 'import os\n\nHTTP_TIMEOUT = int(os.environ.get("HTTP_TIMEOUT", 120))\nOTHER = 3\n'
HELPERS = "def merged(base, **extra):\n    return dict(base, **extra)\n"  # a mapping, no wait, no client
MAPPED = "import requests\n\nOPTIONS = {'timeout': 20}\n\n\ndef post(url):\n    return requests.post(url, **OPTIONS)\n"
AT_HAND = "import requests\n\n\ndef ping(url, opts):\n    requests.head(url, timeout=opts.wait)\n    return requests.get(url).json()\n"


# the project-wide questions of _http_timeout_configured (the derivations it has remembered)
_CONFIGURED_DERIVATIONS = (
    "_first_configured",
    "_first_configured_http",
    "_longest_through_names",
    "_imported_number_table",
    "_wrappers",
    "_proven_wrappers",
)


@pytest.fixture
def configured_parses(parses, monkeypatch):
    """Text -> how many times the standard library parsed it for the configured questions."""
    counted: dict[str, int] = {}
    inside = []
    counting = ast.parse

    def parse(text, *args, **kwargs):
        if inside and isinstance(text, str):
            counted[text] = counted.get(text, 0) + 1
        return counting(text, *args, **kwargs)

    monkeypatch.setattr(ast, "parse", parse)

    def asking(derive):
        def derived(reader):
            inside.append(derive)
            try:
                return derive(reader)
            finally:
                inside.pop()

        return derived

    for name in _CONFIGURED_DERIVATIONS:
        monkeypatch.setattr(_http_timeout_configured, name, asking(getattr(_http_timeout_configured, name)))
    yield counted


def test_each_module_is_parsed_at_most_once_with_room_for_one_tree(configured_parses, parses, monkeypatch):
    monkeypatch.setattr(_parsed_modules._PYTHON_TREES, "chars", 1)  # every other tree dropped
    project = {
        "app/__init__.py": "",
        "app/client.py": CLIENT,
        "app/settings.py": SETTINGS,
        "app/helpers.py": HELPERS,
        "app/mapped.py": MAPPED,
    }
    result = run_codemods(AT_HAND, NAME, path="app/other.py", project=project, dedent=False)
    [message] = finding_messages(result)
    assert "timeout=opts.wait" in message, message  # a wait of unknown length: nothing written
    for path, text in project.items():
        assert configured_parses.get(text, 0) <= 1, f"{path} parsed {configured_parses[text]} times"
    assert configured_parses.get(CLIENT) == 1 and configured_parses.get(MAPPED) == 1
    assert parses.get(HELPERS, 0) == 0, "a module holding no wait was parsed"
    assert parses.get(AT_HAND, 0) == 0, "the file at hand was parsed again for the project's questions"


def test_the_configured_wait_of_another_module_is_found_through_the_index(parses):
    project = {"app/__init__.py": "", "app/client.py": CLIENT, "app/settings.py": SETTINGS, "app/helpers.py": HELPERS}
    other = "import requests\n\n\ndef ping(url):\n    return requests.get(url).json()\n"
    result = run_codemods(other, NAME, path="app/other.py", project=project, dedent=False)
    assert result.new_text == other
    [message] = finding_messages(result)
    assert "another module of this project gives its calls a timeout from its configuration (app/client.py:7)" in message
    assert parses.get(SETTINGS) == 1 and parses.get(HELPERS, 0) == 0


def test_a_settings_module_not_spelling_the_name_is_not_parsed(parses):
    settings = "import os\n\nWAIT = int(os.environ.get('WAIT', 30))\n"
    project = {"app/__init__.py": "", "app/client.py": CLIENT, "app/settings.py": settings}
    other = "import requests\n\n\ndef ping(url):\n    return requests.get(url).json()\n"
    result = run_codemods(other, NAME, path="app/other.py", project=project, dedent=False)
    assert parses.get(settings, 0) == 0, "a module that cannot bind the imported name was parsed"
    # the name is bound nowhere: a wait of unknown length, as when the module is read
    [message] = finding_messages(result)
    assert "timeout=app.settings.HTTP_TIMEOUT, a value of another module the codemod does not read" in message, message


def test_the_file_at_hand_is_not_parsed_for_the_project_s_questions(parses):
    project = {"app/__init__.py": "", "app/mapped.py": MAPPED}
    result = run_codemods(AT_HAND, NAME, path="app/other.py", project=project, dedent=False)
    assert finding_messages(result)
    assert parses.get(AT_HAND, 0) == 0
    assert parses.get(MAPPED) == 1

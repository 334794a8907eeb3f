"""http-timeout derives each module's facts about the rest of the project once per run (issue
19): ``_parsed_modules.plain_fact`` keeps a fact that holds no node by the module's text after
its tree is dropped to make room, and ``plain_tree_fact`` keeps one with a tree while it lives
(the asking file's own too). A kept fact is the one a fresh derivation gives, and a changed
text is never served the fact of the text it was."""

from __future__ import annotations

import ast

from helpers import run_codemods

from flask_codemod.codemods import _parsed_modules
from flask_codemod.codemods._http_timeout_bound_reads import imported_names
from flask_codemod.codemods._http_timeout_module_waits import _find_imported_waits, module_imported_waits
from flask_codemod.codemods._http_timeout_unknown_waits import _find_waits, module_mapping_numbers, module_unknown_waits

NAME = "http-timeout"

CLIENT = (
    "import requests\n\nfrom app import settings\nfrom app.config import WAIT\n\n\n"
    "def get(url, **kwargs):\n    kwargs.setdefault('timeout', settings.HTTP_TIMEOUT)\n"
    "    return requests.get(url, **kwargs).json()\n\n\n"
    "def post(url, data):\n    opts = {'timeout': 45}\n    return requests.post(url, data=data, **opts).json()\n\n\n"
    "def put(url, data):\n    return requests.put(url, data=data, timeout=WAIT).json()\n\n\n"
    "class Api:\n    def __init__(self, config):\n        self.timeout = config.get('HTTP_TIMEOUT')\n\n"
    "    def head(self, url):\n        return requests.head(url, timeout=self.timeout)\n"
)


def _counting(derive):
    calls = []

    def counted(tree):
        calls.append(tree)
        return derive(tree)

    return counted, calls


def test_a_plain_fact_outlives_its_tree():
    _parsed_modules.forget()
    derive, calls = _counting(lambda tree: len(tree.body))
    first = _parsed_modules.plain_fact(CLIENT, "test: statements", derive)
    _parsed_modules._forget_trees()  # as make_room_for_parse drops them
    again = _parsed_modules.plain_fact(CLIENT, "test: statements", derive)
    assert first == again == len(ast.parse(CLIENT).body)
    assert len(calls) == 1
    assert _parsed_modules.known_python_tree(CLIENT) is None  # not parsed again for it
    _parsed_modules.forget()


def test_a_changed_text_is_derived_afresh():
    _parsed_modules.forget()
    derive, calls = _counting(lambda tree: len(tree.body))
    before = _parsed_modules.plain_fact(CLIENT, "test: statements", derive)
    after = _parsed_modules.plain_fact(CLIENT + "\nextra = 1\n", "test: statements", derive)
    assert (before, after) == (len(ast.parse(CLIENT).body), before + 1)
    assert len(calls) == 2
    _parsed_modules.forget()


def test_a_text_that_does_not_parse_has_no_fact():
    _parsed_modules.forget()
    derive, calls = _counting(lambda tree: 1)
    assert _parsed_modules.plain_fact("print 'py2'\n", "test: one", derive) is None
    assert _parsed_modules.plain_fact("print 'py2'\n", "test: one", derive) is None
    assert calls == []
    _parsed_modules.forget()


def test_a_tree_not_kept_is_derived_once_while_it_lives():
    _parsed_modules.forget()
    derive, calls = _counting(lambda tree: len(tree.body))
    tree = ast.parse(CLIENT)  # a file's own tree: not kept by _parsed_modules
    assert _parsed_modules.plain_tree_fact(tree, "test: statements", derive) == len(tree.body)
    assert _parsed_modules.plain_tree_fact(tree, "test: statements", derive) == len(tree.body)
    other = ast.parse(CLIENT + "\nextra = 1\n")
    assert _parsed_modules.plain_tree_fact(other, "test: statements", derive) == len(other.body)
    assert len(calls) == 2
    _parsed_modules.forget()


def test_the_kept_module_facts_are_the_fresh_ones():
    _parsed_modules.forget()
    kept_tree = _parsed_modules.python_tree(CLIENT)
    kept = (module_imported_waits(kept_tree), module_unknown_waits(kept_tree), module_mapping_numbers(kept_tree))
    _parsed_modules._forget_trees()
    by_text = _parsed_modules.plain_fact(CLIENT, "http-timeout imported waits", _find_imported_waits)
    fresh_tree = ast.parse(CLIENT)
    fresh = (_find_imported_waits(fresh_tree), module_unknown_waits(fresh_tree), module_mapping_numbers(fresh_tree))
    assert kept == fresh and by_text == fresh[0]
    assert kept[0] and kept[1] and kept[2]  # the sample gives each kind
    assert [wait[3] for wait in _find_waits(fresh_tree) if wait[3] is not None] == [
        wait[3] for wait in _find_waits(kept_tree) if wait[3] is not None
    ]
    [value] = [node for node in ast.walk(fresh_tree) if isinstance(node, ast.Name) and node.id == "WAIT"]  # put's wait
    assert imported_names(kept_tree)(value) == imported_names(fresh_tree)(value) == "WAIT"
    _parsed_modules.forget()


OTHER = "import requests\n\n\ndef ping(url):\n    return requests.get(url).json()\n"
THROUGH_SETTINGS = (
    "import requests\n\nfrom app import settings\n\n\ndef get(url):\n"
    "    return requests.get(url, timeout=settings.HTTP_TIMEOUT).json()\n"
)


def test_the_project_s_answer_follows_a_changed_module_warm_or_cold():
    """Another module passes ``settings.HTTP_TIMEOUT``: a file that names no wait gets that
    number; when settings.py changes, the new number (nothing derived from the old text)."""
    written = []
    for seconds in (90, 90, 120, 120, 90):
        project = {"app/__init__.py": "", "app/client.py": THROUGH_SETTINGS, "app/settings.py": f"HTTP_TIMEOUT = {seconds}\n"}
        result = run_codemods(OTHER, NAME, path="app/other.py", project=project)
        written.append(result.new_text.splitlines()[-1].strip())
    assert written == [f"return requests.get(url, timeout={seconds}).json()" for seconds in (90, 90, 120, 120, 90)]

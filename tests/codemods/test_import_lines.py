"""The imports read off a module's text (codemods/_import_lines.py): never fewer than the
standard library's ``ast`` finds, and None where the text cannot be read so."""

from __future__ import annotations

import ast
from collections import Counter

import pytest
from helpers import real_code

from flask_codemod.codemods._import_lines import imports_spelled
from flask_codemod.codemods._statement_walk import import_statements


def _from_the_tree(text: str) -> Counter:
    found: Counter = Counter()
    for node in import_statements(ast.parse(text)):
        if isinstance(node, ast.Import):
            found.update((-1, a.name, ((a.name, a.asname),)) for a in node.names)
        else:
            found[(node.level, node.module, tuple((a.name, a.asname) for a in node.names))] += 1
    return found


@pytest.mark.parametrize(
    "text",
    [
        "import os\nimport a.b as c, d\n",
        "from . import views, models as m\nfrom ..pkg.db import get_db\nfrom .x import *\n",
        "def f():\n    from .db import (\n        get_db,  # the getter\n        close_db,\n    )\n",
        "from pkg.models import Forum, Topic, \\\n    Post\nfrom pkg.very.long.module \\\n    import thing\n",
        "x = 1  # import nothing here\n# from db import get_db: see below\nimport y\n",
        "from importlib import import_module\nimporter = import_module('x')\n",
        "",
    ],
    ids=["plain", "relative", "nested-parenthesized", "continued", "comments", "import-like-names", "empty"],
)
def test_what_the_text_says_is_what_the_tree_says(text):
    assert Counter(imports_spelled(text)) == _from_the_tree(text)


@pytest.mark.parametrize(
    "text",
    [
        "import os; import db\n",
        "try: import db\nexcept ImportError: db = None\n",
        "x = 'import db'\n",
        "from .import db\n",
        "from pkg.sub\\\n.db import get_db\n",
        "from pkg . sub \\\n    import db\n",
        "x = (1 +\n     2)  \\\n# comment\nimport \uff44b\n",
        "from db import (get_db  # (the getter)\n)\n",
        "message = '#'; import db\n",
    ],
    ids=[
        "semicolon", "colon", "string", "no-space", "continued-module", "spaced-module-continued",
        "not-ascii", "paren-in-comment", "quoted-hash",
    ],
)
def test_a_text_not_read_so_is_parsed(text):
    ast.parse(text)  # valid Python each
    assert imports_spelled(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "x = (1 +\n     2)  \\\n# comment\nimport \uff44b\n",
        "# \u00a9 2024 Jos\u00e9\nfrom .db import get_db  # caf\u00e9\ntitle = '\u00e9t\u00e9'\n",
        "from .caf\u00e9 import men\u00fa\n",
    ],
    ids=["full-width-name", "accents-outside-names", "accents-in-names"],
)
def test_a_text_not_ascii_is_read_in_the_form_python_reads_its_names(text):
    assert imports_spelled(text) is None  # (unless asked)
    assert Counter(imports_spelled(text, nfkc=True)) == _from_the_tree(text)


def test_a_line_of_a_docstring_that_looks_like_an_import_is_one_more():
    text = '"""Example:\n\nfrom somewhere import job\n"""\nimport os\n'
    spelled = Counter(imports_spelled(text))
    assert spelled - _from_the_tree(text) == Counter({(0, "somewhere", (("job", None),)): 1})


def test_no_import_of_real_code_is_missed():
    read = 0
    for path in real_code(legacy_app=True):
        text = open(path, encoding="utf-8").read()
        spelled = imports_spelled(text)
        if spelled is not None:
            read += 1
            assert not _from_the_tree(text) - Counter(spelled), path
        spelled = imports_spelled(text, nfkc=True)
        if spelled is not None:
            assert not _from_the_tree(text) - Counter(spelled), path
    assert read  # most real modules are read off their text

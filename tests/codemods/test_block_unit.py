"""A new block is indented by the step most of the module's blocks take.

LibCST's ``Module.default_indent`` is the indentation of the module's first block. The Sage
Notebook's ``sagenb/storage/filesystem_storage.py`` opens with a one-off ``try:`` whose
import is three spaces in, then indents its hundreds of other blocks by four: the with-block
open-with wrote into ``export_worksheet`` was three spaces deeper than its ``with`` line
(pycodestyle E111), in a file that nowhere else indents so. The same first-block unit was
the body of a requests session's with-block (http-timeout).
"""

from __future__ import annotations

import libcst as cst

from flask_codemod.codemods._block_unit import block_unit
from helpers import load_source, run_codemods

ODD_FIRST = (
    "try:\n"
    "   import cPickle as pickle\n"
    "except ImportError:\n"
    "   import pickle\n"
    "\n"
    "\n"
    "class Storage(object):\n"
    "    def export(self, path, rows):\n"
    "        out = open(path, 'w')\n"
    "        for row in rows:\n"
    "            out.write(row + '\\n')\n"
    "        out.close()\n"
    "        return path\n"
)


def test_the_unit_most_blocks_take_not_the_first_ones():
    assert block_unit(cst.parse_module(ODD_FIRST)) == "    "
    assert cst.parse_module(ODD_FIRST).default_indent == "   "


def test_a_tie_or_a_module_without_blocks_keeps_the_default():
    assert block_unit(cst.parse_module("x = 1\n")) == "    "
    assert block_unit(cst.parse_module("if x:\n  y = 1\nif z:\n    w = 2\n")) == "  "
    assert block_unit(cst.parse_module("def f():\n\tif x:\n\t\treturn 1\n")) == "\t"


def test_the_with_block_of_a_module_whose_first_block_is_odd_takes_the_modules_unit(tmp_path):
    result = run_codemods(ODD_FIRST, "open-with", path="sagenb/storage/filesystem_storage.py", dedent=False)
    assert (
        "        with open(path, 'w') as out:\n"
        "            for row in rows:\n"
        "                out.write(row + '\\n')\n"
        "        return path\n"
    ) in result.new_text
    assert result.new_text.startswith("try:\n   import cPickle as pickle\n")  # the rest untouched
    for stem, code in (("before", ODD_FIRST), ("after", result.new_text)):
        target = tmp_path / f"{stem}.txt"
        load_source(tmp_path, code, stem).Storage().export(str(target), ["a", "b"])
        assert target.read_text() == "a\nb\n"


def test_a_session_with_block_takes_the_modules_unit_too():
    source = (
        "try:\n"
        "   import simplejson as json\n"
        "except ImportError:\n"
        "   import json\n"
        "import requests\n"
        "\n"
        "\n"
        "def fetch(urls):\n"
        "    session = requests.Session()\n"
        "    for url in urls:\n"
        "        if session.head(url).ok:\n"
        "            return json.loads(session.get(url).text)\n"
    )
    result = run_codemods(source, "http-timeout", path="app/client.py", dedent=False)
    assert "    with requests.Session() as session:\n        for url in urls:\n            if session.head(url, timeout=" in result.new_text, result.new_text


TEARDOWN = (
    "import sqlite3\n"
    "try:\n"
    "   import simplejson as json\n"
    "except ImportError:\n"
    "   import json\n"
    "\n"
    "from flask import Flask, g\n"
    "\n"
    "app = Flask(__name__)\n"
    "\n"
    "\n"
    "@app.before_request\n"
    "def open_db():\n"
    "    g.db = sqlite3.connect(app.config['DATABASE'])\n"
    "\n"
    "\n"
    "@app.route('/one')\n"
    "def one():\n"
    "    return json.dumps(g.db.execute('SELECT 1').fetchone()[0])\n"
    "\n"
    "\n"
    "@app.route('/two')\n"
    "def two():\n"
    "    return json.dumps(g.db.execute('SELECT 2').fetchone()[0])\n"
)


def test_a_teardown_handler_takes_the_modules_unit(tmp_path):
    result = run_codemods(TEARDOWN, "teardown", path="app.py", dedent=False)
    added = [line for line in result.new_text.splitlines() if line not in TEARDOWN.splitlines()]
    assert "\n    db = g.pop('db', None)\n    if db is not None:\n        db.close()\n" in result.new_text, added
    module = load_source(tmp_path, result.new_text, "after")
    module.app.config["DATABASE"] = str(tmp_path / "one.db")
    assert module.app.test_client().get("/one").get_data(as_text=True) == "1"


def test_every_clause_and_case_counts_once():
    clauses = "if a:\n   b = 1\nelif c:\n    d = 1\nelse:\n    e = 1\ntry:\n    pass\nexcept E:\n    pass\nfinally:\n    pass\n"
    assert block_unit(cst.parse_module(clauses)) == "    "
    # the match's own block two spaces in, its two cases' four: four, counted once each
    cases = "match x:\n  case 1:\n      y = 1\n  case 2:\n      y = 2\nif z:\n  w = 1\nif v:\n  u = 1\n"
    assert block_unit(cst.parse_module(cases)) == "  "

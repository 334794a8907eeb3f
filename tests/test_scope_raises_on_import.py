"""A module whose own code does nothing but raise as it is imported (regular-routes-server's
``server.py``: ``raise Exception("OBSOLETE server.py -> {api,dev,site}server.py")`` above the
whole old app it replaced) is run by nothing: importing it fails, running it fails before any
line of its own runs. An edit below that raise fixes nothing and asks a reviewer to read a
module its maintainers set aside, and a finding there asks them to fix code that never runs.
So it is retired code, as a module under ``obsolete/`` is, told from its text.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from flask_codemod.codemods import all_codemods
from flask_codemod.codemods._code_kinds import APPLICATION, RETIRED, TESTS, module_kind
from helpers import run_codemods

OLD_APP = '''\
#!/usr/bin/env python

raise Exception("OBSOLETE server.py -> {api,dev,site}server.py")

import json

from flask import Flask, render_template
from flask.ext.sqlalchemy import SQLAlchemy

CLIENT_ID = json.loads(open("client_secrets.json", "r").read())["web"]["client_id"]

app = Flask(__name__)
db = SQLAlchemy(app)


@app.route("/visualize/<int:device_id>")
def visualize(device_id):
    return render_template("visualize.html", device_id=device_id)
'''


def test_no_codemod_edits_or_reports_a_module_that_raises_as_it_is_imported() -> None:
    names = [cls.NAME for cls in all_codemods()]
    retired = run_codemods(OLD_APP, *names, path="server.py", dedent=False)
    assert retired.error is None
    assert retired.new_text == OLD_APP and not retired.findings and not retired.project_edits
    # the same module without its raise is a live app: its handle is closed, its import moved
    live = run_codemods(OLD_APP.replace('raise Exception("OBSOLETE server.py -> {api,dev,site}server.py")\n', ""),
                        *names, path="server.py", dedent=False)
    assert "with open(" in live.new_text and "from flask_sqlalchemy import SQLAlchemy" in live.new_text


def test_the_module_really_raises_before_any_line_of_its_own_runs(tmp_path) -> None:
    """What the rule reads is what Python does: importing the module fails at its raise, and
    nothing below it (the open() the codemods would close) ever runs."""
    (tmp_path / "server.py").write_text(OLD_APP)
    probe = "import builtins\nopened = []\nbuiltins.open = lambda *a, **k: opened.append(a)\n" \
            "try:\n    import server\nexcept Exception as error:\n    print(type(error).__name__, opened)\n"
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "Exception []"


@pytest.mark.parametrize(
    "text",
    [
        'raise NotImplementedError\n',
        '"""Replaced by apiserver.py."""\nimport os\nfrom flask import Flask\nraise ImportError("use apiserver")\nx = 1\n',
        'from __future__ import print_function\n__author__ = "me"\nraise RuntimeError("error")\n',
        'import unittest\nraise unittest.SkipTest\n\ndef test_x():\n    assert False\n',
        'raise SystemExit("moved to tools/export.py")\n',
    ],
)
def test_modules_that_raise_before_their_own_code_runs_are_retired(text: str) -> None:
    path = "tests/test_x.py" if "SkipTest" in text else "app/server.py"
    assert module_kind(path, text) == RETIRED


@pytest.mark.parametrize(
    "text",
    [
        # a script ending the usual way: main() runs first
        'def main():\n    return 0\n\nraise SystemExit(main())\n',
        # the module's own code runs before the raise
        'from flask import Flask\napp = Flask(__name__)\napp.run()\nraise RuntimeError("server stopped")\n',
        'print("hello")\nraise Exception("x")\n',
        # the raise computes its message: that runs code
        'import os\nraise RuntimeError(os.environ["X"])\n',
        # conditional raises
        'import sys\nif sys.version_info < (3,):\n    raise ImportError("Python 3 only")\nx = 1\n',
        'try:\n    import json\nexcept ImportError:\n    raise\n',
        # the word at the start of a line inside a string is no statement
        'DOC = """\nraise contributions\n"""\n',
        # not Python 3 (the engine reports it)
        'raise Exception, "old"\n',
    ],
)
def test_modules_whose_code_runs_are_not_retired(text: str) -> None:
    assert module_kind("app/server.py", text) == APPLICATION


def test_the_path_decides_first() -> None:
    assert module_kind("tests/test_x.py", "import os\n\ndef test_x():\n    assert os\n") == TESTS
    assert module_kind("obsolete/x.py", textwrap.dedent("x = 1\n")) == RETIRED

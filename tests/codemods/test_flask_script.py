"""flask-script: a finding per module that uses Flask-Script, never a rewrite."""

from __future__ import annotations

import pytest

from flask_codemod import docs
from flask_codemod.codemods import get_codemod
from helpers import load_source, run_codemods
from gate_checks import accepts, output_with_gates_open
from upgrade_checks import LeftAlone, at_target

NAME = "flask-script"

MANAGE = """\
from flask_script import Manager, Server
from flask_script.commands import ShowUrls

from app import app

manager = Manager(app)
manager.add_command("runserver", Server())
"""


def test_one_finding_per_module_and_the_code_stays() -> None:
    result = run_codemods(MANAGE, NAME, path="manage.py")
    assert result.new_text == MANAGE
    assert [(f.line, "flask command" in f.message and "@app.cli.command()" in f.message) for f in result.findings] == [(1, True)]


@pytest.mark.parametrize(
    "source",
    ["from flask.ext.script import Manager\n", "import flask_script\n", "from flask.ext import script\n", "import flask.ext.script as fs\n"],
)
def test_every_spelling_is_reported(source: str) -> None:
    result = run_codemods(source, NAME)
    assert result.new_text == source and len(result.findings) == 1
    assert accepts(NAME, source) and output_with_gates_open(NAME, source, "app.py") != []


def test_only_where_flask_script_no_longer_runs() -> None:
    assert at_target(MANAGE, NAME, (1, 1)) == (MANAGE, [])
    assert len(at_target(MANAGE, NAME, (2, 0))[1]) == 1


class TestUpgrade(LeftAlone):
    NAME = NAME
    LEFT_ALONE = [
        pytest.param("try:\n    from flask_script import Manager\nexcept ImportError:\n    Manager = None\n", id="guarded"),
        pytest.param("import click\nfrom flask import Flask\napp = Flask(__name__)\n\n@app.cli.command()\ndef seed():\n    pass\n", id="modern"),
        pytest.param("# we used flask_script once\nscript = 'flask.ext.script'\n", id="only-mentioned"),
    ]


def test_setup_py_never() -> None:
    assert run_codemods("from setuptools import setup\n" + MANAGE, NAME, path="setup.py").findings == []  # a packaging script
    assert len(run_codemods(MANAGE, NAME, path="tests/test_manage.py").findings) == 1


def test_the_documented_example_is_reported_and_its_by_hand_form_runs(tmp_path) -> None:
    """The docstring's two examples: the Flask-Script module gets one finding and stays as it
    is; the form the finding asks for, written by hand, is a working ``flask seed`` command."""
    doc = docs.markdown(get_codemod(NAME).documentation())
    before, after = (block.split("\n```", 1)[0] for block in doc.split("```python\n")[1:3])
    result = run_codemods(before + "\n", NAME, path="manage.py", dedent=False)
    assert result.new_text == before + "\n" and len(result.findings) == 1
    module = load_source(tmp_path, after + "\n")
    outcome = module.app.test_cli_runner().invoke(args=["seed"])
    assert outcome.exit_code == 0 and outcome.output == "seeded\n"

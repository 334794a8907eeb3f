"""flask-wtf-names: a project whose code still imports WTForms names from ``flask_wtf`` (the
re-exports Flask-WTF dropped in 0.9) runs on a release older than 0.9. Those releases have no
``FlaskForm`` or ``CSRFProtect``: renaming ``Form`` in another module would leave the project
with no Flask-WTF release that imports both modules. The rename is refused, with a finding
naming the module that pins the old line; WTForms' own renames are not concerned."""

from __future__ import annotations

from helpers import run_codemods

BASE = "from flask.ext.wtf import Form\n\n\nclass BaseForm(Form):\n    pass\n"
ACCOUNT = "from flask.ext.wtf import TextField, PasswordField\n\nfrom .base import BaseForm\n\n\nclass LoginForm(BaseForm):\n    name = TextField('Name')\n"


def _run(project: dict[str, str], source: str = BASE):
    return run_codemods(source, "flask-wtf-names", path="june/forms/base.py", project=project, dedent=False)


def test_rename_refused_where_another_module_imports_a_reexport():
    result = _run({"june/__init__.py": "", "june/forms/__init__.py": "", "june/forms/account.py": ACCOUNT, "requirements.txt": "Flask-WTF\n"})
    assert result.new_text == BASE
    assert any(
        "june/forms/account.py imports TextField from flask_wtf" in finding.message and "no FlaskForm" in finding.message
        for finding in result.findings
    )


def test_rename_refused_where_the_module_that_pins_the_old_line_does_not_parse():
    python_2 = "from flask.ext.wtf import Required\nprint 'x'\n"
    result = _run({"june/__init__.py": "", "june/forms/__init__.py": "", "june/forms/old.py": python_2, "requirements.txt": "Flask-WTF\n"})
    assert result.new_text == BASE
    assert any("june/forms/old.py imports Required from flask_wtf" in finding.message for finding in result.findings)


def test_rename_made_where_no_module_imports_a_reexport():
    account = "from wtforms import StringField\n\nfrom .base import BaseForm\n\n\nclass LoginForm(BaseForm):\n    name = StringField('Name')\n"
    result = _run({"june/__init__.py": "", "june/forms/__init__.py": "", "june/forms/account.py": account, "requirements.txt": "Flask-WTF\n"})
    assert result.new_text == "from flask.ext.wtf import FlaskForm\n\n\nclass BaseForm(FlaskForm):\n    pass\n"


def test_wtforms_renames_are_not_held_back_by_the_old_flask_wtf_line():
    source = "from wtforms import TextField\n\nname = TextField('Name')\n"
    result = _run({"june/__init__.py": "", "june/forms/__init__.py": "", "june/forms/account.py": ACCOUNT, "requirements.txt": "WTForms\n"}, source)
    assert result.new_text == "from wtforms import StringField\n\nname = StringField('Name')\n"


import pytest  # noqa: E402


@pytest.mark.parametrize(
    "other, name",
    [
        ("from flask.ext import wtf\n\n\nclass F(wtf.Form):\n    name = wtf.TextField('n')\n", "TextField"),
        ("import flask_wtf\n\nfield = flask_wtf.TextField('n')\n", "TextField"),
        ("import flask.ext.wtf as wtf\n\nfield = wtf.Required()\n", "Required"),
        ("from flask.ext.wtf import *\n\nfield = TextField('n')\n", "TextField"),
        ("from flaskext.wtf import Form, TextField\n", "TextField"),
    ],
)
def test_the_old_line_is_read_in_every_spelling(other, name):
    result = _run({"june/__init__.py": "", "june/forms/__init__.py": "", "june/forms/other.py": other, "requirements.txt": "Flask-WTF\n"})
    assert result.new_text == BASE
    assert any(f"june/forms/other.py imports {name} from flask_wtf" in finding.message for finding in result.findings)


def test_a_star_import_whose_module_reads_no_reexport_is_no_evidence():
    other = "from flask_wtf import *\n\nform = FlaskForm()\n"
    result = _run({"june/__init__.py": "", "june/forms/__init__.py": "", "june/forms/other.py": other, "requirements.txt": "Flask-WTF\n"})
    assert result.new_text != BASE


def test_html5_fields_stay_where_the_project_runs_an_old_flask_wtf():
    source = "from flask_wtf.html5 import URLField\n\nsite = URLField('Site')\n"
    project = {"june/__init__.py": "", "june/forms/__init__.py": "", "june/forms/account.py": ACCOUNT, "requirements.txt": "Flask-WTF\nWTForms\n"}
    result = _run(project, source)
    assert result.new_text == source
    assert any("imports TextField from flask_wtf" in f.message and "WTForms from 3.0" in f.message for f in result.findings)
    moved = _run({**project, "june/forms/account.py": "from wtforms import StringField\n"}, source)
    assert moved.new_text == "from wtforms.fields import URLField\n\nsite = URLField('Site')\n"


@pytest.mark.parametrize(
    "python_2",
    [
        # archive-term's console/view/billing.py: Flask-Script's Option, through flask.ext
        "from flask.ext.script import Command, Option\n\n\nclass Billing(Command):\n    option_list = (Option('--id'),)\n\n    def run(self, id):\n        print id\n",
        "from flask.ext.wtf import CSRFProtect\nfrom flask.ext.script import Option\nprint 'x'\n",
        "import flask_wtf\nfrom optparse import Option\nprint 'x'\n",
    ],
)
def test_a_python_2_module_counts_only_what_it_imports_from_flask_wtf(python_2):
    """A module that does not parse is read by its import lines: a name imported from another
    module (Flask-Script's ``Option``) is not a Flask-WTF re-export, wherever the module names
    ``flask.ext`` or Flask-WTF."""
    project = {"june/__init__.py": "", "june/forms/__init__.py": "", "june/old.py": python_2, "requirements.txt": "Flask-WTF\n"}
    result = _run(project)
    assert result.new_text == "from flask.ext.wtf import FlaskForm\n\n\nclass BaseForm(FlaskForm):\n    pass\n"
    assert not any("from flask_wtf" in finding.message for finding in result.findings)


@pytest.mark.parametrize(
    "python_2, name",
    [
        ("from flask.ext.wtf import (Form,\n    TextField)\nprint 'x'\n", "TextField"),
        ("from flask.ext import wtf\n\nname = wtf.TextField('n')\nprint 'x'\n", "TextField"),
        ("import flask_wtf as w\nfield = w.Required()\nprint 'x'\n", "Required"),
    ],
)
def test_a_python_2_module_that_reads_a_reexport_pins_the_old_line(python_2, name):
    project = {"june/__init__.py": "", "june/forms/__init__.py": "", "june/old.py": python_2, "requirements.txt": "Flask-WTF\n"}
    result = _run(project)
    assert result.new_text == BASE
    assert any(f"june/old.py imports {name} from flask_wtf" in finding.message for finding in result.findings)

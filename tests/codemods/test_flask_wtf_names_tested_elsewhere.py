"""flask-wtf-names: in the releases that have both names, the old class is a subclass of the
new one (``Form(FlaskForm)``, ``TextField(StringField)``, ``Required(DataRequired)``). A form
class rebased from ``Form`` onto ``FlaskForm`` is no ``Form`` any more, so another module of
the project that tests objects against ``Form`` (a helper turning every form of a view's
context into JSON with ``isinstance(value, Form)``) stops matching them: the view answers
with an object it cannot serialise. The rename is refused while any module of the project
tests against the old class (pybossa's ``handle_content_type``)."""

from __future__ import annotations

import json
import sys
import types

import pytest

from helpers import run_codemods

FORMS = '''\
from flask_wtf import Form
from wtforms import StringField


class NameForm(Form):
    name = StringField("Name")
'''

HELPERS = '''\
from flask_wtf import Form


def context_as_json(context):
    out = {}
    for key, value in context.items():
        out[key] = {"fields": sorted(value.data)} if isinstance(value, Form) else value
    return out
'''

REQUIREMENTS = "Flask-WTF==0.14.3\nWTForms==2.3.3\n"


def _run(forms: str, helpers: str):
    return run_codemods(
        forms,
        "flask-wtf-names",
        path="app/forms.py",
        project={"app/helpers.py": helpers, "requirements.txt": REQUIREMENTS},
        dedent=False,
    )


def test_a_form_class_another_module_tests_against_keeps_its_base():
    result = _run(FORMS, HELPERS)
    assert result.new_text == FORMS
    assert any("app/helpers.py" in finding.message and "Form" in finding.message for finding in result.findings)


def _flask_wtf_0_14() -> types.ModuleType:
    """A stand-in for the pinned Flask-WTF 0.14's two classes: ``FlaskForm`` a WTForms form,
    ``Form`` its deprecated subclass (what 0.13 to 0.15 shipped)."""
    wtforms = pytest.importorskip("wtforms")
    module = types.ModuleType("flask_wtf")

    class FlaskForm(wtforms.Form):
        pass

    class Form(FlaskForm):
        pass

    module.FlaskForm, module.Form = FlaskForm, Form
    return module


def test_the_helper_still_recognises_the_form_after_the_run(monkeypatch):
    """Behaviour: the helper's JSON of a view's context, with the module the run leaves,
    under the class hierarchy of the Flask-WTF the project pins."""
    context = _context_as_json_after_run(HELPERS, monkeypatch, title="t")
    assert json.loads(json.dumps(context)) == {"form": {"fields": ["name"]}, "title": "t"}


def _context_as_json_after_run(helpers_text: str, monkeypatch, **context: object) -> dict:  # type: ignore[no-untyped-def]
    """The helper's JSON of a context holding a ``NameForm`` of the forms module the run
    leaves, under the class hierarchy of the Flask-WTF the project pins."""
    from werkzeug.datastructures import MultiDict

    text = _run(FORMS, helpers_text).new_text
    monkeypatch.setitem(sys.modules, "flask_wtf", _flask_wtf_0_14())
    forms: dict = {}
    helpers: dict = {}
    exec(compile(text, "forms.py", "exec"), forms)
    exec(compile(helpers_text, "helpers.py", "exec"), helpers)
    return helpers["context_as_json"]({"form": forms["NameForm"](MultiDict({"name": "x"})), **context})


def test_a_project_that_only_subclasses_and_calls_still_gets_the_rename():
    helpers = "from flask_wtf import Form\n\n\nclass Other(Form):\n    pass\n\n\nform = Other()\n"
    result = _run(FORMS, helpers)
    assert "class NameForm(FlaskForm):" in result.new_text


# -- a module the codemod cannot look into makes the answer unknown: the rename is refused ------

STAR_HELPERS = HELPERS.replace("from flask_wtf import Form\n", "from flask_wtf import *\n")


def test_a_star_import_of_the_library_binds_the_old_class():
    result = _run(FORMS, STAR_HELPERS)
    assert result.new_text == FORMS
    assert any("app/helpers.py:7 tests objects against Form" in finding.message for finding in result.findings)


def test_the_star_importing_helper_still_recognises_the_form_after_the_run(monkeypatch):
    assert _context_as_json_after_run(STAR_HELPERS, monkeypatch) == {"form": {"fields": ["name"]}}


def test_a_module_naming_the_old_class_in_python_2_code_is_unknown():
    helpers = HELPERS.replace("    out = {}\n", '    print "converting"\n    out = {}\n')
    result = _run(FORMS, helpers)
    assert result.new_text == FORMS
    assert any(
        "app/helpers.py names Form but cannot be parsed (line 5: " in finding.message and "is unknown" in finding.message
        for finding in result.findings
    ), [finding.message for finding in result.findings]


def test_python_2_code_that_never_names_the_old_class_holds_nothing_back():
    result = _run(FORMS, 'def shout(text):\n    print "%s!" % text\n')
    assert "class NameForm(FlaskForm):" in result.new_text


def test_a_module_that_cannot_be_read_as_text_is_unknown(tmp_path):
    """A latin-1 module (coding cookie, valid Python) that ``ctx.read_file`` cannot give as
    text: it may test against Form, so the form keeps its base. Through the tool's own reader."""
    from flask_codemod import pipeline
    from flask_codemod.codemods import get_codemod

    app = tmp_path / "app"
    app.mkdir()
    (tmp_path / "requirements.txt").write_text(REQUIREMENTS)
    (app / "__init__.py").write_text("")
    (app / "forms.py").write_text(FORMS)
    latin = "# -*- coding: latin-1 -*-\n" + HELPERS + '\nLABEL = "caf\u00e9"\n'
    (app / "helpers.py").write_bytes(latin.encode("latin-1"))
    result = pipeline.process_file(str(app / "forms.py"), [get_codemod("flask-wtf-names")])
    assert result.error is None and not result.changed
    assert any(
        "app/helpers.py cannot be read as text (not UTF-8)" in finding.message for finding in result.findings
    ), [finding.message for finding in result.findings]
    (app / "helpers.py").write_text(latin.replace("caf\u00e9", "cafe"))  # the same module, readable: the use is found
    result = pipeline.process_file(str(app / "forms.py"), [get_codemod("flask-wtf-names")])
    assert not result.changed and any("app/helpers.py:8 tests objects against Form" in f.message for f in result.findings)


def test_a_test_through_an_alias_bound_in_a_third_module_is_found():
    # the helper never spells Form: it reads the name the project's compat module binds
    compat = "from flask_wtf import Form as BaseForm\n"
    helpers = "from app.compat import BaseForm\n\n\ndef is_form(value):\n    return isinstance(value, BaseForm)\n"
    result = run_codemods(
        FORMS,
        "flask-wtf-names",
        path="app/forms.py",
        project={"app/compat.py": compat, "app/helpers.py": helpers, "requirements.txt": REQUIREMENTS},
        dedent=False,
    )
    assert result.new_text == FORMS
    assert any("app/helpers.py:5" in finding.message for finding in result.findings)


def test_a_test_spelled_in_unicode_letters_python_reads_as_the_old_name_is_found():
    # Python reads an identifier as its NFKC form: the fullwidth letters spell Form
    fullwidth = "\uff26\uff4f\uff52\uff4d"
    helpers = f"from flask_wtf import {fullwidth}\n\n\ndef is_form(value):\n    return isinstance(value, {fullwidth})\n"
    assert "Form" not in helpers
    assert compile(helpers, "h.py", "exec")  # it is Python
    result = _run(FORMS, helpers)
    assert result.new_text == FORMS
    assert any("app/helpers.py:5" in finding.message for finding in result.findings)


# -- what a module that does not parse says in its comments, keywords and assignments is no use --
# (an Apache license header's "Unless required by applicable law" in a Python 2 manage.py held
# back every validators.required() of sleepy-puppy; so did Flask-RESTful's required=False)

REQUIRED_FORMS = '''\
from flask_wtf import FlaskForm
from wtforms import fields, validators


class LoginForm(FlaskForm):
    login = fields.StringField(validators=[validators.required()])
'''

LICENSED_SCRIPT = '''\
#     Unless required by applicable law or agreed to in writing, software
#     distributed under the License is distributed on an "AS IS" BASIS.
from app import forms

print "forms loaded"
'''




def test_a_keyword_argument_or_assignment_of_that_name_in_python_2_code_is_no_use_either():
    result = _run(REQUIRED_FORMS, LICENSED_SCRIPT + 'parser.add_argument("q", required=False)\nrequired = None\n')
    assert "validators.data_required()" in result.new_text


def test_a_python_2_module_naming_the_old_validator_in_its_code_still_holds_it_back():
    result = _run(REQUIRED_FORMS, LICENSED_SCRIPT + "checks = [validators.required]\n")
    assert "validators.required()" in result.new_text
    assert any("app/helpers.py names required but cannot be parsed" in finding.message for finding in result.findings)


def test_python_2_code_assigning_to_the_old_validator_of_a_module_still_holds_it_back():
    # a patch of wtforms' own name: renamed callers would no longer reach it
    result = _run(REQUIRED_FORMS, LICENSED_SCRIPT + "validators.required = lenient\n")
    assert "validators.required()" in result.new_text
    assert any("app/helpers.py names required but cannot be parsed" in finding.message for finding in result.findings)


# (cn486's Python 2 fabfile.py says "Copy and modify as required for your own particular setup."
# in its module docstring and "Updates all required packages" in a function's: the finding
# named it as the module that may test objects against wtforms' required)
FABFILE = '''\
import sys

from fabric.api import env, run

"""
Sample fabric file.

Copy and modify as required for your own particular setup.
"""


def upgrade():
    """
    Updates all required packages, then restarts the server.
    """
    print "upgrading"
    run("pip install -U -r requirements.txt")
'''


@pytest.mark.parametrize("helpers", [LICENSED_SCRIPT, FABFILE], ids=["comment", "docstrings"])
def test_a_python_2_module_naming_the_old_validator_only_in_prose_holds_nothing_back(helpers):
    result = _run(REQUIRED_FORMS, helpers)
    assert "validators.data_required()" in result.new_text
    assert not any("cannot be parsed" in finding.message for finding in result.findings)


def test_a_string_that_is_not_a_statement_still_counts():
    # getattr(validators, "required") reads the old validator through a string
    result = _run(REQUIRED_FORMS, FABFILE + 'check = getattr(validators, "required")\n')
    assert "validators.required()" in result.new_text
    assert any("app/helpers.py names required but cannot be parsed" in finding.message for finding in result.findings)

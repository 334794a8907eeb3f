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
    from werkzeug.datastructures import MultiDict

    text = _run(FORMS, HELPERS).new_text
    monkeypatch.setitem(sys.modules, "flask_wtf", _flask_wtf_0_14())
    forms: dict = {}
    helpers: dict = {}
    exec(compile(text, "forms.py", "exec"), forms)
    exec(compile(HELPERS, "helpers.py", "exec"), helpers)
    context = helpers["context_as_json"]({"form": forms["NameForm"](MultiDict({"name": "x"})), "title": "t"})
    assert json.loads(json.dumps(context)) == {"form": {"fields": ["name"]}, "title": "t"}


def test_a_project_that_only_subclasses_and_calls_still_gets_the_rename():
    helpers = "from flask_wtf import Form\n\n\nclass Other(Form):\n    pass\n\n\nform = Other()\n"
    result = _run(FORMS, helpers)
    assert "class NameForm(FlaskForm):" in result.new_text

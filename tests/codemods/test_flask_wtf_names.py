"""flask-wtf-names: a legacy form module stops importing under Flask-WTF 1.x and WTForms 3;
after the rewrite the same app validates its form and CSRF still refuses a forged post (the
test client, under the Flask-WTF and WTForms the test extras install). Then the gates of the
rewrite: the declared requirement of each library, uses that a wider class would change, a
field type compared with 'TextField', names other modules may import from this one."""

from __future__ import annotations

import pytest

from helpers import assert_left_alone, finding_messages, load_source, rewrite, run_codemods

LEGACY_FORMS = '''
from flask import Flask
from flask_wtf import Form
from flask_wtf.csrf import CsrfProtect, generate_csrf
from wtforms import TextField
from wtforms.validators import InputRequired

app = Flask(__name__)
app.config["SECRET_KEY"] = "only for this test"
csrf = CsrfProtect(app)


class NameForm(Form):
    name = TextField("Name", validators=[InputRequired()])


@app.get("/token")
def token():
    return generate_csrf()


@app.post("/greet")
def greet():
    form = NameForm()
    if form.validate_on_submit():
        return "hello " + form.name.data + " (" + form.name.type + ")"
    return "invalid", 422


@app.post("/plain")
def plain():
    return "posted"
'''


def test_a_legacy_form_module_fails_to_import_and_works_after_the_rewrite(tmp_path):
    with pytest.raises(ImportError):
        load_source(tmp_path, LEGACY_FORMS)
    result = run_codemods(LEGACY_FORMS, "flask-wtf-names", dedent=False)
    assert result.findings == [] and result.rewrites == {"flask-wtf-names": 3}
    assert "class NameForm(FlaskForm):" in result.new_text and 'StringField("Name"' in result.new_text
    client = load_source(tmp_path, result.new_text).app.test_client()
    assert client.post("/plain").status_code == 400  # csrf still refuses a post without a token
    assert client.post("/greet", data={"name": "ada"}).status_code == 400
    token = client.get("/token").get_data(as_text=True)
    answer = client.post("/greet", data={"name": "ada", "csrf_token": token})
    assert answer.get_data(as_text=True) == "hello ada (StringField)"
    assert client.post("/greet", data={"name": "", "csrf_token": token}).status_code == 422  # still validated
    assert client.post("/plain", data={"csrf_token": token}).get_data(as_text=True) == "posted"


@pytest.mark.parametrize(
    "requirement, kept",
    [
        ("Flask-WTF==0.12\n", ["Form", "CsrfProtect"]),
        ("Flask-WTF>=0.13,<1\n", ["CsrfProtect"]),  # FlaskForm is there from 0.13, CSRFProtect from 0.14
        ("flask_wtf<0.13\n", ["Form", "CsrfProtect"]),  # an upper bound alone: nothing from 0.13 on
        ("WTForms==0.6.2\n", ["TextField"]),  # StringField is there from 1.0
    ],
)
def test_a_requirement_that_allows_a_release_without_the_new_name_holds_it_back(requirement, kept):
    result = run_codemods(LEGACY_FORMS, "flask-wtf-names", files={"requirements.txt": requirement}, dedent=False)
    for old in ("Form", "CsrfProtect", "TextField"):
        assert (f"import {old}" in result.new_text) == (old in kept), (old, result.new_text)
    messages = finding_messages(result)
    assert len(messages) == len(kept) and all("the project's requirement allows" in m for m in messages), messages


def test_an_unpinned_requirement_means_the_newest():
    result = run_codemods(LEGACY_FORMS, "flask-wtf-names", files={"requirements.txt": "Flask-WTF\nWTForms>=2.1\n"}, dedent=False)
    assert result.findings == [] and "from flask_wtf import FlaskForm" in result.new_text


def test_a_use_the_wider_class_would_change_is_refused():
    source = "from wtforms import TextField\n\n\ndef is_text(field):\n    return isinstance(field, TextField)\n"
    result = run_codemods(source, "flask-wtf-names", dedent=False)
    assert result.new_text == source
    assert "line 5 uses it other than by calling or subclassing it" in result.findings[0].message


def test_a_field_type_compared_with_textfield_in_a_template_holds_the_rename_back():
    source = "from wtforms import TextField\n\nname = TextField('Name')\n"
    template = "{% if field.type == 'TextField' %}<input class=text>{% endif %}\n"
    result = run_codemods(source, "flask-wtf-names", files={"templates/macros.html": template}, path="forms.py", dedent=False)
    assert result.new_text == source
    assert "templates/macros.html spells 'TextField' in quotes" in result.findings[0].message
    # a subclass keeps its own type name: only a field the module creates counts
    subclass = "from wtforms import TextField\n\n\nclass SlugField(TextField):\n    pass\n"
    assert "class SlugField(StringField)" in rewrite(subclass, "flask-wtf-names", files={"templates/m.html": template})


def test_a_name_another_module_imports_from_here_stays_as_an_alias():
    source = "from flask_wtf import Form\n\n\nclass NoteForm(Form):\n    pass\n"
    views = "from forms import Form, NoteForm\n"
    text = rewrite(source, "flask-wtf-names", files={"views.py": views}, path="forms.py", dedent=False)
    assert text == source.replace("import Form", "import FlaskForm as Form")
    via_attribute = "import forms\n\n\nclass Other(forms.Form):\n    pass\n"
    text = rewrite(source, "flask-wtf-names", files={"views.py": via_attribute}, path="forms.py", dedent=False)
    assert "import FlaskForm as Form" in text
    # a module that imports Form from Flask-WTF itself reaches nothing of this one
    own = "from flask_wtf import Form\n"
    text = rewrite(source, "flask-wtf-names", files={"views.py": own}, path="forms.py", dedent=False)
    assert "class NoteForm(FlaskForm)" in text


@pytest.mark.parametrize(
    "source, path",
    [
        ("from flask_wtf import Form\n\n\nclass NoteForm(Form):\n    pass\n", "forms/__init__.py"),
        ("from flask_wtf import Form\n\nFlaskForm = None\n\n\nclass NoteForm(Form):\n    pass\n", "forms.py"),
    ],
    ids=["package-init", "new-name-taken"],
)
def test_where_the_rename_could_be_seen_the_module_keeps_the_old_name(source, path):
    text = rewrite(source, "flask-wtf-names", path=path, dedent=False)
    assert "from flask_wtf import FlaskForm as Form" in text and "class NoteForm(Form)" in text


def test_a_docstring_that_says_form_does_not_stop_the_rename():
    source = '"""The Form of the login page."""\nfrom flask_wtf import Form\n\n\nclass LoginForm(Form):\n    pass\n'
    text = rewrite(source, "flask-wtf-names", dedent=False)
    assert "from flask_wtf import FlaskForm\n" in text and "class LoginForm(FlaskForm)" in text


def test_an_alias_keeps_its_name_and_an_alias_to_the_new_name_goes():
    text = rewrite("from flask_wtf import Form as FlaskForm\nfrom flask_wtf import Form as Base\n", "flask-wtf-names", dedent=False)
    assert text == "from flask_wtf import FlaskForm\nfrom flask_wtf import FlaskForm as Base\n"


def test_flask_ext_spellings_resolve_and_combine_with_moved_imports():
    source = "from flask.ext.wtf import Form\n\n\nclass F(Form):\n    pass\n"
    assert rewrite(source, "flask-wtf-names", dedent=False).startswith("from flask.ext.wtf import FlaskForm\n")
    both = rewrite(source, "moved-imports", "flask-wtf-names", dedent=False)
    assert both == "from flask_wtf import FlaskForm\n\n\nclass F(FlaskForm):\n    pass\n"
    assert rewrite(both, "moved-imports", "flask-wtf-names", dedent=False) == both


@pytest.mark.parametrize(
    "source",
    [
        "from wtforms import Form, StringField\n\n\nclass F(Form):\n    name = StringField()\n",
        "try:\n    from flask_wtf import FlaskForm\nexcept ImportError:\n    from flask_wtf import Form as FlaskForm\n",
        "from peewee import TextField\n\nbody = TextField()\n",
        "class Form:\n    pass\n\n\nclass F(Form):\n    pass\n",
    ],
    ids=["wtforms-form", "guarded", "other-library", "own-class"],
)
def test_left_alone(source):
    assert_left_alone("flask-wtf-names", source)


def test_a_name_bound_twice_in_its_scope_is_refused():
    source = "from flask_wtf import Form\nfrom wtforms import Form\n\n\nclass F(Form):\n    pass\n"
    result = run_codemods(source, "flask-wtf-names", dedent=False)
    assert result.new_text == source and "has other bindings in the same scope" in result.findings[0].message


def test_arguments_aligned_with_the_bracket_stay_aligned():
    source = (
        "from wtforms import TextField, fields\n\n"
        "a = TextField('Name', validators=[first,\n                                  second],\n              description='d')\n"
        "b = fields.TextField('Name',\n                     description='d')\n"
        "c = TextField(\n    'Name',\n)\n"
    )
    assert rewrite(source, "flask-wtf-names", dedent=False) == (
        "from wtforms import StringField, fields\n\n"
        "a = StringField('Name', validators=[first,\n                                    second],\n                description='d')\n"
        "b = fields.StringField('Name',\n                       description='d')\n"
        "c = StringField(\n    'Name',\n)\n"
    )


def test_a_call_inside_a_call_is_renamed_too():
    source = "from wtforms import TextField\n\nd = TextField(TextField('x',\n                        y))\n"
    text = rewrite(source, "flask-wtf-names", dedent=False)
    assert "TextField" not in text and text.endswith("d = StringField(StringField('x',\n                            y))\n")


def test_a_renamed_field_with_renamed_validators_keeps_its_lines_aligned():
    """``TextField(label,`` / ``[Required(message=gettext(`` / ``"...")),`` / ``other])``: the
    validator's rename moves its own continuation lines, the field's rename moves every
    continuation line of the field's call on top of that, so each stays under its bracket
    (pybossa's forms). The form still works after it."""
    source = (
        "from wtforms import Form, TextField, validators\n\n"
        "class F(Form):\n"
        "    name = TextField('Name',\n"
        "                     [validators.Required(message=str(\n"
        "                                              'needed')),\n"
        "                      validators.Length(max=5)])\n"
    )
    text = rewrite(source, "flask-wtf-names", files={"requirements.txt": "WTForms==2.3.3\n"}, dedent=False)
    assert text.endswith(
        "    name = StringField('Name',\n"
        "                       [validators.DataRequired(message=str(\n"
        "                                                    'needed')),\n"
        "                        validators.Length(max=5)])\n"
    )
    lines = text.splitlines()
    assert lines[-3].index("[") == lines[-4].index("(") + 1 and lines[-1].index("v") == lines[-3].index("v")
    from werkzeug.datastructures import MultiDict

    namespace: dict = {}
    exec(compile(text, "forms.py", "exec"), namespace)
    assert namespace["F"](MultiDict({"name": "abc"})).validate()
    empty = namespace["F"](MultiDict({"name": ""}))
    assert not empty.validate() and empty.errors == {"name": ["needed"]}


@pytest.mark.parametrize(
    "requirement, advice",
    [
        ("WTForms==0.6.3\n", "import TextField from wtforms"),
        ("WTForms==1.0.4\n", "import StringField (for TextField) from wtforms"),
        ("WTForms>=2.0\n", "import StringField (for TextField) from wtforms"),
    ],
)
def test_the_advice_on_a_re_exported_field_fits_the_declared_wtforms(requirement, advice):
    """Before WTForms 1.0 there is no StringField to import (1.0 made TextField its empty
    subclass): the finding must not send a project pinned there to it."""
    source = "from flask_wtf import TextField\n\nname = TextField('Name')\n"
    result = run_codemods(source, "flask-wtf-names", files={"requirements.txt": requirement}, dedent=False)
    assert result.new_text == source
    assert [advice in finding.message for finding in result.findings] == [True]
    assert ("StringField" in result.findings[0].message) is ("StringField" in advice)

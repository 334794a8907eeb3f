"""flask-wtf-names on the names WTForms 3.0 and Flask-WTF 1.0 removed besides the renamed
classes: ``wtforms.validators.Required`` (``DataRequired`` since WTForms 1.0.2),
``flask_wtf.html5`` (its fields in ``wtforms.fields`` from WTForms 3.0), and the WTForms names
Flask-WTF re-exported before 0.9. The rewritten forms run under the current releases (the test
extras): they validate, and the HTML5 fields render their input types."""

from __future__ import annotations

import pytest

from helpers import load_source, rewrite, run_codemods

LEGACY_FORMS = '''
from flask import Flask, render_template_string
from flask_wtf import FlaskForm
from flask_wtf.html5 import EmailField, URLField
from wtforms import StringField
from wtforms.validators import Required, Length

app = Flask(__name__)
app.config.update(SECRET_KEY="only for this test", WTF_CSRF_ENABLED=False)


class ProfileForm(FlaskForm):
    name = StringField("Name", validators=[Required(), Length(max=8)])
    email = EmailField("Email", validators=[Required()])
    site = URLField("Site")


@app.route("/", methods=["GET", "POST"])
def profile():
    form = ProfileForm()
    if form.validate_on_submit():
        return "saved " + form.name.data
    return render_template_string("{{ form.email() }}{{ form.site() }}{{ form.errors|length }}", form=form)
'''


def test_the_legacy_form_no_longer_imports_and_the_rewritten_one_validates(tmp_path):
    with pytest.raises(ImportError):
        load_source(tmp_path, LEGACY_FORMS)
    result = run_codemods(LEGACY_FORMS, "flask-wtf-names", dedent=False)
    assert result.findings == [] and result.rewrites == {"flask-wtf-names": 2}
    assert "from wtforms.fields import EmailField, URLField" in result.new_text
    assert "from wtforms.validators import DataRequired, Length" in result.new_text
    client = load_source(tmp_path, result.new_text).app.test_client()
    page = client.get("/").get_data(as_text=True)
    assert 'type="email"' in page and 'type="url"' in page
    assert client.post("/", data={"name": "ann", "email": "a@b.c"}).get_data(as_text=True) == "saved ann"
    refused = client.post("/", data={"name": "", "email": ""}).get_data(as_text=True)
    assert refused.endswith("2")  # both required fields refused, as Required refused them


@pytest.mark.parametrize(
    "requirement, rewritten",
    [("WTForms==1.0.1\n", False), ("WTForms==1.0.2\n", True), ("WTForms==1.0.5\n", True), ("WTForms\n", True), ("wtforms<1.0.2\n", False)],
)
def test_required_follows_the_declared_wtforms_to_the_release(requirement, rewritten):
    """DataRequired came with WTForms 1.0.2: the series (1, 0) is too coarse a gate."""
    source = "from wtforms.validators import Required\n\nname = Required()\n"
    result = run_codemods(source, "flask-wtf-names", files={"requirements.txt": requirement}, dedent=False)
    assert ("DataRequired" in result.new_text) is rewritten
    if not rewritten:
        assert "allows a WTForms older than 1.0.2, which has no DataRequired" in result.findings[0].message


def test_a_name_the_statement_already_imports_is_used_not_aliased():
    source = "from wtforms.validators import DataRequired, Required, Length\n\nrules = [Required(), DataRequired(), Length(max=3)]\n"
    assert rewrite(source, "flask-wtf-names", dedent=False) == (
        "from wtforms.validators import DataRequired, Length\n\nrules = [DataRequired(), DataRequired(), Length(max=3)]\n"
    )


def test_what_follows_a_renamed_call_on_its_line_stays_aligned():
    source = (
        "from wtforms.validators import Length, Regexp, Required\n\n"
        "rules = [\n    Required(), Length(1, 64), Regexp('^a', 0,\n                              'letters only')]\n"
        "more = [Required(), Regexp(\n    'b')]\n"
    )
    assert rewrite(source, "flask-wtf-names", dedent=False) == (
        "from wtforms.validators import Length, Regexp, DataRequired\n\n"
        "rules = [\n    DataRequired(), Length(1, 64), Regexp('^a', 0,\n                                  'letters only')]\n"
        "more = [DataRequired(), Regexp(\n    'b')]\n"
    )


def test_a_class_name_spelled_in_quotes_holds_required_back():
    source = "from wtforms.validators import Required\n\nrule = Required()\n"
    check = "def is_required(validator):\n    return type(validator).__name__ == 'Required'\n"
    result = run_codemods(source, "flask-wtf-names", files={"checks.py": check}, dedent=False)
    assert result.new_text == source
    assert "checks.py spells 'Required' in quotes" in result.findings[0].message


@pytest.mark.parametrize(
    "requirement, says",
    [
        ("WTForms==2.3.3\n", "allows a WTForms older than 3.0, whose wtforms.fields has no HTML5 fields"),
        ("WTForms>=3.0\nFlask-WTF\n", None),
    ],
)
def test_html5_moves_only_where_every_allowed_wtforms_has_the_fields_in_wtforms_fields(requirement, says):
    source = "from flask.ext.wtf.html5 import TelField\n\nphone = TelField('Phone')\n"
    result = run_codemods(source, "flask-wtf-names", files={"requirements.txt": requirement}, dedent=False)
    if says is None:
        assert result.new_text == source.replace("flask.ext.wtf.html5", "wtforms.fields") and result.findings == []
    else:
        assert result.new_text == source and says in result.findings[0].message
        assert "from wtforms.fields.html5 while the project's WTForms is older than 3.0" in result.findings[0].message


def test_an_html5_widget_is_reported_not_moved():
    source = "from flask_wtf.html5 import EmailField, NumberInput\n"
    result = run_codemods(source, "flask-wtf-names", dedent=False)
    assert result.new_text == source and "NumberInput is no field WTForms 3.0 keeps" in result.findings[0].message


def test_re_exported_names_get_one_finding_per_import_naming_their_homes():
    source = "from flask_wtf import Form, TextField, Required, Email, \\\n    PasswordInput\n"
    result = run_codemods(source, "flask-wtf-names", files={"requirements.txt": "Flask-WTF==0.8.4\nWTForms==1.0.4\n"}, dedent=False)
    messages = [finding.message for finding in result.findings if "re-exporting" in finding.message]
    assert messages == [
        "TextField, Required, Email, PasswordInput are gone from flask_wtf (Flask-WTF 0.9 stopped re-exporting "
        "WTForms): import StringField (for TextField) from wtforms; DataRequired (for Required), Email from "
        "wtforms.validators; PasswordInput from wtforms.widgets"
    ]  # WTForms 1.0.4 has StringField (from 1.0 on)


def test_the_rewritten_names_exist_in_the_current_releases():
    import wtforms.fields
    import wtforms.validators

    from flask_codemod.codemods._flask_wtf_names_catalogue import HTML5_FIELDS, RENAMES

    assert all(hasattr(wtforms.fields, name) for name in HTML5_FIELDS)
    for qualified, rename in RENAMES.items():
        module = qualified.rsplit(".", 1)[0]
        if module.startswith("wtforms"):
            assert hasattr(__import__(module, fromlist=["x"]), rename.new), qualified


def test_an_element_on_the_next_line_keeps_its_place():
    """The break after a follower's comma leads to a line aligned with the bracket, which did
    not move."""
    source = (
        "from wtforms.validators import Email, Length, Required\n\n"
        "rules = [Required(), Length(1, 64),\n         Email()]\n"
    )
    assert rewrite(source, "flask-wtf-names", dedent=False) == source.replace("Required", "DataRequired")


def test_an_old_name_after_a_renamed_call_on_its_line_moves_as_far_as_both_grew():
    """The second ``Required`` call follows the first on its line: its continuation lines
    move right by its own growth and by the first one's; a call holding a renamed one moves
    by the growth in front of it."""
    source = (
        "from wtforms.validators import Length, Required\n\n"
        "rules = [Required(), Required('a',\n                              'b')]\n"
        "more = [Required(), Length(1, Required().message,\n"
        "                           max=3)]\n"
    )
    assert rewrite(source, "flask-wtf-names", dedent=False) == (
        "from wtforms.validators import Length, DataRequired\n\n"
        "rules = [DataRequired(), DataRequired('a',\n                                      'b')]\n"
        "more = [DataRequired(), Length(1, DataRequired().message,\n"
        "                               max=3)]\n"
    )

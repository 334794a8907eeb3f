"""flask-wtf-names: a module of the project that does not parse (Python 2 statements) holds a
rename back only where its code may name the old class. A word in one of its comments is no
use of anything: an Apache license header ("Unless required by applicable law ...") on a
Python 2 management script must not keep ``validators.required()`` from becoming
``validators.data_required()`` in every form of the project (sleepy-puppy's manage.py)."""

from __future__ import annotations

from helpers import run_codemods

FORMS = '''\
from flask_wtf import Form
from wtforms import fields, validators


class LoginForm(Form):
    login = fields.StringField(validators=[validators.required()])
'''

LICENSED_SCRIPT = '''\
#     Unless required by applicable law or agreed to in writing, software
#     distributed under the License is distributed on an "AS IS" BASIS.
from app import forms

print "forms loaded"
'''

REQUIREMENTS = "Flask-WTF==0.14.3\nWTForms==2.3.3\n"


def _run(script: str):
    return run_codemods(
        FORMS,
        "flask-wtf-names",
        path="app/forms.py",
        project={"manage.py": script, "requirements.txt": REQUIREMENTS},
        dedent=False,
    )


def test_a_python_2_script_naming_the_old_validator_only_in_a_comment_holds_nothing_back():
    result = _run(LICENSED_SCRIPT)
    assert "validators.data_required()" in result.new_text
    assert not any("cannot be parsed" in finding.message for finding in result.findings)


def test_a_python_2_script_naming_the_old_validator_in_its_code_still_does():
    result = _run(LICENSED_SCRIPT + "checks = [validators.required]\n")
    assert "validators.required()" in result.new_text
    assert any("manage.py names required but cannot be parsed" in finding.message for finding in result.findings)


def test_a_keyword_argument_of_that_name_in_python_2_code_is_no_use_of_the_validator():
    """Flask-RESTful's ``parser.add_argument("q", required=False)`` in a module of ``except E,
    e`` clauses: the keyword names a parameter, not WTForms' validator."""
    script = LICENSED_SCRIPT + 'parser.add_argument("q", required=False)\nrequired = None\n'
    result = _run(script)
    assert "validators.data_required()" in result.new_text

"""The gates of flask-wtf-names: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases
from upgrade_checks import AcceptedCasesAreActedOn


class TestGates(AcceptedCasesAreActedOn, GateCases):
    NAME = "flask-wtf-names"
    REJECTED = [
        # WTForms' own Form is current
        ("from wtforms import Form\n\n\nclass F(Form):\n    pass\n", "forms.py"),
        # peewee's TextField, no form library imported
        ("from peewee import TextField\n\nbody = TextField()\n", "models.py"),
        # only a comment spells the form library
        ("# flask_wtf\nTextField = str\n", "forms.py"),
        # a packaging script
        ("from flask_wtf import Form\n", "setup.py"),
    ]
    ACCEPTED = [
        ("from flask_wtf import Form\n\n\nclass F(Form):\n    pass\n", "forms.py"),
        ("from flask.ext.wtf import Form\n", "forms.py"),
        ("from flask_wtf.csrf import CsrfProtect\n\ncsrf = CsrfProtect()\n", "app.py"),
        ("import wtforms\n\nname = wtforms.TextField('Name')\n", "forms.py"),
        ("from wtforms import fields\n\nname = fields.TextField('Name')\n", "forms.py"),
        ("from flask_wtf import TextField\n", "forms.py"),
    ]

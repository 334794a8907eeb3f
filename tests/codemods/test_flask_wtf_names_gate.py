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
        ("from setuptools import setup\nfrom flask_wtf import Form\n", "setup.py"),
        # an attribute named like a re-exported or old name that the imports make no such name
        # (mycodo's widgets.HiddenInput, mailu's wtforms.validators.DataRequired, ctfd's
        # field.required of a variable)
        ("from flask_wtf import FlaskForm\nfrom wtforms import widgets\n\nw = widgets.HiddenInput()\n", "forms.py"),
        ("import wtforms\n\nv = [wtforms.validators.DataRequired()]\n", "views.py"),
        ("from wtforms import StringField\n\ndef f(field):\n    return field.required\n", "forms.py"),
    ]
    ACCEPTED = [
        ("from flask_wtf import Form\n\n\nclass F(Form):\n    pass\n", "forms.py"),
        ("from flask.ext.wtf import Form\n", "forms.py"),
        ("from flask_wtf.csrf import CsrfProtect\n\ncsrf = CsrfProtect()\n", "app.py"),
        ("import wtforms\n\nname = wtforms.TextField('Name')\n", "forms.py"),
        ("from wtforms import fields\n\nname = fields.TextField('Name')\n", "forms.py"),
        ("from flask_wtf import TextField\n", "forms.py"),
        # the same attributes where the imports make them old or re-exported names
        ("import flask_wtf\n\nw = flask_wtf.HiddenInput()\n", "forms.py"),
        ("from flask.ext import wtf\n\n\nclass F(wtf.Form):\n    pass\n", "forms.py"),
        ("import wtforms.validators as v\n\nr = [v.Required()]\n", "forms.py"),
    ]

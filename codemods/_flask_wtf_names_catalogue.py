"""flask-wtf-names: the old names of Flask-WTF and WTForms, with the releases that changed them.

- ``RENAMES``: a class renamed in place (the new name in the same module from ``since``);
- ``REEXPORTED``: a WTForms name old Flask-WTF releases re-exported (``from flask_wtf import
  TextField, Required``), gone from ``flask_wtf`` in 0.9 (2013), with its home in WTForms;
- ``HTML5_FIELDS``: the fields ``flask_wtf.html5`` re-exported from ``wtforms.fields.html5``
  (the module deprecated in Flask-WTF 0.14, gone in 1.0; WTForms 3.0 moved the fields to
  ``wtforms.fields`` and removed ``wtforms.fields.html5``).

Checked in the released sources: ``StringField`` is in ``wtforms`` and ``wtforms.fields``
from WTForms 1.0 (2012), ``TextField`` its empty subclass ("Legacy alias for StringField")
until 3.0 removed it; ``DataRequired`` is in ``wtforms.validators`` from WTForms
1.0.2 (2012), ``Required`` its empty subclass until 3.0 removed it (as the lowercase
``required`` alias); ``flask_wtf.html5`` is in every Flask-WTF from 0.8 to 0.15.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._declared_versions import Release


@dataclass(frozen=True)
class Rename:
    """One renamed class: ``old`` → ``new`` in ``library`` (its distribution ``distribution``),
    the new name there from release ``since``, the old one gone in ``removed``."""

    old: str
    new: str
    library: str
    distribution: str
    since: Release
    removed: str
    # a project file that spells the old name in quotes may compare a class name with it
    quoted_matters: bool = False

    @property
    def since_text(self) -> str:
        return ".".join(str(n) for n in self.since)

    @property
    def wider(self) -> str:
        """In the releases that have both, the old class is a subclass of the new one."""
        return f"{self.new} is a wider class than {self.old} in the {self.library} releases that have both"


FORM = Rename("Form", "FlaskForm", "Flask-WTF", "flask-wtf", (0, 13), "1.0")
CSRF = Rename("CsrfProtect", "CSRFProtect", "Flask-WTF", "flask-wtf", (0, 14), "1.0")
# a field's ``type`` is its class name: ``field.type == 'TextField'`` in a template
TEXT = Rename("TextField", "StringField", "WTForms", "wtforms", (1, 0), "3.0", quoted_matters=True)
# a validator's class name is what ``Required`` was kept for (``__class__.__name__``)
REQUIRED = Rename("Required", "DataRequired", "WTForms", "wtforms", (1, 0, 2), "3.0", quoted_matters=True)
REQUIRED_ALIAS = Rename("required", "data_required", "WTForms", "wtforms", (1, 0, 2), "3.0")
# qualified name -> its rename: each module here has the new name too, from ``since`` on
RENAMES = {
    "flask_wtf.Form": FORM,
    "flask_wtf.form.Form": FORM,
    "flask_wtf.CsrfProtect": CSRF,
    "flask_wtf.csrf.CsrfProtect": CSRF,
    "wtforms.TextField": TEXT,
    "wtforms.fields.TextField": TEXT,
    "wtforms.validators.Required": REQUIRED,
    "wtforms.validators.required": REQUIRED_ALIAS,
}
BY_OLD_NAME = {rename.old: rename for rename in RENAMES.values()}
_IMPORT_STRING = "import StringField from wtforms (WTForms 3.0 removed TextField)"
# qualified name -> why it is only reported: the module that held it no longer has the new name
REPORTED = {
    "wtforms.fields.simple.TextField": _IMPORT_STRING,
    "wtforms.fields.core.TextField": _IMPORT_STRING,
}

_FIELDS = (
    "BooleanField DecimalField DateField DateTimeField FieldList FloatField FormField IntegerField RadioField "
    "SelectField SelectMultipleField StringField TextAreaField PasswordField HiddenField SubmitField TextField"
)
_VALIDATORS = (
    "DataRequired data_required Email email EqualTo equal_to IPAddress ip_address InputRequired input_required "
    "Length length NumberRange number_range Optional optional Required required Regexp regexp URL url AnyOf any_of "
    "NoneOf none_of MacAddress mac_address UUID"
)
_WIDGETS = "CheckboxInput FileInput HiddenInput ListWidget PasswordInput RadioInput Select SubmitInput TableWidget TextArea TextInput Option"
# name old Flask-WTF (before 0.9) re-exported -> where it lives now
REEXPORTED = {
    **{name: "wtforms" for name in _FIELDS.split()},
    **{name: "wtforms.validators" for name in _VALIDATORS.split()},
    **{name: "wtforms.widgets" for name in _WIDGETS.split()},
    **{name: "wtforms" for name in ("ValidationError", "fields", "validators", "widgets")},
    **{name: "flask_wtf.file" for name in ("FileField", "FileAllowed", "FileRequired", "file_allowed", "file_required")},
}
REEXPORTS_GONE = "0.9"

HTML5 = "flask_wtf.html5"
# the fields of wtforms.fields.html5 (WTForms 1.0.4 to 2.3) whose class in WTForms 3.0's
# wtforms.fields renders with the same widget
HTML5_FIELDS = frozenset(
    "SearchField TelField URLField EmailField DateTimeField DateField TimeField IntegerField DecimalField "
    "IntegerRangeField DecimalRangeField".split()
)
HTML5_FIELDS_MOVED: Release = (3, 0)  # WTForms 3.0: wtforms.fields has them, wtforms.fields.html5 is gone

OLD_NAMES = frozenset(BY_OLD_NAME)
# the names an attribute may spell for the tree gate (``flask_wtf.Required``)
ATTRIBUTE_NAMES = OLD_NAMES | frozenset(REEXPORTED)


def canonical(qualified: str) -> str:
    """``flask.ext.wtf.X`` → ``flask_wtf.X`` (the same object where flask.ext exists)."""
    return "flask_wtf" + qualified[len("flask.ext.wtf"):] if qualified.startswith("flask.ext.wtf.") else qualified


def reexported(qualified: str) -> str | None:
    """The name ``flask_wtf.X`` spells when X is a WTForms name Flask-WTF re-exported; None otherwise."""
    head, _, name = qualified.rpartition(".")
    return name if head == "flask_wtf" and name in REEXPORTED else None

"""flask-wtf-names: Flask-WTF's and WTForms' renamed classes under their current names."""

from __future__ import annotations

import ast

import libcst as cst

from ._ast_facts import facts
from ._base import Context
from ._flask_versions import LegacyForm
from ._flask_wtf_names_catalogue import ATTRIBUTE_NAMES, HTML5, OLD_NAMES, RENAMES, REPORTED, canonical, reexported
from ._upgrade_support import UpgradeCodemod

_LIBRARIES = ("flask_wtf", "wtforms", "flask.ext")
KNOWN = frozenset({*RENAMES, *REPORTED})


class FlaskWtfNames(UpgradeCodemod):
    """Use the current names of Flask-WTF's and WTForms' renamed classes.

    Why: a legacy app's forms stop importing when Flask is upgraded, because the upgrade drags
    its form libraries along: Flask-WTF 1.0 (2021) removed ``Form`` (``FlaskForm`` since
    0.13) and ``CsrfProtect`` (``CSRFProtect`` since 0.14), and WTForms 3.0 (2021) removed
    ``TextField`` (``StringField`` since 1.0) and ``Required`` (``DataRequired`` since
    1.0.2). Until then each old name was a deprecated subclass of the new one that added
    nothing, so the new name behaves the same. Two modules went too: ``flask_wtf.html5``
    (deprecated in Flask-WTF 0.14, gone in 1.0) re-exported ``wtforms.fields.html5``, which
    WTForms 3.0 removed when ``wtforms.fields`` took its fields; and Flask-WTF 0.9 (2013)
    stopped re-exporting WTForms' fields, validators and widgets (``from flask_wtf import
    TextField, Required``).

    One codemod for the two libraries: Flask-WTF is WTForms' Flask integration, a form module
    imports from both, and a reviewer reads the two renames as one change.

    What it rewrites (names resolved by qualified name, ``flask.ext.wtf`` included):

    - ``from flask_wtf import Form`` → ``from flask_wtf import FlaskForm`` (also from
      ``flask_wtf.form``), ``CsrfProtect`` → ``CSRFProtect`` (also from ``flask_wtf.csrf``),
      ``from wtforms import TextField`` → ``StringField`` (also from ``wtforms.fields``),
      ``from wtforms.validators import Required`` → ``DataRequired`` (``required`` →
      ``data_required``), and their uses in the module (``class LoginForm(FlaskForm)``,
      ``StringField("Name")``); where the statement already imports the new name
      (``import DataRequired, Required``), the old one leaves it;
    - ``from flask_wtf.html5 import EmailField`` → ``from wtforms.fields import EmailField``,
      for the fields whose WTForms 3.0 class renders with the same widget (``EmailField``,
      ``URLField``, ``TelField``, ``SearchField``, the date, time and number fields);
    - the same names read as attributes: ``flask_wtf.Form``, ``wtforms.fields.TextField``;
    - an import that renames (``Form as BaseForm``) keeps its local name. When the old name
      may be read from this module by others (a package's ``__init__``, a string naming it
      such as ``__all__``, another module of the project that imports it from here, a module
      that imports it and never uses it: it is there for others, maybe reached by a string
      such as ``import_string("app.compat.Form")``) or the
      new one is taken, the module keeps the old name as an alias:
      ``from flask_wtf import FlaskForm as Form``.

    Made only where the project's declared requirement of that library allows only releases
    that have the new name (Flask-WTF 0.13 for ``FlaskForm``, 0.14 for ``CSRFProtect``,
    WTForms 1.0 for ``StringField``, 1.0.2 for ``DataRequired``, 3.0 for the HTML5 fields in
    ``wtforms.fields``: no module has those in every WTForms release; an unpinned or
    undeclared requirement means the newest that installs on every Python the project
    declares, ``Flask-WTF==0.12`` holds the rewrite back). WTForms 3.0 needs Python 3.6, so a
    project that declares an older Python (``python_requires``, classifiers, or the Pythons
    its ``.travis.yml`` or tox runs the tests on), or whose application code runs on Python 2
    only (a top-level import of ``urllib2``, a top-level ``execfile(...)``, Python 2
    statements), keeps its ``flask_wtf.html5`` import, with a finding. A library the
    project's setup scripts install from the system's packages (``dnf install
    python-wtforms`` in a Dockerfile or a provisioning script) may be the system's oldest
    release: the rename waits, with a finding, unless the Dockerfile builds on an image whose
    release is known to ship one that has the new name (``FROM fedora:24``: WTForms 2.0).
    Continuation lines stay aligned: those of a renamed call, and those of what follows it
    on its line (``[Required(), Regexp('^a',`` / ``'letters only')]``). A continuation line
    of a renamed call that starts left of its bracket is indented from the statement, not
    aligned with anything that moves, and stays where it is: a hanging indent
    (``TextField('Name', validators=[`` / the validators one level in / ``])``), a double
    indent under the statement.

    Before::

        from flask_wtf import Form
        from flask_wtf.csrf import CsrfProtect
        from wtforms import PasswordField, TextField
        from wtforms.validators import InputRequired

        csrf = CsrfProtect()


        class LoginForm(Form):
            username = TextField("Username", validators=[InputRequired()])
            password = PasswordField("Password", validators=[InputRequired()])

    After::

        from flask_wtf import FlaskForm
        from flask_wtf.csrf import CSRFProtect
        from wtforms import PasswordField, StringField
        from wtforms.validators import InputRequired

        csrf = CSRFProtect()


        class LoginForm(FlaskForm):
            username = StringField("Username", validators=[InputRequired()])
            password = PasswordField("Password", validators=[InputRequired()])

    Refused, with a finding: a project whose requirement allows a release without the new
    name; ``Form`` and ``CsrfProtect`` where a module of the project imports a WTForms name
    from ``flask_wtf`` (``from flask.ext.wtf import TextField``): only releases older than 0.9
    have those, and none of them has ``FlaskForm``, so no release would import both modules (nor
    do they run on a WTForms from 3.0 on: ``flask_wtf.html5``'s fields stay too); a name used other than by calling or subclassing it (``isinstance(x, TextField)``:
    in the releases that have both, the new class is the wider one, ``PasswordField`` is a
    ``StringField`` but no ``TextField``), here or in any other module of the project: a form
    rebased from ``Form`` onto ``FlaskForm`` is no ``Form`` there, so another module's
    ``isinstance(value, Form)`` would stop matching it, whatever binds that ``Form``: ``from
    flask_wtf import *``, or a module of the project that imports it (``from .compat import
    Form as Base``, ``import app.compat as c`` then ``c.Form``, a package's ``__init__``, a
    star import of such a module) — and so is a module it cannot look into (not UTF-8 text,
    or code that does not parse, Python 2's, naming the old class or a name the project binds
    to it outside its comments, keyword arguments and assignment targets, or star-importing from a module that has it); ``TextField`` (``Required``) when a file of the
    project (a template, a module) spells ``'TextField'`` (``'Required'``) in quotes, because a
    field's ``type`` is its class name and ``field.type == 'TextField'`` would stop matching; a
    name with other bindings in the same scope; ``flask_wtf.html5`` where the project's WTForms
    may be older than 3.0, or for a name that is no such field (a widget): the finding says to
    import the fields from ``wtforms.fields.html5`` before 3.0 and ``wtforms.fields`` after.
    Reported only: WTForms names imported from ``flask_wtf`` (one finding per import, naming
    each one's home in WTForms under its current name: ``from flask_wtf import TextField,
    Required`` → ``StringField`` from ``wtforms``, ``DataRequired`` from
    ``wtforms.validators``), and ``TextField`` from ``wtforms.fields.simple``/``core``:
    import ``StringField`` from ``wtforms``.

    Left alone: version-guarded code (``try: from flask_wtf import FlaskForm`` / ``except
    ImportError: ...``), ``wtforms.Form`` (a different class, still current), star imports.
    """

    NAME = "flask-wtf-names"
    SUMMARY = "Rename Flask-WTF's Form and CsrfProtect and WTForms' TextField and Required to FlaskForm, CSRFProtect, StringField and DataRequired; move flask_wtf.html5's fields to wtforms.fields."
    ORDER = 11
    CATALOGUE = (
        LegacyForm("`flask_wtf.Form`", "`flask_wtf.FlaskForm`", "Flask-WTF 0.13", "Flask-WTF 1.0", "safe"),
        LegacyForm("`flask_wtf.CsrfProtect`", "`flask_wtf.CSRFProtect`", "Flask-WTF 0.14", "Flask-WTF 1.0", "safe"),
        LegacyForm("`wtforms.TextField`", "`wtforms.StringField`", "WTForms 2.0", "WTForms 3.0", "safe"),
        LegacyForm("`wtforms.validators.Required`", "`wtforms.validators.DataRequired`", "WTForms 2.0", "WTForms 3.0", "safe"),
        LegacyForm("`flask_wtf.html5.EmailField` (and the other HTML5 fields)", "`wtforms.fields.EmailField` (WTForms 3.0)",
                   "Flask-WTF 0.14", "Flask-WTF 1.0", "safe"),
        LegacyForm("`from flask_wtf import TextField, Required` (re-exported WTForms names)",
                   "`from wtforms import StringField`, `from wtforms.validators import DataRequired`",
                   "Flask-WTF 0.8.3", "Flask-WTF 0.9", "finding"),
    )

    def applies_to_file(self, source: str, path: str) -> bool:
        """``wtf`` (flask_wtf, wtforms, flask.ext.wtf) and one of the old names are spelled, or
        Flask-WTF is (its re-exports and html5 module)."""
        return "wtf" in source and (any(name in source for name in OLD_NAMES) or "_wtf" in source or ".wtf" in source)

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """An import of one of the old names from where it lived (``from flask_wtf import
        Form``; not ``wtforms.Form``), of a WTForms name from ``flask_wtf``, from
        ``flask_wtf.html5``, or an attribute named like one (``flask_wtf.Form``,
        ``fields.TextField``) with flask_wtf, wtforms or flask.ext imported, that may be one
        through the module's imports (not ``widgets.HiddenInput`` of ``wtforms.widgets``, nor
        a variable's ``field.required``: the planner acts on the attribute only then)."""
        imports = False
        attributes = []
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                source = node.module or ""
                imports = imports or node.level == 0 and source.startswith(_LIBRARIES)
                if node.level == 0 and canonical(f"{source}.x") == f"{HTML5}.x":
                    return True
                if node.level == 0 and any(_known(canonical(f"{source}.{a.name}")) for a in node.names):
                    return True
            elif isinstance(node, ast.Import):
                imports = imports or any(alias.name.startswith(_LIBRARIES) for alias in node.names)
            elif isinstance(node, ast.Attribute) and node.attr in ATTRIBUTE_NAMES:
                attributes.append(node)
        if not (imports and attributes):
            return False
        found = facts(tree)
        return any(_known(canonical(name)) for node in attributes for name in found.qualified(node))

    @staticmethod
    def preload() -> None:
        """The planner, which ``transform`` imports on first use: loaded once in a process
        about to fork its workers (tool/pool.py), rather than once in each."""
        from . import _flask_wtf_names_plan  # noqa: F401 (lazy: see transform)

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        from ._flask_wtf_names_plan import Planner  # lazy: only for a file past the gates (a run on a few files imports it only if one needs it)

        return self.planned(Planner, module, ctx)


def _known(qualified: str) -> bool:
    return qualified in KNOWN or reexported(qualified) is not None

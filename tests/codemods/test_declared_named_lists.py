"""The releases of a library are read from every runtime list a project keeps, whatever its name.

kozmic-ci pins its libraries in ``requirements/kozmic.txt`` (and the log tailer's in
``requirements/tailer.txt``), lists its Dockerfile installs from the image's copy of the
project. The Flask target was read there (``requirements/**``), the other libraries were not:
Flask-WTF 0.9.4, WTForms 1.0.5, Flask-Login 0.2.9 and SQLAlchemy 0.9.4 counted as undeclared,
that is as the newest releases, and the forms were rebased on ``FlaskForm`` (0.13), the CSRF
extension imported as ``CSRFProtect`` (0.14), ``is_authenticated()`` read as a property (0.3)
and ``declared_attr`` imported from ``sqlalchemy.orm`` (1.4): each breaks the app under its
pins. A runtime list is one by its place (the folder's ``requirements*.txt``, any list below its
``requirements/``), as the target reads them; the development and test lists stay out, as before.
The behaviour is checked by running each rewrite against a site laid out like the pinned releases.
"""

from __future__ import annotations

import pytest

from flask_codemod.codemods import Context
from flask_codemod.codemods._declared_versions import declared_specifiers
from helpers import ProjectReader, run_codemods, run_on_site

PINS = "Flask==0.10.1\nWerkzeug==0.9.4\nWTForms==1.0.5\nFlask-SQLAlchemy==1.0\nFlask-WTF==0.9.4\nFlask-Login==0.2.9\nSQLAlchemy==0.9.4\n"

FORMS = """\
import wtforms
from flask.ext import wtf
from flask.ext.wtf.csrf import CsrfProtect

csrf = CsrfProtect()


class HookForm(wtf.Form):
    title = wtforms.TextField('Title *')

print(HookForm.__mro__[1].__name__, type(csrf).__name__, HookForm.title.field_class.__name__)
"""

LOGIN = """\
from flask.ext.login import current_user


def load_identity():
    return current_user.is_authenticated() and current_user.get_identity() or None

print(load_identity())
"""

MODELS = "from sqlalchemy.ext.declarative import declared_attr\n\nprint(declared_attr.__name__)\n"

# What the pinned releases install, as far as the modules above reach: Flask-WTF 0.9.4 has Form
# and CsrfProtect, no FlaskForm or CSRFProtect; WTForms 1.0.5 has StringField and TextField, its
# empty subclass; Flask-Login 0.2.9's flags are methods; SQLAlchemy 0.9.4 keeps declared_attr in
# sqlalchemy.ext.declarative only.
SITE = {
    "flask/__init__.py": "",
    "flask/ext/__init__.py": (
        "import importlib, sys\n"
        "class _Finder:\n"
        "    def find_spec(self, fullname, path, target=None):\n"
        "        if not fullname.startswith('flask.ext.'):\n"
        "            return None\n"
        "        import importlib.util\n"
        "        return importlib.util.spec_from_loader(fullname, self)\n"
        "    def create_module(self, spec):\n"
        "        return importlib.import_module('flask_' + spec.name[len('flask.ext.'):])\n"
        "    def exec_module(self, module):\n"
        "        pass\n"
        "sys.meta_path.append(_Finder())\n"
    ),
    "flask_wtf/__init__.py": "from .form import Form\nfrom .csrf import CsrfProtect\n",
    "flask_wtf/form.py": "class Form(object):\n    pass\n",
    "flask_wtf/csrf.py": "class CsrfProtect(object):\n    pass\n",
    "wtforms/__init__.py": (
        "class StringField(object):\n    def __init__(self, *args, **kwargs):\n        pass\n"
        "class TextField(StringField):\n    pass\n"
        "for _field in (StringField, TextField):\n"
        "    _field.field_class = _field\n"
    ),
    "flask_login.py": (
        "class AnonymousUserMixin(object):\n"
        "    def is_authenticated(self):\n        return False\n"
        "current_user = AnonymousUserMixin()\n"
    ),
    "sqlalchemy/__init__.py": "",
    "sqlalchemy/orm/__init__.py": "",
    "sqlalchemy/ext/__init__.py": "",
    "sqlalchemy/ext/declarative/__init__.py": "def declared_attr(f):\n    return f\n",
}


def _run(tmp_path, text: str):
    return run_on_site(tmp_path / "site", SITE, text)


def _declared(files: dict[str, str], path: str, distribution: str) -> list[str]:
    ctx = Context(path, read_file=ProjectReader(files, path))
    return [str(specifier) for specifier in declared_specifiers(ctx, distribution)]


@pytest.mark.parametrize(
    "where",
    [
        "requirements/kozmic.txt",
        "requirements/tailer.txt",
        "requirements-prod.txt",
        "requirements_linux.txt",
        "requirements/web/app.in",
    ],
)
def test_a_runtime_list_is_read_whatever_its_name(where):
    assert _declared({where: PINS}, "kozmic/models.py", "flask-wtf") == ["==0.9.4"]


@pytest.mark.parametrize("where", ["requirements/dev.txt", "requirements-test.txt", "requirements/docs/app.txt"])
def test_a_development_list_is_still_not_the_declaration(where):
    assert _declared({where: PINS}, "kozmic/models.py", "flask-wtf") == []


def test_a_list_in_another_folder_is_not_this_ones():
    assert _declared({"tailer/requirements-prod.txt": PINS}, "kozmic/models.py", "flask-wtf") == []
    assert _declared({"kozmic/requirements-prod.txt": PINS}, "kozmic/models.py", "flask-wtf") == ["==0.9.4"]


@pytest.mark.parametrize(
    "source, name, expected",
    [
        (FORMS, "flask-wtf-names", "Form CsrfProtect StringField\n"),
        (LOGIN, "flask-login-properties", "None\n"),
        (MODELS, "sqlalchemy-2", "declared_attr\n"),
    ],
)
def test_the_pinned_releases_keep_the_old_forms(tmp_path, source, name, expected):
    result = run_codemods(source, "moved-imports", name, project={"requirements/kozmic.txt": PINS}, path="kozmic/mod.py", dedent=False)
    ran = _run(tmp_path, result.new_text)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == expected
    assert [f.message for f in result.findings if f.codemod == name], "the old form is reported"


def test_textfield_is_renamed_under_wtforms_1_0_5(tmp_path):
    """WTForms has had StringField since 1.0 (TextField its empty subclass until 3.0): the
    rename needs no newer release than the one pinned, where Form stays for Flask-WTF 0.9.4."""
    result = run_codemods(FORMS, "flask-wtf-names", project={"requirements/kozmic.txt": PINS}, path="kozmic/forms.py", dedent=False)
    assert "title = wtforms.StringField('Title *')" in result.new_text
    assert "class HookForm(wtf.Form):" in result.new_text
    ran = _run(tmp_path, result.new_text)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == "Form CsrfProtect StringField\n"
    assert not any("StringField" in f.message for f in result.findings)

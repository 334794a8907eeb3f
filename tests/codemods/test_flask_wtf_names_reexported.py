"""flask-wtf-names: the old class reached through the project's own modules. A project often
imports Flask-WTF once, in a module of its own (``app/compat.py``: ``from flask_wtf import
Form``), and its other modules import ``Form`` from there (``from app.compat import Form``,
``from .compat import Form``, ``import app.compat as c``). A module that tests objects against
that ``Form`` (``isinstance``, ``issubclass``, ``type(x) is Form``) stops matching a form
rebased onto ``FlaskForm`` exactly as one that imports ``Form`` from the library does: the
rename is refused while any module of the project tests against a name bound to the old
class, however many project modules it was re-exported through. A name of the project's own
(a class ``Form`` it defines) is no such name."""

from __future__ import annotations

import sys
import types

import pytest

from helpers import forget_packages, import_package, run_codemods, write_package

FORMS = '''\
from flask_wtf import Form
from wtforms import StringField


class NameForm(Form):
    name = StringField("Name")
'''

COMPAT = "from flask_wtf import Form\n"

REQUIREMENTS = "Flask-WTF==0.14.3\nWTForms==2.3.3\n"


def _helpers(imports: str, test: str = "isinstance(value, Form)") -> str:
    return (
        f"{imports}\n\n\ndef context_as_json(context):\n    out = {{}}\n    for key, value in context.items():\n"
        f"        out[key] = {{'fields': sorted(value.data)}} if {test} else value\n    return out\n"
    )


def _run(helpers: str, compat: str = COMPAT, others: dict[str, str] | None = None, forms: str = FORMS, path: str = "app/forms.py"):
    project = {
        "app/__init__.py": "",
        "app/compat.py": compat,
        "app/helpers.py": helpers,
        "requirements.txt": REQUIREMENTS,
        **(others or {}),
    }
    project.pop(path, None)
    return run_codemods(forms, "flask-wtf-names", path=path, project=project, dedent=False)


def _refused_for(result, where: str) -> bool:
    return any(f"{where} tests objects against Form" in finding.message for finding in result.findings)


@pytest.mark.parametrize(
    "imports, test",
    [
        ("from app.compat import Form", "isinstance(value, Form)"),
        ("from .compat import Form", "isinstance(value, Form)"),
        ("from .compat import Form as Base", "isinstance(value, Base)"),
        ("import app.compat as c", "isinstance(value, c.Form)"),
        ("import app.compat", "isinstance(value, app.compat.Form)"),
        ("from app import compat", "isinstance(value, compat.Form)"),
        ("from . import compat", "issubclass(type(value), compat.Form)"),
        ("from app.compat import Form", "type(value) is Form"),
        ("from app.compat import *", "isinstance(value, Form)"),
    ],
)
def test_a_test_against_the_old_class_re_exported_by_a_project_module_keeps_the_base(imports, test):
    result = _run(_helpers(imports, test))
    assert result.new_text == FORMS
    assert _refused_for(result, "app/helpers.py:7"), [finding.message for finding in result.findings]


def test_flask_ext_spelling_in_the_re_exporting_module():
    result = _run(_helpers("from app.compat import Form"), compat="from flask.ext.wtf import Form\n")
    assert result.new_text == FORMS and _refused_for(result, "app/helpers.py:7")


def test_a_chain_of_re_exports_and_aliases_is_followed():
    others = {
        "app/base.py": "from app.compat import Form as BaseForm\n",
        "app/kinds/__init__.py": "from ..base import *\n",
    }
    result = _run(_helpers("from app.kinds import BaseForm as Kind", "isinstance(value, Kind)"), others=others)
    assert result.new_text == FORMS and _refused_for(result, "app/helpers.py:7")


def test_a_package_that_re_exports_the_old_class():
    others = {"app/__init__.py": "from flask_wtf import Form\n"}
    result = _run(_helpers("from app import Form"), others=others)
    assert result.new_text == FORMS and _refused_for(result, "app/helpers.py:7")


def test_the_transformed_module_itself_re_exports_the_old_class():
    """views imports ``Form`` from the forms module being rewritten: the forms there would
    stop being what views tests against (and the name, kept as an alias, a wider class)."""
    result = _run(_helpers("from app.forms import Form"), compat="")
    assert result.new_text == FORMS and _refused_for(result, "app/helpers.py:7")


def _renamed(result) -> bool:
    """The form's base is FlaskForm now (under its name, or kept as ``Form`` where others
    may import that name from the module: ``FlaskForm as Form``), and nothing was refused."""
    text = result.new_text
    return ("class NameForm(FlaskForm):" in text or "import FlaskForm as Form\n" in text) and not result.findings


def test_a_class_of_the_project_named_form_is_not_the_old_class():
    others = {"app/compat.py": "class Form(object):\n    pass\n"}
    assert _renamed(_run(_helpers("from app.compat import Form"), others=others))


def test_a_re_export_only_called_and_subclassed_lets_the_rename_through():
    helpers = "from .compat import Form\n\n\nclass Other(Form):\n    pass\n\n\nform = Form()\n"
    assert _renamed(_run(helpers))


def test_a_python_2_module_that_star_imports_from_the_project_is_unknown():
    helpers = 'from app.compat import *\nprint "loaded"\n'
    result = _run(helpers)
    assert result.new_text == FORMS
    assert any("app/helpers.py" in f.message and "is unknown" in f.message for f in result.findings)


# -- behaviour: the helper still recognises the form, under the pinned Flask-WTF's classes ----


def _flask_wtf_0_14() -> types.ModuleType:
    wtforms = pytest.importorskip("wtforms")
    module = types.ModuleType("flask_wtf")

    class FlaskForm(wtforms.Form):
        pass

    class Form(FlaskForm):  # Flask-WTF 0.13 to 0.15: the deprecated subclass
        pass

    module.FlaskForm, module.Form = FlaskForm, Form
    return module


@pytest.mark.parametrize("imports", ["from .compat import Form", "from {PKG}.compat import Form"])
def test_the_helper_still_recognises_the_form_after_the_run(tmp_path, monkeypatch, imports):
    from werkzeug.datastructures import MultiDict

    helpers = _helpers(imports)
    result = _run(helpers.replace("{PKG}", "app"))
    monkeypatch.setitem(sys.modules, "flask_wtf", _flask_wtf_0_14())
    monkeypatch.syspath_prepend(str(tmp_path))
    package = write_package(tmp_path, {"__init__.py": "", "compat.py": COMPAT, "helpers.py": helpers, "forms.py": result.new_text})
    try:
        forms = import_package(package, "forms")
        helper = import_package(package, "helpers")
        context = helper.context_as_json({"form": forms.NameForm(MultiDict({"name": "x"})), "title": "t"})
        assert context == {"form": {"fields": ["name"]}, "title": "t"}
    finally:
        forget_packages([package])


def test_a_module_passed_on_by_a_module_that_never_names_the_class():
    others = {"app/shared.py": "from app import compat\n"}
    result = _run(_helpers("from app.shared import compat", "isinstance(value, compat.Form)"), others=others)
    assert result.new_text == FORMS and _refused_for(result, "app/helpers.py:7")


@pytest.mark.parametrize(
    "reach",
    [
        "BaseForm = import_string('app.compat.Form')",
        "BaseForm = getattr(importlib.import_module('app.compat'), 'Form')",
    ],
)
def test_a_module_that_only_imports_the_old_name_keeps_it_for_those_who_reach_it(reach, monkeypatch):
    """``app/compat.py`` imports ``Form`` and never uses it: it is there for others to reach,
    perhaps by a string no import shows (from a review). The module imports the new class
    under the old name, so ``compat.Form`` still exists."""
    plugins = f"import importlib\n\nfrom werkzeug.utils import import_string\n\n{reach}\n"
    project = {"app/__init__.py": "", "app/plugins.py": plugins, "requirements.txt": REQUIREMENTS}
    result = run_codemods(COMPAT, "flask-wtf-names", path="app/compat.py", project=project, dedent=False)
    assert result.new_text == "from flask_wtf import FlaskForm as Form\n"
    namespace: dict[str, object] = {}
    flask_wtf = types.ModuleType("flask_wtf")
    flask_wtf.FlaskForm = type("FlaskForm", (), {})  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "flask_wtf", flask_wtf)
    exec(compile(result.new_text, "compat.py", "exec"), namespace)
    assert namespace["Form"] is flask_wtf.FlaskForm  # type: ignore[attr-defined]

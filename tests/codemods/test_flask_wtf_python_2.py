"""flask-wtf-names' HTML5 move on a project that runs on Python 2.

``wtforms.fields`` holds the HTML5 fields only from WTForms 3.0, which needs Python 3.6: a
project whose code runs only on Python 2 (or that declares a Python older than 3.6) installs
at most WTForms 2.3.3 however it words its requirement, and there the moved import fails.
The second-eyes review of the every-codemod selection found the move in a Python 2 project
with an unpinned WTForms (its WSGI module runs a Python-2-only builtin at import)."""

from __future__ import annotations

import pytest

from helpers import run_codemods

FORMS = "from flask_wtf import FlaskForm\nfrom flask_wtf.html5 import EmailField\n\n\nclass Signup(FlaskForm):\n    email = EmailField('Email')\n"
FORMS_PATH = "shop/forms.py"
# a WSGI module of our own that activates a virtualenv the Python 2 way, at import
PYTHON_2_ENTRY = "import os\n\nhere = os.path.dirname(__file__)\nexecfile(os.path.join(here, 'env', 'activate_this.py'))\n\nfrom shop import app as application\n"


def _run(project: dict[str, str]):
    return run_codemods(FORMS, "flask-wtf-names", path=FORMS_PATH, project={"requirements.txt": "Flask-WTF\nWTForms\n", **project}, dedent=False)


def test_an_entry_module_that_runs_a_python_2_builtin_at_import_holds_the_move_back():
    result = _run({"wsgi.py": PYTHON_2_ENTRY, "shop/__init__.py": "from flask import Flask\n\napp = Flask(__name__)\n"})
    assert result.new_text == FORMS
    assert [f.message for f in result.findings if "flask_wtf.html5" in f.message] == [
        "flask_wtf.html5 is gone since Flask-WTF 1.0 (deprecated in 0.14): not rewritten, the project runs on "
        "Python 2 (execfile in wsgi.py, called at import), where no WTForms from 3.0 on installs and wtforms.fields has no HTML5 "
        "fields; import the fields from wtforms.fields.html5 while the project's WTForms is older than 3.0, from "
        "wtforms.fields on 3.0 and later"
    ]


@pytest.mark.parametrize(
    "setup",
    [
        "from setuptools import setup\n\nsetup(name='shop', python_requires='>=2.7')\n",
        "from setuptools import setup\n\nsetup(name='shop', classifiers=['Programming Language :: Python :: 3.5'])\n",
    ],
)
def test_a_declared_python_older_than_3_6_holds_the_move_back(setup):
    result = _run({"setup.py": setup})
    assert result.new_text == FORMS
    assert ", where WTForms 2.3.3 is the newest that installs, whose wtforms.fields has no HTML5 fields" in result.findings[0].message


@pytest.mark.parametrize(
    "entry",
    [
        # Python 3 code: the builtin is the module's own, or only called in a function or a guard
        "def execfile(path):\n    return path\n\nexecfile('settings.py')\n",
        "def activate(path):\n    execfile(path)\n",
        "import sys\n\nif sys.version_info[0] == 2:\n    execfile('env/activate_this.py')\n",
        "from shop import app as application\n",
        "from shop.compat import *\n\nname = unicode('shop')\n",
    ],
)
def test_python_3_code_lets_the_move_through(entry):
    result = _run({"wsgi.py": entry, "setup.py": "from setuptools import setup\n\nsetup(name='shop', python_requires='>=3.8')\n"})
    assert "from wtforms.fields import EmailField" in result.new_text and result.findings == []


@pytest.mark.parametrize(
    "ci, held_back, python",
    [
        ({".travis.yml": 'language: python\npython:\n    - "2.6"\n    - "2.7"\ninstall:\n    - pip install -r requirements.txt\n'}, True, "2.6"),
        ({".travis.yml": "language: python\npython: [2.7, pypy]\n"}, True, "2.7"),
        # every Python the tests run on: WTForms 3.0 does not install on 2.7
        ({".travis.yml": "language: python\npython:\n  - '2.7'\n  - '3.8'\n"}, True, "2.7"),
        ({".travis.yml": "language: python\npython:\n  - '2.7'\n  - nightly\n"}, True, "2.7"),
        ({"tox.ini": "[tox]\nenvlist = py{27,38}-flask, flake8\n\n[testenv]\ncommands = pytest\n"}, True, "2.7"),
        ({".travis.yml": "language: python\npython:\n  - '3.8'\n  - nightly\n"}, False, ""),
        ({"tox.ini": "[tox]\nenvlist = py38, py311\n"}, False, ""),
        ({".travis.yml": "language: python\nscript: make test\n"}, False, ""),
    ],
    ids=["python-2-block", "python-2-inline", "a-python-3-too", "unreadable-entry", "tox-python-2", "python-3-only", "tox-python-3", "no-python-key"],
)
def test_the_pythons_a_ci_tests_on_are_declared(ci, held_back, python):
    result = _run(ci)
    assert (result.new_text == FORMS) is held_back
    if held_back:
        assert f"the project declares Python {python}, where WTForms 2.3.3 is the newest that installs" in result.findings[0].message
    else:
        assert "from wtforms.fields import EmailField" in result.new_text

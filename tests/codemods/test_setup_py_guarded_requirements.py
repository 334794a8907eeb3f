"""A setup script whose requirements list is assigned under ``if __name__ == "__main__":``
(so that its docs can import it for the version without running ``setup()``) declares the
pins of that list, as one assigned at the top of the module does: ``pip install .`` runs the
script as ``__main__``. Found on markwiki (``setup.py`` pins Flask-WTF 0.9.4 there): its
forms were renamed to ``FlaskForm``, which Flask-WTF has only from 0.13 on, so the app
would stop at the import (codemods/_dependency_files_entries.py)."""

from __future__ import annotations

import pytest

from flask_codemod.codemods._dependency_files import SETUP_PY, specifiers_in

from helpers import run_codemods

GUARDED = """\
from setuptools import find_packages, setup
import sys

__version__ = '1.6'

if __name__ == '__main__':
    install_requires = [
        'Flask==0.10.1',
        'Flask-WTF==0.9.4',
    ]
    if 'develop' in sys.argv:
        install_requires.extend(['nose==1.3.0'])

    setup(name='wiki', version=__version__, packages=find_packages(),
          install_requires=install_requires)
"""

FORMS = "from flask_wtf import Form\nfrom wtforms.fields import StringField\n\n\nclass LoginForm(Form):\n    name = StringField('Name')\n"


@pytest.mark.parametrize(
    "text, specifiers",
    [
        (GUARDED, ["==0.9.4"]),
        # under a try (an import of setuptools that falls back to distutils) too
        ("try:\n    from setuptools import setup\n    R = ['flask-wtf<0.13']\nexcept ImportError:\n    raise\nsetup(install_requires=R)\n", ["<0.13"]),
        # a name assigned in a function is that function's: not the module's list
        ("from setuptools import setup\ndef reqs():\n    R = ['flask-wtf<0.13']\n    return R\nR = ['flask-wtf']\nsetup(install_requires=R)\n", [""]),
        # a name assigned twice, once in each branch, is not known
        ("import sys\nfrom setuptools import setup\nif sys.version_info[0] == 2:\n    R = ['flask-wtf<0.13']\nelse:\n    R = ['flask-wtf']\nsetup(install_requires=R)\n", []),
    ],
)
def test_a_list_assigned_in_a_module_level_block_is_declared(text, specifiers):
    assert [str(s) for s in specifiers_in(SETUP_PY, text, "flask-wtf")] == specifiers


def test_forms_keep_form_where_the_guarded_list_pins_flask_wtf_below_0_13():
    result = run_codemods(FORMS, "flask-wtf-names", project={"setup.py": GUARDED, "wiki/__init__.py": ""}, path="wiki/forms.py", dedent=False)
    assert result.new_text == FORMS
    assert result.findings, "the refusal is said"

"""A setup script that keeps its requirements in one string and splits it into lines
(``install_requires=REQUIRES.strip().splitlines()``) declares them as a literal list does:
the pins in the string are the project's (codemods/_setup_py_requirement_text.py)."""

from __future__ import annotations

import pytest

from flask_codemod.codemods._dependency_files import SETUP_PY, specifiers_in

from helpers import run_codemods

PINNED_IN_A_STRING = '''\
from setuptools import setup

REQUIRES = """
Flask==0.10.1
SQLAlchemy==0.8.7  # kept below 0.9 on purpose
"""

setup(name="ledger", version="0.6", install_requires=REQUIRES.strip().splitlines())
'''


@pytest.mark.parametrize(
    "text, specifiers",
    [
        (PINNED_IN_A_STRING, ["==0.8.7"]),
        # the string itself, split on whitespace or on newlines, with no strip
        ('from setuptools import setup\nsetup(install_requires="flask sqlalchemy<1.4".split())\n', ["<1.4"]),
        ('from setuptools import setup\nR = "flask\\nsqlalchemy>=1.3,<1.4\\n"\nsetup(install_requires=R.split("\\n"))\n', ["<1.4,>=1.3"]),
        # bound to a name first, then passed
        ('from setuptools import setup\nR = """sqlalchemy~=1.3.0""".splitlines()\nsetup(install_requires=R)\n', ["~=1.3.0"]),
        # not a literal string: never run, so nothing is known
        ("from setuptools import setup\nsetup(install_requires=open('r.txt').read().splitlines())\n", []),
        # a name bound twice is not known either
        ('from setuptools import setup\nR = "sqlalchemy<1.4"\nR = "sqlalchemy"\nsetup(install_requires=R.splitlines())\n', []),
        # split on something other than lines or whitespace: not a list of requirements
        ('from setuptools import setup\nsetup(install_requires="sqlalchemy<1.4;flask".split(";"))\n', []),
    ],
)
def test_requirements_split_from_a_literal_string_are_declared(text, specifiers):
    assert [str(s) for s in specifiers_in(SETUP_PY, text, "sqlalchemy")] == specifiers


def test_a_package_pinned_below_1_4_in_its_setup_string_keeps_the_declarative_import():
    """sqlalchemy.orm has declared_attr from 1.4 on: moved there, the import fails on the
    SQLAlchemy 0.8 the package's setup script pins."""
    source = "from sqlalchemy.ext.declarative import declared_attr\n"
    result = run_codemods(
        source, "sqlalchemy-2", project={"setup.py": PINNED_IN_A_STRING}, path="ledger/model.py", dedent=False
    )
    assert result.new_text == source
    assert any("older release" in f.message for f in result.findings)

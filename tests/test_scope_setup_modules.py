"""A module named ``setup.py`` is a packaging script only when it is one: pip runs a
``setup.py`` that calls setuptools' or distutils' ``setup()``. A ``setup.py`` that uses neither
is the app's own module that happens to carry the name (a package's set-up module that
configures the app, a setup wizard's form or view): it is code like any other, upgraded and
cleaned, and project-wide facts read it. Found on a bookmark manager whose
``pkg/core/setup.py`` holds every ``flask.ext`` import of the app and got none rewritten.
"""

from __future__ import annotations

import pytest

from flask_codemod.codemods import all_codemods
from flask_codemod.codemods._base import APPLICATION, EXAMPLES, PACKAGING, TESTS, module_kind
from helpers import run_codemods

APP_SETUP_MODULE = '''\
from flask.ext.login import LoginManager
from flask.ext.sqlalchemy import SQLAlchemy

from .. import app

db = SQLAlchemy(app)
login_manager = LoginManager(app)
'''

PACKAGING_SCRIPT = '''\
from setuptools import setup

from flask.ext.sqlalchemy import SQLAlchemy  # a packaging script that imports the app's deps

setup(name="bookmarks", long_description=open("README.rst").read())
'''


@pytest.mark.parametrize(
    ("path", "text", "kind"),
    [
        ("bookmarks/core/setup.py", APP_SETUP_MODULE, APPLICATION),
        ("web/setup.py", "import argparse\n\nparser = argparse.ArgumentParser()\n", APPLICATION),
        ("tests/setup.py", "import os\n", TESTS),
        ("example/setup.py", "import os\n", EXAMPLES),
        ("setup.py", PACKAGING_SCRIPT, PACKAGING),
        ("setup.py", "from distutils.core import setup\nsetup(name='x')\n", PACKAGING),
        # a freezer's or another builder's setup() wraps setuptools without naming it
        ("setup.py", "from cx_Freeze import setup, Executable\nsetup(executables=[Executable('app.py')])\n", PACKAGING),
        ("setup.py", "import sys\nfrom skbuild import (\n    cmake, setup)\n", PACKAGING),
        ("pkg/setup.py", "from .views import (\n    setup_views)\nfrom .db import setup_db\n", APPLICATION),
        ("bookmarks/core/setup.py", None, PACKAGING),  # without the text, the name decides
        ("ez_setup.py", "import os\n", PACKAGING),  # a bootstrap script by its name
    ],
)
def test_a_setup_module_is_told_by_what_it_runs(path: str, text: str | None, kind: str) -> None:
    assert module_kind(path, text) == kind


def test_the_apps_own_setup_module_is_upgraded() -> None:
    result = run_codemods(APP_SETUP_MODULE, "moved-imports", path="bookmarks/core/setup.py")
    assert result.error is None
    assert "from flask_login import LoginManager" in result.new_text
    assert "from flask_sqlalchemy import SQLAlchemy" in result.new_text
    assert "flask.ext" not in result.new_text
    compile(result.new_text, "setup.py", "exec")


def test_a_packaging_script_stays_untouched_by_every_codemod() -> None:
    names = [cls.NAME for cls in all_codemods()]
    result = run_codemods(PACKAGING_SCRIPT, *names, path="setup.py")
    assert result.error is None
    assert result.new_text == PACKAGING_SCRIPT and not result.findings and not result.project_edits


def test_a_file_the_app_opens_in_its_setup_module_is_closed() -> None:
    source = "import json\n\nsettings = json.load(open('settings.json'))\n"
    result = run_codemods(source, "open-with", path="bookmarks/core/setup.py")
    assert "with open('settings.json')" in result.new_text
    namespace: dict = {}
    exec(compile("import builtins, io\nopen = lambda name: io.StringIO('{\"a\": 1}')\n" + result.new_text, "setup.py", "exec"), namespace)
    assert namespace["settings"] == {"a": 1}


def test_a_setup_py_calling_another_builder_s_setup_stays_a_packaging_script():
    """``import skbuild`` then ``skbuild.setup(...)`` (from a review): a packaging script
    however its builder was imported; an app module's ``def setup():`` is no such call."""
    from flask_codemod.codemods._code_kinds import APPLICATION, PACKAGING, module_kind

    assert module_kind("setup.py", "import skbuild\n\nskbuild.setup(name='x')\n") == PACKAGING
    assert module_kind("setup.py", "from helpers import *\n\nsetup(\n    name='x',\n)\n") == PACKAGING
    guarded = "import skbuild\n\nif __name__ == '__main__':\n    skbuild.setup(name='x')\n"
    assert module_kind("setup.py", guarded) == PACKAGING
    assert module_kind("app/setup.py", "def setup(app):\n    app.config['X'] = 1\n") == APPLICATION

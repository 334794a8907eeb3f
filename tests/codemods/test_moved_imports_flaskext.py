"""moved-imports: ``flask.ext.X`` becomes ``flask_X`` only where the extension release the
project runs ships a ``flask_X`` module.

Flask 0.8-0.12's ``flask.ext`` hook loaded ``flask_X``, else ``flaskext.X``. Flask-SQLAlchemy
0.15 and Flask-Script 0.3.2 ship ``flaskext/sqlalchemy.py`` and ``flaskext/script.py`` only
(flask-social-example pins both); Flask-Markdown never shipped anything else. The checks run
the original and the rewritten module against a site laid out like the pinned releases, with
the hook emulated, as the program would import them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from helpers import run_codemods

NAME = "moved-imports"

# What flask/ext/__init__.py did in Flask 0.8-0.12: flask.ext.X is flask_X, else flaskext.X.
HOOK = '''
import importlib
import importlib.abc
import importlib.util
import sys


class _Alias(importlib.abc.Loader):
    def __init__(self, module):
        self.module = module

    def create_module(self, spec):
        return self.module

    def exec_module(self, module):
        pass


class _ExtensionImporter(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        if not fullname.startswith("flask.ext."):
            return None
        rest = fullname[len("flask.ext."):]
        for candidate in ("flask_" + rest, "flaskext." + rest):
            try:
                module = importlib.import_module(candidate)
            except ImportError:
                continue
            return importlib.util.spec_from_loader(fullname, _Alias(module))
        return None


sys.meta_path.append(_ExtensionImporter())
'''

SOURCE = '''\
from flask.ext.sqlalchemy import SQLAlchemy
from flask.ext.script import Manager
from flask.ext import markdown

print(SQLAlchemy.__module__, Manager.__module__, markdown.__name__)
'''


def _site(tmp_path, modules: dict[str, str]) -> str:
    """A site folder with a stand-in ``flask`` (its ``ext`` hook) and the given modules."""
    site = tmp_path / "site"
    files = {"flask/__init__.py": "", "flask/ext/__init__.py": HOOK, **modules}
    for relative, text in files.items():
        target = site / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return str(site)


def _run(site: str, text: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": site}
    return subprocess.run([sys.executable, "-c", text], capture_output=True, text=True, env=env, timeout=60)


OLD_LAYOUT = {  # Flask-SQLAlchemy 0.15, Flask-Script 0.3.2, Flask-Markdown 0.3
    "flaskext/__init__.py": "",
    "flaskext/sqlalchemy.py": "class SQLAlchemy:\n    pass\n",
    "flaskext/script.py": "class Manager:\n    pass\n",
    "flaskext/markdown.py": "",
}
NEW_LAYOUT = {  # Flask-SQLAlchemy 0.16, Flask-Script 0.4.0; Flask-Markdown has no other
    "flask_sqlalchemy.py": "class SQLAlchemy:\n    pass\n",
    "flask_script.py": "class Manager:\n    pass\n",
    "flaskext/__init__.py": "",
    "flaskext/markdown.py": "",
}


def test_old_pins_keep_the_imports_the_hook_resolved(tmp_path):
    requirements = "Flask==0.10.1\nFlask-SQLAlchemy==0.15\nFlask-Script==0.3.2\nFlask-Markdown\n"
    result = run_codemods(SOURCE, NAME, files={"requirements.txt": requirements}, dedent=False)
    site = _site(tmp_path, OLD_LAYOUT)
    before = _run(site, SOURCE)
    assert before.returncode == 0, before.stderr
    after = _run(site, result.new_text)
    assert after.returncode == 0, after.stderr
    assert after.stdout == before.stdout == "flaskext.sqlalchemy flaskext.script flaskext.markdown\n"
    assert result.new_text == SOURCE
    messages = [finding.message for finding in result.findings]
    assert len(messages) == 3
    assert "the project's requirement allows a Flask-SQLAlchemy older than 0.16, which ships no flask_sqlalchemy" in messages[0]
    assert "allows a Flask-Script older than 0.4.0, which ships no flask_script" in messages[1]
    assert "every Flask-Markdown release ships that module only, never flask_markdown" in messages[2]


def test_releases_with_flask_x_modules_get_them(tmp_path):
    source = SOURCE.replace("from flask.ext import markdown\n", "").replace(", markdown.__name__", "")
    requirements = "Flask==0.10.1\nFlask-SQLAlchemy==0.16\nFlask-Script>=0.4.0\n"
    result = run_codemods(source, NAME, files={"requirements.txt": requirements}, dedent=False)
    assert result.findings == []
    assert "from flask_sqlalchemy import SQLAlchemy" in result.new_text
    assert "from flask_script import Manager" in result.new_text
    after = _run(_site(tmp_path, NEW_LAYOUT), result.new_text)
    assert after.returncode == 0, after.stderr
    assert after.stdout == "flask_sqlalchemy flask_script\n"


@pytest.mark.parametrize(
    "source",
    [
        "import flask.ext.sqlalchemy\n\ndb = flask.ext.sqlalchemy.SQLAlchemy()\n",
        "from flask.ext.sqlalchemy import *\n\ndb = SQLAlchemy()\n",
        "from flask.ext import sqlalchemy as fsa\n\ndb = fsa.SQLAlchemy()\n",
    ],
)
def test_every_import_shape_is_held_back(source):
    result = run_codemods(source, NAME, files={"requirements.txt": "Flask-SQLAlchemy<0.16\n"}, dedent=False)
    assert result.new_text == source
    assert [f.message for f in result.findings if "ships no flask_sqlalchemy" in f.message]


def test_unpinned_and_unknown_extensions_still_move():
    source = textwrap.dedent(
        """\
        from flask.ext.sqlalchemy import SQLAlchemy
        from flask.ext.login import LoginManager
        """
    )
    result = run_codemods(source, NAME, files={"requirements.txt": "Flask-SQLAlchemy\nFlask-Login==0.2.11\n"}, dedent=False)
    assert result.new_text == "from flask_sqlalchemy import SQLAlchemy\nfrom flask_login import LoginManager\n"
    assert result.findings == []


def test_an_extension_that_only_ever_shipped_flaskext_keeps_its_import(tmp_path):
    # Flask-BrowserID (0.0.1 to 0.0.4, its last release) ships flaskext/browserid/ and nothing else:
    # flask_browserid would raise ImportError wherever the app picks that login type.
    source = "from flask.ext.browserid import BrowserID\n\nprint(BrowserID.__module__)\n"
    layout = {"flaskext/__init__.py": "", "flaskext/browserid/__init__.py": "class BrowserID:\n    pass\n"}
    result = run_codemods(source, NAME, files={"requirements.txt": "Flask\nFlask-BrowserID\n"}, dedent=False)
    assert result.new_text == source
    after = _run(_site(tmp_path, layout), result.new_text)
    assert after.returncode == 0, after.stderr
    assert after.stdout == "flaskext.browserid\n"
    assert ["every Flask-BrowserID release ships that module only, never flask_browserid" in f.message for f in result.findings] == [True]


def test_flask_themes_keeps_its_flaskext_import_where_no_requirement_names_it(tmp_path):
    # zblog (2014): setup.py lists its extensions unpinned but not Flask-Themes, which it imports as
    # flask.ext.themes beside six others. Every Flask-Themes release on the index (0.1 to 0.1.3)
    # ships flaskext/themes.py only; flask_themes raised ImportError as the app package loaded.
    source = textwrap.dedent(
        """\
        from flask.ext.sqlalchemy import SQLAlchemy
        from flask.ext.themes import setup_themes

        print(SQLAlchemy.__module__, setup_themes.__module__)
        """
    )
    layout = {  # Flask-SQLAlchemy 2.x beside Flask-Themes 0.1.3
        "flask_sqlalchemy.py": "class SQLAlchemy:\n    pass\n",
        "flaskext/__init__.py": "",
        "flaskext/themes.py": "def setup_themes(app, app_identifier=None):\n    pass\n",
    }
    files = {"setup.py": "from setuptools import setup\n\nsetup(name='blog', install_requires=['Flask', 'Flask-SQLAlchemy'])\n"}
    result = run_codemods(source, NAME, files=files, dedent=False)
    assert result.new_text == source.replace("flask.ext.sqlalchemy", "flask_sqlalchemy")
    site = _site(tmp_path, layout)
    before, after = _run(site, source), _run(site, result.new_text)
    assert after.returncode == 0, after.stderr
    assert after.stdout == before.stdout == "flask_sqlalchemy flaskext.themes\n"
    assert ["every Flask-Themes release ships that module only, never flask_themes" in f.message for f in result.findings] == [True]

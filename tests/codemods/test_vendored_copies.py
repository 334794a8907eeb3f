"""A copy of a library the project ships in a vendor folder is the release its code imports.

Maraschino (an HTPC dashboard, 2012-2017) declares no requirement at all: its entry script puts
``lib/`` first on ``sys.path``, and ``lib/`` holds Flask 0.8 and SQLAlchemy 0.7.4. sqlalchemy-2
moved ``declarative_base`` to ``sqlalchemy.orm`` (new in 1.4: ImportError on 0.7.4), and
teardown registered a handler with ``app.teardown_appcontext`` (new in Flask 0.9:
AttributeError at import on 0.8). The copy's ``__version__`` now counts as a declaration
(``_vendored_copies``), and the target Flask of the command line is the copy's release.
"""

from __future__ import annotations

import subprocess
import sys

from helpers import finding_messages, run_codemods

# a copy of Flask 0.8 as the walk knows one (tool/walk.py: its package, app, ctx and globals
# modules): an app that has teardown_request and no teardown_appcontext
FLASK_0_8 = {
    "lib/flask/__init__.py": "__version__ = '0.8'\n\nfrom flask.app import Flask\n",
    "lib/flask/app.py": (
        "class Flask(object):\n"
        "    def __init__(self, name):\n"
        "        self.name = name\n"
        "        self.teardown_request_funcs = []\n\n"
        "    def teardown_request(self, f):\n"
        "        self.teardown_request_funcs.append(f)\n"
        "        return f\n"
    ),
    "lib/flask/ctx.py": "",
    "lib/flask/globals.py": "",
}
# a copy of SQLAlchemy 0.7.4: declarative_base only in sqlalchemy.ext.declarative
SQLALCHEMY_0_7 = {
    "lib/sqlalchemy/__init__.py": "__version__ = '0.7.4'\n\n\ndef create_engine(url, **kwargs):\n    return url\n",
    "lib/sqlalchemy/orm/__init__.py": (
        "class _Registry(object):\n"
        "    def __init__(self, factory):\n"
        "        self.removed = 0\n\n"
        "    def remove(self):\n"
        "        self.removed += 1\n\n\n"
        "def sessionmaker(**kwargs):\n    return object\n\n\n"
        "def scoped_session(factory):\n    return _Registry(factory)\n"
    ),
    "lib/sqlalchemy/ext/__init__.py": "",
    "lib/sqlalchemy/ext/declarative.py": "def declarative_base():\n    return type('Base', (object,), {})\n",
}
DATABASE = """\
from sqlalchemy import create_engine
from sqlalchemy.orm import scoped_session, sessionmaker
from sqlalchemy.ext.declarative import declarative_base

engine = create_engine('sqlite:///maraschino.db', convert_unicode=True)
db_session = scoped_session(sessionmaker(autocommit=False, autoflush=False, bind=engine))
Base = declarative_base()
"""
ENTRY = """\
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))

from flask import Flask
app = Flask(__name__)

from maraschino.database import db_session
"""


def _write(root, files):
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


def _imports(root) -> subprocess.CompletedProcess:
    """Start the entry script the way its users do (its folder first on sys.path)."""
    return subprocess.run([sys.executable, "-c", "import runpy; runpy.run_path('Maraschino.py')"], cwd=root, capture_output=True, text=True)


def test_a_shipped_sqlalchemy_0_7_keeps_declarative_base_where_it_is():
    project = {**FLASK_0_8, **SQLALCHEMY_0_7, "Maraschino.py": ENTRY}
    result = run_codemods(DATABASE, "sqlalchemy-2", project=project, path="maraschino/database.py", dedent=False)
    assert "from sqlalchemy.ext.declarative import declarative_base" in result.new_text
    messages = finding_messages(result)
    assert any("ships its own copy of SQLAlchemy" in m and "lib/sqlalchemy/__init__.py: 0.7.4" in m for m in messages), messages


def test_a_shipped_sqlalchemy_1_4_gets_the_move():
    copy = {**SQLALCHEMY_0_7, "lib/sqlalchemy/__init__.py": "__version__ = '1.4.46'\n"}
    result = run_codemods(DATABASE, "sqlalchemy-2", project={**FLASK_0_8, **copy}, path="maraschino/database.py", dedent=False)
    # joined to the module's own sqlalchemy.orm import (tests/codemods/test_imports_join_existing.py)
    assert "from sqlalchemy.orm import declarative_base, scoped_session, sessionmaker\n" in result.new_text
    assert "sqlalchemy.ext.declarative" not in result.new_text


def test_a_copy_that_names_no_release_holds_the_move_back():
    copy = {**SQLALCHEMY_0_7, "vendor/sqlalchemy/__init__.py": "from .engine import create_engine\n"}
    del copy["lib/sqlalchemy/__init__.py"]
    result = run_codemods(DATABASE, "sqlalchemy-2", project=copy, path="maraschino/database.py", dedent=False)
    assert "from sqlalchemy.ext.declarative import declarative_base" in result.new_text
    assert any("a release not known" in m for m in finding_messages(result))


def test_maraschino_still_starts_on_the_copies_it_ships(tmp_path):
    _write(tmp_path, {**FLASK_0_8, **SQLALCHEMY_0_7, "Maraschino.py": ENTRY, "maraschino/__init__.py": "", "maraschino/database.py": DATABASE})
    assert _imports(tmp_path).returncode == 0  # the original runs on its copies
    run = subprocess.run(
        [sys.executable, "-m", "flask_codemod", "apply", "--no-cache", "--select", "teardown,sqlalchemy-2,moved-imports", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    started = _imports(tmp_path)
    assert started.returncode == 0, started.stderr
    assert "teardown_appcontext" not in (tmp_path / "Maraschino.py").read_text()
    assert "sqlalchemy.ext.declarative" in (tmp_path / "maraschino" / "database.py").read_text()


def test_the_target_is_the_shipped_flask(tmp_path):
    from flask_codemod.target import declared_target

    _write(tmp_path, FLASK_0_8)
    assert declared_target(str(tmp_path)) == ((0, 8), str(tmp_path / "lib" / "flask" / "__init__.py"))
    (tmp_path / "lib" / "flask" / "__init__.py").write_text("from flask.app import Flask\n")
    assert declared_target(str(tmp_path))[0] == (0, 0)



HANDLER = "\n\n@app.teardown_request\ndef shutdown_session(exception=None):\n    from maraschino.database import db_session\n    db_session.remove()\n"
APP_NEXT_TO_IT = "from flask import Flask\n\napp = Flask(__name__)\n\nfrom maraschino.database import db_session\n"


def test_below_flask_0_9_a_session_an_app_next_to_it_removes_is_not_reported():
    """Flask 0.8 has teardown_request: an app next to the module that removes the session in
    such a handler leaves the module nothing to report."""
    project = {**FLASK_0_8, **SQLALCHEMY_0_7, "maraschino/__init__.py": ""}
    handled = run_codemods(DATABASE, "teardown", project={**project, "maraschino/app.py": APP_NEXT_TO_IT + HANDLER}, path="maraschino/database.py", dedent=False)
    assert handled.new_text == DATABASE and finding_messages(handled) == []
    left = run_codemods(DATABASE, "teardown", project={**project, "maraschino/app.py": APP_NEXT_TO_IT}, path="maraschino/database.py", dedent=False)
    assert left.new_text == DATABASE
    assert any("older than 0.9" in m for m in finding_messages(left)), finding_messages(left)


def test_below_flask_0_9_a_module_no_app_in_sight_imports_is_not_reported():
    """Maraschino's entry script is no app module by its name: as from Flask 0.9 on, a module
    that imports no Flask and that no app next to it imports gets no finding."""
    project = {**FLASK_0_8, **SQLALCHEMY_0_7, "Maraschino.py": ENTRY + HANDLER, "maraschino/__init__.py": ""}
    result = run_codemods(DATABASE, "teardown", project=project, path="maraschino/database.py", dedent=False)
    assert result.new_text == DATABASE and finding_messages(result) == []

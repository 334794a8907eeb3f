"""teardown's ``Project.app_modules``: the application modules of the listing are spelled once
per listing and folder (a function of paths alone), and their texts are read again by each
Project, so a module that starts or stops creating an app is seen at once."""

from __future__ import annotations

from gate_checks import lay_out

from flask_codemod import pipeline
from flask_codemod.codemods import _teardown_project
from flask_codemod.codemods._teardown_project import Project
from flask_codemod.resume import ReadLog

PROJECT = {
    "shop/__init__.py": "",
    "shop/db.py": "import sqlite3\n",
    "shop/site.py": "from flask import Flask\n\nsite = Flask(__name__)\n",
    "shop/admin/panel.py": "from flask import Flask\n\npanel = Flask(__name__)\n",
    "shop/admin/__init__.py": "",
    "tests/test_site.py": "from flask import Flask\n\napp = Flask(__name__)\n",  # tests: not application code
}


def _app_modules(folder, relative: str) -> tuple[list[str], list[str]]:
    """The app modules a fresh Project of the file ``relative`` finds, and what it read, in order."""
    log = ReadLog(pipeline.project_reader(str(folder / relative)))
    project = Project(log, relative, listing=log.project_files)
    return project.app_modules(), list(log.reads)


def test_app_modules_are_spelled_from_each_folder_and_read_by_each_project(tmp_path):
    folder = lay_out(tmp_path, PROJECT)
    _teardown_project._application_modules.cache_clear()
    first = _app_modules(folder, "shop/db.py")
    # every application module but the file itself read, in the listing's order (not the tests)
    assert first == (["admin/panel.py", "site.py"], ["__init__.py", "admin/__init__.py", "admin/panel.py", "site.py"])
    # a file of another folder: the same modules, spelled from there; the site module itself left out
    assert _app_modules(folder, "shop/admin/__init__.py")[0] == ["panel.py", "../site.py"]
    assert _app_modules(folder, "shop/site.py")[0] == ["admin/panel.py"]
    # the listing's spellings are kept, the texts are not: a module that now creates an app is found
    again = _app_modules(folder, "shop/db.py")
    assert again == first
    (folder / "shop/db.py").write_text("from flask import Flask\n\nworker = Flask(__name__)\n")
    (folder / "shop/site.py").write_text("from flask import Blueprint\n\nsite = Blueprint('site', __name__)\n")
    assert _app_modules(folder, "shop/admin/__init__.py")[0] == ["panel.py", "../db.py"]
    assert _app_modules(folder, "shop/site.py")[0] == ["admin/panel.py", "db.py"]


def test_a_module_without_an_import_statement_is_not_parsed_to_read_its_imports(tmp_path, monkeypatch):
    """Reading what a module imports does not parse a module whose text has no import statement
    (xerafin3's 3.3 MB word list, reached from its app: its stdlib tree alone took 250 MB)."""
    words = "WORDS = (\n" + "".join(f"    'W{n}',\n" for n in range(2000)) + ")\n"
    folder = lay_out(tmp_path, {**PROJECT, "shop/words.py": words, "shop/lookup.py": "from .words import WORDS\n"})
    parsed: list[str] = []
    real_tree = _teardown_project.python_tree
    monkeypatch.setattr(_teardown_project, "python_tree", lambda text: parsed.append(text) or real_tree(text))
    log = ReadLog(pipeline.project_reader(str(folder / "shop/lookup.py")))
    project = Project(log, "shop/lookup.py", listing=log.project_files)
    assert [target.path for target in project.imports("lookup.py")] == ["words.py"]
    assert project.imports("words.py") == []
    assert words not in parsed and len(parsed) == 1  # lookup.py's tree alone

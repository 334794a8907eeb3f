"""_test_reach: the project's modules a test module reaches through imports."""

from __future__ import annotations

from helpers import ProjectReader

from flask_codemod.codemods._project_imports import ProjectImports
from flask_codemod.codemods._test_reach import ImportReach

PROJECT = {
    "src/shop/__init__.py": "from flask import Flask\n\n\ndef create_app():\n    from . import views\n    return Flask(__name__)\n",
    "src/shop/views.py": "from .helpers import (\n    fetch,\n    post,\n)\nimport shop.models as models\n",
    "src/shop/helpers.py": "import requests\n",
    "src/shop/models.py": "",
    "src/shop/jobs.py": "from shop.helpers import fetch\n",
    "tests/conftest.py": "import pytest\nfrom shop import create_app\n",
    "tests/test_views.py": "def test_index(client):\n    pass\n",
    "tests/other/test_jobs.py": "from shop import jobs\n",
}


class _Reader:
    """What a Context offers a derivation: the listing and ``read_file``."""

    def __init__(self, path: str, project: dict[str, str] = PROJECT) -> None:
        self.project = ProjectReader(project, path)
        self.read_file = self.project
        self.project_files = self.project.project_files


def _reach(path: str) -> frozenset[str]:
    return ImportReach(_Reader(path)).reached(path)


def test_a_test_reaches_what_its_conftest_imports_and_what_that_imports_in_turn():
    reached = _reach("tests/test_views.py")
    assert {"tests/conftest.py", "src/shop/__init__.py", "src/shop/views.py", "src/shop/helpers.py", "src/shop/models.py"} <= reached
    assert "src/shop/jobs.py" not in reached


def test_importing_a_module_reaches_the_packages_above_it():
    reached = _reach("tests/other/test_jobs.py")
    assert {"src/shop/jobs.py", "src/shop/__init__.py", "src/shop/helpers.py", "tests/conftest.py"} <= reached


def test_relative_and_parenthesised_imports_are_resolved_against_the_package():
    reached = _reach("src/shop/views.py")
    assert {"src/shop/helpers.py", "src/shop/models.py", "src/shop/__init__.py"} <= reached


MANY_TESTS = {
    "shop/__init__.py": "from . import views, jobs\n",
    "shop/views.py": "from .helpers import fetch\nimport importlib\nplugin = importlib.import_module('shop.plugins.' + NAME)\n",
    "shop/helpers.py": "import requests\n",
    "shop/jobs.py": "from shop.helpers import fetch\n",
    "shop/plugins/__init__.py": "",
    "shop/plugins/stats.py": "",
    **{f"tests/test_{n}.py": "from shop import views\n" for n in range(6)},
    "tests/conftest.py": "from shop import jobs\n",
}


def test_the_reaches_of_many_test_modules_ask_each_module_once(monkeypatch):
    """Issue 19: the test modules of a project reach the same application modules; what each
    imports and loads (a search of its text, the values of the environment it reads) is asked
    once per reading, not once per test module (privacyidea: 19,897 asks, 1.3 s)."""
    asked: list[str] = []
    original = ProjectImports.loaded

    def counted(self, path, anything=frozenset()):
        asked.append(path)
        return original(self, path, anything)

    monkeypatch.setattr(ProjectImports, "loaded", counted)
    reach = ImportReach(_Reader("shop/views.py", MANY_TESTS))
    reached = [reach.reached(f"tests/test_{n}.py") - {f"tests/test_{n}.py"} for n in range(6)]
    assert all(each == reached[0] for each in reached[1:])
    assert {"shop/views.py", "shop/helpers.py", "shop/jobs.py", "shop/plugins/stats.py", "tests/conftest.py"} <= reached[0]
    assert sorted(asked) == sorted(set(asked))  # each module asked once, however many tests reach it

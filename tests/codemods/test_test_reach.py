"""_test_reach: the project's modules a test module reaches through imports."""

from __future__ import annotations

from helpers import ProjectReader

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

    def __init__(self, path: str) -> None:
        self.project = ProjectReader(PROJECT, path)
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

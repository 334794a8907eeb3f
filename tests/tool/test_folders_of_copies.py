"""A folder of other projects' code the project ships (``_vendor/``, ``vendor/``, ``third_party/``)
is no part of its code: the walk skips it (tool/walk.py, tool/folders_of_copies.py) when its
modules bear the name out, importing nothing of the project's own code outside it. And a copy
of a library in such a folder at the root declares its release (codemods/_vendored_copies.py).

graphite-api ships whisper in ``graphite_api/_vendor/whisper.py`` (standard library imports
only): the tool reported ten findings in it that no maintainer would act on. flask-api-example
names a blueprint of its own ``app/third_party/`` (it imports ``app.widget``): its own code.
"""

from __future__ import annotations

import os

from typer.testing import CliRunner

from flask_codemod.cli import app
from flask_codemod.discover import discover
from flask_codemod.target import declared_target
from flask_codemod.walk import project_listing

LEAKY = "import os\n\n\ndef read(path):\n    return open(path).read()\n"


def _touch(path, text="x = 1\n"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _names(root):
    return sorted(os.path.relpath(p, root) for p in discover([str(root)]).files)


def _graphite(root):
    (root / ".git").mkdir(parents=True)
    _touch(root / "graphite_api" / "__init__.py", "")
    _touch(root / "graphite_api" / "_vendor" / "__init__.py", "")
    _touch(root / "graphite_api" / "_vendor" / "whisper.py", LEAKY)
    _touch(root / "graphite_api" / "finders.py", "from ._vendor import whisper\n\n\n" + LEAKY)
    return root


def test_a_vendor_folder_whose_modules_know_nothing_of_the_project_is_skipped(tmp_path):
    root = _graphite(tmp_path / "graphite-api")
    assert _names(root) == ["graphite_api/__init__.py", "graphite_api/finders.py"]
    assert [name for name in project_listing(str(root)) if "_vendor" in name] == []


def test_its_copies_are_not_rewritten(tmp_path):
    root = _graphite(tmp_path / "graphite-api")
    result = CliRunner().invoke(app, ["apply", str(root), "--no-cache", "--select", "open-with"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (root / "graphite_api" / "_vendor" / "whisper.py").read_text() == LEAKY
    assert "with open(path)" in (root / "graphite_api" / "finders.py").read_text()


def test_a_folder_so_named_that_imports_the_project_is_its_own_code(tmp_path):
    root = tmp_path / "flask-api-example"
    (root / ".git").mkdir(parents=True)
    _touch(root / "app" / "__init__.py", "")
    _touch(root / "app" / "widget.py")
    _touch(root / "app" / "third_party" / "__init__.py", "")
    _touch(root / "app" / "third_party" / "app" / "__init__.py", "")
    _touch(root / "app" / "third_party" / "app" / "routes.py", "def attach(api):\n    from app.widget import x\n    return x\n")
    _touch(root / "vendor" / "payments.py", "from ..models import Order\n")  # climbs out of its folder
    _touch(root / "lib" / "helpers.py")  # lib/ holds no copy of Flask or Werkzeug: the project's code
    assert _names(root) == [
        "app/__init__.py",
        "app/third_party/__init__.py",
        "app/third_party/app/__init__.py",
        "app/third_party/app/routes.py",
        "app/widget.py",
        "lib/helpers.py",
        "vendor/payments.py",
    ]


def test_copies_that_import_each_other_from_the_package_above_are_still_copies(tmp_path):
    root = tmp_path / "elastichq"
    (root / ".git").mkdir(parents=True)
    _touch(root / "elastichq" / "__init__.py", "")
    _touch(root / "elastichq" / "service.py", "from elastichq.vendor.elasticsearch import Elasticsearch\n")
    _touch(root / "elastichq" / "vendor" / "__init__.py", "")
    _touch(root / "elastichq" / "vendor" / "elasticsearch" / "__init__.py", "from .client import Elasticsearch\n")
    _touch(root / "elastichq" / "vendor" / "elasticsearch" / "client.py", "import json, time\nclass Elasticsearch: pass\n")
    _touch(root / "elastichq" / "vendor" / "dsl" / "search.py", "from elastichq.vendor.elasticsearch import Elasticsearch\n")
    assert _names(root) == ["elastichq/__init__.py", "elastichq/service.py"]


def test_a_walked_vendor_folder_is_walked(tmp_path):
    root = _graphite(tmp_path / "graphite-api")
    found = sorted(os.path.relpath(p, root) for p in discover([str(root / "graphite_api" / "_vendor")]).files)
    assert found == ["graphite_api/_vendor/__init__.py", "graphite_api/_vendor/whisper.py"]


def test_a_copy_of_flask_in_an_underscored_vendor_folder_declares_its_release(tmp_path):
    _touch(tmp_path / "requirements.txt", "Flask\n")
    _touch(tmp_path / "_vendor" / "flask" / "__init__.py", "__version__ = '0.10.1'\n")
    assert declared_target(str(tmp_path)) == ((0, 10), os.path.join(str(tmp_path), "_vendor", "flask", "__init__.py"))


def _with_a_library_folder(root, library, *entries):
    """A project with a module of its own in ``library/`` and a packaged folder
    ``library/client/`` (its package and a leaky test) holding ``entries`` beside them."""
    (root / ".git").mkdir(parents=True)
    _touch(root / "app.py", "")
    _touch(root / library / "__init__.py", "")
    _touch(root / library / "helpers.py", LEAKY)
    _touch(root / library / "client" / "setup.py", "from setuptools import setup\n\nsetup(name='client')\n")
    _touch(root / library / "client" / "client" / "__init__.py", "")
    _touch(root / library / "client" / "tests" / "test_client.py", LEAKY)
    for entry in entries:
        _touch(root / library / "client" / entry, "")
    return root


def test_a_repository_copied_whole_into_lib_is_skipped_and_the_projects_own_modules_there_are_not(tmp_path):
    # packaged on its own, with a CI configuration only a repository's root is read for
    root = _with_a_library_folder(tmp_path / "parked", "lib", ".travis.yml")
    assert _names(root) == ["app.py", "lib/__init__.py", "lib/helpers.py"]
    assert not [name for name in project_listing(str(root)) if "client" in name]
    root = _with_a_library_folder(tmp_path / "other", "vendor", ".github/workflows/tests.yml")
    assert "vendor/client/tests/test_client.py" not in _names(root)


def test_a_package_packaged_on_its_own_without_a_root_only_ci_configuration_is_the_projects(tmp_path):
    # a monorepo's own library: packaged on its own, tested by the root's CI (tox.ini is read where it lies)
    root = _with_a_library_folder(tmp_path / "monorepo", "libs", "tox.ini")
    assert "libs/client/tests/test_client.py" in _names(root)


def test_an_old_ci_configuration_outside_a_folder_of_libraries_keeps_the_package(tmp_path):
    # docker-registry's depends/docker-registry-core: its own package, tested by the root's CI
    root = _with_a_library_folder(tmp_path / "registry", "depends", ".travis.yml")
    assert "depends/client/tests/test_client.py" in _names(root)


def test_a_copied_repository_walked_itself_is_walked(tmp_path):
    root = _with_a_library_folder(tmp_path / "parked", "lib", ".travis.yml")
    assert "tests/test_client.py" in sorted(os.path.relpath(p, root / "lib" / "client") for p in discover([str(root / "lib" / "client")]).files)

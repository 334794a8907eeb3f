"""Folders a front-end package manager installs libraries into are no part of the project's
code (tool/walk.py), whatever the libraries hold.

DFIR Kuiper commits Bower's ``kuiper/app/static/bower_components/``: jvectormap's
``converter/processor.py``, a Python 2 script that converts maps for that JavaScript library,
came with it. The tool wrapped two of its open() calls in with-blocks, as it would never touch
the same script under ``node_modules/``: ``bower install`` overwrites the folder, and no
maintainer edits what it installs.
"""

from __future__ import annotations

from typer.testing import CliRunner

from flask_codemod.cli import app
from flask_codemod.discover import discover
from flask_codemod.walk import project_listing

LEAKY = "import sys\n\n\ndef convert(path):\n    return open(path).read()\n"
VIEW = "from flask import Flask\n\napp = Flask(__name__)\n\n\ndef load(path):\n    return open(path).read()\n"


def _touch(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _app(root):
    (root / ".git").mkdir(parents=True)
    _touch(root / "app" / "__init__.py", VIEW)
    _touch(root / "app" / "static" / "bower_components" / "jvectormap" / "converter" / "processor.py", LEAKY)
    _touch(root / "app" / "static" / "node_modules" / "lib" / "build.py", LEAKY)
    return root


def test_bower_components_is_skipped_as_node_modules_is(tmp_path):
    root = _app(tmp_path / "repo")
    assert [str(path) for path in discover([str(root)]).files] == [str(root / "app" / "__init__.py")]
    assert [name for name in project_listing(str(root)) if "components" in name] == []


def test_the_app_is_rewritten_and_what_bower_installed_is_not(tmp_path):
    root = _app(tmp_path / "repo")
    result = CliRunner().invoke(app, ["apply", "--no-cache", "-j", "1", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "with open(path) as f:" in (root / "app" / "__init__.py").read_text()
    script = root / "app" / "static" / "bower_components" / "jvectormap" / "converter" / "processor.py"
    assert script.read_text() == LEAKY

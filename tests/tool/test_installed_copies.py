"""Libraries pip installed into a folder of the project (``pip install -t lib``) are copies,
not the project's code (tool/installed_copies.py, asked by tool/walk.py).

Such a folder keeps each distribution's record beside it: a ``*.dist-info`` folder whose
``RECORD`` lists the files pip wrote, or a ``*.egg-info`` folder whose ``installed-files.txt``
does. The tool rewrote a Google API client installed so (a mock's ``open`` in its ``http.py``):
the next install overwrites it, and no maintainer edits it. The project's own modules in the
same folder, and an ``*.egg-info`` of the project itself (``pip install -e .`` writes one with
no list of installed files), are left to the walk.
"""

from __future__ import annotations

import os

from typer.testing import CliRunner

from flask_codemod.cli import app
from flask_codemod.discover import discover
from flask_codemod.walk import project_listing

LEAKY = "def read(p):\n    return open(p).read()\n"


def _touch(path, text="x = 1\n"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _project(root):
    """An app whose lib/ holds two installed libraries (a wheel and an old egg install) and
    the project's own helper module, and whose root holds its own develop egg-info."""
    (root / ".git").mkdir(parents=True)
    _touch(root / "app" / "__init__.py", "")
    _touch(root / "app" / "views.py", LEAKY)
    _touch(root / "lib" / "__init__.py", "")
    _touch(root / "lib" / "helpers.py", LEAKY)
    # a wheel installed with pip -t: RECORD names its files, relative to lib/
    _touch(root / "lib" / "tinylib" / "__init__.py", "")
    _touch(root / "lib" / "tinylib" / "io.py", LEAKY)
    _touch(root / "lib" / "onefile.py", LEAKY)
    _touch(
        root / "lib" / "tinylib-1.0.dist-info" / "RECORD",
        "tinylib/__init__.py,sha256=abc,0\ntinylib/io.py,sha256=def,10\nonefile.py,,\n"
        "tinylib-1.0.dist-info/RECORD,,\n../../bin/tiny,,\n",
    )
    # an old setuptools install: installed-files.txt names its files, relative to the egg-info
    _touch(root / "lib" / "oldclient" / "__init__.py", "")
    _touch(root / "lib" / "oldclient" / "http.py", LEAKY)
    _touch(
        root / "lib" / "oldclient-2.0-py2.7.egg-info" / "installed-files.txt",
        "../oldclient/__init__.py\n../oldclient/http.py\n../oldclient/__init__.pyc\n./\nPKG-INFO\n",
    )
    # the project's own egg-info from a develop install: no list of installed files
    _touch(root / "myapp.egg-info" / "SOURCES.txt", "app/__init__.py\napp/views.py\n")
    _touch(root / "myapp.egg-info" / "top_level.txt", "app\n")
    return root


def _names(found, root):
    return sorted(os.path.relpath(p, root) for p in found.files)


def test_the_files_an_install_record_lists_are_skipped_and_the_rest_walked(tmp_path):
    root = _project(tmp_path / "repo")
    expected = ["app/__init__.py", "app/views.py", "lib/__init__.py", "lib/helpers.py"]
    assert _names(discover([str(root)]), root) == expected
    assert _names(discover([str(root / "lib")]), root) == ["lib/__init__.py", "lib/helpers.py"]
    listed = project_listing(str(root))
    assert "lib/helpers.py" in listed
    assert [name for name in listed if name.startswith(("lib/tinylib/", "lib/oldclient/", "lib/onefile"))] == []


def test_a_record_naming_files_outside_the_folder_skips_nothing_there(tmp_path):
    """A record's ``../../bin`` entry (a script) and a develop egg-info name no entry to skip."""
    root = _project(tmp_path / "repo")
    _touch(root / "bin" / "tiny.py", LEAKY)
    assert "bin/tiny.py" in _names(discover([str(root)]), root)


def test_the_app_is_rewritten_and_the_installed_copies_are_not(tmp_path):
    root = _project(tmp_path / "repo")
    copies = [root / "lib" / "tinylib" / "io.py", root / "lib" / "onefile.py", root / "lib" / "oldclient" / "http.py"]
    result = CliRunner().invoke(app, ["apply", "--no-cache", "-j", "1", "--select", "open-with", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "with open(p)" in (root / "app" / "views.py").read_text()
    assert "with open(p)" in (root / "lib" / "helpers.py").read_text()
    assert [path.read_text() for path in copies] == [LEAKY] * 3

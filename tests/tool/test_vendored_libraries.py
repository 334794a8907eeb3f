"""Vendored libraries: a folder that holds a copy of Flask or Werkzeug is no part of the
project's code (tool/walk.py).

Google App Engine's Python 2.7 runtime had no pip: apps copied Flask, Werkzeug, WTForms and
the rest into ``lib/`` (kamalgill/flask-appengine-template's ``src/lib``). The tool rewrote
those copies: ``werkzeug.urls.url_parse`` inside Werkzeug's own ``serving.py`` became
``urllib.parse.urlsplit`` (an ImportError on that Python 2.7 runtime), open() calls in click,
Flask's own imports. No maintainer edits a vendored copy; the app's own code is still theirs.
"""

from __future__ import annotations

import glob
import os

from typer.testing import CliRunner

from flask_codemod import cache, cache_walks
from flask_codemod.cli import app
from flask_codemod.discover import discover
from flask_codemod.walk import project_listing

FLASK_COPY = ("__init__.py", "app.py", "ctx.py", "globals.py", "helpers.py")
WERKZEUG_COPY = ("__init__.py", "serving.py", "wsgi.py", "exceptions.py", "urls.py")
SERVING = "from werkzeug.urls import url_parse\n\n\ndef host(url):\n    return url_parse(url).netloc\n"
VIEWS = "from werkzeug import secure_filename\n\n\ndef clean(name):\n    return secure_filename(name)\n"
LEAKY = "def read(p):\n    return open(p).read()\n"


def _touch(path, text="x = 1\n"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _gae_app(root):
    """An App Engine app: its code in src/application, its libraries copied into src/lib."""
    (root / ".git").mkdir(parents=True)
    _touch(root / "src" / "app.yaml", "runtime: python27\n")
    _touch(root / "src" / "application" / "__init__.py", "")
    _touch(root / "src" / "application" / "views.py", VIEWS)
    _touch(root / "src" / "lib" / "__init__.py", "")
    for module in FLASK_COPY:
        _touch(root / "src" / "lib" / "flask" / module)
    for module in WERKZEUG_COPY:
        _touch(root / "src" / "lib" / "werkzeug" / module)
    _touch(root / "src" / "lib" / "werkzeug" / "serving.py", SERVING)
    _touch(root / "src" / "lib" / "click" / "_compat.py", LEAKY)
    _touch(root / "src" / "lib" / "itsdangerous.py", LEAKY)
    return root


def _names(found, root):
    return sorted(os.path.relpath(p, root) for p in found.files)


def test_a_folder_holding_a_copy_of_flask_or_werkzeug_is_skipped_whole(tmp_path):
    root = _gae_app(tmp_path / "repo")
    expected = ["src/application/__init__.py", "src/application/views.py"]
    assert _names(discover([str(root)]), root) == expected
    assert _names(discover([str(root / "src")]), root) == expected
    assert [name for name in project_listing(str(root)) if "lib/" in name] == []


def test_the_app_is_rewritten_and_its_copies_are_not(tmp_path):
    root = _gae_app(tmp_path / "repo")
    before = {p: open(p).read() for p in glob.glob(str(root / "src" / "lib" / "**" / "*.py"), recursive=True)}
    result = CliRunner().invoke(app, ["apply", "--no-cache", "-j", "1", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "from werkzeug.utils import secure_filename" in (root / "src" / "application" / "views.py").read_text()
    assert {p: open(p).read() for p in before} == before


def test_a_walked_folder_that_holds_a_copy_keeps_its_own_modules(tmp_path):
    """App Engine apps also copied the libraries next to their own main.py: the copies go, the
    app stays."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    _touch(root / "main.py", VIEWS)
    for module in WERKZEUG_COPY:
        _touch(root / "werkzeug" / module)
    assert _names(discover([str(root)]), root) == ["main.py"]


def test_a_folder_named_flask_that_is_no_copy_is_the_projects(tmp_path):
    """docker/awesome-compose's shape: a service folder named ``flask`` holding the app."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    _touch(root / "nginx-flask-mysql" / "flask" / "app.py", LEAKY)
    _touch(root / "nginx-flask-mysql" / "flask" / "__init__.py", "")
    _touch(root / "nginx-flask-mysql" / "proxy" / "conf.py", "")
    assert _names(discover([str(root)]), root) == [
        "nginx-flask-mysql/flask/__init__.py",
        "nginx-flask-mysql/flask/app.py",
        "nginx-flask-mysql/proxy/conf.py",
    ]


PAST = 1_600_000_000 * 10**9  # long before any racy window


def test_a_copy_that_goes_away_is_seen_by_the_cached_walk(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_CODEMOD_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache_walks, "_RACY_NS", 0)
    root = _gae_app(tmp_path / "repo")
    for folder, dirs, files in os.walk(root):
        for name in files + dirs:
            os.utime(os.path.join(folder, name), ns=(PAST, PAST), follow_symlinks=False)
    os.utime(root, ns=(PAST, PAST))
    assert "src/lib/itsdangerous.py" not in _names(discover([str(root)]), root)
    for module in WERKZEUG_COPY:
        os.unlink(root / "src" / "lib" / "werkzeug" / module)
    os.unlink(root / "src" / "lib" / "flask" / "ctx.py")  # no copy of either library now
    warm = discover([str(root)])
    with cache.disabled():
        cold = discover([str(root)])
    assert warm.files == cold.files
    assert "src/lib/itsdangerous.py" in _names(warm, root)

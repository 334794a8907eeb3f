"""What the cache-views tests share: small apps written to a temporary folder, rewritten by
the real engine, imported fresh and driven with the Flask test client."""

from __future__ import annotations

import importlib.util
import itertools
import os
import subprocess
import sys
import textwrap

import pytest
from flask import template_rendered

from flask_codemod.codemods import get_codemod
from flask_codemod.pipeline import process_file

CODEMOD = get_codemod("cache-views")
_unique = itertools.count()

# A stand-in for flask_login (not installed here): current_user reads the session, as the
# real one does; login_user/logout_user write it; login_required refuses anonymous visitors.
FAKE_FLASK_LOGIN = '''
from functools import wraps

from flask import session
from werkzeug.local import LocalProxy


class _User:
    def __init__(self, name):
        self.name = name or "anonymous"


current_user = LocalProxy(lambda: _User(session.get("user")))


def login_user(name):
    session["user"] = name


def logout_user():
    session.pop("user", None)


def login_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not session.get("user"):
            return "log in first", 401
        return view(*args, **kwargs)
    return wrapper


class LoginManager:
    def init_app(self, app):
        app.context_processor(lambda: {"current_user": current_user})
'''

# the expensive work lives in another module of the project; it is pure (the codemod reads
# it), and the tests count its calls by wrapping it after the import
WORK = '''
def expensive(name):
    total = 0
    for number in range(1000):
        total += number
    return "computed"
'''


def write(root, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = os.path.join(root, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(textwrap.dedent(text).lstrip("\n"))


def apply(path, options=None):
    """Rewrite ``path`` in place with the real engine; returns the FileResult. The result
    must be a fixed point."""
    result = process_file(str(path), [CODEMOD], options)
    assert result.error is None, result.error
    if result.changed:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(result.new_text)
    again = process_file(str(path), [CODEMOD], options)
    assert again.error is None and not again.changed, "not idempotent"
    return result


def load(path, name, package_dir=None):
    """Import the file at ``path`` as a fresh module (a package when ``package_dir``)."""
    locations = [str(package_dir)] if package_dir else None
    spec = importlib.util.spec_from_file_location(name, str(path), submodule_search_locations=locations)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def messages(result) -> list[str]:
    return [f.message for f in result.findings]


class Calls:
    """Counts calls of ``name`` in ``module`` (the function replaced by a counting wrapper
    until ``restore``); ``args`` records each call's first argument."""

    def __init__(self, module, name: str) -> None:
        self.args: list = []
        self.module, self.name = module, name
        self.real = real = getattr(module, name)

        def counting(*args, **kwargs):
            self.args.append(args[0] if args else None)
            return real(*args, **kwargs)

        setattr(module, name, counting)

    @property
    def count(self) -> int:
        return len(self.args)

    def restore(self) -> None:
        setattr(self.module, self.name, self.real)


class Renders:
    """Counts template renders of one app (Flask's template_rendered signal)."""

    def __init__(self, app) -> None:
        self.names: list[str] = []
        template_rendered.connect(self._record, app, weak=False)
        self.app = app

    def _record(self, sender, template, context, **extra):
        self.names.append(template.name)

    def count(self, name: str) -> int:
        return self.names.count(name)


@pytest.fixture
def project(tmp_path, monkeypatch):
    """tmp_path on sys.path, with a fresh work module and the flask_login stand-in; the
    modules imported from it are forgotten afterwards."""
    work = f"work_{next(_unique)}"
    # the project declares its dependencies where the tool can add Flask-Caching
    write(tmp_path, {f"{work}.py": WORK, "requirements.txt": "flask\n"})
    before = set(sys.modules)
    saved_login = sys.modules.pop("flask_login", None)
    monkeypatch.syspath_prepend(str(tmp_path))
    if saved_login is None:
        write(tmp_path, {"flask_login.py": FAKE_FLASK_LOGIN})
    yield tmp_path, work
    for name in set(sys.modules) - before:
        del sys.modules[name]
    if saved_login is not None:
        sys.modules["flask_login"] = saved_login


def run_started(root, start: str, *blocked: str) -> str:
    """What the script ``start`` prints, run beside the project ``root`` in a fresh Python
    that sees only ``root`` and the installed packages, and cannot import the modules named in
    ``blocked`` (a deployment that never installed them)."""
    (root.parent / "start.py").write_text(start)
    done = subprocess.run(
        [sys.executable, str(root.parent / "start.py"), *blocked],
        cwd="/",
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(root), "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout

"""The gates of gunicorn-config: which modules gunicorn may load, told from their path, text
and standard-library AST, then from the command files around them.

gunicorn loads the module a command names (``gunicorn wsgi:app``), which binds the WSGI
callable at import; the transform also takes any module that creates a Flask app when the
named module cannot be found. The text and tree gates cannot read the command, so they take
a module that creates a Flask app, is named like an app module (``wsgi.py``, ``app.py``) or
binds an app at module level. A heuristic: gunicorn may be told to load any name from any
module. The project gate reads the commands (``_gunicorn_config_folders``, as the transform
does): a module another command names is left out, and so is one no command names that
creates no Flask app.
"""

from __future__ import annotations

import ast
import re

from ._ast_facts import creates_flask_app, facts
from ._text_gates import path_parts
from ._base import Context
from ._gunicorn_config_folders import GunicornProject, named_by_command

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+")
_APP_WORDS = frozenset({"app", "apps", "application", "applications"})


def app_word(name: str) -> bool:
    """Whether a name ends with a word that names an app: ``app``, ``application``,
    ``create_app``, ``myapp``, ``WebApp``, ``flask_app``; not ``append``, ``wrapper``,
    ``mapping``, ``apply``, nor ``AppDirs``."""
    if "app" not in name.lower():
        return False
    words = _WORD.findall(re.split(r"[._]+", name.strip("._"))[-1]) if name.strip("._") else []
    if not words:
        return False
    last = words[-1].lower()
    return last in _APP_WORDS or last.endswith("app")


# the text any name app_word or _APP_FACTORY accepts must contain (the text gate)
APP_NAME_TEXT = re.compile(r"(?i)(?:app(?:s|lications?)?|factory)\b")

# a function gunicorn may call to get the app (``gunicorn "shop:create_app()"``)
_APP_FACTORY = re.compile(r"(?i)(?:create|make|build|get|init|setup|new)_?\w*app(?:lication)?$|app_factory$|factory$")


def app_module_path(path: str) -> bool:
    """A module named like one gunicorn loads: ``wsgi.py``, ``app.py``, ``myapp.py``."""
    parts = path_parts(path)
    if not parts:
        return False
    stem = parts[-1].split(".", 1)[0]
    return app_word(stem) or "wsgi" in stem.lower()


def may_be_loaded(tree: ast.Module, path: str) -> bool:
    """The gate on the AST: a module that creates a Flask app, is named like an app module, or
    binds an app at module level: an import (``from app import app``, ``import myapp``, a
    star import from an app module; not ``from flask import current_app``), an assignment (``application = create_app()``), a
    factory function (``create_app``) or a class."""
    if app_module_path(path) or creates_flask_app(tree):
        return True
    for statement in facts(tree).module_level(runtime=True):
        kind = type(statement)
        if kind is ast.Import:
            names = [a.asname or a.name for a in statement.names]  # type: ignore[attr-defined]
        elif kind is ast.ImportFrom:
            if (statement.module or "").split(".", 1)[0] == "flask" and not statement.level:  # type: ignore[attr-defined]
                continue  # flask's own objects (current_app: a proxy, no app to load)
            names = [a.asname or a.name for a in statement.names]  # type: ignore[attr-defined]
            if names == ["*"]:
                names = [statement.module or ""]  # type: ignore[attr-defined]
        elif kind is ast.Assign:
            names = [n.id for t in statement.targets for n in ast.walk(t) if type(n) is ast.Name]  # type: ignore[attr-defined]
        elif kind is ast.AnnAssign or kind is ast.AugAssign:
            names = [statement.target.id] if type(statement.target) is ast.Name else []  # type: ignore[attr-defined]
        elif kind in (ast.FunctionDef, ast.AsyncFunctionDef):
            if _APP_FACTORY.match(statement.name):  # type: ignore[attr-defined]
                return True  # ``gunicorn "shop:create_app()"``
            continue
        else:
            continue
        # an app is an object (``app``, ``application``, ``APP``), not a class (``App``)
        if any(app_word(name) and not (name[:1].isupper() and not name.isupper()) for name in names):
            return True
    return False


def may_act_on_project(tree: ast.Module, ctx: Context) -> bool:
    """The project gate: the transform's checks that need no LibCST, in its order. Something
    says the project runs under gunicorn; no command names another module that exists; and
    when no command names this one, it creates a Flask app (``flask.Flask`` by qualified name,
    as FlaskIndex finds one): the transform then looks for a served app of its own."""
    project = GunicornProject.read(ctx)
    if project is None:
        return False
    named = named_by_command(project, ctx)[0]
    if named is False:
        return False
    return named is True or creates_flask_app(tree)

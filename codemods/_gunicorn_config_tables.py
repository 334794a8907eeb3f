"""gunicorn-config: an app that creates its database tables as each worker loads it.

``create_all()`` (Flask-SQLAlchemy's ``db.create_all()``, SQLAlchemy's
``metadata.create_all(engine)``) run while the app is loaded — at import of the module that
creates the Flask app, in the function that creates it, or in a function of the same module
that one calls by name (``register_extensions(app)``) — runs in every worker gunicorn starts
without ``--preload``.
On an empty database, workers that start at once each find no table and each create it: all
but one fail (PostgreSQL: a duplicate key of ``pg_type``; SQLite: the table already exists),
and a worker that fails as it boots stops gunicorn. The count the app runs with now (one
worker, ``WEB_CONCURRENCY``, or the command line's ``-w``) is what it was tried with; a file
that sets ``workers`` to ``2 x CPUs + 1`` where no command line sets it makes that first start
fail. A ``create_all()`` in a command (a function defined inside the factory, such as an
``@app.cli.command()``), in a function the factory does not call, under ``if __name__ ==
"__main__":``, or in a script that imports the app to create its tables (``create_db.py``,
run by hand) is not run by a worker and does not count; one in a function of another module
is not followed.
"""

from __future__ import annotations

import ast
import re
from typing import Iterator

from ._base import Context
from ._gunicorn_config_folders import GunicornProject
from ._gunicorn_config_preload import split_by_preload
from ._gunicorn_config_process_calls import own_nodes
from ._project_view import application_modules, parsed

_CREATE_ALL = re.compile(r"\bcreate_all\b")
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def tables_race(ctx: Context, own_code: str, project: GunicornProject, given: dict[str, str]) -> str | None:
    """The finding for an app whose workers would create its tables at once: the file would
    set ``workers`` (no command line sets it), some start of gunicorn does not preload the
    app, and the app creates its tables as it loads; None otherwise."""
    if "workers" in given or not split_by_preload(ctx, project)[1]:
        return None
    where = tables_made_at_load(ctx, own_code)
    if where is None:
        return None
    return (
        f"the app creates its database tables as each worker loads it ({where}: create_all()), and gunicorn "
        "loads it in each worker (no --preload): the workers this file would start at once would each find an "
        "empty database without tables and create them, all but one would fail, and a worker that fails as it "
        "boots stops gunicorn; nothing generated (create the tables once before gunicorn starts, with a command "
        "or a migration, then add the file)"
    )


def tables_made_at_load(ctx: Context, own_code: str) -> str | None:
    """``path:line`` of the first ``create_all()`` the app runs while it loads, in the
    project's application code (this module's own code when the project's files are
    unknown); None when there is none."""
    modules = application_modules(ctx, _CREATE_ALL) if ctx.project_files() is not None else [(ctx.path, own_code)]
    for path, text in modules:
        tree = parsed(text)
        for node in _run_at_load(tree) if tree is not None else ():
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "create_all":
                return f"{path}:{node.lineno}"
    return None


def _run_at_load(tree: ast.Module) -> Iterator[ast.AST]:
    """The nodes of ``tree`` that run while the app loads: the module's own statements (not
    under ``if __name__ == "__main__":``) where they create the Flask app (a script that
    imports the app to create its tables, ``create_db.py``, is run by hand), the own bodies of
    its functions that create a Flask app, and those of its functions that these call by name."""
    functions = {statement.name: statement for statement in tree.body if isinstance(statement, _FUNCTIONS)}
    for statement in tree.body if _creates_flask_app(tree) else ():
        if not isinstance(statement, (*_FUNCTIONS, ast.ClassDef)) and not _is_main_test(statement):
            yield statement
            yield from own_nodes(statement)
    factories = [function for function in functions.values() if _creates_flask_app(function)]
    called = {
        node.func.id
        for factory in factories
        for node in own_nodes(factory)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in functions
    }
    for function in [*factories, *(functions[name] for name in sorted(called))]:
        yield from own_nodes(function)


def _creates_flask_app(function: ast.AST) -> bool:
    """Whether ``function``'s own body (a module's own statements) calls ``Flask(...)``."""
    for node in own_nodes(function):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name == "Flask":
                return True
    return False


def _is_main_test(statement: ast.stmt) -> bool:
    """``if __name__ == "__main__":``."""
    test = statement.test if isinstance(statement, ast.If) else None
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and len(test.comparators) == 1
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == "__main__"
    )

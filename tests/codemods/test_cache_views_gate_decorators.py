"""cache-views' project stage on views carrying a decorator of another module of the project
whose scan surely meets a settled problem first (codemods/_cache_views_decorator_gate.py,
codemods/_cache_views_first_problem.py). Such a module is not parsed, and the codemod, gates
forced open, leaves it alone without a word; where the decorator's first problem may be an
open one, the module is let through, and a view that is said still is."""

from __future__ import annotations

import ast

import pytest

from gate_checks import in_project
from flask_codemod.codemods._cache_views_decorator_gate import settling_decorators

NAME = "cache-views"

_VIEWS = """
from flask import Flask, render_template
{imports}
from shop import catalogue

app = Flask(__name__)


@app.route("/list")
@{decorator}
def listing():
    return render_template("list.html", rows=sorted(catalogue.rows()))
"""
_TEMPLATE = "{% for row in rows %}{{ row }}{% endfor %}"
_WRAPPERS = '''
import functools
from functools import wraps
from flask import request, current_app, make_response, flash
from shop.audit import record


def tagged(f):
    @functools.wraps(f)
    def wrapped(*args, **kwargs):
        """Only for reads."""
        assert request.method in ["GET", "HEAD"], "reads only"
        return f(*args, **kwargs)
    return wrapped


def paged(largest=10):
    def decorator(f):
        @wraps(f)
        def wrapped(*args, **kwargs):
            page = request.args.get("page", 1, type=int)
            return f(*args, page=min(page, largest), **kwargs)
        return wrapped
    return decorator


def logged(f):
    @wraps(f)
    def wrapped(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except Exception as error:
            where = " ".join([request.method, request.path])
            raise RuntimeError(where) from error
    return wrapped


def compact(f):
    @wraps(f)
    def wrapped(*args, **kwargs):
        current_app.config["COMPACT"] = True
        return f(*args, **kwargs)
    return wrapped


def keyed(*args, **kwargs):
    kwargs.update(prefix="page")
    return functools.partial(record, *args, **kwargs)


def flashed(f):
    @wraps(f)
    def wrapped(*args, **kwargs):
        flash(record("seen"))
        return f(*args, **kwargs)
    return wrapped


def copy(*args, **kwargs):
    kwargs.update(prefix="page")
    return record


def odd(*args, **kwargs):
    kwargs.frobnicate()
    assert request.method == "GET"
    return record


def audited(f):
    @wraps(f)
    def wrapped(*args, **kwargs):
        record(f.__name__)
        assert request.method == "GET"
        return f(*args, **kwargs)
    return wrapped


def counted(f):
    @wraps(f)
    def wrapped(*args, **kwargs):
        for _ in range(2):
            pass
        assert request.method == "GET"
        return f(*args, **kwargs)
    return wrapped


def headed(f):
    @wraps(f)
    def wrapped(*args, **kwargs):
        response = make_response(f(*args, **kwargs))
        response.headers.add("X-Seen", "1")
        assert request.method == "GET"
        return response
    return wrapped


def typed(f) -> object:
    @wraps(f)
    def wrapped(*args, **kwargs):
        assert request.method == "GET"
        return f(*args, **kwargs)
    return wrapped


def shadowed(f):
    @wraps(f)
    def wrapped(*args, **kwargs):
        request = f.__globals__
        assert request.method == "GET"
        return f(*args, **kwargs)
    return wrapped


def plain(f):
    @wraps(f)
    def wrapped(*args, **kwargs):
        return f(*args, **kwargs)
    return wrapped


def limit(f):
    @wraps(f)
    def wrapped(*args, **kwargs):
        assert request.method == "GET"
        return f(*args, **kwargs)
    return wrapped
'''
_AUDIT = "def record(name):\n    return name\n"


def _project(imports: str, decorator: str, **other: str) -> dict[str, str]:
    files = {
        "shop/views.py": _VIEWS.format(imports=imports, decorator=decorator),
        "shop/templates/list.html": _TEMPLATE,
        "shop/wrappers.py": _WRAPPERS,
        "shop/audit.py": _AUDIT,
    }
    files.update(other)
    return files


@pytest.mark.parametrize(
    "imports, decorator",
    [
        # the wrapper reads the request before anything else
        ("from .wrappers import tagged", "tagged"),
        # a decorator made by a call, whose wrapper is two functions down
        ("from .wrappers import paged", "paged()"),
        ("from shop.wrappers import paged as pages", "pages(largest=5)"),
        # past the call of the view itself and a handler's library name
        ("from .wrappers import logged", "logged"),
        # a change of the app's config: an effect
        ("from .wrappers import compact", "compact"),
        # a change of an argument: an effect, whatever the call of the project after it
        ("from .wrappers import keyed", "keyed(60)"),
        # a call judged before its arguments: flashing a message writes to the session
        ("from .wrappers import flashed", "flashed"),
        # through the module, imported by its name
        ("from . import wrappers", "wrappers.tagged"),
        ("import shop.wrappers as wrappers", "wrappers.paged()"),
        # an annotation read first: a builtin, then the request
        ("from .wrappers import typed", "typed"),
    ],
)
def test_a_view_a_decorator_of_another_module_settles_is_not_parsed(imports, decorator) -> None:
    asked, output = in_project(NAME, _project(imports, decorator), "shop/views.py")
    assert output == []
    assert not asked


@pytest.mark.parametrize(
    "imports, decorator, other",
    [
        # a call of the project's before the request: its first problem may be an open one
        ("from .wrappers import audited", "audited", {}),
        # a method of an argument the scan cannot see into, first
        ("from .wrappers import odd", "odd(1)", {}),
        # a loop first: the scan asks what it iterates
        ("from .wrappers import counted", "counted", {}),
        # a method of a local first: the scan asks what the local is
        ("from .wrappers import headed", "headed", {}),
        # the request's name is the wrapper's own there
        ("from .wrappers import shadowed", "shadowed", {}),
        # settles nothing
        ("from .wrappers import plain", "plain", {}),
        # spelled as a rate limit: read by its spelling alone
        ("from .wrappers import limit", "limit", {}),
        # bound twice in its module's global scope
        ("from .twice import tagged", "tagged",
         {"shop/twice.py": "from flask import request\n\ndef tagged(f):\n    assert request.method\n    return f\n\n"
          "if request:\n    tagged = None\n"}),
        # a re-export: resolved further than the stage follows
        ("from .api import tagged", "tagged", {"shop/api.py": "from .wrappers import tagged\n"}),
        # a function of the views module itself (the scan reads its request otherwise)
        ("from flask import request\n\n\ndef here(f):\n    assert request.method\n    return f\n", "here", {}),
    ],
)
def test_a_decorator_not_surely_settling_first_is_let_through(imports, decorator, other) -> None:
    asked, _output = in_project(NAME, _project(imports, decorator, **other), "shop/views.py")
    assert asked


@pytest.mark.parametrize(
    "imports, decorator",
    [
        ("from .wrappers import plain", "plain"),
        # named as a pure module: the scan takes its locals' methods (``copy.<locals>.kwargs.update``) for pure
        ("from .wrappers import copy", "copy(60)"),
    ],
)
def test_a_view_whose_decorator_settles_nothing_is_still_said(imports, decorator) -> None:
    asked, output = in_project(NAME, _project(imports, decorator), "shop/views.py")
    assert asked
    assert any("catalogue.rows()" in line for line in output), output


def test_the_table_of_settling_decorators_reads_each_function_alone() -> None:
    assert settling_decorators(ast.parse(_WRAPPERS)) == frozenset(
        {"tagged", "paged", "logged", "compact", "keyed", "flashed", "limit", "typed"}
    )


# a decorator whose return annotation reads a name its module binds to an object the analysis
# does not know: the scan reads annotations, and takes that name for state that may change
_TYPED = '''
from typing import Any, Callable, TypeVar
{extra}
Wrapped = {typevar}
{rebound}

def stamped(label: str = "page") -> Callable[[Wrapped], Wrapped]:
    def decorator(f):
        return f
    return decorator


def checked(label: {annotation} = "page") -> Callable[..., Any]:
    def decorator(f):
        return f
    return decorator
'''


def _typed(extra: str = "", rebound: str = "", annotation: str = "str", bound: str = "Callable[..., Any]") -> str:
    typevar = f'TypeVar("Wrapped", bound={bound})' if bound else 'TypeVar("Wrapped")'
    return _TYPED.format(extra=extra, rebound=rebound, annotation=annotation, typevar=typevar)


@pytest.mark.parametrize(
    "decorator, typed",
    [
        # the return annotation reads the type variable
        ("stamped()", _typed()),
        # a parameter's annotation does, before the return annotation
        ("checked()", _typed(annotation="Wrapped")),
    ],
)
def test_a_decorator_reading_its_module_state_in_an_annotation_is_not_parsed(decorator, typed) -> None:
    imports = f"from .typed import {decorator.split('(')[0]}"
    asked, output = in_project(NAME, _project(imports, decorator, **{"shop/typed.py": typed}), "shop/views.py")
    assert output == []
    assert not asked


@pytest.mark.parametrize(
    "decorator, typed",
    [
        # the type variable bound twice: the stage does not read which binding the scan takes
        ("stamped()", _typed(rebound='Wrapped = TypeVar("Wrapped")')),
        # a type variable of constants only: a value to the analysis (a pure call of constants)
        ("stamped()", _typed(bound="")),
        # a function of the project in the annotation, read first: the scan follows it
        ("checked()", _typed(extra="from shop.audit import record", annotation="record")),
    ],
)
def test_a_decorator_whose_annotation_may_not_settle_first_is_let_through(decorator, typed) -> None:
    imports = f"from .typed import {decorator.split('(')[0]}"
    asked, _output = in_project(NAME, _project(imports, decorator, **{"shop/typed.py": typed}), "shop/views.py")
    assert asked


def test_a_view_whose_decorator_reads_only_library_names_in_annotations_is_still_said() -> None:
    project = _project("from .typed import checked", "checked()", **{"shop/typed.py": _typed()})
    asked, output = in_project(NAME, project, "shop/views.py")
    assert asked
    assert any("catalogue.rows()" in line for line in output), output


def test_the_table_of_settling_decorators_reads_the_state_it_is_given() -> None:
    tree = ast.parse(_typed(annotation="Wrapped"))
    assert settling_decorators(tree) == frozenset()
    assert settling_decorators(tree, frozenset({"Wrapped"})) == frozenset({"stamped", "checked"})

"""cache-views' project stage on views that call a function of another module which settles
their refusal only through a THIRD module (codemods/_cache_views_settling_imports.py,
``settling_across``), and the planner's budget of modules, which never counts a load from a
module the view's module names (codemods/_cache_views_module_reach.py, ``Project.named_here``).
Such a module is not parsed, and the codemod, gates forced open, leaves it alone without a
word; where the chain crosses twice, or nothing settles at its end, the module is let through."""

from __future__ import annotations

import ast

import pytest

from gate_checks import in_project
from flask_codemod.codemods._cache_views_module_reach import modules_named, reachable_names
from flask_codemod.codemods._cache_views_project import MAX_MODULES, Project, SourceModule

NAME = "cache-views"

_VIEWS = """
from flask import Flask, render_template
from shop import catalogue
{imports}

app = Flask(__name__)


{helper}
@app.route("/list")
def listing():
    {call}
    return render_template("list.html", rows=sorted(catalogue.rows()))
"""
_AUTH = """
from shop.other import other_account, plain, vault, relayed
{imports}


def elsewhere():
    return other_account()


def doubled(value):
    return plain(value)


def kept():
    return vault.rows


def twice():
    return relayed()
"""
_OTHER = """
from flask import session
from pymongo import MongoClient

from shop.third import third_account

vault = MongoClient()


def other_account():
    return session["user"]


def plain(value):
    return value * 2


def relayed():
    return third_account()
"""
_THIRD = "from flask import session\n\n\ndef third_account():\n    return session['user']\n"


def _project(call: str, helper: str = "", auth_imports: str = "", **other: str) -> dict[str, str]:
    files = {
        "shop/views.py": _VIEWS.format(imports="from .auth import elsewhere, doubled, kept, twice", helper=helper, call=call),
        "shop/templates/list.html": "{% for row in rows %}{{ row }}{% endfor %}",
        "shop/auth.py": _AUTH.format(imports=auth_imports),
        "shop/other.py": _OTHER,
        "shop/third.py": _THIRD,
    }
    files.update(other)
    return files


@pytest.mark.parametrize(
    "call, helper",
    [
        # the second module's function calls a third's that reads the session
        ("user = elsewhere()", ""),
        # ... reads a name the third binds to a library's object
        ("catalogue.note(kept())", ""),
        # ... through a helper of the view's own module
        ("user = load()", "def load():\n    return elsewhere()\n\n"),
    ],
)
def test_a_view_settled_through_a_third_module_is_not_parsed(call, helper) -> None:
    asked, output = in_project(NAME, _project(call, helper), "shop/views.py")
    assert output == []
    assert not asked


def _crowded(count: int) -> dict[str, str]:
    """``count`` more modules, every one of them imported by the second module."""
    names = [f"m{i}" for i in range(count)]
    files = {f"shop/{name}.py": "VALUE = 1\n" for name in names}
    return {"auth_imports": f"from . import {', '.join(names)}", **files}


def test_a_crossing_in_a_project_of_more_modules_than_the_budget_is_not_parsed() -> None:
    """A load from a module the view's module names is never counted: the third module is
    loaded whatever the analysis loaded before."""
    asked, output = in_project(NAME, _project("user = elsewhere()", **_crowded(MAX_MODULES + 2)), "shop/views.py")
    assert output == []
    assert not asked


@pytest.mark.parametrize(
    "call",
    [
        # the chain crosses twice (second -> third -> fourth): not followed
        "user = twice()",
        # the third module's function settles nothing
        "catalogue.note(doubled(2))",
    ],
)
def test_a_crossing_not_surely_followed_is_let_through(call) -> None:
    asked, _output = in_project(NAME, _project(call), "shop/views.py")
    assert asked


def test_a_view_crossing_to_a_function_that_settles_nothing_is_still_said() -> None:
    asked, output = in_project(NAME, _project("catalogue.note(doubled(2))"), "shop/views.py")
    assert asked
    assert any("catalogue.note()" in line for line in output), output  # (a library's: no file of the project)


# -- the modules a name leads to, and the planner's budget --------------------------------------------


def test_the_names_a_module_may_resolve_include_attribute_chains_through_imports() -> None:
    tree = ast.parse("import shop\nfrom . import auth as a\nfrom .x import *\n\ndef f():\n    return shop.db.rows, a.who.name\n")
    names = reachable_names(tree)
    assert {"shop", "shop.db", "shop.db.rows", ".auth", ".auth.who", ".auth.who.name", ".x", "."} <= names


def test_the_files_a_module_names_are_every_candidate_of_its_names() -> None:
    named = modules_named(ast.parse("from .auth import account\n\ndef f():\n    import shop.db\n"))
    assert {"auth/account.py", "auth.py", "auth/__init__.py", "__init__.py", "shop/db.py", "../shop/db.py", "shop.py"} <= named
    assert "other.py" not in named


def test_a_load_from_a_module_the_transformed_module_names_is_not_counted() -> None:
    files = {"auth.py": "from .other import f\n", "other.py": "from .far import g\n\ndef f():\n    return g()\n", "far.py": "def g():\n    return 1\n"}
    here = SourceModule("", None, stdlib_tree=ast.parse("from .auth import account\n"))  # type: ignore[arg-type]
    project = Project(files.get, here)
    project.parsed = MAX_MODULES
    auth = project.resolve(here, ".auth")
    assert auth is not None
    other = project.resolve(auth.module, ".other.f")  # named by auth: loaded, not counted
    assert other is not None and other.name == "f"
    assert project.parsed == MAX_MODULES
    assert project.resolve(other.module, ".far.g") is None  # from a module two away: counted, over budget

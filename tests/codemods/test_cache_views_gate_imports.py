"""cache-views' project stage on views that call a function of another module of the project
whose own body settles their refusal (codemods/_cache_views_settling_imports.py). Such a
module is not parsed, and the codemod, gates forced open, leaves it alone without a word;
where the scan might reach the function otherwise, or not settle there, the module is let
through, and a view that is cached or said still is."""

from __future__ import annotations

import ast

import pytest

from gate_checks import in_project
from flask_codemod.codemods._cache_views_project import MAX_MODULES, Project, SourceModule
from flask_codemod.codemods._cache_views_settled_body import CHAIN_DEPTH
from flask_codemod.codemods._cache_views_settling_imports import settling_functions

NAME = "cache-views"

_VIEWS = """
from flask import Flask, render_template
{imports}
from shop import catalogue

app = Flask(__name__)


@app.route("/list")
def listing():
    {call}
    return render_template("list.html", rows=sorted(catalogue.rows()))
"""
_TEMPLATE = "{% for row in rows %}{{ row }}{% endfor %}"
_AUTH = """
from flask import session, request, redirect
from pymongo import MongoClient

from shop.other import other_account

client = MongoClient()


def account():
    return session.get("user")


def agent():
    return request.user_agent


def away():
    return redirect("/")


def plain(value):
    return value * 2


def language():
    return request.args.get("lang", "en")


def stored():
    return client.rows


def through():
    return account()


def relay():
    return through()


def elsewhere():
    return other_account()
"""


def _project(imports: str, call: str, **other: str) -> dict[str, str]:
    files = {
        "shop/views.py": _VIEWS.format(imports=imports, call=call),
        "shop/templates/list.html": _TEMPLATE,
        "shop/auth.py": _AUTH,
    }
    files.update(other)
    return files


@pytest.mark.parametrize(
    "imports, call",
    [
        ("from .auth import account", "user = account()"),
        ("from shop.auth import account as who", "catalogue.note(who())"),
        ("from .auth import agent", "catalogue.note(agent())"),
        ("from .auth import away", "if catalogue.closed():\n        return away()"),
        # another module's read of the request, the query string included
        ("from .auth import language", "catalogue.note(language())"),
        # a name of the other module bound to a library's object
        ("from .auth import stored", "catalogue.note(stored())"),
        # through the module, imported by its name
        ("from . import auth", "auth.account()"),
        # settling only through a function of its module it calls, or a chain of them
        ("from .auth import through", "through()"),
        ("from .auth import relay", "catalogue.note(relay())"),
        ("from . import auth", "auth.through()"),
        ("import shop.auth as auth", "catalogue.note(auth.agent())"),
        ("from shop import auth as guard", "catalogue.note(guard.stored())"),
    ],
)
def test_a_view_calling_a_settling_function_of_another_module_is_not_parsed(imports, call) -> None:
    asked, output = in_project(NAME, _project(imports, call), "shop/views.py")
    assert output == []
    assert not asked


@pytest.mark.parametrize(
    "imports, call, other",
    [
        # settles only through a function of another module, which calls one of a fourth
        # (one crossing is followed: test_cache_views_gate_crossing.py)
        ("from .auth import elsewhere", "elsewhere()",
         {"shop/other.py": "from shop.fourth import account\n\ndef other_account():\n    return account()\n",
          "shop/fourth.py": "from flask import session\n\ndef account():\n    return session['u']\n"}),
        # calls a function of its own that only shares a name with a settling one: the module
        # binds the name twice
        ("from .inner import nested", "nested()",
         {"shop/inner.py": "from flask import session\n\ndef account():\n    return session['u']\n\n"
          "def nested():\n    def account():\n        return 1\n    return account()\n"}),
        # settles nothing
        ("from .auth import plain", "plain(1)", {}),
        # called in a function of the view's own: not the view's body
        ("from .auth import account", "later = lambda: account()", {}),
        # a re-export: resolved further than the stage follows
        ("from .api import account", "account()", {"shop/api.py": "from .auth import account\n"}),
        # bound twice in the module that defines it
        ("from .twice import account", "account()",
         {"shop/twice.py": "from flask import session\n\ndef account():\n    return session['u']\n\naccount = None\n"}),
        # (changed through in the module that defines it: the planner takes it for state,
        # test_cache_views_gate_imported_kinds.py)
        # the views module binds the name otherwise too
        ("from .auth import account\nif catalogue.old:\n    account = catalogue.who", "account()", {}),
        # the object's class comes from the project, built on another of its classes: its
        # kind is the scan's to say (test_cache_views_gate_helpers.py, "objects the project makes")
        ("from .store import stored", "stored()",
         {"shop/store.py": "from shop.client import Client\n\nclient = Client()\n\ndef stored():\n    return client.rows\n",
          "shop/client.py": "from shop.base import Base\n\n\nclass Client(Base):\n    rows = ()\n",
          "shop/base.py": "class Base:\n    pass\n"}),
        # through the module, a function that settles nothing
        ("from . import auth", "auth.plain(1)", {}),
        # through the module, in a function of the view's own
        ("from . import auth", "later = lambda: auth.account()", {}),
        # the imported name is no module of the project but a name another module binds
        ("from .api import auth", "auth.account()", {"shop/api.py": "from . import auth as auth\n"}),
        # through a module of a module: the scan asks the package, not the submodule
        ("import shop.auth", "shop.auth.account()", {}),
    ],
)
def test_a_call_not_surely_followed_to_a_settled_read_is_let_through(imports, call, other) -> None:
    asked, _output = in_project(NAME, _project(imports, call, **other), "shop/views.py")
    assert asked


@pytest.mark.parametrize("imports, call", [("from .auth import plain", "plain(1)"), ("from . import auth", "auth.plain(1)")])
def test_a_view_calling_a_function_that_settles_nothing_is_still_said(imports, call) -> None:
    asked, output = in_project(NAME, _project(imports, call), "shop/views.py")
    assert asked
    assert any("catalogue.rows()" in line for line in output), output


def test_the_table_of_settling_functions_follows_calls_within_the_module_alone() -> None:
    found = settling_functions(ast.parse(_AUTH))
    assert found == frozenset({"account", "agent", "away", "language", "through", "relay"})


def test_a_chain_of_helpers_longer_than_the_table_follows_is_not_taken() -> None:
    hops = [f"def hop_{i}():\n    return hop_{i + 1}()\n" for i in range(1, CHAIN_DEPTH + 1)]
    text = "from flask import session\n\n" + "\n".join(hops) + f"\ndef hop_{CHAIN_DEPTH + 1}():\n    return session['u']\n"
    found = settling_functions(ast.parse(text))
    assert found == frozenset(f"hop_{i}" for i in range(2, CHAIN_DEPTH + 2))


def test_a_module_the_transformed_module_names_is_loaded_whatever_was_loaded_before() -> None:
    """The budget of modules counts only those reached from other modules: whether a name of
    the transformed module resolves does not depend on the order the analysis asked."""
    files = {"auth.py": _AUTH, "other.py": "def f():\n    return 1\n"}
    here = SourceModule("", None)  # type: ignore[arg-type]
    project = Project(files.get, here)
    project.parsed = MAX_MODULES
    found = project.resolve(here, ".auth.account")
    assert found is not None and found.name == "account"
    assert project.parsed == MAX_MODULES
    assert project.resolve(found.module, ".other.f") is None  # from another module: counted, over budget


_DB = "from pymongo import MongoClient\n\nclient = MongoClient()\nROWS = [3, 1, 2]\n"


@pytest.mark.parametrize(
    "imports, call",
    [
        ("from .db import client", "catalogue.note(client.rows.find())"),
        ("from shop.db import client as mongo", "rows = mongo.rows"),
    ],
)
def test_a_view_reading_another_modules_library_object_is_not_parsed(imports, call) -> None:
    asked, output = in_project(NAME, _project(imports, call, **{"shop/db.py": _DB}), "shop/views.py")
    assert output == []
    assert not asked


@pytest.mark.parametrize(
    "imports, call, db",
    [
        # a literal tuple: a value the scan knows (a list there is a container other modules
        # may change: test_cache_views_gate_imported_kinds.py)
        ("from .db import ROWS", "catalogue.note(ROWS)", _DB.replace("[3, 1, 2]", "(3, 1, 2)")),
        # bound twice there: which binding is read is the scan's to say
        ("from .db import client", "catalogue.note(client)", _DB + "client = None\n"),
        # an object of a class of the project built on another (its chain is the scan's to
        # read; one on builtins is state: test_cache_views_gate_helpers.py)
        ("from .db import client", "catalogue.note(client)",
         "from shop.store import Store\n\nclient = Store()\n"),
        # read in a function of the view's own
        ("from .db import client", "later = lambda: client", _DB),
    ],
)
def test_a_read_of_what_may_be_known_in_another_module_is_let_through(imports, call, db) -> None:
    store = "from shop.base import Base\n\n\nclass Store(Base):\n    pass\n"
    files = _project(imports, call, **{"shop/db.py": db, "shop/store.py": store, "shop/base.py": "class Base:\n    pass\n"})
    asked, _output = in_project(NAME, files, "shop/views.py")
    assert asked

"""cache-views' project stage on views that reach a settled refusal through a chain of helpers
of their own module (codemods/_cache_views_helper_chains.py). Such a module is not parsed,
and the codemod, gates forced open, leaves it alone without a word; where the chain may not
be followed to its end, or ends in nothing settled, the module is let through."""

from __future__ import annotations

import pytest

from gate_checks import in_project
from flask_codemod.codemods._cache_views_settled_body import CHAIN_DEPTH

NAME = "cache-views"

_VIEWS = """
import datetime

from flask import Flask, render_template
from pymongo import MongoClient
{imports}
from shop import catalogue

app = Flask(__name__)
client = MongoClient()


{helpers}


@app.route("/list")
def listing():
    {call}
    return render_template("list.html", rows=sorted(catalogue.rows()))
"""
_TEMPLATE = "{% for row in rows %}{{ row }}{% endfor %}"
_AUTH = "from flask import session\n\n\ndef account():\n    return session.get('user')\n"
_DB = "from pymongo import MongoClient\n\nstore = MongoClient()\n"


def _project(helpers: str, call: str, imports: str = "", **other: str) -> dict[str, str]:
    files = {
        "shop/views.py": _VIEWS.format(imports=imports, helpers=helpers, call=call),
        "shop/templates/list.html": _TEMPLATE,
        "shop/auth.py": _AUTH,
        "shop/db.py": _DB,
    }
    files.update(other)
    return files


_STAMP = "def stamp():\n    return datetime.datetime.now()\n\n\ndef note(what):\n    return (what, stamp())\n"


@pytest.mark.parametrize(
    "helpers, call, imports",
    [
        # a helper reaching the clock through another helper of the module
        (_STAMP, "note('list')", ""),
        (_STAMP + "\n\ndef audit():\n    return note('audit')\n", "catalogue.keep(audit())", ""),
        # a helper calling a settling function of another module
        ("def who():\n    return account()\n", "who()", "from .auth import account"),
        ("def who():\n    return auth.account()\n\n\ndef greet():\n    return who()\n", "greet()", "from . import auth"),
        # a helper reaching a name bound to a library's object, of the module or imported
        ("def rows():\n    return client.rows\n\n\ndef count():\n    return len(rows())\n", "count()", ""),
        ("def rows():\n    return store.rows\n\n\ndef count():\n    return len(rows())\n", "count()", "from .db import store"),
    ],
)
def test_a_view_reaching_a_settled_reason_through_helpers_of_its_module_is_not_parsed(helpers, call, imports) -> None:
    asked, output = in_project(NAME, _project(helpers, call, imports), "shop/views.py")
    assert output == []
    assert not asked


@pytest.mark.parametrize(
    "helpers, call, imports",
    [
        # the chain ends in nothing settled
        ("def double(value):\n    return value * 2\n\n\ndef note(what):\n    return double(what)\n", "note(1)", ""),
        # the settling helper called only in a lambda of the helper: never run by the call
        ("def stamp():\n    return datetime.datetime.now()\n\n\ndef note():\n    return lambda: stamp()\n",
         "note()", ""),
        # the chain called only in a function of the view's own
        (_STAMP, "later = lambda: note('list')", ""),
        # the helper bound twice in the module
        (_STAMP + "\n\nif catalogue.old:\n    note = catalogue.note\n", "note('list')", ""),
        # a chain longer than the stage follows
        ("\n\n".join(
            [f"def hop_{i}():\n    return hop_{i + 1}()\n" for i in range(1, CHAIN_DEPTH + 1)]
            + [f"def hop_{CHAIN_DEPTH + 1}():\n    return datetime.datetime.now()\n"]
        ), "hop_1()", ""),
        # a helper of another module settling only through a third and a fourth module: left
        # to the planner (one crossing is followed: test_cache_views_gate_crossing.py)
        ("def who():\n    return relay()\n", "who()", "from .relay import relay"),
    ],
)
def test_a_chain_not_surely_followed_to_a_settled_reason_is_let_through(helpers, call, imports) -> None:
    other = {
        "shop/relay.py": "from .onward import onward\n\n\ndef relay():\n    return onward()\n",
        "shop/onward.py": "from .auth import account\n\n\ndef onward():\n    return account()\n",
    }
    asked, _output = in_project(NAME, _project(helpers, call, imports, **other), "shop/views.py")
    assert asked

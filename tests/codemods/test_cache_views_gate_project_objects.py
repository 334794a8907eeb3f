"""cache-views' project stage on a name bound to an object the project makes
(codemods/_cache_views_state_gate.py, ``made_by_the_project``): ``manager = KeyManager()``
with ``KeyManager`` a class of the project, or ``SESSION = lib.create_session(...)`` with a
function of the project. The analysis knows the app, the database and the caches by their
names (or a class of the project by a cache class among its bases); anything else a call
makes is state that may change while a page is cached, and a view reading it is left alone
without a word. Such a module is not parsed, and the codemod, gates open, says nothing of
it; where the callee may be a known object (a class built on a cache class or on another
class of the project, a re-export, a name bound in a block), the module is let through."""

from __future__ import annotations

import pytest

from gate_checks import in_project

NAME = "cache-views"

_VIEW = """
from flask import Flask, render_template
{imports}

app = Flask(__name__)
{binding}


@app.route("/list")
def listing():
    return render_template("list.html", rows=sorted({read}))
"""
_TEMPLATE = "{% for row in rows %}{{ row }}{% endfor %}"
_STORE = "class Store{bases}:\n    def rows(self):\n        return [3, 1, 2]\n"


def _project(imports: str, binding: str, read: str, **other: str) -> dict[str, str]:
    view = _VIEW.format(imports=imports, binding=binding, read=read)
    # requirements.txt: where the tool can add Flask-Caching
    files = {"shop/views.py": view, "shop/templates/list.html": _TEMPLATE, "requirements.txt": "flask\n"}
    return {**files, **{path.replace("__", "/") + ".py": text for path, text in other.items()}}


@pytest.mark.parametrize(
    "imports, binding, other",
    [
        # a class of the project with no base, or builtins' and libraries' bases
        ("from shop.store import Store", "store = Store()", {"shop__store": _STORE.format(bases="")}),
        ("from shop.store import Store", "store = Store()", {"shop__store": _STORE.format(bases="(object)")}),
        (
            "from shop.store import Store",
            "store = Store()",
            {"shop__store": "from collections import OrderedDict\n\n\n" + _STORE.format(bases="(OrderedDict)")},
        ),
        # by a relative import
        ("from .store import Store", "store = Store()", {"shop__store": _STORE.format(bases="")}),
        # made by a function of the project, by its name or through its module
        ("from shop.db import open_store", "store = open_store()", {"shop__db": "def open_store():\n    return 1\n"}),
        ("from shop import db", "store = db.open_store('x')", {"shop__db": "def open_store(name):\n    return 1\n"}),
        # a value bound at the top of the callee's module (never a class to the analysis)
        ("from shop.db import open_store", "store = open_store()", {"shop__db": "open_store = dict\n"}),
    ],
)
def test_a_view_reading_an_object_the_project_makes_is_not_parsed(imports, binding, other) -> None:
    asked, output = in_project(NAME, _project(imports, binding, "store.rows()", **other), "shop/views.py")
    assert output == []
    assert not asked


def test_an_object_the_project_makes_read_through_an_import_is_not_parsed() -> None:
    """``from shop.services import store``, where services.py binds ``store = Store()``: the
    scan resolves the import to that binding and takes its value for state."""
    services = "from shop.store import Store\n\nstore = Store()\n"
    files = _project("from shop.services import store", "", "store.rows()",
                     shop__services=services, shop__store=_STORE.format(bases=""))
    asked, output = in_project(NAME, files, "shop/views.py")
    assert output == []
    assert not asked


def test_a_function_of_another_module_reading_an_object_the_project_makes_settles() -> None:
    """The view calls ``stored()`` of store.py, which reads ``client = Client()`` there, a
    class of the project: the scan follows the call and refuses the view for that state."""
    store = "from shop.client import Client\n\nclient = Client()\n\n\ndef stored():\n    return client.rows\n"
    files = _project("from shop.store import stored", "", "stored()",
                     shop__store=store, shop__client="class Client:\n    rows = ()\n")
    asked, output = in_project(NAME, files, "shop/views.py")
    assert output == []
    assert not asked


@pytest.mark.parametrize(
    "imports, binding, other",
    [
        # a class built on a cache class: the analysis knows its objects for caches
        (
            "from shop.store import Store",
            "store = Store()",
            {"shop__store": "from flask_caching import Cache\n\n\n" + _STORE.format(bases="(Cache)")},
        ),
        # built on another class of the project: the chain is the scan's to read
        (
            "from shop.store import Store",
            "store = Store()",
            {"shop__store": "from shop.base import Base\n\n\n" + _STORE.format(bases="(Base)"),
             "shop__base": "class Base:\n    pass\n"},
        ),
        # a re-export: the scan follows it, perhaps to such a class
        ("from shop.store import Store", "store = Store()",
         {"shop__store": "from shop.real import Store\n", "shop__real": _STORE.format(bases="")}),
        # bound in a block, which the scan's reading of the module's top does not see
        ("from shop.store import Store", "store = Store()",
         {"shop__store": "try:\n    from shop.real import Store\nexcept ImportError:\n    Store = None\n"}),
        # an attribute of a class (a class nested, a factory method): not read here
        ("from shop.store import Store", "store = Store.make()", {"shop__store": _STORE.format(bases="")}),
    ],
)
def test_a_view_reading_what_the_project_may_make_known_is_let_through(imports, binding, other) -> None:
    asked, _output = in_project(NAME, _project(imports, binding, "store.rows()", **other), "shop/views.py")
    assert asked

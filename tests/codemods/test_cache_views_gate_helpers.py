"""cache-views' gates on what a view reaches beyond its own body: a helper of the module it
calls whose own body settles the refusal (codemods/_cache_views_settled_body.py,
``settling_helper``), and a name of the module bound to a library's object, which the scan
takes for state that may change while a page is cached (codemods/_cache_views_state_gate.py).
A module whose every view is so settled is not parsed, and the codemod, gates forced open,
leaves it alone without a word; where the scan might judge the helper or the name otherwise,
the module is let through, and a view that is cached or said still is."""

from __future__ import annotations

import pytest

from gate_checks import accepts, assert_rejected_rightly, in_project

NAME = "cache-views"
_HEAD = (
    "from flask import Flask, render_template, session, g, request\nfrom shop import catalogue\n"
    "app = Flask(__name__)\n\n"
)
# a page that costs something to make and calls what the codemod cannot see into
_COSTLY = "render_template('a.html', rows=sorted(catalogue.rows()))"


def _view(name: str, *body: str) -> str:
    lines = "".join(f"    {line}\n" for line in body)
    return f"@app.route('/{name}')\ndef {name}():\n{lines}\n"


REJECTED = [
    # helpers of the module whose own bodies read the session, g, the request beyond its URL
    (
        _HEAD
        + "def cart_of_user():\n    return session.get('cart')\n\n"
        + "def db():\n    catalogue.touch()\n    return g.db\n\n"
        + "def agent():\n    return request.user_agent\n\n"
        + _view("cart", "items = cart_of_user()", f"return {_COSTLY[:-1]}, items=items)")
        + _view("rows", f"return {_COSTLY[:-1]}, db=db())")
        + _view("hello", "catalogue.note(agent())", f"return {_COSTLY}"),
        "views.py",
    ),
]
ACCEPTED = [
    # the helper's name bound twice (a method of the same name): not surely the helper
    (
        _HEAD + "def cart_of_user():\n    return session.get('cart')\n\n"
        "class A:\n    def cart_of_user(self):\n        return 1\n\n" + _view("cart", "cart_of_user()", f"return {_COSTLY}"),
        "views.py",
    ),
    # the module changes the helper (an attribute set on it): the scan takes it for state
    (
        _HEAD + "def cart_of_user():\n    return session.get('cart')\n\n"
        "def setup():\n    cart_of_user.ready = True\n\n" + _view("cart", "cart_of_user()", f"return {_COSTLY}"),
        "views.py",
    ),
    # the settled read in a function of the helper's own, or only in a helper of the helper
    (
        _HEAD + "def later():\n    def inner():\n        return session['x']\n    return inner\n\n"
        + _view("cart", "later()", f"return {_COSTLY}"),
        "views.py",
    ),
    (
        _HEAD + "def deep():\n    return session['x']\n\ndef shallow():\n    return deep()\n\n"
        + _view("cart", "shallow()", f"return {_COSTLY}"),
        "views.py",
    ),
    # a helper whose yield is no stream of the view's
    (_HEAD + "def rows():\n    yield 1\n\n" + _view("cart", "list(rows())", f"return {_COSTLY}"), "views.py"),
]


@pytest.mark.parametrize("source, path", REJECTED, ids=[f"rejected-{i}" for i in range(len(REJECTED))])
def test_views_settled_by_a_helper_of_the_module_are_not_parsed(source: str, path: str) -> None:
    assert_rejected_rightly(NAME, source, path)


@pytest.mark.parametrize("source, path", ACCEPTED, ids=[f"accepted-{i}" for i in range(len(ACCEPTED))])
def test_helpers_not_surely_followed_to_a_settled_read_are_let_through(source: str, path: str) -> None:
    assert accepts(NAME, source, path)


_STATE_VIEW = """
from flask import Flask, render_template
{imports}

app = Flask(__name__)
{binding}


@app.route("/list")
def listing():
    return render_template("list.html", rows=sorted({read}))
"""
_TEMPLATE = "{% for row in rows %}{{ row }}{% endfor %}"


def _project(imports: str, binding: str, read: str, **other: str) -> dict[str, str]:
    view = _STATE_VIEW.format(imports=imports, binding=binding, read=read)
    # requirements.txt: where the tool can add Flask-Caching
    return {"shop/views.py": view, "shop/templates/list.html": _TEMPLATE, "requirements.txt": "flask\n", **other}


@pytest.mark.parametrize(
    "imports, binding, read",
    [
        # an object of a library (no module of the project holds it)
        ("from pymongo import MongoClient", "client = MongoClient()", "client.shop.rows.find()"),
        ("import pymongo", "client = pymongo.MongoClient('mongodb://db')", "client.rows"),
        # a value the scan never knows: an attribute of something, a subscript
        ("import os", "ROWS = os.environ", "ROWS"),
        # made by a call through a name bound so itself: the analysis knows nothing of it
        ("from sqlalchemy.orm import sessionmaker", "Session = sessionmaker()\nsession = Session()",
         "session.query(1).all()"),
        ("import redis", "pool = redis.ConnectionPool()\nclient = pool.client()", "client.rows"),
    ],
)
def test_a_view_reading_a_library_object_bound_in_its_module_is_not_parsed(imports, binding, read) -> None:
    asked, output = in_project(NAME, _project(imports, binding, read), "shop/views.py")
    assert output == []
    assert not asked


def test_an_object_made_through_an_alias_of_a_project_class_is_taken_for_state() -> None:
    """The analysis takes a name bound to another name for nothing it knows, a class of the
    project included: what a call of it makes is state, and the view is refused for reading it."""
    store = "class Store:\n    def rows(self):\n        return [3, 1, 2]\n"
    files = _project("from shop.store import Store", "Maker = Store\nstore = Maker()", "store.rows()", **{"shop/store.py": store})
    asked, output = in_project(NAME, files, "shop/views.py")
    assert output == []
    assert not asked


def test_a_view_whose_helper_reads_a_library_object_is_not_parsed() -> None:
    view = _STATE_VIEW.format(
        imports="from pymongo import MongoClient", binding="client = MongoClient()\n\n\ndef rows():\n    return client.rows",
        read="rows()",
    )
    asked, output = in_project(NAME, {"shop/views.py": view, "shop/templates/list.html": _TEMPLATE}, "shop/views.py")
    assert output == []
    assert not asked


@pytest.mark.parametrize(
    "imports, binding, read, other",
    [
        # a class of the project built on another: its chain is the scan's to read (the
        # objects the project makes: below)
        ("from shop.store import Store", "store = Store()", "store.rows()",
         {"shop/store.py": "from shop.base import Base\n\n\nclass Store(Base):\n    pass\n",
          "shop/base.py": "class Base:\n    pass\n"}),
        # known objects and values: a pure call of constants, a literal
        ("import json", "ROWS = json.loads('[3, 1, 2]')", "ROWS", {}),
        ("", "ROWS = [3, 1, 2]", "ROWS", {}),
        # a call spelled as a pure function, through a name bound once: a value
        ("", "math = None\nROWS = math.floor(2.5)", "[ROWS]", {}),
        # through a name bound twice
        ("from sqlalchemy.orm import sessionmaker", "Session = sessionmaker()\nSession = None\nsession = Session()",
         "session.rows", {}),
    ],
)
def test_a_view_reading_what_may_be_known_is_let_through(imports, binding, read, other) -> None:
    asked, _output = in_project(NAME, _project(imports, binding, read, **other), "shop/views.py")
    assert asked


def test_a_view_reading_a_name_bound_twice_to_values_of_different_kinds_is_not_parsed() -> None:
    """A library's object, then ``None``: the planner takes kinds that differ for state
    (``_cache_views_rebound_state``)."""
    files = _project("from pymongo import MongoClient", "client = MongoClient()\nclient = None", "client.rows")
    asked, output = in_project(NAME, files, "shop/views.py")
    assert output == []
    assert not asked


def test_a_view_the_codemod_caches_is_let_through() -> None:
    """A constant of the module read by a view that sorts it: cached, and the gate lets it by."""
    asked, output = in_project(NAME, _project("", "ROWS = [3, 1, 2]", "ROWS"), "shop/views.py")
    assert asked
    assert "rewrote (cache-views)" in output


# -- views that cost nothing: a constant response, a template that does no work given nothing --

_CONSTANT = "from flask import Flask, jsonify, make_response\nfrom shop import catalogue\napp = Flask(__name__)\n\n"


@pytest.mark.parametrize(
    "body",
    [
        'return jsonify(hello="world")',
        "return make_response(jsonify({}))",
        'return jsonify({"ok": True}), 200',
    ],
)
def test_a_constant_response_of_a_pure_library_call_is_not_parsed(body: str) -> None:
    assert_rejected_rightly(NAME, _CONSTANT + _view("hello", body), "views.py")


@pytest.mark.parametrize(
    "body",
    [
        "return jsonify(rows=sorted(catalogue.rows()))",  # a value the view computes
        "return jsonify(**catalogue.defaults)",
    ],
)
def test_a_response_of_computed_values_is_let_through(body: str) -> None:
    assert accepts(NAME, _CONSTANT + _view("hello", body), "views.py")


def test_jsonify_of_the_project_is_let_through() -> None:
    source = "from flask import Flask\nfrom .helpers import jsonify\napp = Flask(__name__)\n\n" + _view(
        "hello", "return jsonify(ok=True)"
    )
    assert accepts(NAME, source, "views.py")


_RENDER = """
from flask import Flask, render_template

app = Flask(__name__)


@app.route("/about")
def about():
    \"\"\"The about page.\"\"\"
    return render_template("about.html")
"""


@pytest.mark.parametrize(
    "template",
    [
        "<h1>About</h1>{{ url_for('static', filename='a.css') }}",
        "{% extends 'base.html' %}{% block body %}About{% endblock %}",
        "{% extends 'missing.html' %}",  # a problem, never a cost: nothing to say of a cheap view
    ],
)
def test_a_view_rendering_a_template_that_does_no_work_is_not_parsed(template: str) -> None:
    files = {"shop/views.py": _RENDER, "shop/templates/about.html": template, "shop/templates/base.html": "<p>{% block body %}{% endblock %}</p>"}
    asked, output = in_project(NAME, files, "shop/views.py")
    assert output == []
    assert not asked


@pytest.mark.parametrize(
    "template",
    [
        "{% for i in range(3) %}{{ i }}{% endfor %}",  # a loop: the page costs something, it is cached
        "{% extends 'base.html' %}{% block body %}About{% endblock %}",  # the loop is in the base
    ],
)
def test_a_view_rendering_a_template_that_works_is_let_through_and_cached(template: str) -> None:
    files = {
        "shop/views.py": _RENDER,
        "requirements.txt": "flask\n",
        "shop/templates/about.html": template,
        "shop/templates/base.html": "{% for i in range(3) %}{% block body %}{% endblock %}{% endfor %}",
    }
    asked, output = in_project(NAME, files, "shop/views.py")
    assert asked
    assert "rewrote (cache-views)" in output


# -- objects the project makes (codemods/_cache_views_state_gate.py, made_by_the_project) --
# cache-views' project stage on a name bound to an object the project makes
# (codemods/_cache_views_state_gate.py, ``made_by_the_project``): ``manager = KeyManager()``
# with ``KeyManager`` a class of the project, or ``SESSION = lib.create_session(...)`` with a
# function of the project. The analysis knows the app, the database and the caches by their
# names (or a class of the project by a cache class among its bases); anything else a call
# makes is state that may change while a page is cached, and a view reading it is left alone
# without a word. Such a module is not parsed, and the codemod, gates open, says nothing of
# it; where the callee may be a known object (a class built on a cache class or on another
# class of the project, a re-export, a name bound in a block), the module is let through.

_STORE = "class Store{bases}:\n    def rows(self):\n        return [3, 1, 2]\n"


def _objects_project(imports: str, binding: str, read: str, **other: str) -> dict[str, str]:
    """``_project`` with the other modules named ``shop__store`` for ``shop/store.py``."""
    return _project(imports, binding, read, **{path.replace("__", "/") + ".py": text for path, text in other.items()})


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
    asked, output = in_project(NAME, _objects_project(imports, binding, "store.rows()", **other), "shop/views.py")
    assert output == []
    assert not asked


def test_an_object_the_project_makes_read_through_an_import_is_not_parsed() -> None:
    """``from shop.services import store``, where services.py binds ``store = Store()``: the
    scan resolves the import to that binding and takes its value for state."""
    services = "from shop.store import Store\n\nstore = Store()\n"
    files = _objects_project("from shop.services import store", "", "store.rows()",
                     shop__services=services, shop__store=_STORE.format(bases=""))
    asked, output = in_project(NAME, files, "shop/views.py")
    assert output == []
    assert not asked


def test_a_function_of_another_module_reading_an_object_the_project_makes_settles() -> None:
    """The view calls ``stored()`` of store.py, which reads ``client = Client()`` there, a
    class of the project: the scan follows the call and refuses the view for that state."""
    store = "from shop.client import Client\n\nclient = Client()\n\n\ndef stored():\n    return client.rows\n"
    files = _objects_project("from shop.store import stored", "", "stored()",
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
    asked, _output = in_project(NAME, _objects_project(imports, binding, "store.rows()", **other), "shop/views.py")
    assert asked

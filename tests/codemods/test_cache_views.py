"""cache-views through the real engine, and what the rewritten apps do (Flask test client)."""

from __future__ import annotations

import importlib
import importlib.util
import itertools
import os
import sys
import textwrap

import pytest

from flask_codemod.codemods import get_codemod
from flask_codemod.pipeline import process_file
from helpers import REPO, finding_messages, rewrite, run_codemods

CODEMOD = get_codemod("cache-views")
_unique = itertools.count()

# A stand-in for flask_login (not installed here): current_user reads the session, as the
# real one does, and login_required refuses anonymous visitors.
FAKE_FLASK_LOGIN = '''
from functools import wraps

from flask import session
from werkzeug.local import LocalProxy


class _User:
    def __init__(self, name):
        self.name = name or "anonymous"


current_user = LocalProxy(lambda: _User(session.get("user")))


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

# the expensive work lives in another module, which counts its calls
WORK = '''
CALLS = []


def expensive(name):
    CALLS.append(name)
    return "computed"
'''


def _write(root, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = os.path.join(root, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(textwrap.dedent(text).lstrip("\n"))


def _apply(path, options=None):
    """Rewrite ``path`` in place with the real engine; returns the FileResult."""
    result = process_file(str(path), [CODEMOD], options)
    assert result.error is None, result.error
    if result.changed:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(result.new_text)
    again = process_file(str(path), [CODEMOD], options)
    assert again.error is None and not again.changed, "not idempotent"
    return result


def _import(path, name, package_dir=None):
    """Import the file at ``path`` as a fresh module (a package when ``package_dir``)."""
    locations = [str(package_dir)] if package_dir else None
    spec = importlib.util.spec_from_file_location(name, str(path), submodule_search_locations=locations)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def project(tmp_path, monkeypatch):
    """tmp_path on sys.path, with a fresh counting module and the flask_login stand-in;
    the modules imported from it are forgotten afterwards."""
    work = f"work_{next(_unique)}"
    _write(tmp_path, {f"{work}.py": WORK})
    before = set(sys.modules)
    saved_login = sys.modules.pop("flask_login", None)
    monkeypatch.syspath_prepend(str(tmp_path))
    if saved_login is None:
        _write(tmp_path, {"flask_login.py": FAKE_FLASK_LOGIN})
    yield tmp_path, work
    for name in set(sys.modules) - before:
        del sys.modules[name]
    if saved_login is not None:
        sys.modules["flask_login"] = saved_login


APP = '''
from flask import Flask, g, render_template, request, session
from flask_login import LoginManager, current_user, login_required

import {work}

app = Flask(__name__)
app.secret_key = "tests"
LoginManager().init_app(app)


@app.before_request
def remember_guest():
    g.visitor = request.args.get("as", "nobody")


@app.route("/")
def home():
    return render_template("home.html", value={work}.expensive("home"))


@app.route("/search")
def search():
    return "%s for %s" % ({work}.expensive("search"), request.args.get("q", ""))


@app.route("/item/<int:item_id>")
def item(item_id):
    return render_template("home.html", value="%d %s" % (item_id, {work}.expensive("item")))


@app.route("/login/<name>")
def login(name):
    session["user"] = name
    return "hello " + name


@app.route("/profile")
def profile():
    {work}.expensive("profile")
    return "profile of " + session.get("user", "nobody")


@app.route("/visitor")
def visitor():
    {work}.expensive("visitor")
    return "visitor " + g.visitor


@app.route("/me")
def me():
    {work}.expensive("me")
    return "me: " + current_user.name


@app.route("/greet")
def greet():
    return render_template("greet.html", value={work}.expensive("greet"))


@app.route("/whoami")
def whoami():
    return render_template("outer.html", value={work}.expensive("whoami"))


@app.route("/private")
@login_required
def private():
    return "private " + {work}.expensive("private")


@app.route("/books", methods=["GET", "POST"])
def books():
    return "books " + {work}.expensive("books")


@app.route("/books/new", methods=["POST"])
def new_book():
    return "added " + {work}.expensive("new_book")


def listing():
    return "listing " + {work}.expensive("listing")


app.add_url_rule("/listing", view_func=listing)
'''

TEMPLATES = {
    "templates/base.html": "<title>{{ request.path }}</title>{% block body %}{% endblock %}",
    "templates/home.html": '{% extends "base.html" %}{% block body %}<p>{{ value }}</p>{% endblock %}',
    # greet.html extends a base that greets current_user
    "templates/greet_base.html": "<p>Hello {{ current_user.name }}</p>{% block body %}{% endblock %}",
    "templates/greet.html": '{% extends "greet_base.html" %}{% block body %}{{ value }}{% endblock %}',
    # outer.html includes a template that reads the session
    "templates/outer.html": '{% include "who.html" %}{{ value }}',
    "templates/who.html": "<p>{{ session.get('user', 'nobody') }}</p>",
}

# (method, url) pairs every client sends twice
SCRIPT = [
    ("GET", "/"),
    ("GET", "/search?q=cats"),
    ("GET", "/search?q=dogs"),
    ("GET", "/item/1"),
    ("GET", "/item/2"),
    ("GET", "/profile"),
    ("GET", "/visitor?as={user}"),
    ("GET", "/me"),
    ("GET", "/greet"),
    ("GET", "/whoami"),
    ("GET", "/private"),
    ("GET", "/books"),
    ("POST", "/books"),
    ("POST", "/books/new"),
    ("GET", "/listing"),
]


def _run_script(module, work_module):
    """Two clients (ann, bob) each send SCRIPT twice; returns the pages and the calls made."""
    del work_module.CALLS[:]
    pages = []
    for user in ("ann", "bob"):
        client = module.app.test_client()
        assert client.get(f"/login/{user}").status_code == 200
        for _ in range(2):
            for method, url in SCRIPT:
                response = client.open(url.format(user=user), method=method)
                pages.append((user, method, url, response.status_code, response.get_data(as_text=True)))
    return pages, list(work_module.CALLS)


def test_rewritten_app_caches_only_what_is_the_same_for_everyone(project):
    root, work = project
    _write(root, {"shop_app.py": APP.format(work=work), **TEMPLATES})
    original = _import(root / "shop_app.py", f"shop_original_{work}")
    work_module = sys.modules[work]
    pages_before, calls_before = _run_script(original, work_module)

    result = _apply(root / "shop_app.py")
    messages = finding_messages(result)
    rewritten = _import(root / "shop_app.py", f"shop_rewritten_{work}")
    pages_after, calls_after = _run_script(rewritten, work_module)

    # every client sees exactly the page it saw before the rewrite
    assert pages_after == pages_before
    assert ("ann", "GET", "/me", 200, "me: ann") in pages_after
    assert ("bob", "GET", "/whoami", 200, "<p>bob</p>computed") in pages_after
    assert ("bob", "GET", "/greet", 200, "<p>Hello bob</p>computed") in pages_after
    assert ("bob", "GET", "/item/2", 200, "<title>/item/2</title><p>2 computed</p>") in pages_after

    def count(calls, name):
        return calls.count(name)

    # cached: once for 2 clients x 2 GETs; per query string; per URL
    assert count(calls_before, "home") == 4 and count(calls_after, "home") == 1
    assert count(calls_after, "listing") == 1
    assert count(calls_after, "search") == 2
    assert count(calls_after, "item") == 2
    # per-user or per-request views, and POST / GET+POST views, still run every time
    for name in ("profile", "visitor", "me", "greet", "whoami", "private"):
        assert count(calls_after, name) == count(calls_before, name) == 4, name
    assert count(calls_after, "books") == count(calls_before, "books") == 8
    assert count(calls_after, "new_book") == count(calls_before, "new_book") == 4

    text = result.new_text
    assert text.count("@cache.cached(timeout=300)") == 3  # home, item, listing
    assert text.count("@cache.cached(timeout=300, query_string=True)") == 1  # search
    assert 'cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})' in text
    assert text.count("from flask_caching import Cache") == 1
    expected = {
        "profile": "reads session: the page differs per user",
        "visitor": "reads g",
        "me": "reads current_user: the page differs per user",
        "greet": "extends 'greet_base.html', which reads current_user",
        "whoami": "includes 'who.html', which reads session",
        "private": "@login_required decorator",
        "login": "reads session",
    }
    for view, reason in expected.items():
        assert any(f"view {view}() left uncached" in m and reason in m for m in messages), (view, messages)
    assert not any("books" in m or "new_book" in m for m in messages)
    assert [(e.kind, e.key) for e in result.project_edits] == [("requirement", "Flask-Caching")]


FACTORY = '''
from flask import Flask


def create_app():
    app = Flask(__name__)
    from .views import pages
    app.register_blueprint(pages, url_prefix="/pages")

    @app.route("/")
    def home():
        from {work} import expensive
        return expensive("home")

    return app
'''

VIEWS = '''
from flask import Blueprint, render_template, session

from {work} import expensive

pages = Blueprint("pages", __name__, template_folder="templates")


@pages.route("/about")
def about():
    return render_template("about.html", text=expensive("about"))


@pages.route("/page/<name>")
def page(name):
    return name + " " + expensive("page")


@pages.route("/mine")
def mine():
    return session.get("user", "nobody") + expensive("mine")
'''


def test_blueprint_and_app_factory_layout(project):
    root, work = project
    _write(
        root,
        {
            "factory_pkg/__init__.py": FACTORY.format(work=work),
            "factory_pkg/views.py": VIEWS.format(work=work),
            "factory_pkg/templates/about.html": "<h1>About</h1>{{ text }}",
        },
    )
    app_result = _apply(root / "factory_pkg" / "__init__.py")
    views_result = _apply(root / "factory_pkg" / "views.py")
    assert "cache.init_app(app, config=" in app_result.new_text
    assert "pages.record_once(lambda state: cache.init_app(state.app" in views_result.new_text
    assert any("view mine() left uncached: reads session" in m for m in finding_messages(views_result))

    package = _import(root / "factory_pkg" / "__init__.py", f"factory_pkg_{work}", root / "factory_pkg")
    calls = importlib.import_module(work).CALLS
    for _ in range(2):  # two apps from the factory: each has its own, working cache
        del calls[:]
        client = package.create_app().test_client()
        for _ in range(2):
            assert client.get("/").get_data(as_text=True) == "computed"
            assert client.get("/pages/about").get_data(as_text=True) == "<h1>About</h1>computed"
            assert client.get("/pages/page/a").get_data(as_text=True) == "a computed"
            assert client.get("/pages/page/b").get_data(as_text=True) == "b computed"
            assert client.get("/pages/mine").get_data(as_text=True) == "nobodycomputed"
        assert sorted(calls) == ["about", "home", "mine", "mine", "page", "page"]


EXTENSIONS = '''
from flask_caching import Cache

cache = Cache()
'''

EXT_FACTORY = '''
from flask import Flask

from .extensions import cache


def create_app():
    app = Flask(__name__)
    cache.init_app(app, config={"CACHE_TYPE": "SimpleCache"})
    from .views import bp
    app.register_blueprint(bp)
    return app
'''

EXT_VIEWS = '''
from flask import Blueprint

from {work} import expensive
from .extensions import cache

bp = Blueprint("bp", __name__)


@bp.route("/old")
@cache.cached(timeout=50)
def old():
    return expensive("old")


@bp.route("/new")
def new():
    return expensive("new")
'''


def test_existing_cache_instance_is_reused(project):
    root, work = project
    _write(
        root,
        {
            "ext_pkg/__init__.py": EXT_FACTORY,
            "ext_pkg/extensions.py": EXTENSIONS,
            "ext_pkg/views.py": EXT_VIEWS.format(work=work),
        },
    )
    factory_result = _apply(root / "ext_pkg" / "__init__.py")
    assert not factory_result.changed  # no views there, and never a second Cache
    result = _apply(root / "ext_pkg" / "views.py")
    text = result.new_text
    assert "@cache.cached(timeout=50)\ndef old" in text  # left as it was
    assert '@bp.route("/new")\n@cache.cached(timeout=300)\ndef new' in text
    assert "Cache(" not in text and "record_once" not in text and "flask_caching" not in text

    package = _import(root / "ext_pkg" / "__init__.py", f"ext_pkg_{work}", root / "ext_pkg")
    client = package.create_app().test_client()
    for _ in range(3):
        assert client.get("/new").get_data(as_text=True) == "computed"
        assert client.get("/old").get_data(as_text=True) == "computed"
    assert sorted(sys.modules[work].CALLS) == ["new", "old"]


def test_blueprint_module_next_to_an_app_with_its_own_cache(project):
    """legacy layout: the app module and a blueprint module each get a working cache."""
    root, work = project
    _write(
        root,
        {
            "legacy_views.py": VIEWS.format(work=work),
            "templates/about.html": "About {{ text }}",
            "legacy_main.py": f'''
                from flask import Flask

                from legacy_views import pages
                from {work} import expensive

                app = Flask(__name__)
                app.register_blueprint(pages)


                @app.route("/")
                def home():
                    return expensive("home")
            ''',
        },
    )
    _apply(root / "legacy_views.py")
    main = _apply(root / "legacy_main.py")
    assert "cache = Cache(app, config=" in main.new_text
    module = _import(root / "legacy_main.py", f"legacy_main_{work}")
    client = module.app.test_client()
    for _ in range(2):
        assert client.get("/").get_data(as_text=True) == "computed"
        assert client.get("/about").get_data(as_text=True) == "About computed"
    assert sorted(sys.modules[work].CALLS) == ["about", "home"]


def test_timeout_option():
    source = """
        from flask import Flask

        app = Flask(__name__)


        @app.route("/")
        def home():
            return "home"
    """
    text = rewrite(source, "cache-views", options={"cache-views": {"timeout": 600}})
    assert '@app.route("/")\n@cache.cached(timeout=600)\ndef home' in text
    assert CODEMOD.OPTIONS["timeout"].parse("600") == 600


@pytest.mark.parametrize(
    "body, reason",
    [
        ("import flask as f\n\n@app.route('/')\ndef v():\n    return f.session['x']", "reads session"),
        ("from flask import g as flask_g\n\n@app.route('/')\ndef v():\n    return flask_g.x", "reads g"),
        ("from flask import request as rq\n\n@app.route('/')\ndef v():\n    return rq.cookies['a']", "reads request.cookies"),
        ("from datetime import datetime as dt\n\n@app.route('/')\ndef v():\n    return str(dt.utcnow())", "uses datetime.utcnow"),
        ("import secrets\n\n@app.route('/')\ndef v():\n    return secrets.token_hex()", "uses secrets.token_hex"),
        ("@app.route('/')\ndef v():\n    cur = db.cursor()\n    cur.execute('UPDATE t SET n = n + 1')\n    return 'ok'", "runs SQL that may write"),
        ("@app.route('/', methods=METHODS)\ndef v():\n    return 'ok'", "HTTP methods are not a literal"),
        ("@app.route('/', subdomain='<user>')\ndef v():\n    return 'ok'", "subdomain="),
        ("@app.route('/')\nasync def v():\n    return 'ok'", "coroutine"),
        ("@app.route('/')\n@roles_required('admin')\ndef v():\n    return 'ok'", "suggests authentication"),
        ("from flask import url_for\n\n@app.route('/')\ndef v():\n    return url_for('v', _external=True)", "external URL"),
    ],
)
def test_refusals_resolve_names(body, reason):
    source = "from flask import Flask\n\napp = Flask(__name__)\ndb = None\nMETHODS = ['GET']\n\n" + body + "\n"
    result = run_codemods(source, "cache-views", dedent=False)
    assert result.error is None
    assert result.new_text == source
    assert any(reason in m for m in finding_messages(result)), finding_messages(result)


def test_local_names_that_look_flaskish_are_fine():
    source = """
        from flask import Flask, request as rq

        app = Flask(__name__)


        def session():
            return {"x": 1}


        @app.route("/")
        def v():
            g = {"a": 1}
            g["b"] = 2
            cur = db.cursor()
            cur.execute("SELECT 1")
            return str(session()["x"]) + str(g) + rq.args.get("q", "")
    """
    result = run_codemods(source, "cache-views")
    assert result.findings == []
    assert "@cache.cached(timeout=300, query_string=True)\ndef v" in result.new_text


def test_nothing_to_cache_leaves_the_module_object_unchanged():
    from libcst import parse_module

    from flask_codemod.codemods import Context

    module = parse_module("from flask import Flask, session\napp = Flask(__name__)\n\n@app.route('/')\ndef v():\n    return session['u']\n")
    ctx = Context("app.py")
    ctx.codemod = CODEMOD()
    assert ctx.codemod.transform(module, ctx) is module
    assert [f.message for f in ctx.findings] == ["view v() left uncached: reads session: the page differs per user"]
    assert ctx.project_edits == []


def test_legacy_app():
    """samples/legacy_app: index and about are cached; profile (session) is not; books
    (GET+POST) is not a candidate; the shop blueprint caches its catalogue only."""
    app = process_file(os.path.join(REPO, "samples", "legacy_app", "app.py"), [CODEMOD])
    assert app.error is None
    assert app.new_text.count("@cache.cached(timeout=300)") == 2
    assert '@app.route("/")\n@cache.cached(timeout=300)\ndef index' in app.new_text
    assert '@app.route("/about")\n@cache.cached(timeout=300)\ndef about' in app.new_text
    assert [m.split(": ", 2)[2] for m in finding_messages(app)] == [
        "view profile() left uncached: reads session: the page differs per user"
    ]
    shop = process_file(os.path.join(REPO, "samples", "legacy_app", "shop", "views.py"), [CODEMOD])
    assert shop.error is None
    assert '@shop_bp.route("/catalogue")\n@cache.cached(timeout=300)\ndef catalogue' in shop.new_text
    messages = finding_messages(shop)
    assert any("cart() left uncached: reads g" in m for m in messages)
    assert any("orders() left uncached: calls get_conn()" in m for m in messages)

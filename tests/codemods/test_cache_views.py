"""cache-views through the real engine, and what the rewritten apps do (Flask test client): a
module-level app, blueprints in an app factory and beside an app module, and the legacy sample app.

Which cache object the views use: test_cache_views_cache_object.py; what is left uncached:
test_cache_views_left_alone.py.
"""

from __future__ import annotations

import importlib
import os
import sys


from cache_views_support import CODEMOD, Calls, apply, load, project, write  # noqa: F401  (project: a fixture)
from flask_codemod.pipeline import process_file
from helpers import REPO, finding_messages


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
    calls = Calls(work_module, "expensive")
    pages = []
    for user in ("ann", "bob"):
        client = module.app.test_client()
        assert client.get(f"/login/{user}").status_code == 200
        for _ in range(2):
            for method, url in SCRIPT:
                response = client.open(url.format(user=user), method=method)
                pages.append((user, method, url, response.status_code, response.get_data(as_text=True)))
    calls.restore()
    return pages, calls.args


def test_rewritten_app_caches_only_what_is_the_same_for_everyone(project):
    root, work = project
    write(root, {"shop_app.py": APP.format(work=work), **TEMPLATES})
    original = load(root / "shop_app.py", f"shop_original_{work}")
    work_module = sys.modules[work]
    pages_before, calls_before = _run_script(original, work_module)

    result = apply(root / "shop_app.py")
    found = finding_messages(result)
    rewritten = load(root / "shop_app.py", f"shop_rewritten_{work}")
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
    # per-user views leave a reviewer nothing to decide, POST views are no candidates: no finding
    assert found == [], found
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
    """The factory gets the app's one cache; the blueprint module, which cannot reach it
    (it would import the package that imports it), is left alone and says so."""
    root, work = project
    write(
        root,
        {
            "factory_pkg/__init__.py": FACTORY.format(work=work),
            "factory_pkg/views.py": VIEWS.format(work=work),
            "factory_pkg/templates/about.html": "<h1>About</h1>{{ text }}",
        },
    )
    app_result = apply(root / "factory_pkg" / "__init__.py")
    views_result = apply(root / "factory_pkg" / "views.py")
    assert "cache = Cache()\n" in app_result.new_text
    assert "cache.init_app(app, config=" in app_result.new_text
    assert '@app.route("/")\n    @cache.cached(timeout=300)\n    def home' in app_result.new_text
    assert not views_result.changed  # never a second Cache (no record_once per blueprint)
    found = finding_messages(views_result)
    assert any("2 views could be cached, but" in m for m in found), found
    assert not any("mine()" in m for m in found)  # per user: nothing to decide, nothing said
    # once the factory has its cache, the blueprint still does not import the package
    again = apply(root / "factory_pkg" / "views.py")
    assert not again.changed

    package = load(root / "factory_pkg" / "__init__.py", f"factory_pkg_{work}", root / "factory_pkg")
    calls = Calls(importlib.import_module(work), "expensive")
    for _ in range(2):  # two apps from the factory: each has its own, working cache
        client = package.create_app().test_client()
        for _ in range(2):
            assert client.get("/").get_data(as_text=True) == "computed"
            assert client.get("/pages/about").get_data(as_text=True) == "<h1>About</h1>computed"
            assert client.get("/pages/page/a").get_data(as_text=True) == "a computed"
            assert client.get("/pages/page/b").get_data(as_text=True) == "b computed"
            assert client.get("/pages/mine").get_data(as_text=True) == "nobodycomputed"
    calls.restore()
    # home is cached, once per app; the blueprint's views run every time
    assert sorted(calls.args) == ["about"] * 4 + ["home"] * 2 + ["mine"] * 4 + ["page"] * 8


def test_blueprint_module_next_to_an_app_with_its_own_cache(project):
    """legacy layout: the app module gets the app's one cache; the blueprint module beside
    it (imported by the app module, so it cannot import the cache back) is left alone."""
    root, work = project
    write(
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
    views = apply(root / "legacy_views.py")
    assert not views.changed
    assert any("no cache object of the app is reachable" in m for m in finding_messages(views))
    main = apply(root / "legacy_main.py")
    assert "cache = Cache(app, config=" in main.new_text
    calls = Calls(importlib.import_module(work), "expensive")
    module = load(root / "legacy_main.py", f"legacy_main_{work}")
    client = module.app.test_client()
    for _ in range(2):
        assert client.get("/").get_data(as_text=True) == "computed"
        assert client.get("/about").get_data(as_text=True) == "About computed"
    calls.restore()
    assert sorted(calls.args) == ["about", "about", "home"]


def test_legacy_app():
    """samples/legacy_app: index and about (a shipped file, a template with no user state)
    are cached; profile (session) is not, without a word; books (GET+POST) is not a
    candidate; the shop blueprint cannot reach the app's cache (the app module imports it)
    and is left alone, which is said: a reviewer can import the cache."""
    app = process_file(os.path.join(REPO, "samples", "legacy_app", "app.py"), [CODEMOD])
    assert app.error is None
    assert app.new_text.count("@cache.cached(timeout=300)") == 2
    assert '@app.route("/")\n@cache.cached(timeout=300)\ndef index' in app.new_text
    assert '@app.route("/about")\n@cache.cached(timeout=300)\ndef about' in app.new_text
    assert finding_messages(app) == []
    shop = process_file(os.path.join(REPO, "samples", "legacy_app", "shop", "views.py"), [CODEMOD])
    assert shop.error is None
    assert not shop.changed
    messages = [m.split(": ", 2)[2] for m in finding_messages(shop)]
    assert messages[0].startswith("view catalogue() left uncached: no cache object of the app is reachable")
    assert len(messages) == 1  # cart() and orders() are per user: nothing said

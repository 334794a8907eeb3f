"""cache-views through the real engine, and what the rewritten apps do (Flask test client)."""

from __future__ import annotations

import importlib
import os
import re
import sys
import textwrap

import pytest

from cache_views_support import CODEMOD, Calls, apply, load, project, write  # noqa: F401  (project: a fixture)
from flask_codemod.pipeline import process_file
from helpers import REPO, finding_messages, rewrite, run_codemods


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
    write(
        root,
        {
            "ext_pkg/__init__.py": EXT_FACTORY,
            "ext_pkg/extensions.py": EXTENSIONS,
            "ext_pkg/views.py": EXT_VIEWS.format(work=work),
        },
    )
    factory_result = apply(root / "ext_pkg" / "__init__.py")
    assert not factory_result.changed  # no views there, and never a second Cache
    result = apply(root / "ext_pkg" / "views.py")
    text = result.new_text
    assert "@cache.cached(timeout=50)\ndef old" in text  # left as it was
    assert '@bp.route("/new")\n@cache.cached(timeout=300)\ndef new' in text
    assert "Cache(" not in text and "record_once" not in text and "flask_caching" not in text

    package = load(root / "ext_pkg" / "__init__.py", f"ext_pkg_{work}", root / "ext_pkg")
    calls = Calls(importlib.import_module(work), "expensive")
    client = package.create_app().test_client()
    for _ in range(3):
        assert client.get("/new").get_data(as_text=True) == "computed"
        assert client.get("/old").get_data(as_text=True) == "computed"
    calls.restore()
    assert sorted(calls.args) == ["new", "old"]


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


def test_timeout_option():
    source = """
        from flask import Flask, render_template_string

        app = Flask(__name__)


        @app.route("/")
        def home():
            return render_template_string("<h1>Home</h1>")
    """
    text = rewrite(source, "cache-views", options={"cache-views": {"timeout": 600}})
    assert '@app.route("/")\n@cache.cached(timeout=600)\ndef home' in text
    assert CODEMOD.OPTIONS["timeout"].parse("600") == 600
    assert CODEMOD.OPTIONS["data-views"].parse("true") is True


LOGIN_FILES = {
    "templates/greet_base.html": "<p>Hello {{ current_user.name }}</p>{% block body %}{% endblock %}",
    "templates/greet.html": '{% extends "greet_base.html" %}{% block body %}{{ value }}{% endblock %}',
    "templates/outer.html": '{% include "who.html" %}{{ value }}',
    "templates/who.html": "<p>{{ session.get('user', 'nobody') }}</p>",
    "templates/plain.html": "<p>{{ value }}</p>",
    "templates/extra.html": "<p>{{ value }} {{ unread }}</p>",
    "helpers.py": (
        "from flask import request, send_file, session\n\n"
        "def is_admin():\n    return session.get('user') == 'admin'\n\n"
        "def wants_json():\n    return request.headers.get('Accept') == 'application/json'\n\n"
        "def report_file():\n    return send_file('report.pdf')\n"
    ),
}


@pytest.mark.parametrize(
    "body, reason",
    [
        ("import flask as f\n\n@app.route('/')\ndef v():\n    return f.session['x']", "reads session"),
        ("from flask import g as flask_g\n\n@app.route('/')\ndef v():\n    return flask_g.x", "reads g"),
        ("from flask import request as rq\n\n@app.route('/')\ndef v():\n    return rq.cookies['a']", "reads request.cookies"),
        ("from datetime import datetime as dt\n\n@app.route('/')\ndef v():\n    return str(dt.utcnow())", "uses datetime.utcnow"),
        ("import secrets\n\n@app.route('/')\ndef v():\n    return secrets.token_hex()", "uses secrets.token_hex"),
        ("import sqlite3\n\n@app.route('/')\ndef v():\n    cur = sqlite3.connect('app.db').cursor()\n"
         "    cur.execute('UPDATE t SET n = n + 1')\n    return 'ok'", "runs SQL that may write"),
        ("@app.route('/', methods=METHODS)\ndef v():\n    return 'ok'", "HTTP methods are not a literal"),
        ("@app.route('/', subdomain='<user>')\ndef v():\n    return 'ok'", "subdomain="),
        ("@app.route('/')\nasync def v():\n    return 'ok'", "coroutine"),
        ("@app.route('/')\n@roles_required('admin')\ndef v():\n    return 'ok'", "carries @roles_required"),
        ("from flask import url_for\n\n@app.route('/')\ndef v():\n    return url_for('v', _external=True)", "external URL"),
        ("from flask_login import login_required\n\n@app.route('/')\n@login_required\ndef v():\n    return 'ok'",
         "carries @login_required: the page differs per user"),
        ("from flask_login import current_user\n\n@app.route('/')\ndef v():\n    return current_user.name",
         "reads current_user"),
        ("from flask_login import logout_user\n\n@app.route('/bye')\ndef v():\n    logout_user()\n    return 'bye'",
         "logs the user in or out"),
        ("from flask import render_template\n\n@app.route('/')\ndef v():\n    return render_template('greet.html', value=1)",
         "extends 'greet_base.html', which reads current_user"),
        ("from flask import render_template\n\n@app.route('/')\ndef v():\n    return render_template('outer.html', value=1)",
         "includes 'who.html', which reads session"),
        ("from flask import render_template\n\n@app.route('/')\ndef v():\n    return render_template('extra.html', value=1)",
         "reads unread: the view does not pass it"),
        ("from flask import redirect\nfrom helpers import is_admin\n\n@app.route('/')\ndef v():\n"
         "    return redirect('/admin' if is_admin() else '/')", "answers with a redirect"),
        ("from flask import render_template\nfrom helpers import is_admin\n\n@app.route('/')\ndef v():\n"
         "    return render_template('plain.html', value=is_admin())", "calls is_admin() (line 3 of helpers.py), which reads session"),
        ("from flask import render_template\nimport helpers\n\n@app.route('/')\ndef v():\n"
         "    return {} if helpers.wants_json() else render_template('plain.html', value=1)",
         "which reads the request in helpers.py"),
        ("import helpers\n\n@app.route('/report')\ndef v():\n    return helpers.report_file()", "sends a file"),
        ("import sqlite3\n\n@app.route('/health')\ndef v():\n    sqlite3.connect('app.db').execute('SELECT 1')\n"
         "    return 'ok'", "callers want the state of now (health)"),
        ("@app.route('/jobs/<job>/status')\ndef v(job):\n    return ', '.join(sorted(job))", "state of now (jobs)"),
        # a name that only looks like a polling endpoint (a to-do list's tasks): the login the
        # decorator shows is the surer reason
        ("from flask_login import login_required\n\n@app.route('/todo/tasks')\n@login_required\ndef get_tasks():\n"
         "    return ', '.join(sorted(['a', 'b']))", "view get_tasks() left uncached: carries @login_required: the page differs per user"),
        # a rate limit is no login: the name's reason stays
        ("def ratelimit(view):\n    return view\n\n@app.route('/events')\n@ratelimit\ndef v():\n    return 'x'",
         "view v() left uncached: its name or URL says callers want the state of now (events)"),
        # a reason about the routing does not break up the group the name puts the view in
        ("@app.route('/feed', subdomain='<board>')\ndef v(board):\n    return board",
         "view v() left uncached: its name or URL says callers want the state of now (feed)"),
        ("from flask import session, render_template_string\n\nclass Greeter:\n    @property\n    def name(self):\n"
         "        return session.get('user', 'guest')\n\n@app.route('/')\ndef v():\n"
         "    return render_template_string('{{ n }}', n=Greeter().name)", "calls name() (line 11), which reads session"),
        ("import json\nfrom flask import render_template_string\n\n@app.route('/')\ndef v():\n"
         "    with open('data.json') as handle:\n        return render_template_string('{{ d }}', d=json.load(handle))\n\n"
         "def save(data):\n    with open('data.json', 'w') as handle:\n        json.dump(data, handle)",
         "reads a file that may not be one shipped with the app (open('data.json'))"),
        ("import json\nfrom io import open as opened\nfrom flask import render_template_string\n\n@app.route('/')\n"
         "def v():\n    with open('data.json') as handle:\n        return render_template_string('{{ d }}', d=json.load(handle))\n\n"
         "def save(data):\n    with opened('data.json', 'w') as handle:\n        json.dump(data, handle)",
         "reads a file that may not be one shipped with the app (open('data.json'))"),
        ("import json\nimport codecs as cs\nfrom flask import render_template_string\n\n@app.route('/')\n"
         "def v():\n    with open('data.json') as handle:\n        return render_template_string('{{ d }}', d=json.load(handle))\n\n"
         "class Store:\n    def save(self, data):\n        with cs.open('data.json', mode='a') as handle:\n"
         "            json.dump(data, handle)",
         "reads a file that may not be one shipped with the app (open('data.json'))"),
        ("@app.route('/')\ndef v():\n    with open(request_path()) as handle:\n        return handle.read()",
         "reads a file that may not be one shipped with the app"),
        ("LIMITS = {'page': 5}\n\n@app.route('/')\ndef v():\n    return str(LIMITS['page'])\n\ndef reset():\n"
         "    (LIMITS)['page'] = 6", "reads LIMITS (line 11), state that may change"),
        ("LIMITS = {'page': 5}\n\n@app.route('/')\ndef v():\n    return str(LIMITS['page'])\n\ndef reset():\n"
         "    LIMITS.update(page=6)", "reads LIMITS (line 11), state that may change"),
        ("DEFAULTS = ['a']\n\n@app.route('/')\ndef v():\n    items = DEFAULTS\n    items.append('c')\n"
         "    return ', '.join(sorted(items))", "calls items.append(), which changes items"),
    ],
)
@pytest.mark.usefixtures("every_refusal_said")
def test_refusals_resolve_names(body, reason):
    source = "from flask import Flask\n\napp = Flask(__name__)\ndb = None\nMETHODS = ['GET']\n\n" + body + "\n"
    result = run_codemods(source, "cache-views", dedent=False, files=LOGIN_FILES)
    assert result.error is None
    assert result.new_text == source
    assert any(reason in m for m in finding_messages(result)), finding_messages(result)


def test_trivial_views_are_left_alone_without_a_word():
    source = """
        from flask import Flask, jsonify

        app = Flask(__name__)


        @app.route("/")
        def hello():
            return "Hello"


        @app.route("/empty")
        def empty():
            return {}


        @app.route("/version")
        def version():
            return jsonify(version="1.0")
    """
    result = run_codemods(source, "cache-views")
    assert result.error is None and not result.findings and not result.project_edits
    assert result.new_text == textwrap.dedent(source)


def test_local_names_that_look_flaskish_are_fine():
    source = """
        from flask import Flask, render_template_string, request as rq

        app = Flask(__name__)


        def session():
            return {"x": 1}


        @app.route("/")
        def v():
            g = {"a": 1}
            g["b"] = 2
            return render_template_string("{{ a }} {{ b }}", a=str(session()["x"]) + str(g), b=rq.args.get("q", ""))
    """
    result = run_codemods(source, "cache-views")
    assert result.findings == []
    assert "@cache.cached(timeout=300, query_string=True)\ndef v" in result.new_text


@pytest.mark.usefixtures("every_refusal_said")
def test_a_problem_before_a_nested_function_is_no_crash():
    """Issue 17: the scan stopped at the first problem but still left the nested functions it
    had not entered (IndexError: pop from empty list), on the largest views of real apps."""
    source = """
        from flask import Flask, session

        app = Flask(__name__)


        def helper():
            user = session["user"]

            def inner():
                return 1

            return user + str(inner())


        @app.route("/")
        def v():
            name = session["a"]

            def inner():
                def deeper():
                    return 2
                return deeper()

            return name + str(inner()) + helper()


        @app.route("/other")
        def other():
            return helper()
    """
    result = run_codemods(source, "cache-views")
    assert result.error is None, result.error
    found = finding_messages(result)
    assert len(found) == 1 and found[0].endswith(
        "2 views left uncached: per user (login, session, current_user, cookies, flashed messages): "
        "v() [reads session: the page differs per user], other()"
    ), found


def test_nothing_to_cache_leaves_the_module_object_unchanged():
    from libcst import parse_module

    from flask_codemod.codemods import Context

    module = parse_module("from flask import Flask, session\napp = Flask(__name__)\n\n@app.route('/')\ndef v():\n    return session['u']\n")
    ctx = Context("app.py")
    ctx.codemod = CODEMOD()
    assert ctx.codemod.transform(module, ctx) is module
    assert ctx.findings == []  # per user: nothing for a reviewer to decide
    assert ctx.project_edits == []


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


@pytest.mark.usefixtures("every_refusal_said")
def test_state_other_code_changes_is_never_cached():
    """A module-level container another view fills, a class attribute a POST view bumps, a
    dict of another module: each read is stale as soon as the state changes. A tuple of
    another module is a constant."""
    files = {"store.py": "COUNTS = {}\nNAMES = ('a', 'b')\n\n\ndef bump(name):\n    COUNTS[name] = COUNTS.get(name, 0) + 1\n"}
    source = """
        from flask import Flask, render_template_string

        from store import COUNTS, NAMES

        app = Flask(__name__)
        SEEN = []


        class Counter:
            hits = 0


        @app.route("/tallies")
        def tallies():
            return render_template_string("{{ c }}", c=COUNTS)


        @app.route("/names")
        def names():
            return render_template_string("{{ c }}", c=NAMES)


        @app.route("/hits")
        def hits():
            return render_template_string("{{ c }}", c=Counter.hits)


        @app.route("/seen")
        def seen():
            return render_template_string("{{ c }}", c=len(SEEN))


        @app.route("/visit", methods=["POST"])
        def visit():
            Counter.hits += 1
            SEEN.append(1)
            return "ok"
    """
    result = run_codemods(source, "cache-views", files=files)
    assert result.error is None
    assert result.new_text.count("@cache.cached(") == 1
    assert '@app.route("/names")\n@cache.cached(timeout=300)\ndef names' in result.new_text
    [message] = [f.message for f in result.findings]
    assert message.startswith("3 views left uncached: answers that change over time")
    assert message.endswith("tallies() [reads COUNTS (line 16), state that may change while a page is cached], hits(), seen()")


STATIC_APP = """
    from flask import Flask, render_template_string, request

    app = Flask(__name__)


    @app.route("/about")
    def about():
        return render_template_string("<h1>About</h1>")


    @app.route("/search")
    def search():
        return render_template_string("<p>{{ q }}</p>", q=request.args.get("q", ""))
"""


def test_a_project_on_the_old_flask_cache_gets_no_second_caching_library():
    result = run_codemods(STATIC_APP, "cache-views", files={"requirements.txt": "Flask==0.10.1\nFlask-Cache==0.13.1\n"})
    assert result.error is None
    assert result.new_text == textwrap.dedent(STATIC_APP)
    assert not result.project_edits
    [message] = [f.message for f in result.findings]
    assert message.startswith("2 views could be cached, but the project depends on the old Flask-Cache")


@pytest.mark.parametrize(
    "files",
    [
        # the nearest folder that names a caching library decides, not the nearest with any file
        {"requirements.txt": "Flask\n", "../requirements.txt": "Flask\nFlask-Cache==0.13.1\n"},
        {"setup.cfg": "[options]\ninstall_requires =\n    Flask\n    Flask-Cache\n"},
        {"pyproject.toml": '[tool.poetry.dependencies]\nflask-cache = "^0.13"\n'},
        # a checkout declares the library as much as a version does
        {"Pipfile": '[packages]\nflask = "*"\nflask-cache = {git = "https://github.com/thadeusb/flask-cache.git"}\n'},
    ],
)
def test_the_old_flask_cache_is_read_from_the_project_declaration(files):
    result = run_codemods(STATIC_APP, "cache-views", path="site/app.py", files=files)
    assert result.new_text == textwrap.dedent(STATIC_APP) and not result.project_edits
    [message] = [f.message for f in result.findings]
    assert "the project depends on the old Flask-Cache" in message


@pytest.mark.parametrize(
    "files",
    [
        {"requirements.txt": "Flask\n# Flask-Cache==0.13.1 was dropped in 2019\n"},
        {"Pipfile": '[packages]\nflask = "*"\n[dev-packages]\nflask-cache = "*"\n'},
    ],
)
def test_a_flask_cache_the_app_does_not_depend_on_is_no_reason_to_stay_uncached(files):
    result = run_codemods(STATIC_APP, "cache-views", files=files)
    assert "cache = Cache(app" in result.new_text
    assert [(e.kind, e.key) for e in result.project_edits] == [("requirement", "Flask-Caching")]


def test_the_old_flask_cache_object_is_reused_where_it_can_serve():
    source = STATIC_APP.replace(
        "from flask import Flask, render_template_string, request\n",
        "from flask import Flask, render_template_string, request\n    from flask_cache import Cache\n",
    ).replace("app = Flask(__name__)\n", "app = Flask(__name__)\n    cache = Cache(app)\n")
    result = run_codemods(source, "cache-views")
    assert result.error is None and not result.project_edits
    assert '@app.route("/about")\n@cache.cached(timeout=300)\ndef about' in result.new_text
    assert "flask_caching" not in result.new_text
    assert [f.message for f in result.findings] == [
        "view search() left uncached: its cache key needs the query string, which the old Flask-Cache cannot add"
    ]


BLUEPRINT_PAGE = """
    from flask import Blueprint, render_template

    pages = Blueprint("pages", __name__)


    @pages.route("/about")
    def about():
        return render_template("about.html")
"""


@pytest.mark.parametrize(
    "package_init, expected",
    [
        ("", "the cache object 'cache' in extensions.py is never set up on the app (no cache.init_app(app) found)"),
        (
            "from flask import Flask\n\nfrom .extensions import cache\n\n\ndef create_app():\n"
            "    app = Flask(__name__)\n    cache.init_app(app)\n    return app\n",
            None,
        ),
    ],
)
def test_a_blueprint_imports_the_app_cache_only_when_the_app_sets_it_up(package_init, expected):
    files = {
        "__init__.py": package_init,
        "extensions.py": "from flask_caching import Cache\n\ncache = Cache(config={'CACHE_TYPE': 'SimpleCache'})\n",
        "templates/about.html": "{% for word in ['About'] %}<h1>{{ word }}</h1>{% endfor %}",
    }
    result = run_codemods(BLUEPRINT_PAGE, "cache-views", files=files, path="pages.py")
    assert result.error is None
    if expected is None:
        assert not result.findings
        assert "from .extensions import cache\n" in result.new_text
        assert '@pages.route("/about")\n@cache.cached(timeout=300)\ndef about' in result.new_text
    else:
        assert result.new_text == textwrap.dedent(BLUEPRINT_PAGE)
        assert [f.message for f in result.findings] == [f"view about() left uncached: {expected}"]

"""cache-views on small apps of our own, through the real engine, driven with the Flask test
client: the shapes that must stay uncached behave as before; static content is cached; an
app's one cache object is reused by every blueprint."""

from __future__ import annotations

import builtins
import sqlite3

import pytest

from cache_views_support import Calls, Renders, apply, load, messages, project, write  # noqa: F401  (project: a fixture)

SHAPES = '''
import os
import sqlite3

from flask import Flask, jsonify, redirect, render_template, url_for
from flask_login import current_user, login_user, logout_user

import shapes_helpers as helpers
import {work}

app = Flask(__name__)
app.secret_key = "tests"
DATABASE = os.path.join(os.path.dirname(__file__), "shapes.db")
TASKS = {{}}


@app.route("/about")
def about():
    return render_template("about.html", title="About us")


@app.route("/login/<name>")
def login(name):
    login_user(name)
    return "hello " + name


@app.route("/logout")
def logout():
    logout_user()
    return redirect(url_for("whoami"))


@app.route("/whoami")
def whoami():
    return "you are " + current_user.name


@app.route("/health")
def health():
    connection = sqlite3.connect(DATABASE)
    likes = connection.execute("SELECT count(*) FROM likes").fetchone()[0]
    connection.close()
    return {{"status": "ok", "likes": likes}}


@app.route("/start")
def start():
    if helpers.is_admin():
        return redirect(url_for("about"))
    return redirect(url_for("whoami"))


@app.route("/report")
def report():
    return helpers.respond({{"total": {work}.expensive("report")}})


@app.route("/post/<int:post_id>/likes")
def post_likes(post_id):
    connection = sqlite3.connect(DATABASE)
    found = connection.execute("SELECT count(*) FROM likes WHERE post_id = ?", (post_id,)).fetchone()[0]
    connection.close()
    return jsonify(likes=found)


@app.route("/post/<int:post_id>/like", methods=["POST"])
def like(post_id):
    connection = sqlite3.connect(DATABASE)
    connection.execute("INSERT INTO likes (post_id) VALUES (?)", (post_id,))
    connection.commit()
    connection.close()
    return "liked"


@app.route("/task/<name>", methods=["POST"])
def run_task(name):
    TASKS[name] = "pending"
    return "started"


@app.route("/task/<name>/finish", methods=["POST"])
def finish_task(name):
    TASKS[name] = "done"
    return "finished"


@app.route("/result/<name>")
def task_result(name):
    return TASKS.get(name, "unknown")


@app.route("/files/<name>")
def download(name):
    return helpers.shipped_file(name)


@app.route("/reconnect")
def reconnect():
    helpers.database.reconnect()
    return "reconnected"


@app.route("/hello")
def hello():
    return "Hello"


@app.route("/empty")
def empty():
    return {{}}
'''

SHAPES_HELPERS = '''
import os

from flask import get_flashed_messages, jsonify, render_template_string, request, send_from_directory, session

FOLDER = os.path.join(os.path.dirname(__file__), "shipped")


def is_admin():
    return session.get("user") == "admin"


def respond(data):
    messages = get_flashed_messages()
    if request.args.get("format") == "json" or request.accept_mimetypes.best == "application/json":
        return jsonify(data=data, messages=messages)
    return render_template_string("<p>{{ data }}</p>{{ messages }}", data=data, messages=messages)


def shipped_file(name):
    return send_from_directory(FOLDER, name)


class _Database:
    reconnects = 0

    def reconnect(self):
        _Database.reconnects += 1


database = _Database()
'''


# a page that loops (a constant page, given only literals, is nothing worth caching)
ABOUT = '{% extends "base.html" %}{% block body %}{% for line in title.splitlines() %}<h1>{{ line }}</h1>{% endfor %}{% endblock %}'


def _shapes(root, work) -> None:
    write(root, {
        "shapes_app.py": SHAPES.format(work=work),
        "shapes_helpers.py": SHAPES_HELPERS,
        "templates/base.html": "<title>{{ title }}</title>{% block body %}{% endblock %}",
        "templates/about.html": ABOUT,
        "shipped/notes.txt": "first notes",
    })
    connection = sqlite3.connect(str(root / "shapes.db"))
    connection.execute("CREATE TABLE likes (post_id INTEGER)")
    connection.commit()
    connection.close()


@pytest.mark.parametrize("data_views", [False, True])
def test_each_shape_stays_uncached_and_behaves_as_before(project, data_views):
    root, work = project
    _shapes(root, work)
    result = apply(root / "shapes_app.py", {"cache-views": {"data-views": data_views}})
    text = result.new_text
    # the static page is cached, so the app has a cache; no other view got one
    assert text.count("@cache.cached(") == 1
    assert '@app.route("/about")\n@cache.cached(timeout=300)\ndef about' in text
    # each is settled (it logs in or out, is polled, sends a file, writes, redirects) or
    # trivial: nothing for a reviewer to decide, nothing said
    assert messages(result) == []

    module = load(root / "shapes_app.py", f"shapes_{work}_{data_views}")
    app = module.app
    client = app.test_client()
    # logout still logs out on the second call
    for _ in range(2):
        client.get("/login/ann")
        assert client.get("/whoami").get_data(as_text=True) == "you are ann"
        client.get("/logout")
        assert client.get("/whoami").get_data(as_text=True) == "you are anonymous"
    # the health view sees a database change at once
    assert client.get("/health").get_json() == {"status": "ok", "likes": 0}
    connection = sqlite3.connect(str(root / "shapes.db"))
    connection.execute("INSERT INTO likes (post_id) VALUES (7)")
    connection.commit()
    connection.close()
    assert client.get("/health").get_json() == {"status": "ok", "likes": 1}
    # a count re-fetched after a POST shows the new count
    assert client.get("/post/7/likes").get_json() == {"likes": 1}
    client.post("/post/7/like")
    assert client.get("/post/7/likes").get_json() == {"likes": 2}
    # a polled result changes
    client.post("/task/export")
    assert client.get("/result/export").get_data(as_text=True) == "pending"
    client.post("/task/export/finish")
    assert client.get("/result/export").get_data(as_text=True) == "done"
    # a JSON client and an HTML client of one URL each get their own format
    html = client.get("/report").get_data(as_text=True)
    as_json = client.get("/report", headers={"Accept": "application/json"}).get_json()
    assert html.startswith("<p>") and as_json["data"] == {"total": "computed"}
    assert client.get("/report").get_data(as_text=True).startswith("<p>")
    # the redirect follows the caller
    client.get("/login/admin")
    assert client.get("/start").location.endswith("/about")
    client.get("/login/bob")
    assert client.get("/start").location.endswith("/whoami")
    # a shipped file changed on disk is served new; the trigger runs every time
    assert client.get("/files/notes.txt").get_data(as_text=True) == "first notes"
    (root / "shipped" / "notes.txt").write_text("second notes")
    assert client.get("/files/notes.txt").get_data(as_text=True) == "second notes"
    helpers = module.helpers
    client.get("/reconnect")
    client.get("/reconnect")
    assert type(helpers.database).reconnects == 2
    # and the static page is served from the cache: rendered once for two GETs
    renders = Renders(app)
    assert client.get("/about").get_data(as_text=True) == client.get("/about").get_data(as_text=True)
    assert renders.count("about.html") == 1


STATIC = '''
import os

from flask import Flask, render_template

app = Flask(__name__)
CHANGELOG = os.path.join(os.path.dirname(__file__), "CHANGELOG.txt")


@app.route("/about")
def about():
    return render_template("about.html", title="About us")


@app.route("/changelog")
def changelog():
    with open(CHANGELOG) as handle:
        return "<pre>" + handle.read() + "</pre>"
'''


def test_static_content_is_cached_and_its_work_runs_once(project):
    root, work = project
    write(root, {
        "static_app.py": STATIC,
        "CHANGELOG.txt": "1.0: first release\n",
        "templates/base.html": "<title>{{ title }}</title>{% block body %}{% endblock %}",
        "templates/about.html": ABOUT,
    })
    result = apply(root / "static_app.py")
    assert not result.findings
    text = result.new_text
    assert '@app.route("/about")\n@cache.cached(timeout=300)\ndef about' in text
    assert '@app.route("/changelog")\n@cache.cached(timeout=300)\ndef changelog' in text
    assert 'cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})' in text
    assert [(e.kind, e.key) for e in result.project_edits] == [("requirement", "Flask-Caching")]

    module = load(root / "static_app.py", f"static_{work}")
    module.open = builtins.open  # the builtin, under the module's own name: its calls are counted
    opens = Calls(module, "open")
    renders = Renders(module.app)
    client = module.app.test_client()
    pages = [client.get("/about").get_data(as_text=True) for _ in range(2)]
    assert pages == ["<title>About us</title><h1>About us</h1>"] * 2
    assert renders.count("about.html") == 1
    logs = [client.get("/changelog").get_data(as_text=True) for _ in range(2)]
    assert logs == ["<pre>1.0: first release\n</pre>"] * 2
    assert opens.count == 1


BLUEPRINT = '''
from flask import Blueprint, render_template

{name} = Blueprint("{name}", __name__)


@{name}.route("/{name}/")
def index():
    return render_template("{name}.html", title="{name}")
'''

FACTORY = '''
from flask import Flask

from .extensions import cache


def create_app():
    app = Flask(__name__)
    cache.init_app(app, config={"CACHE_TYPE": "SimpleCache"})
    from .blog import blog
    from .docs import docs
    from .shop import shop

    for blueprint in (blog, docs, shop):
        app.register_blueprint(blueprint)
    return app
'''

EXTENSIONS = '''
from flask_caching import Cache

cache = Cache()
SHOP_TITLE = "shop"
'''

# a blueprint that already imports from extensions.py: the cache joins that import
SHOP = '''
from flask import Blueprint, render_template

from .extensions import SHOP_TITLE

shop = Blueprint("shop", __name__)


@shop.route("/shop/")
def index():
    return render_template("shop.html", title=SHOP_TITLE)
'''


def test_three_blueprints_reuse_the_cache_of_extensions_py(project):
    root, work = project
    files = {"site_pkg/__init__.py": FACTORY, "site_pkg/extensions.py": EXTENSIONS}
    for name in ("blog", "docs", "shop"):
        files[f"site_pkg/{name}.py"] = SHOP if name == "shop" else BLUEPRINT.format(name=name)
        files[f"site_pkg/templates/{name}.html"] = "{% for word in title.split() %}<h1>{{ word }}</h1>{% endfor %}"
    write(root, files)
    package = root / "site_pkg"
    assert not apply(package / "__init__.py").changed
    assert not apply(package / "extensions.py").changed
    for name in ("blog", "docs", "shop"):
        result = apply(package / f"{name}.py")
        assert not result.findings
        text = result.new_text
        assert ("from .extensions import SHOP_TITLE, cache\n" if name == "shop" else "from .extensions import cache\n") in text
        assert f'@{name}.route("/{name}/")\n@cache.cached(timeout=300)\ndef index' in text
        assert "Cache(" not in text and "cache_2" not in text
        assert not result.project_edits

    site = load(package / "__init__.py", f"site_{work}", package)
    app = site.create_app()
    renders = Renders(app)
    client = app.test_client()
    for name in ("blog", "docs", "shop"):
        assert [client.get(f"/{name}/").get_data(as_text=True) for _ in range(2)] == [f"<h1>{name}</h1>"] * 2
        assert renders.count(f"{name}.html") == 1


@pytest.mark.parametrize("data_views", [False, True])
def test_a_read_only_database_page_is_cached_only_when_asked(project, data_views):
    root, work = project
    write(root, {
        "books_app.py": '''
            import os
            import sqlite3

            from flask import Flask, render_template

            app = Flask(__name__)
            DATABASE = os.path.join(os.path.dirname(__file__), "books.db")


            @app.route("/books")
            def books():
                connection = sqlite3.connect(DATABASE)
                rows = connection.execute("SELECT title FROM books ORDER BY title").fetchall()
                connection.close()
                return render_template("books.html", books=rows)
        ''',
        "templates/books.html": "{% for book in books %}<li>{{ book[0] }}</li>{% endfor %}",
    })
    connection = sqlite3.connect(str(root / "books.db"))
    connection.execute("CREATE TABLE books (title TEXT)")
    connection.execute("INSERT INTO books VALUES ('Dune')")
    connection.commit()
    connection.close()
    result = apply(root / "books_app.py", {"cache-views": {"data-views": data_views}})
    assert ("@cache.cached(timeout=300)" in result.new_text) is data_views
    if not data_views:
        assert messages(result) == []  # the documented default: nothing for a reviewer to decide
    module = load(root / "books_app.py", f"books_{work}_{data_views}")
    renders = Renders(module.app)
    client = module.app.test_client()
    assert [client.get("/books").get_data(as_text=True) for _ in range(2)] == ["<li>Dune</li>"] * 2
    assert renders.count("books.html") == (1 if data_views else 2)

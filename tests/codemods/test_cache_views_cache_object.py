"""cache-views and the cache object the views use: a Flask-Caching instance the project already
has, the app's cache seen from a blueprint, the timeout option, and projects on the old
Flask-Cache."""

from __future__ import annotations

import importlib
import textwrap

import pytest

from cache_views_support import CODEMOD, Calls, apply, load, project, write  # noqa: F401  (project: a fixture)
from helpers import rewrite, run_codemods


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

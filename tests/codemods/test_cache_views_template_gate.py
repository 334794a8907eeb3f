"""cache-views' project stage (codemods/_cache_views_template_gate.py): a module whose every
view the tree gate lets through renders a template that settles its refusal (it, or one it
extends or includes, reads the user, the session, flashed messages, a CSRF token...) is not
parsed, and the codemod, gates forced open, leaves it alone without a word; where the
planner may look the template up elsewhere, or another view may be cached or said, the
module is let through."""

from __future__ import annotations

import ast

import pytest

from flask_codemod.codemods import _cache_views_template_gate as stage
from gate_checks import in_project

NAME = "cache-views"

APP = """
from flask import Flask, render_template
from shop import catalogue

app = Flask(__name__)


@app.route("/list")
def listing():
    return render_template("list.html", rows=sorted(catalogue.rows()))
"""

BLUEPRINT = """
from flask import Blueprint, render_template
from shop import catalogue

bp = Blueprint("shop", __name__)


@bp.route("/list")
def listing():
    return render_template("list.html", rows=sorted(catalogue.rows()))
"""

LIST = "{% extends 'base.html' %}{% block body %}{% for row in rows %}{{ row }}{% endfor %}{% endblock %}"
BASE_USER = "<p>{{ current_user.name }}</p>{% block body %}{% endblock %}"
BASE_FLASHES = "{% for m in get_flashed_messages() %}{{ m }}{% endfor %}{% block body %}{% endblock %}"
BASE_CLEAN = "<p>shop</p>{% block body %}{% endblock %}"

SETTLED = [
    # an app's view: its template extends one that reads current_user
    ({"app.py": APP, "templates/list.html": LIST, "templates/base.html": BASE_USER}, "app.py"),
    # a blueprint's view in a package: the app's templates, a folder above
    (
        {"shop/views.py": BLUEPRINT, "templates/list.html": LIST, "templates/base.html": BASE_FLASHES},
        "shop/views.py",
    ),
    # a template that includes one that shows a CSRF token, by keyword
    (
        {
            "app.py": APP.replace('render_template("list.html"', 'render_template(template_name_or_list="list.html"'),
            "templates/list.html": "{% include 'form.html' %}{% for row in rows %}{{ row }}{% endfor %}",
            "templates/form.html": "<input value='{{ csrf_token() }}'>",
        },
        "app.py",
    ),
    # one view settled by its template, another by its own body
    (
        {
            "app.py": APP + "\n\n@app.route('/me')\ndef me():\n    from flask import session\n"
            "    return render_template('list.html', rows=sorted(catalogue.of(session['id'])))\n",
            "templates/list.html": LIST,
            "templates/base.html": BASE_USER,
        },
        "app.py",
    ),
]

LET_THROUGH = [
    # the template reads nothing per caller: the view is cached
    ({"app.py": APP, "templates/list.html": LIST, "templates/base.html": BASE_CLEAN}, "app.py"),
    # an app's view looks in templates/ beside it only: the template above is not found
    ({"site/app.py": APP, "templates/list.html": LIST, "templates/base.html": BASE_USER}, "site/app.py"),
    # a folder given to the app: looked up elsewhere
    (
        {
            "app.py": APP.replace("Flask(__name__)", "Flask(__name__, template_folder='pages')"),
            "templates/list.html": LIST,
            "templates/base.html": BASE_USER,
            "pages/list.html": "{% for row in rows %}{{ row }}{% endfor %}",
        },
        "app.py",
    ),
    # a cycle of includes: what the planner keeps of it depends on the order it reads them
    (
        {
            "app.py": APP,
            "templates/list.html": "{% include 'rows.html' %}",
            "templates/rows.html": "{% if rows %}{% include 'list.html' %}{% endif %}{{ session.id }}",
        },
        "app.py",
    ),
    # the template rendered in a function of the view's own, or under a name not flask's
    (
        {
            "app.py": APP.replace(
                '    return render_template("list.html", rows=sorted(catalogue.rows()))',
                '    def page():\n        return render_template("list.html")\n    return sorted(catalogue.rows(page))',
            ),
            "templates/list.html": LIST,
            "templates/base.html": BASE_USER,
        },
        "app.py",
    ),
    (
        {
            "app.py": APP.replace("from shop import catalogue", "from shop import catalogue\nfrom shop.pages import render_template"),
            "templates/list.html": LIST,
            "templates/base.html": BASE_USER,
        },
        "app.py",
    ),
    # another view whose template reads nothing per caller
    (
        {
            "app.py": APP + "\n\n@app.route('/all')\ndef every():\n"
            "    return render_template('clean.html', rows=sorted(catalogue.rows()))\n",
            "templates/list.html": LIST,
            "templates/base.html": BASE_USER,
            "templates/clean.html": "{% for row in rows %}{{ row }}{% endfor %}",
        },
        "app.py",
    ),
]


@pytest.mark.parametrize("files, path", SETTLED, ids=[f"settled-{i}" for i in range(len(SETTLED))])
def test_views_settled_by_their_templates_are_not_parsed(files, path) -> None:
    asked, output = in_project(NAME, files, path)
    assert output == []
    assert not asked


@pytest.mark.parametrize("files, path", LET_THROUGH, ids=[f"through-{i}" for i in range(len(LET_THROUGH))])
def test_views_not_surely_settled_by_a_template_are_let_through(files, path) -> None:
    asked, _output = in_project(NAME, files, path)
    assert asked


def test_a_template_the_app_does_not_find_leaves_a_finding_the_stage_keeps() -> None:
    asked, output = in_project(NAME, LET_THROUGH[1][0], LET_THROUGH[1][1])
    assert asked and any("was not found" in line for line in output)


def _function(source: str) -> tuple[ast.FunctionDef, ast.Module]:
    tree = ast.parse(source)
    return next(node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)), tree


def test_rendered_templates_are_the_literal_names_flask_renders_in_the_body() -> None:
    function, tree = _function(
        "import flask\nfrom flask import render_template as page\n"
        "def view(x):\n    page('a.html')\n    flask.render_template(x)\n    flask.render_template('b.html', *rows)\n"
        "    page(['c.html'])\n    lambda: page('d.html')\n    return page(template_name_or_list='e.html')\n"
    )
    assert sorted(stage.rendered_templates(function, tree)) == ["a.html", "b.html", "e.html"]


def test_folder_lists_and_apps_made() -> None:
    shared = ("templates", "../templates", "../../templates", "../../../templates")
    blueprint = "from flask import Blueprint\nbp = Blueprint('b', __name__, template_folder={})"
    assert stage.folder_lists(ast.parse(blueprint.format("'t/'"))) == ((*shared, "t"), ("t", *shared))
    assert stage.folder_lists(ast.parse(blueprint.format("'templates'"))) == (shared,)
    assert stage.folder_lists(ast.parse(blueprint.format("None"))) == (shared,)
    # a folder the planner cannot read: none it looks in (only a finding's words change)
    assert stage.folder_lists(ast.parse(blueprint.format("FOLDER"))) == (shared,)
    assert stage.folder_lists(ast.parse("bp = Blueprint('b', __name__, template_folder='t')")) is None  # not flask's
    assert stage.folder_lists(ast.parse("app = Flask(__name__, root_path=ROOT)")) is None
    assert stage.folder_lists(ast.parse("from flask import Flask\napp = Flask(__name__)")) == (("templates",), shared)
    # an app made with a folder given: its own, or none it reads
    app = "from flask import Flask\napp = Flask(__name__, {})"
    assert stage.folder_lists(ast.parse(app.format("template_folder='pages'"))) == (("pages",), shared)
    assert stage.folder_lists(ast.parse(app.format("template_folder=os.getcwd()"))) == ((), shared)
    assert stage.folder_lists(ast.parse(app.format("root_path=ROOT, template_folder='pages'"))) == ((), shared)
    assert stage.folder_lists(ast.parse(app.format("**options"))) == ((), shared)
    two = app.format("template_folder=None") + "\nother = Flask(__name__)"
    assert stage.folder_lists(ast.parse(two)) == (("templates",), (), shared)
    assert stage.folder_lists(ast.parse("bp = Blueprint(__name__)")) == (shared,)
    assert stage.may_create_an_app(ast.parse("from flask import Flask\napp = Flask(__name__)"))
    assert not stage.may_create_an_app(ast.parse("from flask import Blueprint\nbp = Blueprint('b', __name__)"))


def test_a_cycle_anywhere_below_the_template_is_seen() -> None:
    texts = {
        "templates/a.html": "{% extends 'b.html' %}",
        "templates/b.html": "{% include 'c.html' %}{{ current_user }}",
        "../templates/c.html": "{% include 'a.html' %}",
    }
    assert stage._leads_to_a_cycle(texts.get, "a.html", (stage.SHARED_FOLDERS,))
    assert not stage._leads_to_a_cycle({**texts, "../templates/c.html": ""}.get, "a.html", (stage.SHARED_FOLDERS,))


def test_the_answer_kept_for_a_template_is_the_folders_own() -> None:
    """Two blueprints, one at the project's root and one in a package, render a template of
    the same name, each from its own folder: what the first one's settles is not the
    second one's answer (its own copy, read first, includes a template that is not found:
    an open question, said)."""
    files = {
        "views.py": BLUEPRINT,
        "templates/list.html": LIST,
        "templates/base.html": BASE_USER,
        "shop/views.py": BLUEPRINT,
        "shop/templates/list.html": "{% include 'gone.html' %}{% for row in rows %}{{ row }}{% endfor %}",
    }
    assert in_project(NAME, files, "views.py") == (False, [])
    asked, output = in_project(NAME, files, "shop/views.py")
    assert output and asked

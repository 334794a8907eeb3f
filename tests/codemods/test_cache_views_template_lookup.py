"""cache-views looks a template up as Flask's loaders do, and says what it could not read
(session 37's "was not found" findings, read in session 38):

- flask-social-example's ``index.html`` extends ``'/layouts/boilerplate.html'``: Jinja2's
  loaders split a name at its slashes and drop empty and ``.`` pieces, so the layout is found
  in the app's folder; the codemod joined the name to the folder as a path (an absolute one)
  and said the layout "was not found". A ``..`` piece Jinja2 refuses: not found, truly.
- blohg (a ``jinja_loader`` property of its ``Flask`` subclass) and xichuangzhu
  (``app.jinja_loader = ChoiceLoader([...])`` over computed folders) serve templates through
  a loader of their own: a template in none of the folders read is in one the codemod could
  not read, not missing; and one it does find may not be the file that loader serves, so a
  view it would cache is left (settled: such a loader may pick the file per request).
- a blueprint's ``template_folder`` given positionally (its fifth parameter) is read; one
  that ``**kwargs`` may give is a folder that could not be read.
"""

from __future__ import annotations

from cache_views_support import Renders, apply, load, project, write  # noqa: F401  (a fixture)
from gate_checks import in_project

NAME = "cache-views"

_INIT = """\
from flask import Flask
from flask_caching import Cache

app = Flask(__name__)
cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})

from .pages.views import pages  # noqa: E402

app.register_blueprint(pages)
"""

_PAGES = """\
from flask import Blueprint, render_template

from .. import cache
from ..figures import totals

pages = Blueprint({args})


@pages.route("/")
def index():
    return render_template("index.html", rows=sorted(totals()))
"""

_FIGURES = """\
def totals():
    return [3, 1, 2]
"""

_LAYOUT = "<title>pages</title>{% block body %}{% endblock %}"
_SESSION_LAYOUT = "<nav>{{ session.name }}</nav>{% block body %}{% endblock %}"
PATH = "site/pages/views.py"


def _index(extends: str) -> str:
    return "{% extends '" + extends + "' %}{% block body %}{% for row in rows %}<p>{{ row }}</p>{% endfor %}{% endblock %}"


def _files(
    extends: str = "layouts/base.html",
    layout: str = _LAYOUT,
    args: str = '"pages", __name__',
    init: str = _INIT,
    package: str = "site",
) -> dict[str, str]:
    return {
        "requirements.txt": "flask\nflask-caching\n",
        f"{package}/__init__.py": init,
        f"{package}/figures.py": _FIGURES,
        f"{package}/templates/index.html": _index(extends),
        f"{package}/templates/layouts/base.html": layout,
        f"{package}/pages/__init__.py": "",
        f"{package}/pages/views.py": _PAGES.format(args=args),
    }


# -- names as Jinja2's loaders read them ------------------------------------------------------------


def test_a_name_with_a_leading_slash_is_found_as_jinja_finds_it() -> None:
    asked, output = in_project(NAME, _files("/layouts/base.html", _SESSION_LAYOUT), PATH)
    assert output == []  # the layout read: it reads the session, a settled refusal said nothing of
    assert not asked  # the project stage finds it too: the module is not parsed


def test_a_name_with_empty_and_dot_pieces_is_found_and_the_view_cached(project) -> None:
    root, work = project
    package = f"site_{work}"
    files = _files("./layouts//base.html", package=package)
    write(root, {path: text for path, text in files.items() if path != "requirements.txt"})
    result = apply(root / package / "pages" / "views.py")
    assert not result.findings, [f.message for f in result.findings]
    assert '@pages.route("/")\n@cache.cached(timeout=300)\ndef index' in result.new_text

    app = load(root / package / "__init__.py", package, root / package).app
    renders = Renders(app)
    client = app.test_client()
    pages = [client.get("/").get_data(as_text=True) for _ in range(2)]
    assert pages == ["<title>pages</title><p>1</p><p>2</p><p>3</p>"] * 2  # Flask found the layout
    assert renders.count("index.html") == 1


def test_a_name_that_climbs_out_of_the_folder_is_not_found_as_jinja_refuses_it() -> None:
    files = _files("../templates/layouts/base.html")
    _asked, output = in_project(NAME, files, PATH)
    assert len(output) == 1 and "'../templates/layouts/base.html', which was not found" in output[0], output


# -- loaders the app sets -----------------------------------------------------------------------


_OWN_LOADER = _INIT.replace(
    "cache = Cache(",
    'app.jinja_loader = ChoiceLoader([app.jinja_loader, FileSystemLoader(os.path.join(app.root_path, "pages"))])\ncache = Cache(',
).replace("from flask import Flask\n", "import os\n\nfrom flask import Flask\nfrom jinja2 import ChoiceLoader, FileSystemLoader\n")

_LOADER_PROPERTY = _INIT.replace(
    "app = Flask(__name__)",
    "class Site(Flask):\n    @property\n    def jinja_loader(self):\n        return FileSystemLoader(self.config['THEME'])\n\n\napp = Site(__name__)",
).replace("from flask import Flask\n", "from flask import Flask\nfrom jinja2 import FileSystemLoader\n")


def test_a_template_in_no_folder_read_where_the_app_sets_its_loader_could_not_be_read() -> None:
    for init, line in ((_OWN_LOADER, "app.jinja_loader ="), (_LOADER_PROPERTY, "def jinja_loader")):
        where = f"site/__init__.py:{next(n for n, text in enumerate(init.splitlines(), 1) if line in text)}"
        files = _files("layouts/elsewhere.html", init=init)
        _asked, output = in_project(NAME, files, PATH)
        assert len(output) == 1, output
        assert "not found" not in output[0], output
        assert "could not be read" in output[0] and "template loader" in output[0] and where in output[0], output


def test_a_template_found_where_the_app_sets_its_loader_may_not_be_the_one_served() -> None:
    """Left, and settled: such a loader may pick the file per request (kerbalstuff's mobile
    templates); nothing is said of it (a constant page would be said nothing of either)."""
    for init in (_OWN_LOADER, _LOADER_PROPERTY):
        _asked, output = in_project(NAME, _files(init=init), PATH)
        assert output == [], output
    assert in_project(NAME, _files(), PATH)[1] == ["rewrote (cache-views)"]


def test_a_loader_that_serves_another_file_is_why(project) -> None:
    """The premise, run: the app's own loader serves a layout the codemod never read."""
    root, work = project
    package = f"site_{work}"
    init = _OWN_LOADER.replace("ChoiceLoader([app.jinja_loader, ", "ChoiceLoader([").replace('"pages"))])', '"pages")), app.jinja_loader])')
    files = _files(init=init, package=package)
    files[f"{package}/pages/layouts/base.html"] = _SESSION_LAYOUT
    write(root, {path: text for path, text in files.items() if path != "requirements.txt"})
    result = apply(root / package / "pages" / "views.py")
    assert "@cache.cached" not in result.new_text
    app = load(root / package / "__init__.py", package, root / package).app
    app.secret_key = "k"
    client = app.test_client()
    with client.session_transaction() as session:
        session["name"] = "ada"
    assert client.get("/").get_data(as_text=True).startswith("<nav>ada</nav>")  # not the file read


# -- a blueprint's folder, however it is given ------------------------------------------------------


def test_a_blueprint_folder_given_positionally_is_read() -> None:
    files = _files("layouts/own.html", args='"pages", __name__, None, None, "own"')
    files["site/pages/own/layouts/own.html"] = _SESSION_LAYOUT
    _asked, output = in_project(NAME, files, PATH)
    assert output == []  # the layout in its folder read: it reads the session, a settled refusal


def test_a_blueprint_folder_kwargs_may_give_could_not_be_read() -> None:
    files = _files("layouts/own.html", args='"pages", __name__, **OPTIONS')
    files["site/pages/views.py"] = files["site/pages/views.py"].replace("pages = Blueprint(", 'OPTIONS = {"template_folder": "own"}\npages = Blueprint(')
    _asked, output = in_project(NAME, files, PATH)
    assert len(output) == 1, output
    assert "not found" not in output[0] and "could not be read" in output[0] and "**OPTIONS" in output[0], output


def test_the_view_s_own_blueprint_folder_kwargs_may_give_could_not_be_read_in_both_stages() -> None:
    """The view's own blueprint: the planner's folder and the project stage's agree."""
    files = _files("layouts/own.html", args='"pages", __name__, **OPTIONS', layout=_SESSION_LAYOUT)
    files["site/pages/views.py"] = files["site/pages/views.py"].replace("pages = Blueprint(", 'OPTIONS = {"template_folder": "own"}\npages = Blueprint(')
    files["site/pages/own/layouts/own.html"] = _SESSION_LAYOUT
    asked, output = in_project(NAME, files, PATH)
    assert asked
    assert len(output) == 1 and "could not be read" in output[0] and "**OPTIONS" in output[0], output


def test_an_app_whose_folder_kwargs_may_give_reads_no_folder_of_its_own() -> None:
    """``Flask(__name__, **options)`` may put the app's folder anywhere: ``templates`` is not
    known to be it, so a template found there is not taken for the one served."""
    source = (
        "from flask import Flask, render_template\nfrom flask_caching import Cache\n\nfrom .figures import totals\n\n"
        'OPTIONS = {"template_folder": "pages"}\napp = Flask(__name__, **OPTIONS)\n'
        'cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})\n\n\n'
        '@app.route("/")\ndef index():\n    return render_template("index.html", rows=sorted(totals()))\n'
    )
    files = {
        "requirements.txt": "flask\nflask-caching\n",
        "site/__init__.py": source,
        "site/figures.py": _FIGURES,
        "site/templates/index.html": _index("layouts/base.html"),
        "site/templates/layouts/base.html": _LAYOUT,
    }
    assert in_project(NAME, {**files, "site/__init__.py": source.replace(", **OPTIONS", "")}, "site/__init__.py")[1] == ["rewrote (cache-views)"]
    asked, output = in_project(NAME, files, "site/__init__.py")
    assert asked
    assert len(output) == 1 and "could not be read" in output[0] and "**OPTIONS" in output[0], output


def test_an_app_whose_folder_kwargs_may_give_is_not_settled_by_a_template_in_templates() -> None:
    """The project stage reads no module whose app or blueprint may take its folder from
    arguments it cannot read: the planner's finding is said."""
    files = {
        "requirements.txt": "flask\nflask-caching\n",
        "site/__init__.py": (
            "from flask import Flask, render_template\n\nfrom .figures import totals\n\n"
            "app = Flask(__name__, **{'template_folder': 'pages'})\n\n\n"
            '@app.route("/")\ndef index():\n    return render_template("index.html", rows=sorted(totals()))\n'
        ),
        "site/figures.py": _FIGURES,
        "site/templates/index.html": _index("layouts/base.html"),
        "site/templates/layouts/base.html": _SESSION_LAYOUT,
    }
    asked, output = in_project(NAME, files, "site/__init__.py")
    assert asked
    assert len(output) == 1 and "could not be read" in output[0], output


def test_a_blueprint_view_s_app_whose_folder_kwargs_may_give_is_an_unread_folder() -> None:
    init = _INIT.replace("app = Flask(__name__)", "app = Flask(__name__, **OPTIONS)").replace("app = Flask", 'OPTIONS = {}\napp = Flask')
    _asked, output = in_project(NAME, _files("layouts/elsewhere.html", init=init), PATH)
    assert len(output) == 1 and "not found" not in output[0], output
    assert "could not be read: the app's template folder may be given by **OPTIONS (in ../__init__.py)" in output[0], output


# -- a template the project's build makes ---------------------------------------------------------


def _with_icons(gitignore: str) -> dict[str, str]:
    files = _files()
    files["site/templates/index.html"] = "{% include 'includes/icons.html' %}" + files["site/templates/index.html"]
    files[".gitignore"] = gitignore
    return files


def test_a_template_the_gitignore_leaves_out_is_said_to_be_a_file_the_build_makes() -> None:
    """tt-donations: the SVG sprite its front-end build writes into the templates."""
    _asked, output = in_project(NAME, _with_icons("*.pyc\n# SVG sprite\nsite/templates/includes/icons.html\n"), PATH)
    assert len(output) == 1, output
    assert "'includes/icons.html', which is not in the checkout: .gitignore:3 (site/templates/includes/icons.html) leaves it out" in output[0], output


def test_a_gitignore_that_may_take_it_back_or_does_not_name_it_leaves_it_not_found() -> None:
    for gitignore in ("site/templates/includes/\n!site/templates/includes/icons.html\n", "icons.htm\n", "site/*.html\n"):
        _asked, output = in_project(NAME, _with_icons(gitignore), PATH)
        assert len(output) == 1 and "'includes/icons.html', which was not found" in output[0], (gitignore, output)


def test_gitignore_patterns_as_git_reads_them() -> None:
    from flask_codemod.codemods._cache_views_gitignored import _matches

    path = "server/templates/includes/base_icons.html".split("/")
    for pattern in ("base_icons.html", "*.html", "includes/", "server/templates/", "/server/templates/includes/base_icons.html", "server/*/includes"):
        assert _matches(pattern, path), pattern
    for pattern in ("base_icons.html/", "templates/includes", "server/*.html", "server/**/base_icons.html", "icons.html", "[bc]ase_icons.html"):
        assert not _matches(pattern, path), pattern


def test_a_template_in_none_of_the_project_s_folders_may_be_a_package_s() -> None:
    """arxiv-browse: its ``base.html`` imports ``base/macros.html``, which the arxiv-base package's
    blueprint serves: not among the project's templates, and not known to be missing."""
    files = _files()
    files["site/templates/layouts/base.html"] = "{% import 'base/macros.html' as macros %}" + _LAYOUT
    _asked, output = in_project(NAME, files, PATH)
    assert len(output) == 1, output
    assert output[0].endswith(
        "imports 'base/macros.html', which was not found (a package's templates, which the codemod does not read, may hold it)"
    ), output


def test_a_name_jinja_refuses_is_said_to_be_refused() -> None:
    _asked, output = in_project(NAME, _files("../templates/layouts/base.html"), PATH)
    assert len(output) == 1 and output[0].endswith(
        "'../templates/layouts/base.html', which was not found: Jinja2's loaders refuse a name with a '..' piece"
    ), output

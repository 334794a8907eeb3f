"""cache-views' project stage in a module whose blueprint gives its own template folder
(``Blueprint("page", __name__, template_folder="templates")``: saas-course, discover-flask,
flask-user-starter, the common spelling). The stage used to give up on any module that gives
a folder; the planner looks a view's templates up in the blueprint's own folder first, then
the app's four, then the folders of the module's blueprints (``template_folders``), so the
stage asks the template in every list the view's owner may give (``folder_lists``): settled
in each, the module is not parsed, and the codemod, gates open, says nothing of it. A folder
the planner cannot read (computed, ``root_path=``) is none it looks in: the template is asked
in the others. A blueprint class not Flask's, or a folder given to a blueprint made outside
an assignment, lets the module through, as before."""

from __future__ import annotations

import pytest

from gate_checks import in_project

NAME = "cache-views"

VIEWS = """
from flask import Blueprint, render_template
from shop import catalogue

{blueprint}


@page.route("/list")
def listing():
    return render_template("page/list.html", rows=sorted(catalogue.rows()))
"""

LIST = "{% extends 'layouts/base.html' %}{% block body %}{% for row in rows %}{{ row }}{% endfor %}{% endblock %}"
BASE_CSRF = "<form><input value='{{ csrf_token() }}'></form>{% block body %}{% endblock %}"
BASE_CLEAN = "<p>shop</p>{% block body %}{% endblock %}"


def _project(blueprint: str, *, base: str = BASE_CSRF, folder: str = "shop/blueprints/page/templates") -> dict[str, str]:
    return {
        "requirements.txt": "flask\nflask-caching\n",
        "shop/__init__.py": "",
        "shop/catalogue.py": "def rows():\n    return [3, 1, 2]\n",
        "shop/blueprints/__init__.py": "",
        "shop/blueprints/page/__init__.py": "",
        "shop/blueprints/page/views.py": VIEWS.format(blueprint=blueprint),
        f"{folder}/page/list.html": LIST,
        "shop/templates/layouts/base.html": base,
    }


PATH = "shop/blueprints/page/views.py"


@pytest.mark.parametrize(
    "blueprint",
    [
        'page = Blueprint("page", __name__, template_folder="templates")',
        'page = Blueprint("page", __name__, template_folder="templates/")',
        'page: Blueprint = Blueprint("page", __name__, template_folder="templates")',
        # a second blueprint of the module with its folder: looked in after the app's
        'page = Blueprint("page", __name__, template_folder="templates")\nother = Blueprint("o", __name__, template_folder="more")',
        'page = Blueprint("page", __name__, template_folder=None)',
        # a folder the planner cannot read (computed, under a root): none it looks in, the
        # template found in the others (an unread folder only changes a finding's words)
        'import os\npage = Blueprint("page", __name__, template_folder=os.path.join("x", "templates"))',
        'page = Blueprint("page", __name__, template_folder="templates", root_path="/srv")',
    ],
)
def test_a_template_settled_in_every_folder_the_planner_looks_in_is_not_parsed(blueprint: str) -> None:
    files = _project(blueprint)
    if "None" in blueprint:  # no folder of its own: the template lies in the app's, three up
        files = _project(blueprint, folder="templates")
    asked, output = in_project(NAME, files, PATH)
    assert output == []
    assert not asked


@pytest.mark.parametrize(
    "blueprint",
    [
        # a blueprint of another library: the planner's index holds no folder of it
        'from flask_smorest import Blueprint as Api\npage = Blueprint("page", __name__)\nother = Api("o", __name__, template_folder="t")',
        # a folder given to a blueprint made outside an assignment
        'page = Blueprint("page", __name__)\nregister(Blueprint("o", __name__, template_folder="templates"))',
    ],
)
def test_a_folder_the_stage_does_not_read_lets_the_module_through(blueprint: str) -> None:
    asked, _output = in_project(NAME, _project(blueprint), PATH)
    assert asked


def test_a_template_that_reads_nothing_per_caller_is_let_through_and_cached() -> None:
    files = _project('page = Blueprint("page", __name__, template_folder="templates")', base=BASE_CLEAN)
    asked, output = in_project(NAME, files, PATH)
    assert asked
    assert output, output  # cached, or said why not (no cache of the app here)


def test_the_blueprints_own_template_is_read_first() -> None:
    # the blueprint's folder holds a list.html of its own that settles; the app's does not
    files = _project('page = Blueprint("page", __name__, template_folder="templates")', base=BASE_CLEAN)
    files["shop/blueprints/page/templates/page/list.html"] = "{{ session.id }}{% for row in rows %}{{ row }}{% endfor %}"
    asked, output = in_project(NAME, files, PATH)
    assert output == []
    assert not asked

"""cache-views' project stage on a module that makes its app with a template folder given, or
a blueprint with one the planner cannot read (codemods/_cache_views_template_gate.py,
``_app_folder``): the planner looks an app's templates up in its ``template_folder=`` alone
(``CacheViewsPlanner.folder_of``), and a folder it cannot read (computed, ``root_path=``,
``**options``) holds no template it reads: a template found nowhere else is a problem, no
cost. So a view rendering a template that settles its refusal in the given folder, or that
renders a template only such a folder may hold, given nothing, is left alone without a
word: the module is not parsed, and the codemod, gates open, says nothing of it. Where the
template may do work or another app's folder may hold it, the module is let through (as it
is where the folders a view of another owner would look in hold a template that may: the
stage does not tell which views are the app's)."""

from __future__ import annotations

import pytest

from gate_checks import in_project

NAME = "cache-views"

_APP = """
import os
from flask import Flask, render_template

app = Flask(__name__, {arguments})


@app.route("/list")
def listing():
    return render_template("list.html"{given})
"""
_USER = "<p>{{ current_user.name }}</p>{% for row in range(3) %}{{ row }}{% endfor %}"
_LOOP = "{% for row in range(3) %}{{ row }}{% endfor %}"


def _project(arguments: str, templates: dict[str, str], given: str = ", rows=sorted([3, 1, 2])") -> dict[str, str]:
    return {"app.py": _APP.format(arguments=arguments, given=given), **templates, "requirements.txt": "flask\n"}


@pytest.mark.parametrize(
    "files",
    [
        # the app's own folder: its template reads the user (a settled refusal); so does the
        # one a view of another owner would render (every list the stage asks must settle)
        _project("template_folder='pages'", {"pages/list.html": _USER, "templates/list.html": _USER}),
        # a folder the planner cannot read: the template, found nowhere, costs nothing
        _project("template_folder=os.path.join(os.getcwd(), 'pages')", {"pages/list.html": _LOOP}, given=""),
        _project("root_path=os.getcwd()", {"pages/list.html": _LOOP}, given=""),
        _project("**{'static_folder': 'static'}", {"pages/list.html": _LOOP}, given=""),
    ],
)
def test_a_view_of_an_app_with_a_folder_given_whose_template_settles_is_not_parsed(files: dict[str, str]) -> None:
    asked, output = in_project(NAME, files, "app.py")
    assert output == []
    assert not asked


def test_a_blueprint_folder_the_planner_cannot_read_is_no_folder() -> None:
    view = (
        "import os\nfrom flask import Blueprint, render_template\n\n"
        "bp = Blueprint('shop', __name__, template_folder=os.getcwd())\n\n\n"
        "@bp.route('/list')\ndef listing():\n    return render_template('list.html', rows=sorted([3, 1]))\n"
    )
    files = {"shop/views.py": view, "templates/list.html": _USER, "requirements.txt": "flask\n"}
    asked, output = in_project(NAME, files, "shop/views.py")
    assert output == []
    assert not asked


@pytest.mark.parametrize(
    "files",
    [
        # the template in the app's own folder does work and reads no user: the view is cached
        _project("template_folder='pages'", {"pages/list.html": _LOOP, "templates/list.html": _USER}),
        # given nothing but a folder the planner cannot read, with a second app beside it
        # looking in templates/, where the template loops
        {
            **_project("template_folder=os.getcwd()", {"templates/list.html": _LOOP}, given=""),
            "app.py": _APP.format(arguments="template_folder=os.getcwd()", given="") + "\nother = Flask(__name__)\n",
        },
    ],
)
def test_a_view_whose_template_may_do_work_is_let_through(files: dict[str, str]) -> None:
    asked, _output = in_project(NAME, files, "app.py")
    assert asked


def test_a_view_of_an_app_with_its_own_folder_is_cached() -> None:
    files = _project("template_folder='pages'", {"pages/list.html": _LOOP, "templates/list.html": _USER})
    asked, output = in_project(NAME, files, "app.py")
    assert asked
    assert output, "the template in pages/ reads no user: the planner caches the view"

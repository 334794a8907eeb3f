"""cache-views' project stage on a name of the views module bound more than once, in a block,
or by something else than ``name = value`` (codemods/_cache_views_rebound_state.py). The
planner reads such a name from the module's global scope (``NameKinds._bound_kinds``): a
``for`` or ``with`` target, a tuple element, ``+=``, ``:=`` or an annotation without a
value makes it unknown, so do values of different kinds, and a name a function declares
``global`` is changed state unless it is the database, a cache, a library or a module. A
view reading it is left alone without a word: the module is not parsed, and the codemod,
gates open, says nothing of it. Where a kind the planner keeps is possible (values it may
know, an import, a ``def``, a local of a function of that name), the module is let through,
and a view reading literals bound in a block is cached."""

from __future__ import annotations

import pytest

from gate_checks import in_project

NAME = "cache-views"

_VIEW = """
import json
from flask import Flask, render_template
from flask_caching import Cache

app = Flask(__name__)


class Pages:
    def rows(self):
        return [3, 1, 2]


{binding}


@app.route("/list")
def listing():
    return render_template("list.html", rows=sorted(pages))
"""
_TEMPLATE = "{% for row in rows %}{{ row }}{% endfor %}"


def _project(binding: str) -> dict[str, str]:
    # requirements.txt: where the tool can add Flask-Caching
    return {
        "shop/views.py": _VIEW.format(binding=binding),
        "shop/data.py": "pages = [1, 2]\n",
        "shop/templates/list.html": _TEMPLATE,
        "requirements.txt": "flask\n",
    }


@pytest.mark.parametrize(
    "binding",
    [
        # a function declares it global: changed state whatever its literal
        "pages = []\n\n\ndef load():\n    global pages\n    pages = Pages().rows()",
        "pages = None\n\n\ndef load(rows):\n    global pages\n    for pages in rows:\n        pass",
        # declared global, made by a class of the module at the top
        "pages = Pages()\n\n\ndef load():\n    global pages\n    pages = Pages()",
        # bound in functions alone, by a function of the module
        "def make():\n    return Pages()\n\n\ndef load():\n    global pages\n    pages = make()\n\n\n"
        "def reload():\n    global pages\n    pages = make()",
        # bound by a binding other than name = value: unknown at once
        "for pages in [[1], [2]]:\n    pass",
        "with open('pages.json') as pages:\n    pass",
        "pages, other = [3, 1], 2",
        "pages = [1]\npages += [2]",
        "pages: list\nif app.debug:\n    pages = [1]",
        "if (pages := [1]):\n    pass",
        # in blocks: values of different kinds, or every one unknown
        "pages = [1]\nif app.debug:\n    pages = Pages()",
        "with app.app_context():\n    pages = Pages()",
        "try:\n    pages = Pages()\nexcept ValueError:\n    pages = Pages()",
        "if app.debug:\n    pages = app.config['PAGES']\nelse:\n    pages = sorted",
    ],
)
def test_a_view_reading_a_name_the_planner_takes_for_state_is_not_parsed(binding: str) -> None:
    asked, output = in_project(NAME, _project(binding), "shop/views.py")
    assert output == []
    assert not asked


@pytest.mark.parametrize(
    "binding",
    [
        # declared global, but every value a call the planner may know (a cache's)
        "pages = Cache()\n\n\ndef load():\n    global pages\n    pages = Cache(app)",
        # a function's own local of the name: the scopes are the planner's to read
        "pages = [1]\nif app.debug:\n    pages = Pages()\n\n\ndef other():\n    pages = 2\n    return pages",
        # an import, a definition or a parameter of the name: their kinds are the planner's
        "from .data import pages\nif app.debug:\n    pages = Pages()",
        "def pages():\n    return [1]\n\n\nif app.debug:\n    pages = Pages()",
        "pages = [1]\nif app.debug:\n    pages = Pages()\n\n\ndef other(pages):\n    return pages",
        # a call the analysis may know for a value (a pure call of constants)
        "if app.debug:\n    pages = Pages()\nelse:\n    pages = sorted([2, 1])",
    ],
)
def test_a_view_reading_a_name_the_planner_may_know_is_let_through(binding: str) -> None:
    asked, _output = in_project(NAME, _project(binding), "shop/views.py")
    assert asked


def test_a_view_reading_literals_bound_in_a_block_is_let_through_and_cached() -> None:
    binding = "if app.debug:\n    pages = [1, 2]\nelse:\n    pages = [3]"
    asked, output = in_project(NAME, _project(binding), "shop/views.py")
    assert asked
    assert output, "the view reads values: the planner caches it"

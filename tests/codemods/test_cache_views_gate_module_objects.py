"""cache-views' project stage on a name bound to an object a function or a class of the same
module makes (codemods/_cache_views_state_gate.py, ``made_by_the_module``):
``pages = Pages(name="news")`` with ``class Pages(FlatPages)`` defined above or below it. The
analysis knows the app, the database and the caches by their callee's name (or a class of
the project by a cache class among its bases); anything else a call makes is state that may
change while a page is cached, and a view reading it is left alone without a word. Such a
module is not parsed, and the codemod, gates open, says nothing of it; where the callee may
make a known object (a class built on a cache class or on another class of the project, a
name bound twice or in a block), the module is let through. The same for a pure function of a
library given an argument the analysis never takes for a constant (``F = TypeVar("F",
bound=Callable[..., Any])``): no value, but state."""

from __future__ import annotations

import pytest

from gate_checks import in_project

NAME = "cache-views"

_VIEW = """
import json
from collections import OrderedDict
from flask import Flask, render_template
from flask_caching import Cache

app = Flask(__name__)
{binding}


@app.route("/list")
def listing():
    return render_template("list.html", rows=sorted(pages.rows()))
"""
_TEMPLATE = "{% for row in rows %}{{ row }}{% endfor %}"


def _project(binding: str) -> dict[str, str]:
    view = _VIEW.format(binding=binding)
    # requirements.txt: where the tool can add Flask-Caching
    return {"shop/views.py": view, "shop/templates/list.html": _TEMPLATE, "requirements.txt": "flask\n"}


_PAGES = "class Pages{bases}:\n    def rows(self):\n        return [3, 1, 2]\n\n\n"


@pytest.mark.parametrize(
    "binding",
    [
        # a class of the module with no base, or a builtin's or a library's
        _PAGES.format(bases="") + "pages = Pages()",
        _PAGES.format(bases="(object)") + "pages = Pages()",
        _PAGES.format(bases="(OrderedDict)") + "pages = Pages()",
        # defined after the name it makes
        "pages = Pages()\n\n\n" + _PAGES.format(bases=""),
        # a function of the module
        "def open_pages(name):\n    return OrderedDict(name=name)\n\n\npages = open_pages('news')",
    ],
)
def test_a_view_reading_an_object_its_module_makes_is_not_parsed(binding: str) -> None:
    asked, output = in_project(NAME, _project(binding), "shop/views.py")
    assert output == []
    assert not asked


@pytest.mark.parametrize(
    "binding",
    [
        # built on a cache class: the analysis knows its objects for caches
        _PAGES.format(bases="(Cache)") + "pages = Pages()",
        # built on another class of the module: the chain is the scan's to read
        "class Base:\n    pass\n\n\n" + _PAGES.format(bases="(Base)") + "pages = Pages()",
        # the class's name bound twice: which binding the call reaches is the scan's to say
        _PAGES.format(bases="") + "Pages = dict\npages = Pages()",
        # defined in a block, which the stage's reading of the module's top does not see
        "if app:\n    " + _PAGES.format(bases="").replace("\n    ", "\n        ") + "pages = Pages()",
        # an async function
        "async def open_pages():\n    return 1\n\n\npages = open_pages()",
    ],
)
def test_a_view_reading_what_its_module_may_make_known_is_let_through(binding: str) -> None:
    asked, _output = in_project(NAME, _project(binding), "shop/views.py")
    assert asked


# a pure function of a library given an argument the analysis never takes for a constant (an
# attribute, a subscript): what it returns is no value to the analysis, but state


@pytest.mark.parametrize(
    "binding",
    [
        "pages = json.loads(app.name)",
        "pages = json.loads(app.config['PAGES'], parse_int=None)",
        "pages = json.loads('[3, 1, 2]', object_hook=lambda d: d)",
    ],
)
def test_a_view_reading_a_pure_call_of_what_is_no_constant_is_not_parsed(binding: str) -> None:
    asked, output = in_project(NAME, _project(binding), "shop/views.py")
    assert output == []
    assert not asked


@pytest.mark.parametrize(
    "binding",
    [
        # constants: a value
        "pages = json.loads('[3, 1, 2]')",
        # a name or a call as an argument: the analysis may find it constant
        "SOURCE = '[3, 1, 2]'\npages = json.loads(SOURCE)",
        "pages = json.loads(str(3))",
    ],
)
def test_a_view_reading_a_pure_call_that_may_be_a_value_is_let_through(binding: str) -> None:
    asked, _output = in_project(NAME, _project(binding), "shop/views.py")
    assert asked

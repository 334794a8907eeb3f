"""cache-views' project stage on views that call a method of a row of the project's model
whose own body settles their refusal (codemods/_cache_views_row_methods.py): such a module is
not parsed, and the codemod, gates forced open, leaves it alone without a word; where the
scan may not reach that method, the module is let through, and a view that is said still is."""

from __future__ import annotations

import pytest

from gate_checks import in_project

NAME = "cache-views"

_VIEWS = """
from flask import Flask, render_template
from shop import catalogue
{imports}

app = Flask(__name__)


@app.route("/post/<int:number>")
def post_page(number):
    {body}
    return render_template("list.html", rows=sorted(catalogue.rows()))
"""
_TEMPLATE = "{% for row in rows %}{{ row }}{% endfor %}"
_MODELS = '''
from flask import url_for, request


class Base:
    def linked(self):
        return url_for("post_page", number=1, _external=True)


class Post(Base):
    def to_json(self):
        return {"url": url_for("post_page", number=self.id, _external=True)}

    def agent(self):
        return request.user_agent

    def title(self):
        return "post"


class Twice:
    def to_json(self):
        return request.args


Twice = None
'''


def _project(imports: str, body: str, **other: str) -> dict[str, str]:
    files = {
        "shop/views.py": _VIEWS.format(imports=imports, body=body),
        "shop/templates/list.html": _TEMPLATE,
        "shop/models.py": _MODELS,
    }
    files.update(other)
    return files


@pytest.mark.parametrize(
    "imports, body",
    [
        # an external URL built in the method: the page depends on the request's host
        ("from .models import Post", "post = Post.query.get_or_404(number)\n    catalogue.note(post.to_json())"),
        # through a chain of query methods, a read of the request
        ("from shop.models import Post as Entry",
         "row = Entry.query.filter_by(id=number).first_or_404()\n    catalogue.note(row.agent())"),
    ],
)
def test_a_view_calling_a_settling_method_of_a_model_row_is_not_parsed(imports, body) -> None:
    asked, output = in_project(NAME, _project(imports, body), "shop/views.py")
    assert output == []
    assert not asked


@pytest.mark.parametrize(
    "imports, body",
    [
        # the method settles nothing
        ("from .models import Post", "post = Post.query.get_or_404(number)\n    catalogue.note(post.title())"),
        # the method is a base class's: the class's own body does not hold it
        ("from .models import Post", "post = Post.query.get_or_404(number)\n    catalogue.note(post.linked())"),
        # the row's name is bound twice in the view
        ("from .models import Post",
         "post = Post.query.get_or_404(number)\n    post = catalogue.row()\n    catalogue.note(post.to_json())"),
        # not read through the query
        ("from .models import Post", "post = Post()\n    catalogue.note(post.to_json())"),
        # a query method on the way that the scan does not know
        ("from .models import Post", "post = Post.query.special()\n    catalogue.note(post.to_json())"),
        # the class is bound twice in its module
        ("from .models import Twice", "row = Twice.query.get(number)\n    catalogue.note(row.to_json())"),
        # called in a function of the view's own
        ("from .models import Post", "post = Post.query.get(number)\n    later = lambda: post.to_json()"),
    ],
)
def test_a_row_method_not_surely_settling_is_let_through(imports, body) -> None:
    asked, _output = in_project(NAME, _project(imports, body), "shop/views.py")
    assert asked


def test_a_view_whose_row_method_settles_nothing_is_still_said() -> None:
    body = "post = Post.query.get_or_404(number)\n    catalogue.note(post.title())"
    asked, output = in_project(NAME, _project("from .models import Post", body), "shop/views.py")
    assert asked
    assert any("catalogue" in line for line in output), output


def test_a_view_named_as_a_pure_module_is_let_through() -> None:
    """LibCST qualifies the view's locals by its name (``math.<locals>.post.to_json``): the
    scan takes such a call for a pure function's and never follows it into the class."""
    files = _project("from .models import Post", "post = Post.query.get_or_404(number)\n    catalogue.note(post.to_json())")
    files["shop/views.py"] = files["shop/views.py"].replace("def post_page(number):", "def math(number):")
    asked, output = in_project(NAME, files, "shop/views.py")
    assert asked
    assert any("catalogue" in line for line in output), output


@pytest.mark.parametrize(
    "body",
    [
        # a comprehension's own name
        "post = Post.query.get_or_404(number)\n    catalogue.note([post.to_json() for post in catalogue.rows()])",
        # bound again by ``:=`` in a comprehension
        "post = Post.query.get_or_404(number)\n    catalogue.note([(post := row) for row in catalogue.rows()])\n"
        "    catalogue.note(post.to_json())",
    ],
)
def test_a_row_name_bound_elsewhere_in_the_view_is_let_through(body) -> None:
    asked, _output = in_project(NAME, _project("from .models import Post", body), "shop/views.py")
    assert asked

"""cache-views' project stage on views that read a name imported from another module of the
project which the planner's own functions take for state that may change while a page is
cached (codemods/_cache_views_imported_kinds.py: ``NameKinds.definition_kind`` of what
``Project.resolve`` finds, asked from the views module): an app a function of the other
module changes, an object a class of the project built on
another makes there. The scan refuses such a view for a
settled reason and says nothing of it: the module is not parsed, and the codemod, gates
forced open, says nothing either. Where the planner knows the name (an app left as it is
made), or its answer needs a module loaded against the budget (which other views may have
spent in the transform), the module is let through."""

from __future__ import annotations

import pytest

from gate_checks import in_project

NAME = "cache-views"

_VIEWS = """
from flask import Flask, render_template
from flask_caching import Cache
{imports}

app = Flask(__name__)
cache = Cache(app, config={{"CACHE_TYPE": "SimpleCache"}})


@app.route("/list")
def listing():
    rows = sorted({read})
    return render_template("list.html", rows=rows)
"""
_TEMPLATE = "{% for row in rows %}{{ row }}{% endfor %}"
_SETUP = """
from flask import Flask

app = Flask(__name__)
"""
_SCHEMAS = """
from shop.base import BaseSchema


class RowSchema(BaseSchema):
    def dump(self):
        return [3, 1, 2]


row_schema = RowSchema()
"""
_CONFIGURED = """
from flask import Flask

app = Flask(__name__)


def configure(rows):
    app.config["ROWS"] = rows


ROWS = [3, 1, 2]


def account():
    return [3, 1, 2]


def setup():
    account.ready = True
"""


def _project(imports: str, read: str, **other: str) -> dict[str, str]:
    files = {
        "shop/__init__.py": "",
        "shop/views.py": _VIEWS.format(imports=imports, read=read),
        "shop/templates/list.html": _TEMPLATE,
        "shop/setup.py": _SETUP,
        "shop/schemas.py": _SCHEMAS,
        "shop/configured.py": _CONFIGURED,
        "shop/base.py": "class BaseSchema:\n    pass\n",
        "requirements.txt": "flask\nFlask-Caching\n",
    }
    files.update(other)
    return files


@pytest.mark.parametrize(
    "imports, read",
    [
        # an object of a class of the project built on another, made at the top of another module
        ("from shop.schemas import row_schema", "row_schema.dump()"),
        ("from .schemas import row_schema as schema", "schema.dump()"),
        # an app a function of the other module changes
        ("from shop.configured import app as other", "other.config['ROWS']"),
        # a list bound at the top of another module: a container other modules may change
        ("from shop.configured import ROWS", "ROWS"),
        # a function of the other module changed through there (``account.ready = True``)
        ("from shop.configured import account", "account()"),
    ],
)
def test_a_view_reading_what_the_planner_takes_for_state_is_not_parsed(imports, read) -> None:
    asked, output = in_project(NAME, _project(imports, read), "shop/views.py")
    assert output == []
    assert not asked


def test_a_view_reading_an_app_left_as_made_is_let_through_and_cached() -> None:
    asked, output = in_project(NAME, _project("from shop.setup import app as served", "served.config['ROWS']"), "shop/views.py")
    assert asked
    assert output == ["rewrote (cache-views)"]


def test_an_answer_that_needs_a_module_loaded_against_the_budget_is_let_through() -> None:
    # views -> made -> chain -> far -> farther: the modules the views module's names lead to,
    # and those their names lead to, are loaded whatever was loaded before; far is not
    files = _project(
        "from shop.made import row_maker", "row_maker.dump()",
        **{
            "shop/made.py": "from shop.chain import make\n\nrow_maker = make()\n",
            "shop/chain.py": "from shop.far import make\n",
            "shop/far.py": "from shop.farther import make\n",
            "shop/farther.py": "def make():\n    return [3, 1, 2]\n",
        },
    )
    asked, _output = in_project(NAME, files, "shop/views.py")
    assert asked

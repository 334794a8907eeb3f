"""cache-views on a template that reads a name the project's own context processor gives from
the user (kerbalstuff: ``layout.html`` reads ``user``, which ``@app.context_processor`` returns
as ``'user': current_user``). The finding said "a context processor the codemod cannot see fills
it in", though the codemod reads that processor and it fills the name in per user: the page
differs per user, a settled refusal, and the contract says nothing of settled refusals. Such a
view is left alone without a word, and its module is not parsed (the project stage reads the
same processors). A name a processor gives from something else (the config), a processor of a
blueprint (it serves that blueprint's views only) and a render that spreads ``**`` keep the
finding."""

from __future__ import annotations

import pytest

from gate_checks import in_project

NAME = "cache-views"

_APP = """\
from flask import Flask
from flask_caching import Cache

app = Flask(__name__)
cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})
"""

_VIEWS = """\
from flask import render_template

from shop.app import app, cache

PAGES = ["a", "b"]


@app.route("/about")
def about():
    return render_template("about.html", pages=PAGES{extra})
"""

_LAYOUT = "<nav>{{ user.name }}</nav>{% block body %}{% endblock %}"
_ABOUT = '{% extends "layout.html" %}{% block body %}{% for p in pages %}{{ p }}{% endfor %}{% endblock %}'


def _project(hooks: str, *, extra: str = "", layout: str = _LAYOUT) -> dict[str, str]:
    return {
        "requirements.txt": "flask\nflask-caching\nflask-login\n",
        "shop/__init__.py": "",
        "shop/app.py": _APP,
        "shop/hooks.py": hooks,
        "shop/views.py": _VIEWS.format(extra=extra),
        "shop/templates/layout.html": layout,
        "shop/templates/about.html": _ABOUT,
    }


_PER_USER = [
    # kerbalstuff's: a dict literal, current_user from Flask-Login
    "from flask_login import current_user\nfrom shop.app import app\n\n\n"
    "@app.context_processor\ndef inject():\n    return {'user': current_user, 'site': 'x'}\n",
    # through the flask.ext hook of old Flask (kerbalstuff spells it so)
    "from flask.ext.login import current_user\nfrom shop.app import app\n\n\n"
    "@app.context_processor\ndef inject():\n    return {'user': current_user}\n",
    # dict(...) with a value read from the session through a local of the processor
    "from flask import session\nfrom shop.app import app\n\n\n"
    "@app.context_processor\ndef inject():\n    who = session.get('name')\n    return dict(user=who)\n",
    # registered by a call, the user read from g
    "from flask import g\nfrom shop.app import app\n\n\n"
    "def inject():\n    return {'user': g.user}\n\n\napp.context_processor(inject)\n",
    # a blueprint's processor for every view of the app
    "from flask import Blueprint\nfrom flask_login import current_user\n\nbp = Blueprint('hooks', __name__)\n\n\n"
    "@bp.app_context_processor\ndef inject():\n    return {'user': current_user}\n",
]


@pytest.mark.parametrize("hooks", _PER_USER)
def test_a_name_the_project_fills_in_from_the_user_settles_the_view_without_a_word(hooks: str) -> None:
    asked, output = in_project(NAME, _project(hooks), "shop/views.py")
    assert output == []
    assert not asked


_OPEN = [
    # a name given from the config: who fills in what the template reads stays a question
    "from flask_login import current_user\nfrom shop.app import app\n\n\n"
    "@app.context_processor\ndef inject():\n    return {'user': app.config['SITE'], 'me': current_user}\n",
    # a blueprint's own processor serves only its views
    "from flask import Blueprint\nfrom flask_login import current_user\n\nbp = Blueprint('hooks', __name__)\n\n\n"
    "@bp.context_processor\ndef inject():\n    return {'user': current_user}\n",
    # current_user bound twice in the module: which one the processor reads is not one reading
    "from flask_login import current_user\nfrom shop.app import app\n\ncurrent_user = None\n\n\n"
    "@app.context_processor\ndef inject():\n    return {'user': current_user}\n",
]


# what the finding says of each: the project's own app-wide processor is named (session 42),
# a blueprint's own serves other views, so who fills the name in for this one stays unseen
_SAID = [
    "reads user: the view does not pass it; the project's context processor inject() (shop/hooks.py:6) fills in user",
    "reads user: the view does not pass it, so a context processor or template global",
    "reads user: the view does not pass it; the project's context processor inject() (shop/hooks.py:8) fills in user",
]


@pytest.mark.parametrize("hooks, said", list(zip(_OPEN, _SAID)))
def test_a_name_filled_in_otherwise_keeps_the_finding(hooks: str, said: str) -> None:
    asked, output = in_project(NAME, _project(hooks), "shop/views.py")
    assert asked
    assert len(output) == 1, output
    assert said in output[0], output[0]


def test_a_render_that_spreads_keyword_arguments_keeps_its_own_finding() -> None:
    asked, output = in_project(NAME, _project(_PER_USER[0], extra=", **EXTRA"), "shop/views.py")
    assert asked
    assert len(output) == 1 and "with **EXTRA: the codemod cannot tell who provides user" in output[0], output


def test_the_view_that_passes_the_name_itself_is_cached() -> None:
    asked, output = in_project(NAME, _project(_PER_USER[0], extra=", user='guest'"), "shop/views.py")
    assert asked
    assert "rewrote (cache-views)" in output, output

"""Which refusals cache-views says (codemods/_cache_views_worth.py): a finding where the view
looks worth caching - it costs something and is the same for every caller - and one thing the
codemod could not prove stands in the way; nothing where the refusal is settled (per user, per
request, over time, an effect, a redirect or a file, a polled endpoint) or the view is cheap."""

from __future__ import annotations

import pytest

from helpers import run_codemods

HEAD = "from flask import Flask, render_template\n\napp = Flask(__name__)\n\n"
FILES = {"templates/list.html": "{% for row in rows %}<p>{{ row }}</p>{% endfor %}"}


def said(body: str, options=None) -> list[str]:
    source = HEAD + body
    result = run_codemods(source, "cache-views", dedent=False, files=FILES, options=options)
    assert result.error is None, result.error
    assert result.new_text == source  # never cached
    return [f.message for f in result.findings]


# -- settled or cheap: nothing to decide, nothing said ------------------------------------------------

SETTLED = {
    "per user, by decorator": (
        "from flask_login import login_required\n\n@app.route('/mine')\n@login_required\n"
        "def mine():\n    return render_template('list.html', rows=sorted(['b', 'a']))\n"
    ),
    "per user, by session": (
        "from flask import session\n\n@app.route('/mine')\n"
        "def mine():\n    return render_template('list.html', rows=sorted([session['user']]))\n"
    ),
    "per request": (
        "from flask import request\n\n@app.route('/agent')\n"
        "def agent():\n    return render_template('list.html', rows=sorted([request.headers['X']]))\n"
    ),
    "an effect": (
        "from flask_login import logout_user\n\n@app.route('/bye')\n"
        "def bye():\n    logout_user()\n    return render_template('list.html', rows=sorted(['b']))\n"
    ),
    "the clock": (
        "import datetime\n\n@app.route('/today')\n"
        "def today():\n    return render_template('list.html', rows=[datetime.datetime.now()])\n"
    ),
    "a redirect": (
        "from flask import redirect\n\n@app.route('/old')\n"
        "def old():\n    sorted(['b', 'a'])\n    return redirect('/new')\n"
    ),
    "a polled endpoint": (
        "@app.route('/health')\ndef health():\n    return render_template('list.html', rows=sorted(['b', 'a']))\n"
    ),
    # open questions on a cheap view: nothing worth caching
    "an unknown decorator on a constant page": (
        "import some\n\n@app.route('/tagged')\n@some.decorator\ndef tagged():\n    return 'tagged'\n"
    ),
    "a template not found, given nothing": (
        "@app.route('/gone')\ndef gone():\n    return render_template('no_such.html')\n"
    ),
    # an open question first, then what settles it: the whole view is looked at
    "an unknown call, then the session": (
        "import some\nfrom flask import session\n\n@app.route('/mine')\n"
        "def mine():\n    rows = some.fetch()\n    return render_template('list.html', rows=sorted(rows) + [session['u']])\n"
    ),
    "an unknown decorator, then a login": (
        "import some\nfrom flask_login import login_required\n\n@app.route('/mine')\n@some.decorator\n"
        "@login_required\ndef mine():\n    return render_template('list.html', rows=sorted(['b', 'a']))\n"
    ),
    "a coroutine that reads the session": (
        "from flask import session\n\n@app.route('/mine')\n"
        "async def mine():\n    return render_template('list.html', rows=sorted([session['u']]))\n"
    ),
}


@pytest.mark.parametrize("body", SETTLED.values(), ids=SETTLED.keys())
def test_a_settled_or_cheap_refusal_is_not_said(body: str) -> None:
    assert said(body) == []


DATABASE = "from flask import jsonify\nfrom flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy(app)\n\n\nclass Item(db.Model):\n    pass\n\n\n"


@pytest.mark.parametrize("data_views", [False, True])
def test_database_data_that_is_no_page_is_not_said(data_views: bool) -> None:
    """data-views caches read-only database pages; one that answers data a script fetches is
    refused by the codemod's own rule, which no setting lifts: nothing to decide."""
    body = DATABASE + "@app.route('/items')\ndef items():\n    return jsonify([i.id for i in Item.query.all()])\n"
    assert said(body, {"cache-views": {"data-views": data_views}}) == []


def test_a_database_page_is_not_said_while_data_views_is_off() -> None:
    """Left uncached by the codemod's documented default (data-views = false): a choice made, not
    an open question for a reviewer."""
    body = DATABASE + "@app.route('/items')\ndef items():\n    return render_template('list.html', rows=Item.query.all())\n"
    assert said(body) == []


# -- worth caching but for one open question: said -----------------------------------------------------

OPEN = {
    "an unknown call": (
        "import some\n\n@app.route('/menu')\n"
        "def menu():\n    return render_template('list.html', rows=sorted(some.fetch()))\n",
        "calls some.fetch(), which the codemod cannot prove read-only and deterministic",
    ),
    "an unknown call before the work": (
        "import some\n\n@app.route('/menu')\n"
        "def menu():\n    title = some.fetch()\n    rows = [r.upper() for r in ['b', 'a']]\n"
        "    return render_template('list.html', rows=rows, title=title)\n",
        "calls some.fetch()",
    ),
    "an outside service": (
        "import requests\n\n@app.route('/weather')\n"
        "def weather():\n    return requests.get('https://example.com/today', timeout=5).text\n",
        "calls an outside service (requests.get)",
    ),
    "a template not found": (
        "@app.route('/report')\ndef report():\n    return render_template('no_such.html', rows=sorted(['b', 'a']))\n",
        "renders template 'no_such.html', which was not found",
    ),
    "an unknown decorator on a costly page": (
        "import some\n\n@app.route('/list')\n@some.decorator\n"
        "def listing():\n    return render_template('list.html', rows=sorted(['b', 'a']))\n",
        "carries @some.decorator, which the codemod cannot see into",
    ),
}


@pytest.mark.parametrize(("body", "reason"), OPEN.values(), ids=OPEN.keys())
def test_an_open_question_on_a_page_worth_caching_is_said(body: str, reason: str) -> None:
    found = said(body)
    assert len(found) == 1 and reason in found[0], found

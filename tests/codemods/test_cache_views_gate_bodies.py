"""cache-views' tree gate on the bodies of the views (codemods/_cache_views_settled_body.py):
a module whose every GET view is cached already or reads, in its own body, something the
planner refuses for a settled reason (session, the request beyond its URL, current_user, g,
a redirect, a flashed message, a file sent (send_file, current_app.send_static_file), the clock,
a global, a yield, a builtin such as print) is not parsed,
whether or not other scopes of the module bind the name again,
and the codemod, gates forced open, leaves it alone without a word. A name resolved only
where one reading is possible: rebound, imported from elsewhere or twice, or read in a
function of its own, the view is let through; a star import binds no name, as LibCST reads it."""

from __future__ import annotations

import pytest

from gate_checks import accepts, assert_rejected_rightly

_HEAD = (
    "import time\nimport flask\nfrom flask import Flask, render_template, session, redirect, url_for, request, g\n"
    "from flask import flash as say\nfrom flask_login import current_user\nfrom shop import catalogue, cache\n"
    "app = Flask(__name__)\n\n"
)
# a view whose page costs something to make and calls what the codemod cannot see into: were
# it not for the settled reason, a finding would say so
_COSTLY = "render_template('a.html', rows=sorted(catalogue.rows()))"


def _view(name: str, *body: str, decorators: str = "") -> str:
    lines = "".join(f"    {line}\n" for line in body)
    return f"@app.route('/{name}')\n{decorators}def {name}():\n{lines}\n"


NAME = "cache-views"
REJECTED = [
    (
        _HEAD
        + _view("cart", "items = catalogue.items(session['cart'])", "return render_template('a.html', rows=sorted(items))")
        + _view("go", "catalogue.touch()", "return redirect(url_for('cart'))")
        + _view("search", f"catalogue.find(request.form['q'])", f"return {_COSTLY}")
        + _view("mine", "catalogue.of(current_user.id)", f"return {_COSTLY}")
        + _view("note", "say('seen')", f"return {_COSTLY}")
        + _view("where", f"return {_COSTLY[:-1]}, host=flask.request.host)")
        + _view("theme", "catalogue.paint(g.theme)", f"return {_COSTLY}")
        + _view("now", "catalogue.since(time.time())", f"return {_COSTLY}")
        + _view("tally", "global TALLY", "TALLY += 1", f"return {_COSTLY}")
        + _view("lines", "for row in catalogue.rows():", "    yield row")
        + _view("kept", f"return {_COSTLY}", decorators="@cache.cached(timeout=60)\n"),
        "views.py",
    ),
    # the settled reason anywhere in the body, past what the codemod cannot see into
    (
        "from flask import Blueprint, render_template, request\nfrom . import catalogue\n"
        "bp = Blueprint('shop', __name__)\n\n@bp.route('/list')\ndef listing():\n"
        "    rows = sorted(catalogue.rows(), key=len)\n    if rows:\n"
        "        return render_template('a.html', rows=rows, agent=request.user_agent)\n    return ''\n",
        "shop/views.py",
    ),
    # a star import beside the import by name: LibCST binds no name to a star import, so the
    # planner reads flask's session (cs50-finance's logout beside ``from helpers import *``)
    (_HEAD + "from helpers import *\n\n" + _view("logout", "session.clear()", "return redirect(url_for('cart'))"), "views.py"),
    # an external URL depends on the request's host
    (_HEAD + _view("links", f"return {_COSTLY[:-1]}, home=url_for('cart', _external=True))"), "views.py"),
    # a builtin the scan refuses (print writes to the process's output: an effect), in the
    # view's body or in a helper of the module it calls; the module binds print nowhere
    (_HEAD + _view("report", "print('listing')", f"return {_COSTLY}"), "views.py"),
    (_HEAD + "def log(text):\n    print(text)\n\n" + _view("listed", "log('listing')", f"return {_COSTLY}"), "views.py"),
    # a file the app sends (a file response is never cached), through flask's current_app
    (
        _HEAD + "from flask import current_app as the_app\n\n"
        + _view("home", "rows = sorted(catalogue.rows())", "if not rows:", "    return the_app.send_static_file('a.html')",
                "return render_template('a.html', rows=rows)")
        + _view("page", "catalogue.touch()", "return flask.current_app.send_static_file('p.html')"),
        "views.py",
    ),
    # the name bound again, but in another scope than the view's and the module's own
    # statements: a parameter or an import of another function, a class attribute
    (_HEAD + "def keep(session):\n    return session\n\n" + _view("cart", "catalogue.of(session['id'])", f"return {_COSTLY}"), "views.py"),
    (
        _HEAD + "def other():\n    from shop import g\n    return g\n\n"
        + _view("theme", "catalogue.paint(g.theme)", f"return {_COSTLY}"),
        "views.py",
    ),
    (_HEAD + "class Form:\n    request = None\n\n" + _view("search", "catalogue.find(request.form['q'])", f"return {_COSTLY}"), "views.py"),
    # add_url_rule: a view for POST only, one whose body settles it, a name two functions
    # have or a parameter's (no view FlaskIndex takes)
    (
        _HEAD + "def send():\n    return " + _COSTLY + "\n\n"
        "def mine():\n    return render_template('a.html', rows=sorted(catalogue.of(session['id'])))\n\n"
        "def twice():\n    return " + _COSTLY + "\n\n"
        "class A:\n    def twice(self):\n        return 1\n\n"
        "def register(view):\n    app.add_url_rule('/v', 'v', view)\n\n"
        "app.add_url_rule('/send', 'send', send, methods=['POST'])\n"
        "app.add_url_rule('/mine', view_func=mine)\napp.add_url_rule('/twice', 'twice', twice)\n",
        "views.py",
    ),
]
ACCEPTED = [
    # add_url_rule with a view GET may reach, or methods not spelled as a literal
    (_HEAD + "def about():\n    return " + _COSTLY + "\n\napp.add_url_rule('/about', view_func=about)\n", "views.py"),
    (_HEAD + "def about():\n    return " + _COSTLY + "\n\napp.add_url_rule('/a', 'a', about, methods=M)\n", "views.py"),
    # the query string keys the cache, the URL's parts are the key: nothing settled
    (_HEAD + _view("find", "q = request.args.get('q')", f"return {_COSTLY[:-1]}, q=q, path=request.path)"), "views.py"),
    # session rebound in the module: not flask's session for sure
    (_HEAD + _view("cart", f"return {_COSTLY}") + "def other(session):\n    return session\n", "views.py"),
    # ... in the view's own scope (a parameter, an assignment, a comprehension's target), by a
    # function declaring it global, or in the module's own statements under a try
    (_HEAD + _view("cart", "catalogue.of(session['id'])", f"return {_COSTLY}").replace("cart()", "cart(session=None)"), "views.py"),
    (_HEAD + _view("cart", "rows = [session for session in catalogue.rows()]", "catalogue.of(session)", f"return {_COSTLY}"), "views.py"),
    (
        _HEAD + "def reset():\n    global session\n    session = {}\n\n"
        + _view("cart", "catalogue.of(session['id'])", f"return {_COSTLY}"),
        "views.py",
    ),
    (
        _HEAD + "try:\n    pass\nexcept ImportError as session:\n    pass\n\n"
        + _view("cart", "catalogue.of(session['id'])", f"return {_COSTLY}"),
        "views.py",
    ),
    (_HEAD + "session = catalogue.session()\n\n" + _view("cart", "session.rows()", f"return {_COSTLY}"), "views.py"),
    # imported from elsewhere, or imported twice as two things
    (
        "from flask import Flask, render_template\nfrom shop.db import session\napp = Flask(__name__)\n\n"
        + _view("cart", "session.rows()", f"return {_COSTLY}"),
        "views.py",
    ),
    (
        _HEAD + "try:\n    from shop.db import g\nexcept ImportError:\n    pass\n\n"
        + _view("theme", "catalogue.paint(g.theme)", f"return {_COSTLY}"),
        "views.py",
    ),
    # read in a function of its own only, or under a star import
    (_HEAD + _view("later", "def inner():\n        return session['x']", f"return {_COSTLY}"), "views.py"),
    ("from flask import *\nfrom shop import *\napp = Flask(__name__)\n\n" + _view("cart", "session.rows()", f"return {_COSTLY}"), "views.py"),
    # print bound by the module (imported, defined, a parameter): no builtin for sure
    (_HEAD + "from shop.log import print\n\n" + _view("report", "print('listing')", f"return {_COSTLY}"), "views.py"),
    (_HEAD + "def print(text):\n    return text\n\n" + _view("report", "print('x')", f"return {_COSTLY}"), "views.py"),
    (_HEAD + "def other(print):\n    return print\n\n" + _view("report", "print('x')", f"return {_COSTLY}"), "views.py"),
    # send_static_file of something else than flask's current_app (the module's own app is
    # one, but the gate reads only imports), or of a current_app rebound
    (_HEAD + _view("home", "return catalogue.send_static_file('a.html')"), "views.py"),
    (_HEAD + _view("home", "return app.send_static_file('a.html')"), "views.py"),
    (
        _HEAD + "from shop import current_app\n\n" + _view("home", "return current_app.send_static_file('a.html')"),
        "views.py",
    ),
    # one settled view beside one that is not
    (_HEAD + _view("go", "return redirect('/')") + _view("about", f"return {_COSTLY}"), "views.py"),
    # a cache decorator on no named object: the planner does not take it for one
    (_HEAD + _view("kept", f"return {_COSTLY}", decorators="@make().cached(timeout=60)\n"), "views.py"),
]


@pytest.mark.parametrize("source, path", REJECTED, ids=[f"rejected-{i}" for i in range(len(REJECTED))])
def test_views_settled_by_their_bodies_are_not_parsed(source: str, path: str) -> None:
    assert_rejected_rightly(NAME, source, path)


@pytest.mark.parametrize("source, path", ACCEPTED, ids=[f"accepted-{i}" for i in range(len(ACCEPTED))])
def test_views_not_surely_settled_are_let_through(source: str, path: str) -> None:
    assert accepts(NAME, source, path)

"""What cache-views leaves uncached, and what it says about it: refusals with the names resolved,
trivial views left alone without a word, state other code changes, and modules with nothing to
cache left as they are."""

from __future__ import annotations

import textwrap

import pytest

from cache_views_support import CODEMOD
from helpers import finding_messages, run_codemods


LOGIN_FILES = {
    "templates/greet_base.html": "<p>Hello {{ current_user.name }}</p>{% block body %}{% endblock %}",
    "templates/greet.html": '{% extends "greet_base.html" %}{% block body %}{{ value }}{% endblock %}',
    "templates/outer.html": '{% include "who.html" %}{{ value }}',
    "templates/who.html": "<p>{{ session.get('user', 'nobody') }}</p>",
    "templates/plain.html": "<p>{{ value }}</p>",
    "templates/extra.html": "<p>{{ value }} {{ unread }}</p>",
    "helpers.py": (
        "from flask import request, send_file, session\n\n"
        "def is_admin():\n    return session.get('user') == 'admin'\n\n"
        "def wants_json():\n    return request.headers.get('Accept') == 'application/json'\n\n"
        "def report_file():\n    return send_file('report.pdf')\n"
    ),
}


@pytest.mark.parametrize(
    "body, reason",
    [
        ("import flask as f\n\n@app.route('/')\ndef v():\n    return f.session['x']", "reads session"),
        ("from flask import g as flask_g\n\n@app.route('/')\ndef v():\n    return flask_g.x", "reads g"),
        ("from flask import request as rq\n\n@app.route('/')\ndef v():\n    return rq.cookies['a']", "reads request.cookies"),
        ("from datetime import datetime as dt\n\n@app.route('/')\ndef v():\n    return str(dt.utcnow())", "uses datetime.utcnow"),
        ("import secrets\n\n@app.route('/')\ndef v():\n    return secrets.token_hex()", "uses secrets.token_hex"),
        ("import sqlite3\n\n@app.route('/')\ndef v():\n    cur = sqlite3.connect('app.db').cursor()\n"
         "    cur.execute('UPDATE t SET n = n + 1')\n    return 'ok'", "runs SQL that may write"),
        ("@app.route('/', methods=METHODS)\ndef v():\n    return 'ok'", "HTTP methods are not a literal"),
        ("@app.route('/', subdomain='<user>')\ndef v():\n    return 'ok'", "subdomain="),
        ("@app.route('/')\nasync def v():\n    return 'ok'", "coroutine"),
        ("@app.route('/')\n@roles_required('admin')\ndef v():\n    return 'ok'", "carries @roles_required"),
        ("from flask import url_for\n\n@app.route('/')\ndef v():\n    return url_for('v', _external=True)", "external URL"),
        ("from flask_login import login_required\n\n@app.route('/')\n@login_required\ndef v():\n    return 'ok'",
         "carries @login_required: the page differs per user"),
        ("from flask_login import current_user\n\n@app.route('/')\ndef v():\n    return current_user.name",
         "reads current_user"),
        ("from flask_login import logout_user\n\n@app.route('/bye')\ndef v():\n    logout_user()\n    return 'bye'",
         "logs the user in or out"),
        ("from flask import render_template\n\n@app.route('/')\ndef v():\n    return render_template('greet.html', value=1)",
         "extends 'greet_base.html', which reads current_user"),
        ("from flask import render_template\n\n@app.route('/')\ndef v():\n    return render_template('outer.html', value=1)",
         "includes 'who.html', which reads session"),
        ("from flask import render_template\n\n@app.route('/')\ndef v():\n    return render_template('extra.html', value=1)",
         "reads unread: the view does not pass it"),
        ("from flask import redirect\nfrom helpers import is_admin\n\n@app.route('/')\ndef v():\n"
         "    return redirect('/admin' if is_admin() else '/')", "answers with a redirect"),
        ("from flask import render_template\nfrom helpers import is_admin\n\n@app.route('/')\ndef v():\n"
         "    return render_template('plain.html', value=is_admin())", "calls is_admin() (line 3 of helpers.py), which reads session"),
        ("from flask import render_template\nimport helpers\n\n@app.route('/')\ndef v():\n"
         "    return {} if helpers.wants_json() else render_template('plain.html', value=1)",
         "which reads the request in helpers.py"),
        ("import helpers\n\n@app.route('/report')\ndef v():\n    return helpers.report_file()", "sends a file"),
        ("import sqlite3\n\n@app.route('/health')\ndef v():\n    sqlite3.connect('app.db').execute('SELECT 1')\n"
         "    return 'ok'", "callers want the state of now (health)"),
        ("@app.route('/jobs/<job>/status')\ndef v(job):\n    return ', '.join(sorted(job))", "state of now (jobs)"),
        # a name that only looks like a polling endpoint (a to-do list's tasks): the login the
        # decorator shows is the surer reason
        ("from flask_login import login_required\n\n@app.route('/todo/tasks')\n@login_required\ndef get_tasks():\n"
         "    return ', '.join(sorted(['a', 'b']))", "view get_tasks() left uncached: carries @login_required: the page differs per user"),
        # a rate limit is no login: the name's reason stays
        ("def ratelimit(view):\n    return view\n\n@app.route('/events')\n@ratelimit\ndef v():\n    return 'x'",
         "view v() left uncached: its name or URL says callers want the state of now (events)"),
        # a reason about the routing does not break up the group the name puts the view in
        ("@app.route('/feed', subdomain='<board>')\ndef v(board):\n    return board",
         "view v() left uncached: its name or URL says callers want the state of now (feed)"),
        ("from flask import session, render_template_string\n\nclass Greeter:\n    @property\n    def name(self):\n"
         "        return session.get('user', 'guest')\n\n@app.route('/')\ndef v():\n"
         "    return render_template_string('{{ n }}', n=Greeter().name)", "calls name() (line 11), which reads session"),
        ("import json\nfrom flask import render_template_string\n\n@app.route('/')\ndef v():\n"
         "    with open('data.json') as handle:\n        return render_template_string('{{ d }}', d=json.load(handle))\n\n"
         "def save(data):\n    with open('data.json', 'w') as handle:\n        json.dump(data, handle)",
         "reads a file that may not be one shipped with the app (open('data.json'))"),
        ("import json\nfrom io import open as opened\nfrom flask import render_template_string\n\n@app.route('/')\n"
         "def v():\n    with open('data.json') as handle:\n        return render_template_string('{{ d }}', d=json.load(handle))\n\n"
         "def save(data):\n    with opened('data.json', 'w') as handle:\n        json.dump(data, handle)",
         "reads a file that may not be one shipped with the app (open('data.json'))"),
        ("import json\nimport codecs as cs\nfrom flask import render_template_string\n\n@app.route('/')\n"
         "def v():\n    with open('data.json') as handle:\n        return render_template_string('{{ d }}', d=json.load(handle))\n\n"
         "class Store:\n    def save(self, data):\n        with cs.open('data.json', mode='a') as handle:\n"
         "            json.dump(data, handle)",
         "reads a file that may not be one shipped with the app (open('data.json'))"),
        ("@app.route('/')\ndef v():\n    with open(request_path()) as handle:\n        return handle.read()",
         "reads a file that may not be one shipped with the app"),
        ("LIMITS = {'page': 5}\n\n@app.route('/')\ndef v():\n    return str(LIMITS['page'])\n\ndef reset():\n"
         "    (LIMITS)['page'] = 6", "reads LIMITS (line 11), state that may change"),
        ("LIMITS = {'page': 5}\n\n@app.route('/')\ndef v():\n    return str(LIMITS['page'])\n\ndef reset():\n"
         "    LIMITS.update(page=6)", "reads LIMITS (line 11), state that may change"),
        ("DEFAULTS = ['a']\n\n@app.route('/')\ndef v():\n    items = DEFAULTS\n    items.append('c')\n"
         "    return ', '.join(sorted(items))", "calls items.append(), which changes items"),
    ],
)
@pytest.mark.usefixtures("every_refusal_said")
def test_refusals_resolve_names(body, reason):
    source = "from flask import Flask\n\napp = Flask(__name__)\ndb = None\nMETHODS = ['GET']\n\n" + body + "\n"
    result = run_codemods(source, "cache-views", dedent=False, files=LOGIN_FILES)
    assert result.error is None
    assert result.new_text == source
    assert any(reason in m for m in finding_messages(result)), finding_messages(result)


def test_trivial_views_are_left_alone_without_a_word():
    source = """
        from flask import Flask, jsonify

        app = Flask(__name__)


        @app.route("/")
        def hello():
            return "Hello"


        @app.route("/empty")
        def empty():
            return {}


        @app.route("/version")
        def version():
            return jsonify(version="1.0")
    """
    result = run_codemods(source, "cache-views")
    assert result.error is None and not result.findings and not result.project_edits
    assert result.new_text == textwrap.dedent(source)


def test_local_names_that_look_flaskish_are_fine():
    source = """
        from flask import Flask, render_template_string, request as rq

        app = Flask(__name__)


        def session():
            return {"x": 1}


        @app.route("/")
        def v():
            g = {"a": 1}
            g["b"] = 2
            return render_template_string("{{ a }} {{ b }}", a=str(session()["x"]) + str(g), b=rq.args.get("q", ""))
    """
    result = run_codemods(source, "cache-views")
    assert result.findings == []
    assert "@cache.cached(timeout=300, query_string=True)\ndef v" in result.new_text


@pytest.mark.usefixtures("every_refusal_said")
def test_a_problem_before_a_nested_function_is_no_crash():
    """Issue 17: the scan stopped at the first problem but still left the nested functions it
    had not entered (IndexError: pop from empty list), on the largest views of real apps."""
    source = """
        from flask import Flask, session

        app = Flask(__name__)


        def helper():
            user = session["user"]

            def inner():
                return 1

            return user + str(inner())


        @app.route("/")
        def v():
            name = session["a"]

            def inner():
                def deeper():
                    return 2
                return deeper()

            return name + str(inner()) + helper()


        @app.route("/other")
        def other():
            return helper()
    """
    result = run_codemods(source, "cache-views")
    assert result.error is None, result.error
    found = finding_messages(result)
    assert len(found) == 1 and found[0].endswith(
        "2 views left uncached: per user (login, session, current_user, cookies, flashed messages): "
        "v() [reads session: the page differs per user], other()"
    ), found


def test_nothing_to_cache_leaves_the_module_object_unchanged():
    from libcst import parse_module

    from flask_codemod.codemods import Context

    module = parse_module("from flask import Flask, session\napp = Flask(__name__)\n\n@app.route('/')\ndef v():\n    return session['u']\n")
    ctx = Context("app.py")
    ctx.codemod = CODEMOD()
    assert ctx.codemod.transform(module, ctx) is module
    assert ctx.findings == []  # per user: nothing for a reviewer to decide
    assert ctx.project_edits == []


@pytest.mark.usefixtures("every_refusal_said")
def test_state_other_code_changes_is_never_cached():
    """A module-level container another view fills, a class attribute a POST view bumps, a
    dict of another module: each read is stale as soon as the state changes. A tuple of
    another module is a constant."""
    files = {"store.py": "COUNTS = {}\nNAMES = ('a', 'b')\n\n\ndef bump(name):\n    COUNTS[name] = COUNTS.get(name, 0) + 1\n",
             "requirements.txt": "flask\n"}
    source = """
        from flask import Flask, render_template_string

        from store import COUNTS, NAMES

        app = Flask(__name__)
        SEEN = []


        class Counter:
            hits = 0


        @app.route("/tallies")
        def tallies():
            return render_template_string("{{ c }}", c=COUNTS)


        @app.route("/names")
        def names():
            return render_template_string("{{ c }}", c=NAMES)


        @app.route("/hits")
        def hits():
            return render_template_string("{{ c }}", c=Counter.hits)


        @app.route("/seen")
        def seen():
            return render_template_string("{{ c }}", c=len(SEEN))


        @app.route("/visit", methods=["POST"])
        def visit():
            Counter.hits += 1
            SEEN.append(1)
            return "ok"
    """
    result = run_codemods(source, "cache-views", files=files)
    assert result.error is None
    assert result.new_text.count("@cache.cached(") == 1
    assert '@app.route("/names")\n@cache.cached(timeout=300)\ndef names' in result.new_text
    [message] = [f.message for f in result.findings]
    assert message.startswith("3 views left uncached: answers that change over time")
    assert message.endswith("tallies() [reads COUNTS (line 16), state that may change while a page is cached], hits(), seen()")

"""The gates of moved-imports: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases, gates_at, missed_at_targets, sample_texts
from upgrade_checks import AcceptedCasesAreActedOn


class TestGates(AcceptedCasesAreActedOn, GateCases):
    NAME = "moved-imports"
    REJECTED = [
        ("from flask import Flask, render_template\napp = Flask(__name__)\n", "app.py"),
        ("import jinja2\nenv = jinja2.Environment()\n", "templating.py"),
        ("import flask\n\ndef view():\n    flask.abort(flask.redirect('/'))\n", "views.py"),
        ("'''Notes about werkzeug and flask.ext.'''\nx = 1\n", "notes.py"),
        # names that never moved, from where they live
        ("from werkzeug.security import generate_password_hash\nh = generate_password_hash('x')\n", "models.py"),
        ("from werkzeug.utils import secure_filename\nfrom werkzeug.exceptions import NotFound\n", "views.py"),
        ("from werkzeug.middleware.proxy_fix import ProxyFix\nw = ProxyFix(app, x_for=1)\n", "wsgi.py"),
        # a bound module and a moved name's last part, but a chain that names nothing moved
        ("import werkzeug\n\ndef clean(name):\n    return werkzeug.utils.secure_filename(name) != name\n", "uploads.py"),
        ("import werkzeug\nfrom werkzeug.utils import secure_filename\nx = werkzeug.utils.secure_filename(y)\n", "files.py"),
        # a packaging script: upgrade codemods never act there
        ("from setuptools import setup\nfrom flask.ext.testing import TestCase\n", "setup.py"),
    ]
    ACCEPTED = [
        ("from flask.ext.sqlalchemy import SQLAlchemy\n", "app.py"),
        ("from flask.helpers import locked_cached_property\n", "app.py"),
        ("import flask.helpers\nx = flask.helpers.locked_cached_property\n", "app.py"),
        ("import werkzeug\nx = werkzeug.secure_filename(y)\n", "uploads.py"),
        ("import flask as f\nx = f.Markup(y)\n", "views.py"),
        ("from jinja2 import escape as e\n", "filters.py"),
        ("from flask import *\nx = Markup(y)\n", "star.py"),
        ("from flask.helpers import safe_join\n", "files.py"),
        ("from werkzeug import wrappers\nclass R(wrappers.BaseRequest):\n    pass\n", "wrappers.py"),
        ("import werkzeug.contrib.fixers\nw = werkzeug.contrib.fixers.ProxyFix(app)\n", "wsgi.py"),
        ("from werkzeug.contrib.cache import SimpleCache\n", "cache.py"),
        ("from werkzeug.middleware.proxy_fix import ProxyFix\nw = ProxyFix(app, num_proxies=1)\n", "wsgi.py"),
        # a name its submodule dropped later, in a chain and imported (pscs: werkzeug.utils.escape on Flask 3)
        ("import werkzeug\n\ndef check(name):\n    return werkzeug.utils.escape(name) != name\n", "registration.py"),
        ("import werkzeug\nfrom werkzeug.utils import escape, secure_filename\nx = werkzeug.utils.escape(escape(y))\n", "projects.py"),
        # test code is upgraded too: a legacy import breaks the tests as surely as the app
        ("from flask.ext.testing import TestCase\n", "tests/test_views.py"),
    ]


# -- the project gate: the target version ---------------------------------------------------------------

# real-world shapes (CTFd's and redash's safe_join on Flask 1.x, overholt's DispatcherMiddleware
# on Flask 0.10), and each kind of legacy form whose fate depends on the target
TARGET_CASES = [
    ("from flask import Flask, Request\nfrom flask.helpers import safe_join\n\ndef f(t):\n    return safe_join(t, 'templates')\n", "CTFd/__init__.py"),
    ("from flask import render_template, safe_join, send_file\n\ndef index():\n    return send_file(safe_join(p, 'index.html'))\n", "static.py"),
    ("from werkzeug.serving import run_simple\nfrom werkzeug.wsgi import DispatcherMiddleware\n\napplication = DispatcherMiddleware(a, {})\n", "wsgi.py"),
    ("import flask\n\ndef f(a, b):\n    return flask.safe_join(a, b)\n", "files.py"),
    ("from werkzeug.contrib.fixers import ProxyFix\napp.wsgi_app = ProxyFix(app.wsgi_app)\n", "wsgi.py"),
    ("from werkzeug.contrib.fixers import ProxyFix\napp.wsgi_app = ProxyFix(app.wsgi_app, num_proxies=2)\n", "wsgi.py"),
    ("from werkzeug.wrappers import BaseResponse\n\nclass R(BaseResponse):\n    pass\n", "wrappers.py"),
    ("from werkzeug.wrappers import BaseRequest as R\n", "wrappers.py"),
    ("from werkzeug.contrib.cache import SimpleCache\n", "cache.py"),
    ("from werkzeug.contrib import cache\nc = cache.SimpleCache()\n", "cache.py"),
    ("import werkzeug.contrib.securecookie\n", "cookies.py"),
    ("import werkzeug.contrib.cache as wcache\nc = wcache.SimpleCache()\n", "cache.py"),
    ("from werkzeug import cookie_date, Headers\n", "http.py"),
    ("from werkzeug import parse_authorization_header\n", "auth.py"),
    ("from werkzeug import url_quote, secure_filename\n", "urls.py"),
    ("from werkzeug.urls import url_quote\n", "urls.py"),
    ("from werkzeug import *\n", "star.py"),
    ("from jinja2 import *\nx = Markup(y)\n", "star.py"),
    ("from flask import Markup, escape\n", "views.py"),
    ("from jinja2.utils import Markup\n", "views.py"),
    ("import jinja2\nx = jinja2.Markup(y)\n", "views.py"),
    ("from flask.ext.login import current_user\n", "views.py"),
    ("from flask.ext import sqlalchemy\n", "models.py"),
    ("import flask.ext.sqlalchemy as fsa\n", "models.py"),
    ("from flask import ext\n", "models.py"),
    ("from werkzeug import secure_filename; import os\n", "uploads.py"),
    ("try:\n    from flask import safe_join\nexcept ImportError:\n    from werkzeug.utils import safe_join\n", "files.py"),
    ("def f():\n    from werkzeug.wsgi import SharedDataMiddleware\n    return SharedDataMiddleware\n", "wsgi.py"),
    *[(source, path) for source, path in TestGates.ACCEPTED + TestGates.REJECTED],
]


def test_the_gates_let_through_every_case_it_acts_on_at_every_target() -> None:
    assert missed_at_targets("moved-imports", TARGET_CASES + sample_texts("moved-imports")) == []


def test_a_name_that_stays_at_the_target_is_not_enough() -> None:
    """flask.safe_join on Flask 1.1 (CTFd, redash) and werkzeug.wsgi's middleware on 1.0
    (overholt): the planner leaves them, so the project gate says no."""
    for source, path in TARGET_CASES[:3]:
        assert not gates_at("moved-imports", source, path, (1, 0))
        assert gates_at("moved-imports", source, path, None)
    assert gates_at("moved-imports", TARGET_CASES[0][0], "CTFd/__init__.py", (2, 0))


# -- the text gate: every module the tree gate passes spells what it asks for ----------------------


def test_the_text_gate_lets_through_every_module_the_tree_gate_passes() -> None:
    import ast

    from flask_codemod.codemods._moved_imports_gate import may_name_a_legacy_form, may_spell_a_legacy_form

    shapes = [
        ("from flask import \\\n    *\nx = Markup(y)\n", "star.py"),
        ("import werkzeug\nx = werkzeug.wrappers\n", "w.py"),
        ("from werkzeug import (\n    secure_filename,\n)\n", "w.py"),
        ("import werkzeug as w; p = w.contrib\n", "w.py"),
    ]
    passed = [(s, p) for s, p in TARGET_CASES + shapes if may_name_a_legacy_form(ast.parse(s))]
    assert len(passed) > 30
    assert [s for s, _ in passed if not may_spell_a_legacy_form(s)] == []


def test_the_text_gate_wants_a_later_part_as_a_whole_word() -> None:
    from flask_codemod.codemods._moved_imports_gate import may_spell_a_legacy_form

    # a Flask module that names nothing the catalogue knows: no compile, no parse
    assert not may_spell_a_legacy_form("from flask import Flask, render_template, request\nnext_text = 1\n")
    assert not may_spell_a_legacy_form("import flask\nname, extension = os.path.splitext(f)\nMarkupLike = 1\n")
    assert not may_spell_a_legacy_form("x = a * b  # no flask import\nsecure_filename = 1\n")
    assert may_spell_a_legacy_form("from flask import ext\n")
    assert may_spell_a_legacy_form("from werkzeug.middleware.proxy_fix import ProxyFix\nw = ProxyFix(a, num_proxies=1)\n")
    assert may_spell_a_legacy_form("import jinja2\nx = jinja2.Markup(y)\n")

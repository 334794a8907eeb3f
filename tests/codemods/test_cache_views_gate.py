"""The gates of cache-views: see tests/gate_checks.py (GateCases); on the real-world layouts:
test_gates_realworld.py."""

from __future__ import annotations

from gate_checks import GateCases


class TestGates(GateCases):
    NAME = "cache-views"
    REJECTED = [
        # a router that is not a Flask app, in a module without flask
        (
            "from fastapi import APIRouter\nrouter = APIRouter()\n\n@router.get('/')\ndef index():\n    return {}\n",
            "api.py",
        ),
        # test code: never touched, never reported
        (
            "from flask import Flask, render_template\napp = Flask(__name__)\n\n@app.route('/')\n"
            "def index():\n    return render_template('about.html')\n",
            "tests/test_views.py",
        ),
        ("from flask import Flask\napp = Flask(__name__)\n\n@app.route('/')\ndef index():\n    return 'x'\n", "conftest.py"),
        # a blueprint imported from the package under a name no app's looks like: no view
        # FlaskIndex knows, even though the module imports flask (and makes another object)
        (
            "from flask import render_template, Blueprint\nfrom . import main\nother = dict()\n"
            "helper = Blueprint\n\n@main.route('/')\ndef index():\n    return render_template('a.html')\n",
            "views.py",
        ),
        # views that answer POST (or a form's GET and POST): the planner skips them silently
        (
            "from flask import Flask, render_template\napp = Flask(__name__)\n\n"
            "@app.route('/form', methods=['GET', 'post'])\ndef form():\n    return render_template('a.html')\n\n"
            "@app.route('/send', methods=('POST',))\n@app.post('/again')\ndef send():\n    return 'x'\n",
            "forms.py",
        ),
        # every GET view settled at sight: a login decorator, a polled endpoint's name (the
        # codemod neither caches nor says anything of them, whatever their bodies do)
        (
            "import some\nfrom flask import Flask, render_template\nfrom flask_login import login_required\n"
            "app = Flask(__name__)\n\n@app.route('/mine')\n@some.decorator\n@login_required\ndef mine():\n"
            "    return render_template('a.html', rows=sorted(some.rows()))\n\n"
            "@app.route('/admin')\n@auth.roles_required('admin')\ndef admin():\n    return render_template('a.html', x=some.x())\n\n"
            "@app.get('/health')\ndef health_check():\n    return render_template('a.html', rows=sorted(some.rows()))\n",
            "views.py",
        ),
        # constant pages: the body, after a docstring, returns a literal; whatever the
        # decorators, the route or the name bring, the planner finds nothing worth a cache
        # and says nothing (a decorator it cannot see into, methods it cannot read, a view
        # also called directly, a coroutine, add_url_rule)
        (
            "import some\nfrom flask import Flask\napp = Flask(__name__)\nM = ['GET']\n\n@app.route('/')\n"
            "def hello():\n    return 'Hello'\n\n@app.route('/robots.txt')\ndef robots():\n"
            "    \"\"\"No robots.\"\"\"\n    return 'User-agent: *\\nDisallow: /'\n\n"
            "@app.route('/m', methods=M)\n@some.decorator\ndef m(*args, **kwargs):\n    return {'ok': True, 'n': None}\n\n"
            "@app.get('/t/<path>')\nasync def t(path):\n    return ('<p>gone</p>', 404, {'X': ['a', 1.5]})\n\n"
            "def e():\n    return [1, (2, b'3'), {4}]\n\napp.add_url_rule('/e', 'e', e)\n\nhello()\n",
            "views.py",
        ),
    ]
    ACCEPTED = [
        # a login view beside one that may be cached (or said)
        (
            "from flask import Flask, render_template\nfrom flask_login import login_required\n"
            "app = Flask(__name__)\n\n@app.route('/mine')\n@login_required\ndef mine():\n    return open('x').read()\n\n"
            "@app.route('/about')\ndef about():\n    return render_template('a.html', rows=sorted([2, 1]))\n",
            "views.py",
        ),
        # a decorator spelled with no word of a login, a name with no word of an endpoint
        (
            "from flask import Flask\napp = Flask(__name__)\n\n@app.route('/')\n@cross_origin()\n"
            "def statistical_report():\n    return open('x').read()\n",
            "views.py",
        ),
        ("from . import bp\n\n@bp.route('/')\ndef index():\n    return open('x').read()\n", "views.py"),
        ("from flask import Flask\nweb = Flask(__name__)\n\n@web.get('/')\ndef index():\n    return open('x').read()\n", "site.py"),
        ("def index():\n    return open('x').read()\n\nsite.add_url_rule('/', 'index', index)\n", "site.py"),
        # a blueprint made here under a renamed import, with a name no app's looks like
        (
            "from flask import Blueprint as B\nmain = B('main', __name__)\n\n@main.route('/')\n"
            "def index():\n    return open('x').read()\n",
            "views.py",
        ),
        # made inside a factory, annotated
        (
            "import flask\n\ndef create():\n    site: flask.Flask = flask.Flask(__name__)\n\n"
            "    @site.route('/')\n    def index():\n        return open('x').read()\n    return site\n",
            "factory.py",
        ),
        # methods not a literal list of strings: the planner says why it is left alone
        ("from flask import Flask\napp = Flask(__name__)\nM = ['GET']\n\n@app.route('/', methods=M)\n"
         "def index():\n    return open('x').read()\n", "site.py"),
        ("from flask import Flask\napp = Flask(__name__)\n\n@app.route('/', methods=[b'POST'])\n"
         "def index():\n    return open('x').read()\n", "site.py"),
        # one route decorator reads: the view may be a candidate
        ("from flask import Flask\napp = Flask(__name__)\n\n@app.route('/', methods=['POST'])\n"
         "@app.route('/x', methods=['get', 'HEAD'])\ndef index():\n    return open('x').read()\n", "site.py"),
        # near misses of a constant page: what the planner's scan reads besides a literal
        ("from flask import Flask\napp = Flask(__name__)\n\n@app.route('/')\ndef index(page=load()):\n"
         "    return 'x'\n", "site.py"),
        ("from flask import Flask\napp = Flask(__name__)\n\n@app.route('/')\ndef index(page: Page):\n"
         "    return 'x'\n", "site.py"),
        ("from flask import Flask\napp = Flask(__name__)\n\n@app.route('/')\ndef index():\n"
         "    return {'rows': sorted(ROWS)}\n", "site.py"),
        ("from flask import Flask\napp = Flask(__name__)\n\n@app.route('/')\ndef index():\n"
         "    return [*ROWS], {**HEADERS}\n", "site.py"),
        ("from flask import Flask\napp = Flask(__name__)\n\n@app.route('/')\ndef index():\n"
         "    load()\n    return 'x'\n", "site.py"),
        ("from flask import Flask\napp = Flask(__name__)\n\n@app.route('/')\ndef index():\n"
         "    return f'{VERSION}'\n", "site.py"),
    ]
    # its views answer POST: the planner skips them without a word
    REJECTED_SAMPLES = ["refuse_per_user", "skip_post_views"]

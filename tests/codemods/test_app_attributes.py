"""app-attributes: the config-backed app attributes Flask 2.3 removed, and request.is_xhr."""

from __future__ import annotations

import pytest

from helpers import run_codemods
from upgrade_checks import Refusals, Rewrites, at_target, legacy_and_upgraded, run_app, upgraded

NAME = "app-attributes"

# On Flask 3.1 the writes below "work" (plain attributes nobody reads): the session cookie keeps
# its default name, files keep the default cache time. is_xhr raises AttributeError.
LEGACY_APP = '''
from flask import Flask, current_app, jsonify, request, session

app = Flask(__name__)
app.secret_key = "test"
app.session_cookie_name = "shop_session"
app.send_file_max_age_default = 120
app.use_x_sendfile = False


@app.route("/login")
def login():
    session["user"] = "ada"
    return "ok"


@app.route("/items")
def items():
    if request.is_xhr:
        return jsonify(["tea", "cake"])
    return "<ul><li>tea</li><li>cake</li></ul>"


@app.route("/cookie-name")
def cookie_name():
    return current_app.session_cookie_name
'''

PROBE = '''
legacy.app.testing = True
login = client.get("/login")
out = {"cookie": login.headers.get("Set-Cookie", "").split("=")[0]}
for name, call in (
    ("ajax", lambda: client.get("/items", headers={"X-Requested-With": "XMLHttpRequest"}).get_data(as_text=True)),
    ("ajax_lowercase", lambda: client.get("/items", headers={"X-Requested-With": "xmlhttprequest"}).get_data(as_text=True)),
    ("page", lambda: client.get("/items").get_data(as_text=True)),
    ("cookie_name", lambda: client.get("/cookie-name").get_data(as_text=True)),
):
    out[name] = outcome(call)
with legacy.app.app_context():
    out["max_age"] = legacy.app.get_send_file_max_age("x.txt")
print(json.dumps(out))
'''


def test_the_legacy_app_fails_today_and_works_after_the_rewrite(tmp_path):
    before, after = legacy_and_upgraded(tmp_path, NAME, {"app.py": LEGACY_APP}, PROBE)
    assert before == {
        "cookie": "session",  # silently ignored
        "ajax": "AttributeError",
        "ajax_lowercase": "AttributeError",
        "page": "AttributeError",
        "cookie_name": "shop_session",  # the plain attribute: not the cookie's name
        "max_age": None,  # silently ignored
    }
    assert after == {
        "cookie": "shop_session",
        "ajax": '["tea","cake"]\n',
        "ajax_lowercase": '["tea","cake"]\n',  # Werkzeug compared case-insensitively
        "page": "<ul><li>tea</li><li>cake</li></ul>",
        "cookie_name": "shop_session",
        "max_age": 120,
    }


class TestUpgrade(Rewrites, Refusals):
    NAME = NAME
    REWRITES = [
        pytest.param(
            "import flask\napp = flask.Flask(__name__)\nname = app.session_cookie_name\n",
            'import flask\napp = flask.Flask(__name__)\nname = app.config["SESSION_COOKIE_NAME"]\n',
            id="read",
        ),
        pytest.param(
            "from flask import current_app\ncurrent_app.use_x_sendfile |= True\n",
            'from flask import current_app\ncurrent_app.config["USE_X_SENDFILE"] |= True\n',
            id="augmented-forwarding-attribute",
        ),
        pytest.param(
            "from flask import Flask\napp: Flask = Flask(__name__)\napp.templates_auto_reload = True\n",
            'from flask import Flask\napp: Flask = Flask(__name__)\napp.config["TEMPLATES_AUTO_RELOAD"] = True\n',
            id="annotated-app-write",
        ),
        pytest.param(
            "from flask import request\nx = not request.is_xhr\ny = [request.is_xhr]\n",
            'from flask import request\nx = not request.headers.get("X-Requested-With", "").lower() == "xmlhttprequest"\n'
            'y = [request.headers.get("X-Requested-With", "").lower() == "xmlhttprequest"]\n',
            id="is-xhr-no-parentheses-needed",
        ),
        pytest.param(
            "from flask import request\nx = request.is_xhr != wanted\n",
            'from flask import request\nx = (request.headers.get("X-Requested-With", "").lower() == "xmlhttprequest") != wanted\n',
            id="is-xhr-parenthesised",
        ),
    ]
    REFUSED = [
        ("from flask import Flask\napp = Flask(__name__)\nx = app.send_file_max_age_default\n", "timedelta"),
        ("from flask import Flask\napp = Flask(__name__)\nx = app.templates_auto_reload\n", "app.debug"),
        ("from flask import Flask\napp = Flask(__name__)\napp.send_file_max_age_default += 1\n", "timedelta"),
        ("from flask import Flask\napp = Flask(__name__)\ndel app.session_cookie_name\n", "never removed the key"),
        ("from flask import Flask\nclass App(Flask):\n    session_cookie_name = 'x'\n", "no longer a Flask attribute"),
        ("def setup(app):\n    app.session_cookie_name = 'x'\n", "if app is the Flask app"),
        ("from flask import Flask\napp = Flask(__name__)\napp = make()\napp.use_x_sendfile = True\n", "if app is the Flask app"),
        ("from flask import request\nx = request.get_data().decode(request.charset)\n", 'use "utf-8"'),
        ("from flask import Request\nclass Latin(Request):\n    charset = 'latin-1'\n", "this class attribute is ignored"),
        ("import werkzeug.wrappers\nclass Latin(werkzeug.wrappers.Request):\n    charset = 'latin-1'\n", "always decoded as UTF-8"),
        ("from flask import wrappers\nclass R(wrappers.Request):\n    def parser(self):\n        return make(self.charset)\n", 'use "utf-8"'),
    ]


def test_charset_is_reported_only_from_werkzeug_3() -> None:
    source = "from flask import request\nx = request.charset\n"
    assert at_target(source, NAME, (2, 3)) == (source, [])
    assert len(at_target(source, NAME, (3, 0))[1]) == 1


def test_what_the_charset_findings_say_holds_under_the_installed_werkzeug() -> None:
    from flask import Request
    from werkzeug.test import EnvironBuilder

    class Latin(Request):
        charset = "latin-1"

    environ = EnvironBuilder(method="POST", data="name=caf%C3%A9", content_type="application/x-www-form-urlencoded").get_environ()
    request = Latin(environ)
    assert request.form["name"] == "caf\u00e9"  # decoded as UTF-8: the class attribute is ignored
    assert not hasattr(Request(environ), "charset")


def test_findings_only_where_the_attributes_are_gone() -> None:
    source = "def setup(app):\n    app.session_cookie_name = 'x'\n"
    assert at_target(source, NAME, (2, 2)) == (source, [])
    assert len(at_target(source, NAME, (2, 3))[1]) == 1
    provable = "from flask import Flask\napp = Flask(__name__)\napp.session_cookie_name = 'x'\n"
    # the key exists in every Flask; written in the module's quotes
    assert "app.config['SESSION_COOKIE_NAME']" in at_target(provable, NAME, (1, 0))[0]


@pytest.mark.parametrize(
    "source",
    [
        'from flask import Flask\napp = Flask(__name__)\napp.config["SESSION_COOKIE_NAME"] = "x"\n',
        "class Settings:\n    def __init__(self):\n        self.session_cookie_name = 'plain attribute'\n",
        "import flask\napp = flask.Flask(__name__)\nif flask.__version__ < '2.3':\n    app.session_cookie_name = 'x'\n",
        "from myframework import request\nx = request.is_xhr\n",
        "from flask import make_response\nclass Page:\n    charset = 'latin-1'\n\ndef f(response):\n    return response.charset\n",
        "import werkzeug\nfrom flask import request\nif werkzeug.__version__ < '3':\n    x = request.charset\n",
    ],
    ids=["modern", "own-class", "guarded", "other-request", "charset-elsewhere", "charset-guarded"],
)
def test_modern_foreign_and_guarded_code_is_byte_identical(source: str) -> None:
    result = run_codemods(source, NAME)
    assert result.new_text == source
    # a class of its own that merely has the attribute name gets a hint, nothing more
    assert all("if self is the Flask app" in f.message for f in result.findings)


def test_setup_py_never() -> None:
    legacy = "from flask import request\nx = request.is_xhr\n"
    packaging = "from setuptools import setup\n" + legacy  # a setup.py that runs setuptools
    assert run_codemods(packaging, NAME, path="setup.py").new_text == packaging
    assert "X-Requested-With" in run_codemods(legacy, NAME, path="conftest.py").new_text


# A custom session interface (the server-side session recipe, pgAdmin's and CTFd's shape):
# Flask calls open_session/save_session with the app as their first argument after self.
SESSION_INTERFACE_APP = '''
from flask import Flask
from flask.sessions import SessionInterface, SecureCookieSession

STORE = {}


class StoreSessionInterface(SessionInterface):
    def open_session(self, app, request):
        sid = request.cookies.get(app.session_cookie_name)
        return SecureCookieSession(STORE.get(sid, {}))

    def save_session(self, flask_app, session, response):
        STORE["sid-1"] = dict(session)
        response.set_cookie(flask_app.session_cookie_name, "sid-1")


app = Flask(__name__)
app.config["SESSION_COOKIE_NAME"] = "shop_session"
app.session_interface = StoreSessionInterface()


@app.route("/set")
def set_user():
    from flask import session
    session["user"] = "ada"
    return "ok"


@app.route("/get")
def get_user():
    from flask import session
    return session.get("user", "nobody")
'''

SESSION_PROBE = '''
legacy.app.testing = True  # errors raise instead of becoming a 500 page
out = {}
try:
    first = client.get("/set")
    out["cookie"] = first.headers.get("Set-Cookie", "").split("=")[0]
    out["user"] = client.get("/get").get_data(as_text=True)
except Exception as error:
    out["error"] = type(error).__name__
print(json.dumps(out))
'''


def test_the_app_flask_passes_to_a_session_interface_is_the_app(tmp_path):
    assert run_app(tmp_path / "before", {"app.py": SESSION_INTERFACE_APP}, SESSION_PROBE) == {"error": "AttributeError"}
    after = upgraded(SESSION_INTERFACE_APP, NAME)
    assert 'request.cookies.get(app.config["SESSION_COOKIE_NAME"])' in after
    assert 'response.set_cookie(flask_app.config["SESSION_COOKIE_NAME"], "sid-1")' in after
    assert run_app(tmp_path / "after", {"app.py": after}, SESSION_PROBE) == {"cookie": "shop_session", "user": "ada"}


@pytest.mark.parametrize(
    "source",
    [
        # not Flask's SessionInterface, another method, a parameter rebound, a helper's own parameter
        "class Store:\n    def open_session(self, app, request):\n        return app.session_cookie_name\n",
        "from flask.sessions import SessionInterface\nclass S(SessionInterface):\n"
        "    def helper(self, app):\n        return app.session_cookie_name\n",
        "from flask.sessions import SessionInterface\nclass S(SessionInterface):\n"
        "    def open_session(self, app, request):\n        app = other\n        return app.session_cookie_name\n",
        "from flask.sessions import SessionInterface\nclass S(SessionInterface):\n"
        "    def open_session(self, request, app):\n        return app.session_cookie_name\n",
    ],
    ids=["not-a-session-interface", "other-method", "rebound", "other-position"],
)
def test_other_parameters_stay_reported(source):
    result = run_codemods(source, NAME, dedent=False)
    assert result.new_text == source
    assert [f.message.startswith("if app is the Flask app") for f in result.findings] == [True]


@pytest.mark.parametrize(
    "source",
    [
        "from flask import make_response\nclass Page:\n    charset = 'latin-1'\n\ndef f(response):\n    return response.charset\n",
        "import werkzeug\nfrom flask import request\nif werkzeug.__version__ < '3':\n    x = request.charset\n",
        "from myframework import Request\nclass Latin(Request):\n    charset = 'latin-1'\n",
        "class Codec:\n    def parser(self):\n        return make(self.charset)\n",
        "from flask import Request\nclass R(Request):\n    def x(self):\n        def inner(self):\n            return self.charset\n",
    ],
    ids=["not-the-request", "guarded", "other-request-class", "self-of-another-class", "self-of-a-nested-function"],
)
def test_charset_elsewhere_is_left_without_a_word(source: str) -> None:
    assert at_target(source, NAME, (3, 0)) == (source, [])

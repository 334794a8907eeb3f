"""flask-login-properties: under a current Flask-Login a legacy view that calls
``current_user.is_authenticated()`` fails for every anonymous visitor; after the rewrite it
answers, and login_required still refuses anonymous users (the test client, under the
Flask-Login the test extras install). Then what holds the rewrite back: a class of the
project whose flag is a plain method (without the call it would be always true), and a
requirement that allows Flask-Login before 0.3."""

from __future__ import annotations

import pytest

from helpers import assert_left_alone, load_source, rewrite, run_codemods

LEGACY_APP = '''
from flask import Flask
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user

app = Flask(__name__)
app.config["SECRET_KEY"] = "only for this test"
login_manager = LoginManager(app)


class User(UserMixin):
    def __init__(self, user_id):
        self.id = user_id


@login_manager.user_loader
def load_user(user_id):
    return User(user_id)


@app.get("/")
def home():
    if current_user.is_authenticated():
        return "member " + current_user.get_id()
    return "guest"


@app.get("/anonymous")
def anonymous():
    return "yes" if current_user.is_anonymous() else "no"


@app.get("/private")
@login_required
def private():
    return "secret"


@app.post("/login/<user_id>")
def login(user_id):
    login_user(User(user_id))
    return "in"
'''


def test_an_anonymous_visitor_fails_before_and_is_served_after_the_rewrite(tmp_path):
    legacy = load_source(tmp_path, LEGACY_APP).app
    legacy.config["PROPAGATE_EXCEPTIONS"] = True
    with pytest.raises(TypeError, match="'bool' object is not callable"):
        legacy.test_client().get("/")
    result = run_codemods(LEGACY_APP, "flask-login-properties", dedent=False)
    assert result.findings == [] and result.rewrites == {"flask-login-properties": 2}
    client = load_source(tmp_path, result.new_text).app.test_client()
    assert client.get("/").get_data(as_text=True) == "guest"
    assert client.get("/anonymous").get_data(as_text=True) == "yes"
    assert client.get("/private").status_code == 401  # login_required still refuses anonymous users
    client.post("/login/7")
    assert client.get("/").get_data(as_text=True) == "member 7"
    assert client.get("/anonymous").get_data(as_text=True) == "no"
    assert client.get("/private").get_data(as_text=True) == "secret"


OLD_STYLE_MODEL = '''
class User:
    def is_authenticated(self):
        return True
'''
VIEW = "from flask_login import current_user\n\n\ndef home():\n    return 'in' if current_user.is_authenticated() else 'out'\n"


def test_a_plain_method_flag_anywhere_in_the_project_holds_every_call_back():
    result = run_codemods(VIEW, "flask-login-properties", files={"models.py": OLD_STYLE_MODEL}, path="views.py", dedent=False)
    assert result.new_text == VIEW
    assert "User.is_authenticated (models.py) is a plain method" in result.findings[0].message
    assert "always true" in result.findings[0].message


def test_removing_the_call_on_an_old_style_model_would_let_everyone_in(tmp_path):
    """Why the refusal: on such a model the flag without the call is a bound method, truthy
    for everybody, where the call said False."""
    model = load_source(tmp_path, "class Visitor:\n    def is_authenticated(self):\n        return False\n")
    visitor = model.Visitor()
    assert visitor.is_authenticated() is False and bool(visitor.is_authenticated) is True


@pytest.mark.parametrize(
    "model",
    [
        "class User:\n    @property\n    def is_authenticated(self):\n        return True\n",
        "from flask_login import UserMixin\n\n\nclass User(UserMixin):\n    is_active = True\n",
        "class Watcher:\n    def is_running(self):\n        return True\n",
    ],
    ids=["property", "attribute", "other-method"],
)
def test_a_project_whose_flags_are_properties_is_rewritten(model):
    text = rewrite(VIEW, "flask-login-properties", files={"models.py": model}, path="views.py", dedent=False)
    assert "current_user.is_authenticated else" in text


@pytest.mark.parametrize(
    "requirement, rewritten",
    [("Flask-Login==0.2.11\n", False), ("flask-login<0.3\n", False), ("Flask-Login>=0.3.2\n", True), ("Flask-Login\n", True)],
)
def test_the_declared_requirement_decides(requirement, rewritten):
    result = run_codemods(VIEW, "flask-login-properties", files={"requirements.txt": requirement}, dedent=False)
    assert (result.new_text != VIEW) is rewritten
    if not rewritten:
        assert "allows a Flask-Login older than 0.3" in result.findings[0].message


def test_flask_ext_and_module_spellings_resolve():
    source = "import flask_login\nfrom flask.ext.login import current_user as user\n\na = (user.is_active())\nb = flask_login.current_user.is_anonymous()\n"
    assert rewrite(source, "flask-login-properties", dedent=False) == source.replace("()", "")


@pytest.mark.parametrize(
    "source",
    [
        "from flask import g\n\nok = g.user.is_active()\n",
        "from flask_login import current_user\n\nok = current_user.is_active(strict=True)\n",
        "from flask_login import current_user\n\ntry:\n    ok = current_user.is_authenticated()\nexcept TypeError:\n    ok = current_user.is_authenticated\n",
        "def check(current_user):\n    return current_user.is_authenticated()\n",
    ],
    ids=["other-object", "arguments", "guarded", "parameter"],
)
def test_left_alone(source):
    assert_left_alone("flask-login-properties", source)


@pytest.mark.parametrize(
    "model",
    [
        "def _never(self):\n    return False\n\n\nclass User:\n    is_authenticated = _never\n",
        "class User:\n    is_authenticated = lambda self: False\n",
        "class User:\n    is_authenticated: object = lambda self: False\n",
    ],
    ids=["bound-function", "lambda", "annotated-lambda"],
)
def test_a_flag_bound_to_a_function_in_the_class_body_holds_the_calls_back(model):
    """Not only ``def``: a flag the class body binds to a function is a method too, and
    without the call it would be always true."""
    result = run_codemods(VIEW, "flask-login-properties", files={"models.py": model}, path="views.py", dedent=False)
    assert result.new_text == VIEW
    assert "User.is_authenticated (models.py) is a plain method" in result.findings[0].message


def test_a_property_with_a_setter_is_a_property():
    model = (
        "class User:\n    @property\n    def is_active(self):\n        return self._active\n\n"
        "    @is_active.setter\n    def is_active(self, value):\n        self._active = value\n"
    )
    text = rewrite(VIEW, "flask-login-properties", files={"models.py": model}, path="views.py", dedent=False)
    assert "current_user.is_authenticated else" in text

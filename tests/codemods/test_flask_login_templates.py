"""flask-login-properties on templates: a Jinja template that calls
``current_user.is_authenticated()`` raises when it renders under a current Flask-Login. The
codemod reports each such template (file and lines) on the module that sets Flask-Login up,
under the same version gate as its Python rewrites; the lines it names are exactly the ones to
edit: with the ``()`` dropped there, the page renders for an anonymous and a logged-in user."""

from __future__ import annotations

import re

import pytest

from helpers import load_source, run_codemods

SETUP = '''
from flask import Flask, render_template
from flask_login import LoginManager, UserMixin, login_user


class Member(UserMixin):
    def __init__(self, number):
        self.id = number


app = Flask(__name__)
app.secret_key = "only for this test"
login_manager = LoginManager(app)
login_manager.user_loader(Member)


@app.get("/")
def home():
    return render_template("home.html")


@app.post("/login/<number>")
def login(number):
    login_user(Member(number))
    return "in"
'''
TEMPLATE = (
    "{# current_user.is_active() in a comment is no call #}\n"
    "{% if current_user.is_authenticated() %}member {{ current_user.get_id() }}{% else %}guest{% endif %}\n"
    "{% raw %}{{ current_user.is_anonymous() }}{% endraw %} {{ 'current_user.is_active()' }}\n"
    "{{ 'anonymous' if current_user.is_anonymous ( ) else 'known' }}\n"
)


def _findings(template: str, requirement: str | None = None, models: str | None = None) -> list[str]:
    files = {"templates/home.html": template}
    if requirement is not None:
        files["requirements.txt"] = requirement
    if models is not None:
        files["models.py"] = models
    result = run_codemods(SETUP, "flask-login-properties", files=files, path="app.py", dedent=False)
    assert result.new_text == SETUP
    return [finding.message for finding in result.findings]


def test_the_template_and_its_lines_are_named_on_the_login_manager():
    result = run_codemods(SETUP, "flask-login-properties", files={"templates/home.html": TEMPLATE}, dedent=False)
    [finding] = result.findings
    assert finding.line == SETUP.splitlines().index("login_manager = LoginManager(app)") + 1
    assert finding.message.startswith(
        "templates/home.html calls current_user.is_authenticated(), current_user.is_anonymous() (lines 2, 4): "
    )
    assert "drop the () there by hand" in finding.message


@pytest.mark.parametrize(
    "requirement, reported",
    [("Flask-Login==0.2.11\n", False), ("flask-login<0.3\n", False), ("Flask-Login>=0.3.2\n", True), ("Flask-Login\n", True)],
)
def test_the_same_version_gate_as_the_python_rewrite(requirement, reported):
    assert bool(_findings(TEMPLATE, requirement)) is reported


def test_an_old_style_model_is_named_first():
    model = "class User:\n    def is_authenticated(self):\n        return True\n"
    [message] = _findings(TEMPLATE, models=model)
    assert "User.is_authenticated (models.py) is a plain method" in message and message.endswith("then drop the ()")


@pytest.mark.parametrize(
    "template",
    [
        "{# {{ current_user.is_authenticated() }} #}\n",
        "{% raw %}{% if current_user.is_authenticated() %}{% endraw %}\n",
        "<p>current_user.is_authenticated()</p>\n",
        "{{ 'current_user.is_authenticated()' }}\n",
        "{{ g.current_user.is_authenticated() }}\n",
        "{{ current_user.is_authenticated(strict) }}\n",
        "{{ current_user.is_authenticated }}\n",
    ],
    ids=["comment", "raw", "html-text", "string", "other-object", "arguments", "property"],
)
def test_what_is_no_call_of_the_flag_is_not_reported(template):
    assert _findings(template) == []


def test_a_template_jinja_cannot_read_is_left_out():
    assert _findings("{{ current_user.is_authenticated() }} {{ a ) }}\n") == []


def test_an_extension_tag_does_not_hide_the_call():
    template = "{% assets 'css' %}{{ ASSET_URL }}{% endassets %}\n{% if current_user.is_authenticated() %}in{% endif %}\n"
    [message] = _findings(template)
    assert "(line 2)" in message


def test_a_module_that_only_imports_the_login_manager_gets_nothing():
    source = "from flask_login import LoginManager\n\n\ndef make():\n    return None\n"
    result = run_codemods(source, "flask-login-properties", files={"templates/home.html": TEMPLATE}, dedent=False)
    assert result.findings == []


def _render(tmp_path, template: str) -> tuple[str, str]:
    (tmp_path / "templates").mkdir(exist_ok=True)
    (tmp_path / "templates" / "home.html").write_text(template)
    app = load_source(tmp_path, SETUP).app
    app.config["PROPAGATE_EXCEPTIONS"] = True
    client = app.test_client()
    anonymous = client.get("/").get_data(as_text=True)
    client.post("/login/7")
    return anonymous, client.get("/").get_data(as_text=True)


def test_the_named_lines_are_the_edit_that_makes_the_page_render(tmp_path):
    """Under the Flask-Login the test extras install, the legacy template raises for an
    anonymous visitor; dropping ``()`` after the flags on the lines the finding names (and
    nowhere else) makes it render, for an anonymous and for a logged-in user."""
    with pytest.raises(TypeError, match="'bool' object is not callable"):
        _render(tmp_path, TEMPLATE)
    [message] = _findings(TEMPLATE)
    lines = {int(n) for n in re.search(r"\(lines? ([\d, ]+)\)", message).group(1).split(", ")}
    fixed = "".join(
        re.sub(r"(is_authenticated|is_anonymous|is_active)\s*\(\s*\)", r"\1", text) if number in lines else text
        for number, text in enumerate(TEMPLATE.splitlines(keepends=True), start=1)
    )
    anonymous, member = _render(tmp_path, fixed)
    assert anonymous.split() == ["guest", "{{", "current_user.is_anonymous()", "}}", "current_user.is_active()", "anonymous"]
    assert member.split()[:2] == ["member", "7"] and member.split()[-1] == "known"


@pytest.mark.parametrize(
    "template, requirement, wanted",
    [
        ("{% if current_user.is_authenticated %}member{% endif %}\n", None, False),  # no call: nothing to say
        (TEMPLATE, "Flask-Login==0.2.11\n", False),  # the calls work on 0.2
        (TEMPLATE, None, True),
    ],
    ids=["properties read", "old Flask-Login", "calls"],
)
def test_the_project_gate_parses_a_setup_module_only_where_a_template_is_reported(template, requirement, wanted):
    """A module that sets Flask-Login up and calls no flag itself gets something only from
    the templates: without a template finding to give, LibCST need not parse it."""
    import ast

    from flask_codemod.codemods import Context, get_codemod
    from helpers import ProjectReader

    files = {"app.py": SETUP, "templates/home.html": template}
    if requirement is not None:
        files["requirements.txt"] = requirement
    codemod = get_codemod("flask-login-properties")()
    tree = ast.parse(SETUP)
    assert codemod.applies_to_tree(tree, "app.py")
    assert codemod.applies_to_project(tree, Context("app.py", read_file=ProjectReader(files, "app.py"))) is wanted
    result = run_codemods(SETUP, "flask-login-properties", project=files, path="app.py", dedent=False)
    assert bool(result.findings) is wanted

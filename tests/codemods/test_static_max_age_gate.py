"""The gates of static-max-age: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

import ast
import os

import pytest

from flask_codemod import engine
from flask_codemod.codemods import Context, get_codemod
from gate_checks import GateCases, in_project, opened, output_of, read
from helpers import SAMPLES, sample_reader


class TestGates(GateCases):
    NAME = "static-max-age"
    REJECTED = [
        # flask imported, no app created here
        (
            "'''Flask helpers.'''\nfrom flask import Flask, current_app\n\ndef name():\n    return current_app.name\n",
            "helpers.py",
        ),
        ("class Flask:\n    pass\n\napp = Flask()\n", "fake.py"),
    ]
    ACCEPTED = [
        ("from flask import Flask as F\napp: F = F(__name__)\n", "app.py"),
        ("import flask\n\ndef create_app():\n    app = flask.Flask(__name__)\n    return app\n", "factory.py"),
    ]


@pytest.mark.parametrize("target, asked", [((1, 1), False), ((1, 0), False), ((2, 0), True), ((3, 1), True), (None, True)])
def test_the_project_gate_asks_for_a_flask_without_a_default_max_age(target, asked):
    """Flask 1.x sends static files with a 12 hour max-age itself: for such a target the file
    is not parsed, and rightly (the codemod, gates open, does nothing with an app that has
    static files)."""
    codemod = get_codemod(TestGates.NAME)()
    path = os.path.join(SAMPLES, TestGates.NAME, "module_level_app.before.py")  # static/ beside it
    source = read(path)
    assert engine.wants_project(codemod, ast.parse(source), Context("app.py", None, sample_reader(path), target)) is asked
    result = engine.transform_text(
        source, [opened(get_codemod(TestGates.NAME))], path="app.py", read_file=sample_reader(path), target_version=target
    )
    assert (output_of(result, source, {TestGates.NAME}) != []) is asked


# -- the project gate: an app whose static folder holds files ---------------------------------------

CSS = "body { margin: 0 }\n"


@pytest.mark.parametrize(
    "creation, files",
    [
        ("Flask(__name__)", {}),  # no static folder at all
        ("Flask(__name__)", {"shop/assets/app.css": CSS}),  # files elsewhere
        ("Flask(__name__, static_folder=None)", {"shop/static/app.css": CSS}),
        ("Flask(__name__, static_folder='public')", {"shop/static/app.css": CSS}),
        ("Flask(__name__, None, 'public')", {"shop/static/app.css": CSS}),  # positional, as Flask takes it
        ("Flask(__name__, static_url_path='/s')", {"static/app.css": CSS}),  # beside another module
    ],
    ids=["none", "elsewhere", "disabled", "keyword", "positional", "other-folder"],
)
def test_an_app_without_static_files_is_rejected_rightly(creation, files):
    module = f"from flask import Flask\n\napp = {creation}\n\n@app.route('/')\ndef index():\n    return 'hi'\n"
    asked, output = in_project(TestGates.NAME, {"shop/app.py": module, **files}, "shop/app.py")
    assert not asked
    assert output == []


@pytest.mark.parametrize(
    "creation, files",
    [
        ("Flask(__name__)", {"shop/static/css/app.css": CSS}),
        ("Flask(__name__, static_folder='public')", {"shop/public/app.css": CSS}),
        ("Flask(__name__, None, '../assets')", {"assets/app.css": CSS}),
        ("Flask(__name__, static_folder=os.path.join(ROOT, 'static'))", {}),  # cannot be read: taken to exist
        ("Flask(__name__, static_folder='/srv/static')", {}),  # absolute: taken to exist
        ("Flask(*args, **options)", {}),  # unpacked: a finding
    ],
    ids=["default", "keyword", "positional", "expression", "absolute", "unpacked"],
)
def test_an_app_that_may_have_static_files_is_let_through(creation, files):
    module = f"import os\nfrom flask import Flask\n\napp = {creation}\n\n@app.route('/')\ndef index():\n    return 'hi'\n"
    served = {"Procfile": "web: gunicorn shop.app:app\n"}  # deployed: the codemod sets the max-age or says why not
    asked, output = in_project(TestGates.NAME, {"shop/app.py": module, **files, **served}, "shop/app.py")
    assert asked
    assert output != []


def test_one_app_with_static_files_among_others_lets_the_module_through():
    module = (
        "from flask import Flask\n\napi = Flask(__name__, static_folder=None)\n\n"
        "def create_app():\n    app = Flask(__name__)\n    return app\n"
    )
    files = {"shop/app.py": module, "shop/static/app.css": CSS, "Procfile": "web: gunicorn 'shop.app:create_app()'\n"}
    asked, output = in_project(TestGates.NAME, files, "shop/app.py")
    assert asked and output != []


# -- the project gate: a module that sets the max-age itself -------------------------------------


@pytest.mark.parametrize(
    "setting, asked",
    [
        ("app.config['SEND_FILE_MAX_AGE_DEFAULT'] = 0", False),
        ('app.config["SEND_FILE_MAX_AGE_DEFAULT"]: int = 60', False),
        ("def tune(app):\n    app.config['SEND_FILE_MAX_AGE_DEFAULT'] = 0", False),  # anywhere in the module
        ("app.config['SEND_FILE_' 'MAX_AGE_DEFAULT'] = 0", True),  # not one literal: the transform's scan sees none
        ("app.config[u'SEND_FILE_MAX_AGE_DEFAULT'] = 0", True),  # a prefix: not proven plain
        ("seconds = app.config['SEND_FILE_MAX_AGE_DEFAULT']", True),  # read, not set: a finding
    ],
    ids=["subscript", "annotated", "in-function", "concatenated", "prefixed", "read"],
)
def test_a_module_that_sets_the_max_age_itself_is_rejected_rightly(setting, asked):
    """Rejected only where the transform, gates open, is silent; let through otherwise."""
    module = f"from flask import Flask\n\napp = Flask(__name__)\n{setting}\n\n@app.route('/')\ndef index():\n    return 'hi'\n"
    was_asked, output = in_project(TestGates.NAME, {"shop/app.py": module, "shop/static/app.css": CSS}, "shop/app.py")
    assert was_asked is asked
    if not asked:
        assert output == []


# -- the project gate: a module the project-wide check leaves alone without a word ---------------

SERVED = "from flask import Flask\n\napp = Flask(__name__)\n\n@app.route('/')\ndef index():\n    return 'hi'\n"
PROCFILE = {"Procfile": "web: gunicorn shop.app:app\n"}


@pytest.mark.parametrize(
    "module, files",
    [
        (SERVED, {}),  # nothing deploys the app: no production to speed up
        (SERVED, {**PROCFILE, "shop/settings.py": "SEND_FILE_MAX_AGE_DEFAULT = 60\n"}),  # set elsewhere
        (SERVED, {**PROCFILE, "nginx.conf": "server {\n    location /static {\n        root /srv/shop;\n    }\n}\n"}),
        (SERVED, {"shop/site.py": SERVED}),  # not an entry module, but an app it serves: routed on
        (SERVED.replace("@app.route('/')", "@app.errorhandler(404)"), {"shop/site.py": SERVED}),
    ],
    ids=["not-deployed", "set-elsewhere", "served-by-nginx", "routed-elsewhere", "handled-elsewhere"],
)
def test_a_module_the_check_leaves_alone_quietly_is_rejected_rightly(module, files):
    path = "shop/site.py" if "shop/site.py" in files else "shop/app.py"
    files = {"shop/app.py": module, "shop/static/app.css": CSS, **files}
    files[path] = module
    asked, output = in_project(TestGates.NAME, files, path)
    assert not asked
    assert output == []


@pytest.mark.parametrize(
    "module, files, path",
    [
        (SERVED, PROCFILE, "shop/app.py"),  # deployed, set nowhere: the max-age is set
        (SERVED, {**PROCFILE, "shop/settings.py": "PERMANENT_SESSION_LIFETIME = 60\n"}, "shop/app.py"),
        (SERVED.replace("Flask(__name__)", "Flask(*args)"), {}, "shop/app.py"),  # unpacked: a finding first
        (SERVED.replace("import Flask", "import Flask\nimport urllib2"), {}, "shop/app.py"),  # Python 2: a finding
        (SERVED + "\nprint(app.config['SEND_FILE_MAX_AGE_DEFAULT'])\n", {}, "shop/app.py"),  # a mention: a finding
        ("from flask import Flask\n\napp = Flask(__name__)\n", {}, "shop/made.py"),  # perhaps not served: a finding
        ("from flask import Flask\n\nclass Site:\n    app = Flask(__name__)\n\napp.run()\n", {}, "shop/made.py"),
    ],
    ids=["deployed", "other-key-set", "unpacked", "python-2", "mentioned", "unclear", "class-attribute"],
)
def test_a_module_the_transform_may_speak_of_is_let_through(module, files, path):
    asked, output = in_project(TestGates.NAME, {path: module, "shop/static/app.css": CSS, **files}, path)
    assert asked
    assert output != []


def test_an_app_routed_on_a_name_bound_twice_is_not_taken_for_served():
    """The routes may be another object's: the gate cannot tell the app is not unclear (a
    finding), and lets the module through."""
    asked, _ = in_project(TestGates.NAME, {"shop/made.py": SERVED + "app = wrap(app)\n", "shop/static/app.css": CSS}, "shop/made.py")
    assert asked

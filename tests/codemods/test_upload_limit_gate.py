"""The gates of upload-limit: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

import pytest

from gate_checks import GateCases, in_project


class TestGates(GateCases):
    NAME = "upload-limit"
    REJECTED = [
        # an app that does not read uploads (the word only in a name)
        ("from flask import Flask\napp = Flask(__name__)\n\ndef list_files():\n    return []\n", "app.py"),
        (
            "from flask import Blueprint, request\nbp = Blueprint('u', __name__)\n\n@bp.post('/')\ndef up():\n    return request.files['f'].filename\n# Flask\n",
            "views.py",
        ),
    ]
    ACCEPTED = [
        (
            "from flask import Flask, request\napp = Flask(__name__)\n\n@app.post('/')\ndef up():\n    return request.files['f'].filename\n",
            "app.py",
        ),
        ("import flask\napp = flask.Flask(__name__)\napp.register_blueprint(files_bp)\n", "app.py"),
    ]
    # samples the codemod leaves alone without a word, which its gates reject
    REJECTED_SAMPLES = ["no_uploads"]


# -- the project gate: a blueprint that reads uploads, a limit set elsewhere ------------------------

FACTORY = """\
from flask import Flask

def create_app():
    app = Flask(__name__)
    from .uploads import bp
    app.register_blueprint(bp)
    return app
"""
UPLOADS = """\
from flask import Blueprint, request

bp = Blueprint("uploads", __name__)

@bp.post("/photo")
def photo():
    request.files["photo"].save("photo")
    return "saved"
"""
LISTING = """\
from flask import Blueprint, jsonify

bp = Blueprint("uploads", __name__)

@bp.get("/files")
def files():
    return jsonify([])
"""
SETTINGS = "class Config:\n    MAX_CONTENT_LENGTH = 3 * 1024 * 1024\n"


@pytest.mark.parametrize(
    "files",
    [
        {"shop/uploads.py": LISTING},  # the blueprint reads no upload ("files" only as a name)
        {"shop/uploads/__init__.py": "from .views import bp\n", "shop/uploads/views.py": LISTING},  # nor re-exported
        {},  # the blueprint's module is not in the project
        {"shop/uploads.py": UPLOADS, "shop/settings.py": SETTINGS},  # the limit is set elsewhere
        {"shop/uploads.py": UPLOADS, "shop/app.cfg": "MAX_CONTENT_LENGTH = 1000000\n"},
    ],
    ids=["no-upload", "re-exported", "not-found", "set-in-a-module", "set-in-a-cfg"],
)
def test_a_module_whose_apps_take_no_upload_here_is_rejected_rightly(files):
    asked, output = in_project(TestGates.NAME, {"shop/__init__.py": FACTORY, **files}, "shop/__init__.py")
    assert not asked
    assert output == []


SITE = """\
from flask import Flask
from .uploads import bp

app = Flask(__name__)
admin.register_blueprint(bp)
"""
MENTIONS = FACTORY.replace("    return app\n", "    print(app.config.get('MAX_CONTENT_LENGTH'))\n    return app\n")
TWO_APPS = """\
from flask import Flask, request

api = Flask(__name__)
web = Flask(__name__)

def upload():
    return request.files["f"].filename
"""


@pytest.mark.parametrize(
    "path, files",
    [
        ("shop/__init__.py", {"shop/__init__.py": FACTORY, "shop/uploads.py": UPLOADS}),
        ("shop/__init__.py", {"shop/__init__.py": FACTORY, "shop/uploads/__init__.py": "from .views import bp\n", "shop/uploads/views.py": UPLOADS}),
        # the limit is set elsewhere, but something is said first: an app that may not be the
        # one served, the key mentioned here, request.files read here
        ("shop/site.py", {"shop/site.py": SITE, "shop/uploads.py": UPLOADS, "shop/settings.py": SETTINGS}),
        ("shop/__init__.py", {"shop/__init__.py": MENTIONS, "shop/uploads.py": UPLOADS, "shop/settings.py": SETTINGS}),
        ("shop/app.py", {"shop/app.py": TWO_APPS, "shop/settings.py": SETTINGS}),
    ],
    ids=["blueprint", "re-exported", "unclear-app", "mentioned", "read-here"],
)
def test_a_module_whose_app_may_take_uploads_is_let_through(path, files):
    asked, output = in_project(TestGates.NAME, files, path)
    assert asked
    assert output != []


# -- a blueprint's module the two parsers read differently ---------------------------------------
# The gate reads the blueprint's module on the standard library's AST and says yes when unsure;
# the transform decides on LibCST's tree, with names resolved by scope.

NEWER_SYNTAX = UPLOADS + "\ntype Upload = dict[str, bytes]\n"  # a 3.12 statement: LibCST reads it
BROKEN = UPLOADS.replace('"saved"', '"saved"[')  # neither parser reads it
SHADOWED = UPLOADS.replace("def photo():", "def photo(request):")  # a parameter, not flask's request


@pytest.mark.parametrize(
    "uploads, limited",
    [(NEWER_SYNTAX, True), (BROKEN, False), (SHADOWED, False)],
    ids=["newer-syntax", "broken", "shadowed-request"],
)
def test_a_blueprint_module_the_gate_is_unsure_of_is_let_through_and_the_transform_decides(uploads, limited):
    asked, output = in_project(TestGates.NAME, {"shop/__init__.py": FACTORY, "shop/uploads.py": uploads}, "shop/__init__.py")
    assert asked
    assert (output != []) is limited

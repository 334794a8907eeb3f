"""upload-limit: uploads a library reads from ``request.files`` for the app count as the app's.

mcarchive's editor takes mod files through a Flask-WTF form (``file = FileField("Mod File")``)
and udata's storage API through a flask-restplus parser (``add_argument("file",
type=FileStorage, location="files")``); neither spells ``request.files``, so neither app was
taken for one that accepts uploads. A form class holding a file field, or a reqparse argument
read from ``request.files`` (in a module importing Flask-RESTful, -RESTPlus or -RESTX), now
counts as reading the upload, and the view that makes the form or parses the arguments is
weighed as any upload view: a field named for a whole store of data (``backup =
FileField()``), a ``FileAllowed`` of archives, or a view's words for one, keep the limit away."""

from __future__ import annotations

import io
import sys

import pytest

from helpers import finding_messages, forget_packages, import_package, run_codemods, write_package

NAME = "upload-limit"
LIMIT = 'app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024'

FACTORY = """\
from flask import Flask


def create_app():
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "test"
    app.config["WTF_CSRF_ENABLED"] = False
    from .editor import edit
    app.register_blueprint(edit)
    return app
"""

EDITOR = """\
import os
import tempfile

from flask import Blueprint
from flask_wtf import FlaskForm
from flask_wtf.file import FileField{allowed_import}
from wtforms import StringField

edit = Blueprint("edit", __name__)
STORE = tempfile.mkdtemp()


class EditFileForm(FlaskForm):
    {field} = FileField("Mod File"{validators})
    desc = StringField("Description")


@edit.route("/drafts/new-file", methods=["POST"])
def new_mod_file():
    form = EditFileForm()
    if form.validate_on_submit() and form.{field}.data:
        form.{field}.data.save(os.path.join(STORE, "uploaded_file"))
        return "stored"
    return "nothing", 400
"""


def _editor(field: str = "file", allowed: str = "") -> str:
    return EDITOR.format(
        field=field,
        allowed_import=", FileAllowed" if allowed else "",
        validators=f", validators=[FileAllowed({allowed})]" if allowed else "",
    )


def _run(editor: str):
    project = {"shop/__init__.py": FACTORY, "shop/editor.py": editor, "requirements.txt": "Flask\nFlask-WTF\n"}
    return run_codemods(FACTORY, NAME, path="shop/__init__.py", project=project)


def _post(tmp_path, factory: str, editor: str, size: int) -> int:
    package = write_package(tmp_path, {"__init__.py": factory, "editor.py": editor})
    sys.path.insert(0, str(tmp_path))
    try:
        app = import_package(package).create_app()
        sent = {"file": (io.BytesIO(b"x" * size), "mod.jar"), "desc": "a mod"}
        return app.test_client().post("/drafts/new-file", data=sent, content_type="multipart/form-data").status_code
    finally:
        sys.path.remove(str(tmp_path))
        forget_packages([package])


def test_a_blueprint_taking_files_through_a_flask_wtf_form_gets_the_limit(tmp_path):
    editor = _editor()
    result = _run(editor)
    assert LIMIT in result.new_text, finding_messages(result)
    # the app now answers 413 to a body over the limit, and still stores a small upload
    assert _post(tmp_path, FACTORY, editor, 20 * 1024 * 1024) == 200
    assert _post(tmp_path, result.new_text, editor, 20 * 1024 * 1024) == 413
    assert _post(tmp_path, result.new_text, editor, 1024) == 200


@pytest.mark.parametrize(
    "field, allowed, says",
    [("backup", "", "'backup'"), ("file", '["zip", "jar"]', "'zip'")],
    ids=["field named for a backup", "archives allowed"],
)
def test_a_form_field_that_takes_a_whole_store_keeps_the_limit_away(tmp_path, field, allowed, says):
    editor = _editor(field, allowed)
    result = _run(editor)
    assert result.new_text == FACTORY
    messages = finding_messages(result)
    assert any("Flask-WTF file field" in message and says in message and "shop/editor.py:14" in message for message in messages), messages


def test_a_view_whose_words_name_a_whole_store_keeps_the_limit_away():
    editor = _editor().replace("new_mod_file", "restore_backup")
    result = _run(editor)
    assert result.new_text == FACTORY
    assert any("restore_backup()" in message for message in finding_messages(result)), finding_messages(result)


PARSER_API = """\
from flask import Flask
from flask_restx import Api, Resource
from werkzeug.datastructures import FileStorage

app = Flask(__name__)
api = Api(app)

upload_parser = api.parser()
upload_parser.add_argument("{name}", type=FileStorage, location="files")
upload_parser.add_argument("uuid", type=str, location="form")


def handle_upload():
    args = upload_parser.parse_args()
    args["{name}"].save("/tmp/upload")
    return {{"ok": True}}


@api.route("/{route}")
class Upload(Resource):
    def post(self):
        return handle_upload()
"""


def test_an_app_taking_files_through_a_reqparse_argument_gets_the_limit():
    source = PARSER_API.format(name="file", route="upload")
    result = run_codemods(source, NAME, dedent=False)
    assert LIMIT in result.new_text, finding_messages(result)


def test_a_reqparse_argument_named_for_a_whole_store_keeps_the_limit_away():
    source = PARSER_API.format(name="dump", route="upload")
    result = run_codemods(source, NAME, dedent=False)
    assert result.new_text == source
    assert any("reqparse argument" in message and "'dump'" in message for message in finding_messages(result)), finding_messages(result)


@pytest.mark.parametrize(
    "source",
    [
        # argparse's add_argument has no location; a module importing no reqparse library
        'import argparse\nfrom flask import Flask\napp = Flask(__name__)\np = argparse.ArgumentParser()\n'
        'p.add_argument("f", location="files")\n',
        # a form without a file field
        'from flask import Flask\nfrom flask_wtf import FlaskForm\nfrom wtforms import StringField\napp = Flask(__name__)\n\n'
        'class F(FlaskForm):\n    name = StringField("Name")\n',
        # a field of another library that happens to be called FileField (a mongoengine document's)
        'from flask import Flask\nfrom mongoengine import Document, FileField\napp = Flask(__name__)\n\n'
        'class Resource(Document):\n    data = FileField()\n',
    ],
    ids=["argparse", "no file field", "another library's FileField"],
)
def test_what_takes_no_upload_from_the_request_stays_alone(source):
    result = run_codemods(source, NAME, dedent=False)
    assert result.new_text == source

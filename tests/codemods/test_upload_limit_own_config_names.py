"""upload-limit: a project whose own configuration names the limit in lower case sets it.

Throat keeps its settings in a nested map of lower-case keys (``"app": {"max_content_length":
10485760}`` in ``app/config.py``, overridable from ``config.yaml``) and its factory loads them
with ``app.config.update(config.get_flask_dict())``, which upper-cases the keys of the ``app``
section: the project sets ``MAX_CONTENT_LENGTH`` on every start. A default inserted before that
line is dead code that reads as the project's choice. A mapping key, a subscript or a keyword
naming the key in lower case (Dynaconf's settings files, ConfigParser's lower-cased options,
a loader of its own) is the project's own setting; a class attribute of that name (a vendored
Werkzeug ``Request``) is not a setting of the app's config."""

from __future__ import annotations

import io

import pytest

from helpers import load_source, run_codemods

LIMIT = 'app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024'

FACTORY = '''\
import os
import tempfile

from flask import Flask, request

from settings_loader import flask_settings


def create_app():
    app = Flask(__name__)
    app.config.update(flask_settings())

    @app.post("/upload")
    def upload():
        request.files["file"].save(os.path.join(tempfile.mkdtemp(), "upload.bin"))
        return "stored"

    return app
'''

LOADER = '''\
DEFAULTS = {
    "app": {
        "secret_key": "change me",
        "max_content_length": 10 * 1024 * 1024,
    },
}


def flask_settings():
    return {key.upper(): value for key, value in DEFAULTS["app"].items()}
'''


def test_a_lower_case_key_of_the_project_s_own_settings_map_sets_the_limit(tmp_path):
    result = run_codemods(FACTORY, "upload-limit", project={"settings_loader.py": LOADER}, dedent=False)
    assert result.codemod_errors == []
    assert result.new_text == FACTORY and result.findings == [], result.findings
    (tmp_path / "settings_loader.py").write_text(LOADER)
    app = load_source(tmp_path, result.new_text, stem="own_config").create_app()
    assert app.config["MAX_CONTENT_LENGTH"] == 10 * 1024 * 1024  # the project's own limit, as before
    response = app.test_client().post(
        "/upload", data={"file": (io.BytesIO(b"x" * (12 * 1024 * 1024)), "big.bin")}, content_type="multipart/form-data"
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("config.yaml", "app:\n  secret_key: change me\n  max_content_length: 10485760\n"),
        ("settings.ini", "[app]\nmax_content_length = 10485760\n"),
    ],
)
def test_a_lower_case_key_of_a_settings_file_sets_the_limit(name, text):
    loader = LOADER.replace('"max_content_length": 10 * 1024 * 1024,\n', "")
    result = run_codemods(FACTORY, "upload-limit", project={"settings_loader.py": loader, name: text}, dedent=False)
    assert result.new_text == FACTORY and result.findings == [], result.findings


def test_a_class_attribute_of_that_name_is_not_the_app_s_setting():
    vendored = "class Request:\n    max_content_length = None\n    max_form_memory_size = None\n"
    loader = LOADER.replace('"max_content_length": 10 * 1024 * 1024,\n', "")
    result = run_codemods(FACTORY, "upload-limit", project={"settings_loader.py": loader, "wrappers.py": vendored}, dedent=False)
    assert LIMIT in result.new_text

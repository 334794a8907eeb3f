"""upload-limit: blueprints registered as a function's return value.

lin-cms-flask's factory registers ``app.register_blueprint(create_cms(), url_prefix="/cms")``:
``create_cms()`` makes a blueprint, registers ``file_api`` (whose view reads ``request.files``)
on it and returns it. The codemod follows a registered blueprint by its name to its module; a
call's return value names no module, so it said nothing at all, while the app serves uploads.
The limit is not written there (what the returned blueprint holds is not read, and the
project may allow more: lin's own ``FILE`` settings allow 20 MiB a request); a finding at the
registration says what is not followed and where the project reads uploads. Where no module
of the application reads ``request.files``, nothing is said.
"""

from __future__ import annotations

from helpers import finding_messages, run_codemods

NAME = "upload-limit"

FACTORY = """
    from flask import Flask


    def register_blueprints(app):
        from site_pkg.api.cms import create_cms

        app.register_blueprint(create_cms(), url_prefix="/cms")


    def create_app():
        app = Flask(__name__)
        register_blueprints(app)
        return app
"""

CMS = """
    from flask import Blueprint


    def create_cms():
        cms = Blueprint("cms", __name__)
        from site_pkg.api.cms.file import file_api

        cms.register_blueprint(file_api, url_prefix="/file")
        return cms
"""

FILE = """
    from flask import Blueprint, request

    file_api = Blueprint("file", __name__)


    @file_api.route("", methods=["POST"])
    def post_file():
        return str(len(request.files))
"""


def _project(file_text: str = FILE) -> dict[str, str]:
    return {
        "requirements.txt": "flask\n",
        "site_pkg/__init__.py": FACTORY,
        "site_pkg/api/__init__.py": "",
        "site_pkg/api/cms/__init__.py": CMS,
        "site_pkg/api/cms/file.py": file_text,
    }


def _run(project: dict[str, str]):
    return run_codemods(project["site_pkg/__init__.py"], NAME, path="site_pkg/__init__.py", project=project)


def test_a_blueprint_given_by_a_call_is_reported_where_the_project_reads_uploads():
    result = _run(_project())
    assert result.codemod_errors == []
    assert "MAX_CONTENT_LENGTH" not in result.new_text
    messages = finding_messages(result)
    assert len(messages) == 1, messages
    message = messages[0]
    assert message.startswith("8: "), message  # the registration
    assert "the app registers the blueprint that create_cms() returns" in message and "site_pkg/api/cms/file.py:9" in message, message
    assert "MAX_CONTENT_LENGTH" in message


def test_nothing_is_said_where_no_module_reads_uploads():
    result = _run(_project(FILE.replace("len(request.files)", "request.method")))
    assert result.codemod_errors == []
    assert finding_messages(result) == []
    assert "MAX_CONTENT_LENGTH" not in result.new_text


def test_nothing_is_said_where_the_project_sets_the_limit():
    project = _project()
    project["site_pkg/__init__.py"] = FACTORY.replace(
        "app = Flask(__name__)\n", 'app = Flask(__name__)\n        app.config["MAX_CONTENT_LENGTH"] = 1024\n'
    )
    result = _run(project)
    assert finding_messages(result) == []

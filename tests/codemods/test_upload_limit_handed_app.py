"""upload-limit: a function of the project that registers a blueprint on an app it is handed
(``def register_views(app): app.register_blueprint(uploads.bp)``, called by the factory of
another module) serves that blueprint's uploads from an app created elsewhere. The codemod
sets the limit only where the module that creates the app shows the uploads; here it says so
at the registration instead of staying silent, unless the project sets the limit already."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

NAME = "upload-limit"

FACTORY = """
from flask import Flask


def create_app():
    app = Flask(__name__)
    from site_pkg.views import register_views
    register_views(app)
    return app
"""

VIEWS_INIT = """
from site_pkg.views.imports import blueprint as imports_api
from site_pkg.views.pages import blueprint as pages


def register_views(app):
    app.register_blueprint(pages)
    app.register_blueprint(imports_api, url_prefix="/api")
"""

IMPORTS = """
from flask import Blueprint, request

blueprint = Blueprint("imports", __name__)


@blueprint.route("/datasets/<name>/files", methods=["POST"])
def receive(name):
    sent = request.files.get("file")
    return {"name": sent.filename}
"""

PAGES = """
from flask import Blueprint

blueprint = Blueprint("pages", __name__)


@blueprint.route("/")
def home():
    return "home"
"""

PROJECT = {
    "site_pkg/__init__.py": "",
    "site_pkg/core.py": FACTORY,
    "site_pkg/views/imports.py": IMPORTS,
    "site_pkg/views/pages.py": PAGES,
}


def _run(views: str, extra: dict[str, str] | None = None):
    project = {**PROJECT, **(extra or {})}
    return run_codemods(views, NAME, path="site_pkg/views/__init__.py", project=project)


def test_an_upload_blueprint_registered_on_a_handed_app_is_reported_at_its_registration():
    result = _run(VIEWS_INIT)
    assert result.new_text.strip() == VIEWS_INIT.strip()
    [message] = finding_messages(result)
    assert message.startswith("8: ") and "register_views()" in message and "request.files" in message, message
    assert "set MAX_CONTENT_LENGTH where that app is created" in message


def test_no_finding_where_the_project_sets_the_limit_or_the_blueprint_takes_no_upload():
    settings = {"site_pkg/settings.py": "MAX_CONTENT_LENGTH = 64 * 1024 * 1024\n"}
    assert finding_messages(_run(VIEWS_INIT, settings)) == []
    only_pages = VIEWS_INIT.replace('    app.register_blueprint(imports_api, url_prefix="/api")\n', "")
    assert finding_messages(_run(only_pages)) == []


def test_the_factory_module_itself_is_left_as_before():
    result = run_codemods(FACTORY, NAME, path="site_pkg/core.py", project={**PROJECT, "site_pkg/views/__init__.py": VIEWS_INIT})
    assert result.new_text.strip() == FACTORY.strip() and finding_messages(result) == []


def test_no_finding_where_the_factory_that_hands_the_app_shows_uploads_itself():
    # the factory registers an upload blueprint of its own: its app gets the limit there
    own = FACTORY.replace("    register_views(app)\n", "    register_views(app)\n    from site_pkg.views.imports import blueprint\n    app.register_blueprint(blueprint)\n")
    assert "app.register_blueprint(blueprint)" in own
    assert finding_messages(_run(VIEWS_INIT, {"site_pkg/core.py": own})) == []


def test_the_finding_names_where_the_app_is_created_and_handed_on():
    [message] = finding_messages(_run(VIEWS_INIT))
    assert "site_pkg/core.py line 8 hands it to register_views()" in message, message


def test_a_caller_that_imports_the_function_under_another_name_is_found():
    # the app module one level up imports the function renamed, and calls it by that name
    renamed = FACTORY.replace("import register_views\n    register_views(app)", "import register_views as add_views\n    add_views(app)")
    assert "add_views(app)" in renamed
    [message] = finding_messages(_run(VIEWS_INIT, {"site_pkg/core.py": renamed}))
    assert "site_pkg/core.py line 8 hands it to register_views()" in message, message
    own = renamed.replace("    add_views(app)\n", "    add_views(app)\n    from site_pkg.views.imports import blueprint\n    app.register_blueprint(blueprint)\n")
    assert finding_messages(_run(VIEWS_INIT, {"site_pkg/core.py": own})) == []

"""upload-limit: a ``from_pyfile`` whose path the code builds from the module's own place
(``os.path.join(ROOT, "conf", "defaults.py")``, ``ROOT`` made from ``__file__``) loads a file
of the project: when that file spells no ``MAX_CONTENT_LENGTH`` (and binds no names another
way), it sets none, and the loading is not reported as one that may. A file it cannot name,
one that is not the project's, or one that may bind names unseen keeps the finding."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

NAME = "upload-limit"

APP = """
import os

HERE = os.path.abspath(os.path.dirname(__file__))
ROOT = os.path.split(HERE)[0]

from flask import Flask, request


def create_app():
    app = Flask(__name__)
    app.config.from_pyfile(os.path.join(ROOT, "conf", "defaults.py"))

    @app.route("/upload", methods=["POST"])
    def upload():
        return request.files["file"].filename

    return app
"""

QUIET = "DEBUG = False\nSITE_NAME = 'demo'\n# uploads go through the proxy\n"


def run(config_text, source=APP, config_path="conf/defaults.py"):
    project = {"site/__init__.py": ""}
    if config_text is not None:
        project[config_path] = config_text
    return run_codemods(source, NAME, path="site/app.py", project=project)


def test_a_named_project_file_that_sets_no_limit_is_not_reported():
    result = run(QUIET)
    assert 'app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024' in result.new_text
    assert not any("loaded from elsewhere" in m for m in finding_messages(result)), finding_messages(result)


def test_a_file_that_may_bind_names_unseen_keeps_the_finding():
    result = run(QUIET + "from local_settings import *\n")
    assert any("loaded from elsewhere" in m for m in finding_messages(result)), finding_messages(result)


def test_a_path_to_no_file_of_the_project_keeps_the_finding():
    result = run(None)
    assert any("loaded from elsewhere" in m for m in finding_messages(result)), finding_messages(result)


def test_a_folder_bound_twice_is_not_proven():
    source = APP.replace('ROOT = os.path.split(HERE)[0]\n', 'ROOT = os.path.split(HERE)[0]\nROOT = os.environ.get("SITE_ROOT", ROOT)\n')
    result = run(QUIET, source=source)
    assert any("loaded from elsewhere" in m for m in finding_messages(result)), finding_messages(result)

"""upload-limit: the words of its finding on a config loader it cannot read (session 43, sempo).
Sempo's ``create_app`` (``app/server/__init__.py``, in the project whose root is ``app/``: its
``setup.py`` and ``requirements.txt``) calls ``app.config.from_object('config')``; the module
that loads is the repository's root ``config.py``, which its Dockerfile copies beside the app,
outside the project the tool reads. "Cannot tell whether it sets MAX_CONTENT_LENGTH" gave no
reason; the finding now says the name is no module of the project and names the file above
it that may be the one loaded, and whether that file spells the key. The code change is the
same (the default is inserted before the loader, so a value set there still wins)."""

from __future__ import annotations

import os

from flask_codemod.codemods import get_codemod
from flask_codemod.engine import transform_text
from helpers import ProjectReader, project_listing

APP = """\
from flask import Flask, request


def create_app():
    app = Flask(__name__)
    app.config.from_object('config')

    @app.post("/upload")
    def upload():
        return {"size": len(request.files["file"].read())}

    return app
"""
INSIDE = {"setup.py": "from setuptools import setup\nsetup(name='server')\n", "requirements.txt": "flask==1.1.2\n"}
CONFIG = "import configparser\nparser = configparser.ConfigParser()\nparser.read('x.ini')\nSECRET = parser['APP']['SECRET']\n"


class _ReaderWithParent(ProjectReader):
    """A project (root-relative paths) whose repository holds files above its root, which
    ``read_file`` reaches (``../config.py``) and the listing does not hold."""

    def __init__(self, files, path, above):
        super().__init__(files, path)
        self.above = above

    def __call__(self, relative):
        folder = os.path.dirname(self.path)
        key = os.path.normpath(os.path.join(folder, relative)).replace(os.sep, "/")
        return self.files.get(key, self.above.get(key))

    def project_files(self):
        return project_listing(self.path, self.files)


def _findings(above):
    path = "server/__init__.py"
    reader = _ReaderWithParent({**INSIDE, path: APP}, path, above)
    result = transform_text(APP, [get_codemod("upload-limit")], path=path, read_file=reader)
    assert result.error is None
    assert "MAX_CONTENT_LENGTH" in result.new_text
    assert result.new_text.index("MAX_CONTENT_LENGTH") < result.new_text.index("from_object")
    return [f.message for f in result.findings]


def test_a_loaded_module_outside_the_project_is_named_with_why():
    [message] = _findings({"../config.py": CONFIG})
    assert "cannot tell whether it sets MAX_CONTENT_LENGTH" not in message
    assert "from_object('config') names no module of this project" in message
    assert "../config.py" in message and "spells no MAX_CONTENT_LENGTH" in message
    assert "the inserted default comes before it, so a value set there still wins" in message


def test_a_file_above_that_spells_the_key_is_said_to():
    [message] = _findings({"../config.py": CONFIG + "MAX_CONTENT_LENGTH = 1024\n"})
    assert "../config.py" in message and "it spells MAX_CONTENT_LENGTH," in message


def test_nothing_above_says_only_that_no_module_is_named():
    [message] = _findings({})
    assert "from_object('config') names no module of this project" in message
    assert "../config.py" not in message

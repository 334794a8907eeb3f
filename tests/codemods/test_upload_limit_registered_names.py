"""upload-limit: the words that name a view are wherever the code names it — the endpoint a
helper registers it under (``register_api(UploadAPI, "restore_api", "/restore/")``), the
blueprint it is on (its name, its url prefix, the module it is imported from), and the file a
view writes what it was sent to (``open(path, "wb")``), not only ``.save(path)``. Bad input
never hangs the reading of those words.
"""

from __future__ import annotations

import io
import textwrap

import pytest

from helpers import finding_messages, load_source, rewrite, run_codemods

LIMIT = 'app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024'
LARGE = 20 * 1024 * 1024

REGISTER_API = '''
import os
import tempfile

from flask import Flask, request
from flask.views import MethodView

app = Flask(__name__)


class UploadAPI(MethodView):
    def post(self):
        request.files["file"].save(os.path.join(tempfile.mkdtemp(), "upload.bin"))
        return "ok"


def register_api(view, endpoint, url):
    view_func = view.as_view(endpoint)
    app.add_url_rule(url, view_func=view_func, methods=["POST"])


register_api(UploadAPI, "restore_api", "/restore/")
'''

BLUEPRINT_NAME = '''
import os
import tempfile

from flask import Blueprint, Flask, request

app = Flask(__name__)
bp = Blueprint("backup", __name__)


@bp.route("/upload", methods=["POST"])
def upload():
    request.files["file"].save(os.path.join(tempfile.mkdtemp(), "upload.bin"))
    return "ok"


app.register_blueprint(bp)
'''

URL_PREFIX = BLUEPRINT_NAME.replace('Blueprint("backup"', 'Blueprint("transfer"').replace(
    "app.register_blueprint(bp)", 'app.register_blueprint(bp, url_prefix="/backup")'
)

OPEN_WRITE = '''
import os
import tempfile

from flask import Flask, request

app = Flask(__name__)


@app.route("/upload", methods=["POST"])
def upload():
    data = request.files["file"].read()
    open(os.path.join(tempfile.mkdtemp(), "site.sqlite"), "wb").write(data)
    return "ok"
'''

WITH_OPEN = OPEN_WRITE.replace(
    '    open(os.path.join(tempfile.mkdtemp(), "site.sqlite"), "wb").write(data)\n',
    '    with open(os.path.join(tempfile.mkdtemp(), "site.sqlite"), mode="wb") as out:\n        out.write(data)\n',
)

CASES = {
    "endpoint given to a registering helper": (REGISTER_API, "/restore/"),
    "blueprint name": (BLUEPRINT_NAME, "/upload"),
    "url prefix of the blueprint": (URL_PREFIX, "/backup/upload"),
    "file written with open().write()": (OPEN_WRITE, "/upload"),
    "file written in a with block": (WITH_OPEN, "/upload"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_view_named_for_a_whole_store_where_it_is_registered_gets_no_limit(case, tmp_path):
    source, url = CASES[case]
    result = run_codemods(source, "upload-limit")
    assert result.new_text == textwrap.dedent(source)
    assert any("set MAX_CONTENT_LENGTH by hand" in message for message in finding_messages(result)), finding_messages(result)
    client = load_source(tmp_path, result.new_text, stem=f"registered_{abs(hash(case))}").app.test_client()
    body = io.BytesIO(b"x" * LARGE)
    response = client.post(url, data={"file": (body, "big.bin")}, content_type="multipart/form-data")
    assert response.status_code == 200, response.status_code


@pytest.mark.parametrize(
    ("source", "old", "new"),
    [
        (REGISTER_API, '"restore_api", "/restore/"', '"upload_api", "/upload/"'),
        (BLUEPRINT_NAME, 'Blueprint("backup"', 'Blueprint("photos"'),
        (URL_PREFIX, 'url_prefix="/backup"', 'url_prefix="/photos"'),
        (OPEN_WRITE, "site.sqlite", "avatar.png"),
        (OPEN_WRITE, '"wb").write(data)', '"rb").read() and data'),
    ],
)
def test_ordinary_names_where_it_is_registered_keep_the_limit(source, old, new):
    assert old in source
    assert LIMIT in rewrite(source.replace(old, new), "upload-limit")


def test_a_blueprint_imported_from_a_module_named_for_a_whole_store_gets_no_limit():
    views = (
        "from flask import Blueprint, request\n\nbp = Blueprint('x', __name__)\n\n\n"
        "@bp.post('/upload')\ndef upload():\n    request.files['file'].save('/tmp/x')\n    return 'ok'\n"
    )
    app = "from flask import Flask\n\nfrom views.{name} import bp\n\napp = Flask(__name__)\napp.register_blueprint(bp)\n"
    result = run_codemods(app.format(name="backup"), "upload-limit", project={"views/__init__.py": "", "views/backup.py": views})
    assert LIMIT not in result.new_text
    assert any("backup" in message for message in finding_messages(result)), finding_messages(result)
    assert LIMIT in rewrite(app.format(name="photos"), "upload-limit", project={"views/__init__.py": "", "views/photos.py": views})


def test_a_path_built_from_itself_many_times_is_read_in_time_linear_in_the_view(monkeypatch):
    """Each name a saved path is built from is followed once (300 lines of ``p = p + ... + p``
    once hung the run): the nodes visited stay within a few times the view's size. Counted, not
    timed (no timing in the tests)."""
    import ast

    from codemods._upload_limit_views import _saved_names

    lines = "\n".join("    p = " + " + ".join(["p"] * 20) for _ in range(300))
    source = (
        'from flask import Flask, request\n\napp = Flask(__name__)\n\n\n@app.route("/upload", methods=["POST"])\n'
        f'def upload():\n    p = "/tmp/x"\n{lines}\n    request.files["file"].save(p)\n    return "ok"\n'
    )
    assert LIMIT in rewrite(source, "upload-limit")
    view = next(node for node in ast.parse(source).body if isinstance(node, ast.FunctionDef))
    size = sum(1 for _ in ast.walk(view))
    visited = 0
    walk = ast.walk

    def counted(node):
        nonlocal visited
        for each in walk(node):
            visited += 1
            yield each

    monkeypatch.setattr(ast, "walk", counted)
    assert "/tmp/x" in _saved_names(view)
    assert visited <= 5 * size, (visited, size)


def test_a_very_long_word_is_weighed_in_time_linear_in_its_length(monkeypatch):
    """A word is split by pieces of bounded length: the lookups grow linearly with the word."""
    from codemods import _upload_limit_fields as fields

    class Counted(frozenset):
        lookups = 0

        def __contains__(self, piece):
            Counted.lookups += 1
            return frozenset.__contains__(self, piece)

    monkeypatch.setattr(fields, "_WHOLE_DATA", Counted(fields._WHOLE_DATA))
    monkeypatch.setattr(fields, "_GENERIC", Counted(fields._GENERIC))
    assert fields.names_whole_data("x" * 200_000) is False
    assert fields.names_whole_data("file" * 50_000 + "db") is True
    assert Counted.lookups <= 2 * fields._LONGEST * 400_002, Counted.lookups


LOOPED = '''
import os
import tempfile

from flask import Flask, request

app = Flask(__name__)


def receive():
    request.files["file"].save(os.path.join(tempfile.mkdtemp(), "upload.bin"))
    return "ok"


for rule, endpoint in load_routes():
    app.add_url_rule(rule, endpoint, receive, methods=["POST"])
'''


def test_a_view_registered_under_a_name_that_cannot_be_read_gets_no_limit():
    result = run_codemods(LOOPED, "upload-limit")
    assert LIMIT not in result.new_text
    assert any("receive()" in message and "cannot read" in message for message in finding_messages(result)), (
        finding_messages(result)
    )


def test_a_view_in_a_table_of_routes_is_named_by_its_row():
    source = LOOPED.replace(
        "for rule, endpoint in load_routes():",
        'ROUTES = [("/up", "restore_api", receive)]\nfor rule, endpoint, view in ROUTES:',
    ).replace("endpoint, receive,", "endpoint, view,")
    result = run_codemods(source, "upload-limit")
    assert LIMIT not in result.new_text
    assert any("restore_api" in message for message in finding_messages(result)), finding_messages(result)
    assert LIMIT in rewrite(source.replace('"restore_api"', '"photo_api"'), "upload-limit")


def test_arguments_that_do_not_name_the_view_need_not_be_read():
    source = LOOPED.replace(
        "for rule, endpoint in load_routes():\n    app.add_url_rule(rule, endpoint, receive, methods=[\"POST\"])",
        'def register(methods):\n    app.add_url_rule("/up", "upload", receive, methods=methods)\n\n\nregister(["POST"])',
    )
    assert LIMIT in rewrite(source, "upload-limit")

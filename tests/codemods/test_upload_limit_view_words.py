"""upload-limit: the code's own words for an upload count wherever the code names it.

The field, the view function, its class, its route and endpoint and the name the upload is
saved under are all the code's words for what arrives; a name is split into words on
non-alphanumerics, case changes and digits (``projectEggUpload``: project, egg, upload). A
view that hands the upload on to a function of the project (or gets it from one) is the same
view. A word made wholly of such a word and the generic words of an upload (``eggfile``,
``dbfile``, ``sqldump``) counts; one with another rest (``eggplant``, ``dbg``) does not.
"""

from __future__ import annotations

import io
import textwrap

import pytest

from helpers import finding_messages, load_source, rewrite, run_codemods

LIMIT = 'app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024'
LARGE = 20 * 1024 * 1024

HEAD = """
import os
import tempfile

from flask import Flask, request
from flask.views import MethodView

app = Flask(__name__)
"""

CAMEL = HEAD + '''

@app.post("/upload")
def projectEggUpload():
    sent = request.files["file"]
    sent.save(os.path.join(tempfile.mkdtemp(), "upload.bin"))
    return {"deployed": True}
'''

VIEW_CLASS = HEAD + '''

class BackupRestoreView(MethodView):
    def post(self):
        sent = request.files["file"]
        sent.save(os.path.join(tempfile.mkdtemp(), "upload.bin"))
        return {"restored": True}


app.add_url_rule("/restore", view_func=BackupRestoreView.as_view("restore"))
'''

ROUTE = HEAD + '''

@app.post("/backup/restore")
def receive():
    sent = request.files["file"]
    sent.save(os.path.join(tempfile.mkdtemp(), "upload.bin"))
    return {"restored": True}
'''

ENDPOINT = HEAD + '''

def receive():
    sent = request.files["file"]
    sent.save(os.path.join(tempfile.mkdtemp(), "upload.bin"))
    return {"restored": True}


app.add_url_rule("/receive", "db_import", receive, methods=["POST"])
'''

HELPER = HEAD + '''

def _save_upload():
    sent = request.files["file"]
    path = os.path.join(tempfile.mkdtemp(), "upload.bin")
    sent.save(path)
    return path


@app.post("/receive")
def restore_backup():
    path = _save_upload()
    return {"restored": os.path.getsize(path) > 0}
'''

COMPOUND = HEAD + '''

@app.post("/upload")
def upload_eggfile():
    sent = request.files["file"]
    sent.save(os.path.join(tempfile.mkdtemp(), "upload.bin"))
    return {"deployed": True}
'''

SAVED_AS = HEAD + '''

@app.route("/project/<int:project_id>/spider/upload", methods=["POST"])
def upload(project_id):
    sent = request.files["file"]
    path = os.path.join(tempfile.mkdtemp(), "project.egg")
    sent.save(path)
    return {"deployed": os.path.getsize(path) > 0}
'''

SAVED_IN = SAVED_AS.replace("/project/<int:project_id>/spider/upload", "/up/<int:project_id>").replace(
    'path = os.path.join(tempfile.mkdtemp(), "project.egg")\n    sent.save(path)',
    'backup_path = os.path.join(tempfile.mkdtemp(), "upload.bin")\n    sent.save(backup_path)',
).replace("getsize(path)", "getsize(backup_path)")

UPLOAD_VARIABLE = CAMEL.replace("projectEggUpload", "receive").replace("sent", "dump")

CASES = {
    "camel-case view": (CAMEL, "projectEggUpload()", "/upload"),
    "view class": (VIEW_CLASS, "post()", "/restore"),
    "route": (ROUTE, "receive()", "/backup/restore"),
    "endpoint": (ENDPOINT, "receive()", "/receive"),
    "helper that reads the upload": (HELPER, "restore_backup()", "/receive"),
    "compound word": (COMPOUND, "upload_eggfile()", "/upload"),
    "saved name": (SAVED_AS, "upload()", "/project/3/spider/upload"),
    "variable it is saved under": (SAVED_IN, "upload()", "/up/3"),
    "variable the upload is bound to": (UPLOAD_VARIABLE, "receive()", "/upload"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_view_whose_words_name_a_whole_store_gets_no_limit_and_a_large_upload_still_succeeds(case, tmp_path):
    source, view, url = CASES[case]
    result = run_codemods(source, "upload-limit")
    assert result.new_text == textwrap.dedent(source)
    assert any(view in message and "set MAX_CONTENT_LENGTH by hand" in message for message in finding_messages(result)), (
        finding_messages(result)
    )
    client = load_source(tmp_path, result.new_text, stem=f"words_{abs(hash(case))}").app.test_client()
    body = io.BytesIO(b"x" * LARGE)
    response = client.post(url, data={"file": (body, "big.bin")}, content_type="multipart/form-data")
    assert response.status_code == 200, response.status_code


def test_a_helper_in_another_module_that_reads_the_upload_is_the_same_view():
    helper = "from flask import request\n\n\ndef take_upload():\n    return request.files['file'].read()\n"
    source = CAMEL.replace("projectEggUpload", "photo_upload") + (
        '\n\nfrom uploads import take_upload\n\n\n@app.post("/x")\ndef restore_backup():\n    return take_upload()\n'
    )
    assert LIMIT in rewrite(source.replace("restore_backup", "take_it"), "upload-limit", project={"uploads.py": helper})
    result = run_codemods(source, "upload-limit", project={"uploads.py": helper})
    assert LIMIT not in result.new_text
    assert any("restore_backup()" in message for message in finding_messages(result)), finding_messages(result)


@pytest.mark.parametrize(
    "name",
    ["eggplant_picture", "dbg_upload", "feedback_upload", "uploadFeedback", "photoUpload", "update_profile", "filename_check"],
)
def test_ordinary_names_keep_the_limit(name):
    source = CAMEL.replace("projectEggUpload", name)
    assert LIMIT in rewrite(source, "upload-limit")


@pytest.mark.parametrize("route", ["/feedback", "/profile/<int:user_id>/avatar", "/debug/upload"])
def test_ordinary_routes_keep_the_limit(route):
    source = ROUTE.replace("/backup/restore", route)
    assert LIMIT in rewrite(source, "upload-limit")


@pytest.mark.parametrize("saved", ["avatar.png", "upload.bin", "report.csv"])
def test_ordinary_saved_names_keep_the_limit(saved):
    source = SAVED_AS.replace("project.egg", saved).replace("/project/<int:project_id>/spider/upload", "/up")
    assert LIMIT in rewrite(source, "upload-limit")


def test_a_whole_store_named_by_a_function_that_takes_no_upload_says_nothing():
    source = ROUTE.replace("/backup/restore", "/up") + '\n\n@app.get("/backup/download")\ndef backup_download():\n    return "x"\n'
    assert LIMIT in rewrite(source, "upload-limit")


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("projectEggUpload", True), ("DBBackup", True), ("sqlite3_file", True), ("upload_eggfile", True),
        ("dbdump", True), ("BackupRestoreView", True), ("/backup/restore", True), ("backupfiles", True),
        ("eggplant", False), ("dbg_upload", False), ("feedback", False), ("wheelchair", False),
        ("filename", False), ("update", False), ("Feedback2DB", True), ("videogame", False),
    ],
)
def test_words_are_split_on_case_and_digits_and_compared_whole(name, says):
    from codemods._upload_limit_fields import names_whole_data

    assert names_whole_data(name) is says

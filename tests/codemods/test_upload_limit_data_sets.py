"""upload-limit: a data set in a hierarchical container (HDF5 and its dialects: ``.h5``,
``.hdf5``, AnnData's ``.h5ad``, ``.loom``) is a whole store of data, and a path looked up
through a database is not named for the database.

PSCS takes single-cell data sets as ``request.files["h5ad"]`` (an AnnData file, as large as
the experiment: hundreds of megabytes and more) and checks uploads against ``{"csv", "tsv"}``;
a 16 MiB limit would answer 413 to the upload the platform exists for. The refusal it got cited
another view, ``update_figure()``, as saving "under 'db'": the path it writes was read from a
row that ``db.execute(...).fetchone()`` returned, and the words of the query's receiver
(``db``, bound from ``get_db()``) were taken for the name of the file. The object a value is
looked up through (a connection, a cursor, a session) says where it was found, not what is
written; a method that builds a path or a string from its receiver (``joinpath``,
``with_suffix``, ``format``, ``join``) still carries the receiver's words."""

from __future__ import annotations

import io

import pytest

from helpers import finding_messages, load_source, rewrite, run_codemods

LIMIT = 'app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024'
LARGE = 20 * 1024 * 1024

HEAD = '''\
import os
import sqlite3
import tempfile

from flask import Flask, g, request

app = Flask(__name__)
STORE = tempfile.mkdtemp()


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(os.path.join(STORE, "app.sqlite"))
        g.db.row_factory = sqlite3.Row
        g.db.execute("CREATE TABLE IF NOT EXISTS figures (id INTEGER, path TEXT)")
    return g.db
'''

FIGURE = '''

@app.post("/figure")
def update_figure():
    db = get_db()
    row = db.execute("SELECT path FROM figures WHERE id = ?", (request.json["id"],)).fetchone()
    with open(row["path"], "wb") as f:
        f.write(b"png")
    return {"status": "success"}
'''

DATA_SET = '''

@app.post("/project/<id_project>/upload")
def upload(id_project):
    sent = request.files["h5ad"]
    sent.save(os.path.join(STORE, id_project + ".h5ad"))
    return {"stored": True}
'''

PHOTO = '''

@app.post("/photo")
def photo():
    request.files["file"].save(os.path.join(STORE, "photo.png"))
    return {"stored": True}
'''


def test_a_path_read_through_a_database_connection_is_not_named_for_it():
    assert LIMIT in rewrite(HEAD + FIGURE + PHOTO, "upload-limit", dedent=False)


def test_an_anndata_upload_gets_no_limit_and_the_finding_names_its_field(tmp_path):
    source = HEAD + FIGURE + DATA_SET
    result = run_codemods(source, "upload-limit", dedent=False)
    assert result.new_text == source
    messages = finding_messages(result)
    assert any("request.files['h5ad']" in message and "set MAX_CONTENT_LENGTH by hand" in message for message in messages), messages
    assert not any("'db'" in message for message in messages), messages
    client = load_source(tmp_path, result.new_text, stem="data_sets").app.test_client()
    body = io.BytesIO(b"x" * LARGE)
    response = client.post("/project/p1/upload", data={"h5ad": (body, "cells.h5ad")}, content_type="multipart/form-data")
    assert response.status_code == 200, response.status_code


@pytest.mark.parametrize("kinds", ['{"csv", "h5ad"}', '{"h5", "hdf5"}', '("loom", "tsv")'])
def test_an_upload_checked_to_be_a_data_set_gets_no_limit(kinds):
    source = HEAD + PHOTO.replace(
        'request.files["file"].save',
        f'sent = request.files["file"]\n    if sent.filename.rsplit(".", 1)[-1] not in {kinds}:\n        return "no", 400\n    sent.save',
    )
    result = run_codemods(source, "upload-limit", dedent=False)
    assert result.new_text == source, result.new_text
    assert any("set MAX_CONTENT_LENGTH by hand" in message for message in finding_messages(result))


@pytest.mark.parametrize(("name", "says"), [("h5ad", True), ("h5ad_file", True), ("hdf5", True), ("cellsHdf5", True), ("h5", False), ("h5_page", False)])
def test_container_words_are_read_whole(name, says):
    from codemods._upload_limit_fields import names_whole_data

    assert names_whole_data(name) is says


def test_a_method_that_builds_the_path_from_its_receiver_keeps_its_words():
    source = HEAD + PHOTO.replace(
        'request.files["file"].save(os.path.join(STORE, "photo.png"))',
        'import pathlib\n    backup_dir = pathlib.Path(STORE)\n    request.files["file"].save(backup_dir.joinpath("upload.bin"))',
    )
    assert LIMIT not in rewrite(source, "upload-limit", dedent=False)


def test_a_data_set_field_read_through_the_request_handed_to_a_helper_counts(tmp_path):
    helper = '''

def extract(req):
    return req.files["h5ad"].stream


def process_h5ad(req, id_project):
    with open(os.path.join(STORE, id_project + ".h5ad"), "wb") as out:
        out.write(extract(req).read())


@app.post("/project/<id_project>/upload/<uploader>")
def uploader(id_project, uploader):
    process_h5ad(request, id_project)
    return {"stored": True}
'''
    source = HEAD + FIGURE + PHOTO + helper
    assert LIMIT in rewrite(source.replace('req.files["h5ad"]', 'req.files["image"]'), "upload-limit", dedent=False)
    result = run_codemods(source, "upload-limit", dedent=False)
    assert result.new_text == source
    messages = finding_messages(result)
    assert any("request.files['h5ad']" in message for message in messages), messages
    client = load_source(tmp_path, result.new_text, stem="data_sets_handed").app.test_client()
    response = client.post(
        "/project/p1/upload/h5ad", data={"h5ad": (io.BytesIO(b"x" * LARGE), "cells.h5ad")}, content_type="multipart/form-data"
    )
    assert response.status_code == 200, response.status_code


def test_a_parameter_given_something_else_is_no_request():
    helper = '''

def store(req):
    return req.files["h5ad"]


@app.post("/photo2")
def photo2():
    request.files["file"].save(os.path.join(STORE, "photo.png"))
    return {"stored": store(object()) is None}
'''
    assert LIMIT in rewrite(HEAD + helper, "upload-limit", dedent=False)

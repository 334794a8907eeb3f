"""upload-limit: a view's own name can say that what it takes is a whole store of data.

A field's name is the code's word for what arrives (test_upload_limit.py); so is the name of
the view that reads it when the field is only ``"file"``. A view named for an egg or a wheel
(a packaged project, as large as the code and data, and with ``--include-dependencies`` the
libraries, it bundles), a backup, a dump or an archive takes files whose size the user's
project decides: a fixed ``MAX_CONTENT_LENGTH`` would turn the largest into a 413. Such an app
is left alone with a finding; a view named for a photo keeps the limit. The kinds ``.egg`` and
``.whl`` count as archives when the code checks an upload's name against them.
"""

from __future__ import annotations

import io
import textwrap

import pytest

from helpers import finding_messages, load_source, rewrite, run_codemods

LARGE = 16 * 1024 * 1024 + 1024

# an admin page that takes a built project and hands it to a deploy step
DEPLOY_APP = '''
import os
import tempfile

from flask import Flask, request

app = Flask(__name__)


@app.post("/upload")
def project_egg_upload():
    sent = request.files["file"]
    path = os.path.join(tempfile.mkdtemp(), "upload.bin")
    sent.save(path)
    return {"deployed": os.path.getsize(path) > 0}
'''


def test_a_view_named_for_an_egg_gets_no_fixed_limit_and_a_large_egg_still_deploys(tmp_path):
    source = textwrap.dedent(DEPLOY_APP)
    result = run_codemods(source, "upload-limit")
    assert result.new_text == source
    [message] = finding_messages(result)
    assert "project_egg_upload()" in message and "its name says" in message and "set MAX_CONTENT_LENGTH by hand" in message, message
    client = load_source(tmp_path, source, stem="egg_deploy_app").app.test_client()
    body = io.BytesIO(b"x" * LARGE)
    response = client.post("/upload", data={"file": (body, "big.egg")}, content_type="multipart/form-data")
    assert response.status_code == 200
    assert response.get_json() == {"deployed": True}


@pytest.mark.parametrize("name", ["upload_wheel", "restore_backup", "import_dump", "archive_upload"])
def test_other_views_named_for_whole_stores_are_left_too(name):
    source = DEPLOY_APP.replace("project_egg_upload", name)
    result = run_codemods(source, "upload-limit")
    assert result.new_text == textwrap.dedent(source)
    assert any(f"{name}()" in message for message in finding_messages(result))


@pytest.mark.parametrize("name", ["photo_upload", "upload", "eggplant_picture", "dbg_upload"])
def test_views_named_for_other_things_keep_the_limit(name):
    source = DEPLOY_APP.replace("project_egg_upload", name)
    assert 'app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024' in rewrite(source, "upload-limit")


def test_a_helper_named_for_an_egg_that_reads_no_upload_says_nothing():
    source = DEPLOY_APP.replace("project_egg_upload", "deploy") + "\n\ndef build_egg():\n    return 'dist/project.egg'\n"
    assert 'app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024' in rewrite(source, "upload-limit")


@pytest.mark.parametrize("kind", [".egg", ".whl"])
def test_a_package_kind_checked_against_the_upload_name_counts_as_an_archive(kind):
    check = f"    if not sent.filename.endswith('{kind}'):\n        return 'unsupported', 400\n"
    source = DEPLOY_APP.replace("project_egg_upload", "deploy").replace(
        '    sent = request.files["file"]\n', '    sent = request.files["file"]\n' + check
    )
    assert check in source
    result = run_codemods(source, "upload-limit")
    assert result.new_text == textwrap.dedent(source)
    assert any(repr(kind) in message for message in finding_messages(result))

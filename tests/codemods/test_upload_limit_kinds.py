"""upload-limit: the kinds of file a view accepts name what arrives, as a field's name does.

A view that checks the uploaded file's name against extensions of a whole store of data —
a log (``.log``), an archive (``.zip``, ``.tar.gz``), a database (``.sqlite``), a video —
takes files as large as what they recorded or collected: no fixed ``MAX_CONTENT_LENGTH``
fits them. The app is left alone with a finding; images, text and other kinds keep the limit.
"""

from __future__ import annotations

import io
import textwrap

import pytest

from helpers import finding_messages, load_source, rewrite, run_codemods

# a view that takes a recorded log to read its statistics, its kinds in a module constant
LOG_APP = '''
import os
import tempfile

from flask import Flask, request

app = Flask(__name__)
ACCEPTED = {"log", "txt"}


@app.post("/upload")
def upload():
    sent = request.files.get("file")
    if sent.filename.rpartition(".")[-1] not in ACCEPTED:
        return "unsupported", 400
    path = os.path.join(tempfile.mkdtemp(), "sent.log")
    sent.save(path)
    return {"lines": sum(1 for _ in open(path, "rb"))}
'''


def test_a_log_upload_gets_no_fixed_limit_and_a_large_log_still_passes(tmp_path):
    source = textwrap.dedent(LOG_APP)
    result = run_codemods(source, "upload-limit")
    assert result.new_text == source
    [message] = finding_messages(result)
    assert "app.py:14" in message and "'log'" in message and "set MAX_CONTENT_LENGTH by hand" in message
    large = 16 * 1024 * 1024 + 1024
    client = load_source(tmp_path, result.new_text, stem="log_app").app.test_client()
    body = b"x" * (large - 1) + b"\n"
    response = client.post("/upload", data={"file": (io.BytesIO(body), "crawl.log")}, content_type="multipart/form-data")
    assert response.status_code == 200 and response.get_json() == {"lines": 1}


@pytest.mark.parametrize(
    "check",
    [
        # an archive, inline, after the name went through a helper
        "name = os.path.basename(sent.filename)\n    if name not in ['egg', 'zip', 'tar.gz']:\n        return 'unsupported', 400",
        # a database, by the name's ending
        "if not sent.filename.lower().endswith(('.sqlite', '.db')):\n        return 'unsupported', 400",
        # a video, by the extension splitext gives
        "ext = os.path.splitext(sent.filename)[1]\n    if ext != '.mp4':\n        return 'unsupported', 400",
    ],
)
def test_other_spellings_of_a_whole_store_kind_count_too(check):
    source = LOG_APP.replace(
        'if sent.filename.rpartition(".")[-1] not in ACCEPTED:\n        return "unsupported", 400', check
    )
    assert check in source
    result = run_codemods(source, "upload-limit")
    assert result.new_text == textwrap.dedent(source)
    assert any("whose size the user's data decides" in message for message in finding_messages(result))


@pytest.mark.parametrize(
    "kinds",
    [
        '{"png", "jpg", "gif"}',  # images
        '{"csv", "txt", "json"}',  # text a user writes or exports
        '{"log", "txt"}\nLOG_DIR = "logs"',  # the same words, never checked against the upload's name
    ],
)
def test_other_kinds_and_unchecked_words_keep_the_limit(kinds):
    source = LOG_APP.replace('ACCEPTED = {"log", "txt"}', f"ACCEPTED = {kinds}")
    if "LOG_DIR" in kinds:
        source = source.replace("not in ACCEPTED", "not in {'png'}")
    assert 'app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024' in rewrite(source, "upload-limit")

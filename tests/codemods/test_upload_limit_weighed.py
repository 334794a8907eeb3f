"""upload-limit: an app that weighs each upload by its size has its own policy for big ones.

A view that measures the file it was sent (``os.path.getsize`` of the saved upload, its
``st_size``, a stream's ``tell()``) and puts that size into a computation with a value the
codemod cannot read (a cost per character, a quota the caller has left) accepts large uploads
on purpose and charges for them: a fixed ``MAX_CONTENT_LENGTH`` would turn the largest of
them into a 413 the project never chose. Such an app is left alone, with a finding.
"""

from __future__ import annotations

import io
import textwrap

import pytest

from helpers import finding_messages, load_source, run_codemods, rewrite

# an upload view that charges a request by the size of the saved file, per a runtime setting
WEIGHED_APP = '''
import os
import tempfile

from flask import Flask, g, request

app = Flask(__name__)
UNIT = int(os.environ.get("COST_UNIT", "1000"))


@app.post("/upload")
def upload():
    path = os.path.join(tempfile.mkdtemp(), "upload.bin")
    request.files["file"].save(path)
    g.cost = max(1, int(os.path.getsize(path) / UNIT))
    return {"cost": g.cost}
'''


def test_an_upload_weighed_by_its_size_gets_no_fixed_limit_and_big_files_still_pass(tmp_path):
    source = textwrap.dedent(WEIGHED_APP)
    result = run_codemods(source, "upload-limit")
    assert result.new_text == source
    [message] = finding_messages(result)
    assert "app.py:15" in message and "weighs" in message and "set MAX_CONTENT_LENGTH by hand" in message
    large = 16 * 1024 * 1024 + 1024
    client = load_source(tmp_path, result.new_text, stem="weighed_app").app.test_client()
    response = client.post("/upload", data={"file": (io.BytesIO(b"x" * large), "f.txt")}, content_type="multipart/form-data")
    assert response.status_code == 200 and response.get_json() == {"cost": large // 1000}


@pytest.mark.parametrize(
    "measure",
    [
        "size = os.stat(path).st_size\n    g.cost = size * UNIT",
        "stream = request.files['file'].stream\n    stream.seek(0, 2)\n    g.cost = stream.tell() // UNIT",
        "g.cost = UNIT - os.path.getsize(path)",
    ],
)
def test_other_measures_of_the_upload_in_a_computation_count_too(measure):
    source = WEIGHED_APP.replace("g.cost = max(1, int(os.path.getsize(path) / UNIT))", measure)
    result = run_codemods(source, "upload-limit")
    assert result.new_text == textwrap.dedent(source)
    assert any("weighs" in message for message in finding_messages(result))


@pytest.mark.parametrize(
    "use",
    [
        # a unit conversion for display: the other operand is a number the codemod reads
        "g.cost = os.path.getsize(path) / 1024",
        # a size measured outside any view that reads request.files
        "g.cost = 1",
    ],
)
def test_readable_arithmetic_and_sizes_outside_upload_views_keep_the_limit(use):
    source = WEIGHED_APP.replace("g.cost = max(1, int(os.path.getsize(path) / UNIT))", use)
    source += "\n\ndef ratio(path):\n    return os.path.getsize(path) / UNIT\n"
    assert 'app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024' in rewrite(source, "upload-limit")

"""upload-limit: apps that mean to take large uploads keep taking them.

Two signs in the code say an app takes large uploads on purpose, and a fixed
``MAX_CONTENT_LENGTH`` would turn the largest of them into a 413 the project never chose:

- it **weighs** each upload by its size: a view measures the file it was sent
  (``os.path.getsize`` of the saved upload, its ``st_size``, a stream's ``tell()``) and puts
  that size into a computation with a value the codemod cannot read (a cost per character, a
  quota the caller has left), charging big uploads instead of refusing them;
- it checks the upload's name against extensions of a **whole store of data** — a log
  (``.log``), an archive (``.zip``, ``.tar.gz``), a database (``.sqlite``), a video — files as
  large as what they recorded or collected, as a field's name does (test_upload_limit.py).

Such an app is left alone, with a finding; unit conversions, images and text keep the limit.
"""

from __future__ import annotations

import io
import textwrap

import pytest

from helpers import finding_messages, load_source, rewrite, run_codemods

LARGE = 16 * 1024 * 1024 + 1024


def _left_alone_and_large_upload_passes(app: str, tmp_path, filename: str, words: tuple[str, ...]):
    """Run upload-limit on ``app``: it must stay as it was with one finding holding ``words``;
    then POST a file just over 16 MiB (its last byte a newline) to its ``/upload``, which must
    answer 200. Returns the JSON answer."""
    source = textwrap.dedent(app)
    result = run_codemods(source, "upload-limit")
    assert result.new_text == source
    [message] = finding_messages(result)
    assert all(word in message for word in (*words, "set MAX_CONTENT_LENGTH by hand")), message
    client = load_source(tmp_path, source, stem="large_upload_app").app.test_client()
    body = b"x" * (LARGE - 1) + b"\n"
    response = client.post("/upload", data={"file": (io.BytesIO(body), filename)}, content_type="multipart/form-data")
    assert response.status_code == 200
    return response.get_json()


# -- uploads weighed by their size ----------------------------------------------------------------

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
    answer = _left_alone_and_large_upload_passes(WEIGHED_APP, tmp_path, "f.txt", ("app.py:15", "weighs"))
    assert answer == {"cost": LARGE // 1000}


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


# -- uploads of a kind that holds a whole store of data ---------------------------------------

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
    path = os.path.join(tempfile.mkdtemp(), "sent.txt")
    sent.save(path)
    return {"lines": sum(1 for _ in open(path, "rb"))}
'''


def test_a_log_upload_gets_no_fixed_limit_and_a_large_log_still_passes(tmp_path):
    answer = _left_alone_and_large_upload_passes(LOG_APP, tmp_path, "crawl.log", ("app.py:14", "'log'"))
    assert answer == {"lines": 1}


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

"""upload-limit: an upload the view opens as an archive.

multiscanner's task view takes ``request.files["file"]`` and, when ``zipfile.is_zipfile(file_)``,
opens it with ``zipfile.ZipFile(file_)`` and queues every member (rar archives likewise): the
field is named ``file``, but what arrives is a whole archive of samples, as large as what the
user collected. The codemod already leaves alone a module that checks an upload's name against
``.zip``; opening the upload itself as an archive says the same, more surely. A zip the view
builds for a download is not an upload and says nothing.
"""

from __future__ import annotations

import textwrap

from helpers import finding_messages, run_codemods

NAME = "upload-limit"

OPENS_THE_UPLOAD = """
    import zipfile

    from flask import Flask, request

    app = Flask(__name__)


    @app.route("/tasks", methods=["POST"])
    def create_task():
        sent = request.files["file"]
        if zipfile.is_zipfile(sent):
            with zipfile.ZipFile(sent) as archive:
                return str(len(archive.namelist()))
        return "1"
"""


def test_an_upload_opened_as_an_archive_keeps_no_fixed_limit():
    result = run_codemods(OPENS_THE_UPLOAD, NAME)
    assert result.codemod_errors == []
    assert result.new_text == textwrap.dedent(OPENS_THE_UPLOAD)
    messages = finding_messages(result)
    assert len(messages) == 1, messages
    assert "app.py:12 opens an upload as an archive (zipfile.is_zipfile)" in messages[0], messages
    assert "MAX_CONTENT_LENGTH" in messages[0]


def test_an_archive_opened_from_the_uploads_stream_counts_too():
    source = """
        import tarfile

        from flask import Flask, request

        app = Flask(__name__)


        @app.route("/bundles", methods=["POST"])
        def add_bundle():
            tar = tarfile.open(fileobj=request.files.get("bundle").stream)
            return str(len(tar.getnames()))
    """
    result = run_codemods(source, NAME)
    assert result.new_text == textwrap.dedent(source)
    messages = finding_messages(result)
    assert len(messages) == 1 and "opens an upload as an archive (tarfile.open)" in messages[0], messages


def test_a_zip_the_view_builds_for_a_download_is_not_an_upload():
    source = """
        import io
        import zipfile

        from flask import Flask, request, send_file

        app = Flask(__name__)


        @app.route("/photos", methods=["POST"])
        def photos():
            photo = request.files["photo"]
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w") as archive:
                archive.writestr("photo.jpg", photo.read())
            buffer.seek(0)
            return send_file(buffer, mimetype="application/zip")
    """
    result = run_codemods(source, NAME)
    assert result.codemod_errors == []
    assert 'app.config["MAX_CONTENT_LENGTH"]' in result.new_text, result.new_text

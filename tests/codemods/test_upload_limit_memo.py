"""upload-limit reads every module of the application code for each app module it looks at;
what each module says is kept by its text and the project's list of modules per project
(``codemods/_upload_limit_project.py``). A file answered from what was kept gets the output,
and reads recorded for its result-cache entry, of a fresh derivation; a module's facts are
derived once per run; a changed module is derived again, never served what its old text said."""

from __future__ import annotations

import os

from gate_checks import lay_out

from flask_codemod import cache_reads, pipeline
from flask_codemod.codemods import _parsed_modules, _project_answers, _upload_limit_project, get_codemod
from flask_codemod.resume import ReadLog

APP = '''from flask import Flask, request

app = Flask(__name__)


@app.post("/{route}")
def {view}():
    request.files["{field}"].save("uploads/x")
    return "saved"
'''
PROJECT = {
    "shop/__init__.py": "",
    "shop/photos.py": APP.format(route="photos", view="photos", field="photo"),
    "shop/avatars.py": APP.format(route="avatars", view="avatars", field="avatar"),
    "shop/limits.py": "MAX_IMAGE_UPLOAD_SIZE = 1024\n",
    "shop/helpers.py": "def save_it(sent):\n    return sent\n",
}
ORDER = ["shop/photos.py", "shop/avatars.py", "shop/photos.py"]


def _processed(folder, relative: str) -> tuple:
    """The file run through the pipeline by upload-limit, with a recording reader as the result
    cache runs it on a miss: its output, the reads recorded for its entry, their order."""
    path = str(folder / relative)
    recorder = cache_reads.RecordingReader(pipeline.project_reader(path), os.path.dirname(path))
    log = ReadLog(recorder)
    result = pipeline.process_file(path, [get_codemod("upload-limit")()], read_file=log)
    return (result.new_text, result.findings, result.project_edits, result.error), dict(recorder.reads), list(log.reads)


def _forget() -> None:
    _project_answers._ANSWERS.clear()
    _parsed_modules.forget()


def test_files_answered_from_kept_facts_get_what_a_fresh_derivation_gives_and_each_module_is_derived_once(tmp_path, monkeypatch):
    folder = lay_out(tmp_path, PROJECT)
    cold = []
    for relative in ORDER:
        _forget()
        cold.append(_processed(folder, relative))
    derived: list[int] = []
    real = _upload_limit_project.allowed_sizes
    monkeypatch.setattr(_upload_limit_project, "allowed_sizes", lambda tree, key: derived.append(id(tree)) or real(tree, key))
    _forget()
    warm = [_processed(folder, relative) for relative in ORDER]
    assert warm == cold
    assert all("MAX_CONTENT_LENGTH" in output[0] for output, *_ in warm)  # 1 KiB allows less than 16 MiB
    assert {"../shop/limits.py", "../shop/helpers.py"} <= set(cold[1][1])  # every application module read
    assert len(derived) == len(set(derived)) == 3  # photos, avatars, limits: once each in the run


def test_a_changed_module_is_read_again_not_served_what_its_old_text_said(tmp_path):
    folder = lay_out(tmp_path, PROJECT)
    _forget()
    assert "MAX_CONTENT_LENGTH" in _processed(folder, "shop/photos.py")[0][0]
    (folder / "shop/limits.py").write_text("MAX_IMAGE_UPLOAD_SIZE = 64 * 1024 * 1024\n")
    output = _processed(folder, "shop/avatars.py")[0]
    assert "MAX_CONTENT_LENGTH" not in output[0]
    assert any("64 MiB" in finding.message and "limits.py" in finding.message for finding in output[1])
    (folder / "shop/helpers.py").write_text(
        "from flask import request\n\n\ndef save_backup():\n    request.files['backup'].save('b')\n"
    )
    (folder / "shop/limits.py").write_text(PROJECT["shop/limits.py"])
    output = _processed(folder, "shop/photos.py")[0]
    assert "MAX_CONTENT_LENGTH" not in output[0]
    assert any("'backup'" in finding.message for finding in output[1])


def test_kept_module_facts_are_those_of_the_text_asked_about():
    _forget()
    before = "from flask import request\n\n\ndef upload():\n    request.files['photo']\n"
    after = before.replace("photo", "database")
    assert _upload_limit_project.fields_of(before) == ()
    assert [field.name for field in _upload_limit_project.fields_of(after)] == ["database"]
    assert _upload_limit_project.fields_of(before) == ()
    assert _upload_limit_project.sizes_of("print 'python 2'\n", "MAX_CONTENT_LENGTH") is None
    assert _upload_limit_project.sizes_of("LIMIT_UPLOAD_MB = 5\n", "MAX_CONTENT_LENGTH")[0].size == 5 * 1024**2

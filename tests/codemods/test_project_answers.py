"""Answers derived from the rest of the project are kept for the process
(``codemods/_project_answers.py``): a file answered from what an earlier file derived gets the
same output and reads, through its own context, every file a fresh derivation reads, in the
same order (the result cache records them for its entry); a changed file is derived again."""

from __future__ import annotations

import os

from gate_checks import lay_out

from flask_codemod import cache_reads, pipeline
from flask_codemod.codemods import _project_answers, get_codemod
from flask_codemod.codemods._project_memo import DerivedMemo
from flask_codemod.resume import ReadLog

PROJECT = {
    "shop/__init__.py": "",
    "shop/app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
    "shop/jobs.py": "def run(worker, task):\n    return worker.run(task, timeout=45)\n",
    "shop/client.py": "import requests\n\n\ndef fetch(url):\n    return requests.get(url)\n",
    "shop/other.py": "import requests\n\n\ndef ping(url):\n    return requests.head(url)\n",
    "shop/settings.cfg": "DEBUG = False\n",
    "shop/static/site.css": "body {}\n",
}
ORDER = ["shop/client.py", "shop/app.py", "shop/other.py", "shop/jobs.py", "shop/app.py"]  # app.py again: a re-run


def _processed(folder, relative: str) -> tuple:
    """The file run through the pipeline by http-timeout and static-max-age (which asks where
    the project sets a config key), with a recording reader as the result cache runs it on a miss:
    its output, the reads recorded for its entry, their order, the listing it looked at."""
    path = str(folder / relative)
    recorder = cache_reads.RecordingReader(pipeline.project_reader(path), os.path.dirname(path))
    log = ReadLog(recorder)
    codemods = [get_codemod(name)() for name in ("http-timeout", "static-max-age")]
    result = pipeline.process_file(path, codemods, read_file=log)
    output = (result.new_text, result.findings, result.project_edits, result.error)
    return output, dict(recorder.reads), list(log.reads), recorder.listing()


def _each_file(folder, warm: bool) -> list[tuple]:
    found = []
    for relative in ORDER:
        if not warm:
            _project_answers._ANSWERS.clear()
        found.append(_processed(folder, relative))
    return found


def test_a_file_answered_from_what_another_derived_reads_and_gets_what_a_fresh_derivation_does(tmp_path, monkeypatch):
    folder = lay_out(tmp_path, PROJECT)
    cold = _each_file(folder, warm=False)
    answered: list = []
    real = DerivedMemo.recall

    def recall(self, key, ask_again):
        found, answer = real(self, key, ask_again)
        if found:
            answered.append(key[0])
        return found, answer

    monkeypatch.setattr(DerivedMemo, "recall", recall)
    _project_answers._ANSWERS.clear()
    warm = _each_file(folder, warm=True)
    assert warm == cold
    assert "http-timeout: waits" in answered and ("sets", "SEND_FILE_MAX_AGE_DEFAULT") in answered
    client, app, other = cold[0], cold[1], cold[2]
    assert "timeout=45" in client[0][0] and "timeout=45" in other[0][0] and "SEND_FILE_MAX_AGE_DEFAULT" in app[0][0]
    assert "../shop/jobs.py" in client[1] and "../shop/settings.cfg" in app[1]


def test_a_changed_module_is_derived_again(tmp_path):
    folder = lay_out(tmp_path, PROJECT)
    _project_answers._ANSWERS.clear()
    assert "timeout=45" in _processed(folder, "shop/client.py")[0][0]
    (folder / "shop/jobs.py").write_text(PROJECT["shop/jobs.py"].replace("timeout=45", "timeout=90"))
    assert "timeout=90" in _processed(folder, "shop/other.py")[0][0]

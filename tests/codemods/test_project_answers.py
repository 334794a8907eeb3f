"""Answers derived from the rest of the project are kept for the process
(``codemods/_project_answers.py``): a file answered from what an earlier file derived gets the
same output and reads, through its own context, every file a fresh derivation reads, in the
same order (the result cache records them for its entry); a changed file is derived again."""

from __future__ import annotations

import os

from gate_checks import lay_out

from flask_codemod import cache_reads, pipeline
from flask_codemod.codemods import Context, _http_timeout_default, _project_answers, get_codemod
from flask_codemod.codemods._project_memo import DerivedMemo
from flask_codemod.resume import ReadLog

PROJECT = {
    "shop/__init__.py": "",
    "shop/app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
    "shop/jobs.py": "def run(worker, task):\n    return worker.run(task, timeout=75)\n",
    "shop/client.py": "import requests\n\n\ndef fetch(url):\n    return requests.get(url)\n",
    "shop/other.py": "import requests\n\n\ndef ping(url):\n    return requests.head(url)\n",
    "shop/settings.cfg": "DEBUG = False\n",
    "shop/static/site.css": "body {}\n",
    "shop/wsgi.py": "from shop.app import app\n",  # deployed: static-max-age writes its key
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

    def recall(self, key, ask_again, *held):
        found, answer = real(self, key, ask_again, *held)
        if found:
            answered.append(key[0])
        return found, answer

    monkeypatch.setattr(DerivedMemo, "recall", recall)
    _project_answers._ANSWERS.clear()
    warm = _each_file(folder, warm=True)
    assert warm == cold
    assert "http-timeout: waits" in answered and ("sets", "SEND_FILE_MAX_AGE_DEFAULT") in answered
    client, app, other = cold[0], cold[1], cold[2]
    assert "timeout=75" in client[0][0] and "timeout=75" in other[0][0] and "SEND_FILE_MAX_AGE_DEFAULT" in app[0][0]
    assert "../shop/jobs.py" in client[1] and "../shop/settings.cfg" in app[1]


def test_a_changed_module_is_derived_again(tmp_path):
    folder = lay_out(tmp_path, PROJECT)
    _project_answers._ANSWERS.clear()
    assert "timeout=75" in _processed(folder, "shop/client.py")[0][0]
    (folder / "shop/jobs.py").write_text(PROJECT["shop/jobs.py"].replace("timeout=75", "timeout=90"))
    assert "timeout=90" in _processed(folder, "shop/other.py")[0][0]


DEEP = {
    **PROJECT,
    "shop/api/__init__.py": "# api\n",
    "shop/api/hooks.py": "import requests\n\n\ndef call(url):\n    return requests.post(url)\n",
    "shop/api/v1/__init__.py": "# v1\n",
    "shop/api/v1/feed.py": "import requests\n\n\ndef pull(url):\n    return requests.get(url)\n",
}
DEEP_ORDER = ["shop/api/v1/feed.py", "shop/client.py", "shop/api/hooks.py", "run.py", "shop/other.py", "shop/api/v1/feed.py"]


def test_the_project_wait_is_derived_once_per_project_whatever_the_depth_of_the_file_asking(tmp_path, monkeypatch):
    folder = lay_out(tmp_path, {**DEEP, "run.py": "import requests\n\nrequests.get('http://localhost')\n"})
    cold = []
    for relative in DEEP_ORDER:
        _project_answers._ANSWERS.clear()
        cold.append(_processed(folder, relative))
    derived: list[str] = []
    real = _http_timeout_default._largest_wait
    monkeypatch.setattr(_http_timeout_default, "_largest_wait", lambda reader: derived.append(reader.project_files().this) or real(reader))
    _project_answers._ANSWERS.clear()
    warm = [_processed(folder, relative) for relative in DEEP_ORDER]
    assert warm == cold  # the same output, reads recorded, their order and spelling (``../../shop/jobs.py``)
    assert derived == ["shop/api/v1/feed.py"]  # depths 3, 1, 2, 0 answered from the first
    assert all("timeout=75" in output[0] for output, *_ in warm)
    assert "../../../shop/jobs.py" in cold[0][1] and "shop/jobs.py" in cold[3][1]


def test_a_derivation_that_spells_a_read_otherwise_is_shared_only_at_its_depth(tmp_path):
    folder = lay_out(tmp_path, DEEP)
    derived: list[str] = []

    def first_line(reader):  # reads its own folder's ``__init__.py``: not a path from the root
        derived.append(reader.project_files().this)
        return (reader.read_file("__init__.py") or "").partition("\n")[0]

    _project_answers._ANSWERS.clear()
    answers = [
        _project_answers.remembered(Context(relative, read_file=pipeline.project_reader(str(folder / relative))), "own folder", first_line)
        for relative in ("shop/api/hooks.py", "shop/client.py", "shop/api/v1/feed.py", "shop/api/v1/feed.py")
    ]
    assert derived == ["shop/api/hooks.py", "shop/client.py", "shop/api/v1/feed.py"]
    assert answers == ["# api", "", "# v1", "# v1"]


def test_python_2_evidence_is_derived_once_per_project_and_again_after_a_change(tmp_path, monkeypatch):
    """cache-views asks, for each views module that needs a cache, whether the application
    runs on Python 2: one derivation serves the project's files, a changed module another."""
    from flask_codemod.codemods import _python_2_only

    folder = lay_out(tmp_path, PROJECT)
    derivations = []
    derive = _python_2_only._python_2_only
    monkeypatch.setattr(_python_2_only, "_python_2_only", lambda reader, prefix: derivations.append(prefix) or derive(reader, prefix))

    def asked(relative: str) -> str | None:
        return _python_2_only.python_2_only(Context(relative, read_file=pipeline.project_reader(str(folder / relative))), "")

    _project_answers._ANSWERS.clear()
    assert [asked("shop/app.py"), asked("shop/client.py")] == [None, None]
    assert derivations == [""]
    (folder / "shop/other.py").write_text("import urllib2\n\n\ndef ping(url):\n    return urllib2.urlopen(url)\n")
    assert asked("shop/jobs.py") == "urllib2 in shop/other.py, imported outside any try"
    assert derivations == ["", ""]


def test_an_answer_asked_again_in_one_transform_is_given_again_with_the_reads_it_made(tmp_path, monkeypatch):
    folder = lay_out(tmp_path, PROJECT)
    _project_answers._ANSWERS.clear()
    path = str(folder / "shop/client.py")
    log = ReadLog(pipeline.project_reader(path))
    ctx = Context("client.py", read_file=log)
    derived: list = []

    def derive(reader):
        derived.append(reader)
        return reader.read_file(reader.project_files().relative("shop/jobs.py"))

    first = _project_answers.remembered(ctx, "a question", derive)
    reads = list(log.reads)
    asked: list = []
    monkeypatch.setattr(DerivedMemo, "recall", lambda self, key, *asking: asked.append(key) or (False, None))
    assert _project_answers.remembered(ctx, "a question", derive) == first == PROJECT["shop/jobs.py"]
    assert len(derived) == 1 and asked == [] and log.reads == reads and "../shop/jobs.py" in reads
    # another transform's Context asks the memo again, and reads again what the answer came from
    other_log = ReadLog(pipeline.project_reader(path))
    other = Context("client.py", read_file=other_log)
    monkeypatch.undo()
    assert _project_answers.remembered(other, "a question", derive) == first
    assert len(derived) == 1 and other_log.reads == reads


def test_answers_recalled_in_one_transform_ask_its_context_for_each_file_once(tmp_path):
    """Each answer kept for the project is checked against every file it read; a transform that
    recalls several answers (http-timeout asks about nine) asks its Context for each of those
    files once, and records the reads a transform answered afresh records, in the same order."""
    folder = lay_out(tmp_path, PROJECT)
    path = str(folder / "shop/client.py")

    def whole_project(reader):  # reads every module, as the project's waits and wrappers do
        listing = reader.project_files()
        return tuple(reader.read_file(listing.relative(module)) for module in listing.files)

    def transform(count: dict | None) -> tuple[list, list]:
        reader = pipeline.project_reader(path)
        log = ReadLog(reader)
        ctx = Context("shop/client.py", read_file=log)
        if count is not None:
            real = ctx.read_file
            ctx.read_file = lambda relative: count.update({relative: count.get(relative, 0) + 1}) or real(relative)
        answers = [_project_answers.remembered(ctx, ("question", n), whole_project) for n in range(3)]
        return answers, list(log.reads)

    _project_answers._ANSWERS.clear()
    fresh = transform(None)  # derives all three: they are kept
    count: dict = {}
    recalled = transform(count)
    assert recalled == fresh  # the same answers, the same reads recorded, in the same order
    assert len(fresh[1]) == len(_project_modules(path)) and set(count) == set(fresh[1])
    assert set(count.values()) == {1}  # three answers recalled, each module asked for once
    (folder / "shop/jobs.py").write_text("def run(worker, task):\n    return worker.run(task)\n")
    changed = transform({})
    assert changed[0][0] != fresh[0][0] and changed[0][1:] == [changed[0][0]] * 2  # derived again, and kept


def _project_modules(path: str) -> tuple[str, ...]:
    return pipeline.project_reader(path).project_files().files


def test_answers_derived_from_the_same_reads_are_checked_once_per_transform(tmp_path, monkeypatch):
    """Answers that read the same files and got the same texts (every module of the project,
    as the project's waits, wrappers and routes do) are checked against them once per
    transform: the reads cannot change within it (issue 19, session 42: about 1,500 recalls
    on the generated corpus, each comparing 300 texts). Another transform checks them again."""
    folder = lay_out(tmp_path, PROJECT)
    path = str(folder / "shop/client.py")

    def whole_project(reader):
        listing = reader.project_files()
        return tuple(reader.read_file(listing.relative(module)) for module in listing.files)

    def transform() -> list:
        ctx = Context("shop/client.py", read_file=ReadLog(pipeline.project_reader(path)))
        return [_project_answers.remembered(ctx, ("question", n), whole_project) for n in range(3)]

    _project_answers._ANSWERS.clear()
    fresh = transform()
    compared: list = []
    real = _project_answers.same_text
    monkeypatch.setattr(_project_answers, "same_text", lambda now, then: compared.append(now) or real(now, then))
    assert transform() == fresh
    modules = len(_project_modules(path))
    assert len(compared) == modules  # not once per answer: three answers, one check of their reads
    assert transform() == fresh and len(compared) == 2 * modules  # a new transform checks them again
    (folder / "shop/jobs.py").write_text(PROJECT["shop/jobs.py"].replace("timeout=75", "timeout=90"))
    changed = transform()
    assert changed != fresh and all("timeout=90" in "".join(t for t in answer if t) for answer in changed)


def test_python_2_evidence_for_a_folder_reads_only_the_modules_below_it(tmp_path):
    """The evidence asked for a folder (cache-views asks for its views module's) comes from
    the modules below that folder alone: the other modules of the project are neither read
    nor searched, and what they hold is no answer there (a project of many services asks
    once per service folder)."""
    from flask_codemod.codemods import _python_2_only

    folder = lay_out(tmp_path, {**PROJECT, "admin/__init__.py": "", "admin/legacy.py": "import urllib2\n"})

    def asked(prefix: str) -> tuple[str | None, list[str]]:
        _project_answers._ANSWERS.clear()
        log = ReadLog(pipeline.project_reader(str(folder / "shop/client.py")))
        return _python_2_only.python_2_only(Context("client.py", read_file=log), prefix), log.reads

    answer, reads = asked("shop")
    assert answer is None
    assert reads and all(read.startswith("../shop/") for read in reads)
    assert "../shop/client.py" in reads and "../shop/jobs.py" in reads
    answer, reads = asked("admin")
    assert answer == "urllib2 in admin/legacy.py, imported outside any try"
    assert not any(read.startswith("../shop/") for read in reads)
    assert asked("")[0] == "urllib2 in admin/legacy.py, imported outside any try"

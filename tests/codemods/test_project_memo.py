"""What the project gates derive from the rest of the project is kept for the process
(``codemods/_project_memo.py``): a file whose gate is answered from what an earlier file's
gate derived still reads, through its own context, every file a fresh derivation reads (the
result cache records them for its entry), and a changed file is never answered from what was
derived before it changed."""

from __future__ import annotations

import contextlib
import os

from gate_checks import lay_out, project_gate_on_disk
from teardown_support import getter_module

from flask_codemod import cache, cache_pack, cache_reads, file_texts, pass_stats, pipeline, pool, walk
from flask_codemod.codemods import _dotenv_config_project_index, _teardown_project, get_codemod
from flask_codemod.codemods._project_memo import DerivedMemo
from flask_codemod.paths import CACHE_DIR_VARIABLE
from flask_codemod.resume import ReadLog

NAMES = ("teardown", "dotenv-config")

PROJECT = {
    "shop/__init__.py": "",
    "shop/app.py": (
        "from flask import Flask\nfrom shop.views import pages\n\napp = Flask(__name__)\n"
        "app.config.from_object('shop.settings')\napp.register_blueprint(pages)\n"
    ),
    "shop/views.py": (
        "import os\nfrom flask import Blueprint\nfrom shop.db import get_db\n\npages = Blueprint('pages', __name__)\n"
        "TOKEN = os.environ.get('SHOP_TOKEN')\n\n@pages.route('/')\ndef index():\n    return str(get_db())\n"
    ),
    "shop/db.py": getter_module("shop.db"),
    "shop/settings.py": "SECRET_KEY = 'c4d1e8a09b7f3e25'\nDEBUG = False\n",
    "shop/wsgi.py": "from shop.app import app\n",
}
PAST = 1_600_000_000 * 10**9
ORDER = ["shop/views.py", "shop/db.py", "shop/settings.py", "shop/wsgi.py", "shop/app.py"]


def _forget() -> None:
    _teardown_project._DERIVED.clear()
    _dotenv_config_project_index._READ.clear()


def _processed(folder, relative: str) -> tuple:
    """The file processed by the pipeline with a recording reader, as the result cache runs
    it on a miss: its output, the reads recorded for its entry (path -> hash), the order of
    the reads, and the part of the listing it looked at."""
    path = str(folder / relative)
    recorder = cache_reads.RecordingReader(pipeline.project_reader(path), os.path.dirname(path))
    log = ReadLog(recorder)
    codemods = [get_codemod(name)() for name in NAMES]
    result = pipeline.process_file(path, codemods, read_file=log)
    output = (result.new_text, result.findings, result.project_edits, result.error)
    return output, dict(recorder.reads), list(log.reads), recorder.listing()


def _each_file(folder, warm: bool) -> dict[str, tuple]:
    found = {}
    for relative in ORDER:
        if not warm:
            _forget()
        found[relative] = _processed(folder, relative)
    return found


def _recalled(monkeypatch) -> list[tuple]:
    """The keys the memo answers from, as they are asked."""
    answered: list[tuple] = []
    real = DerivedMemo.recall

    def recall(self, key, ask_again, *held):
        found, answer = real(self, key, ask_again, *held)
        if found:
            answered.append(key)
        return found, answer

    monkeypatch.setattr(DerivedMemo, "recall", recall)
    return answered


def test_a_file_answered_from_the_memo_records_the_reads_of_a_fresh_derivation(tmp_path, monkeypatch):
    folder = lay_out(tmp_path, PROJECT)
    cold = _each_file(folder, warm=False)
    answered = _recalled(monkeypatch)
    warm = _each_file(folder, warm=True)
    assert warm == cold
    # answered from the memo: what the app reaches (teardown), the modules a config module reads (dotenv-config)
    assert {"kept resources", "imports spelled"} <= {key[0] for key in answered if isinstance(key, tuple)}
    assert hash(tuple(sorted(PROJECT))) in answered  # dotenv-config's table of what each module says
    assert "../shop/db.py" in cold["shop/app.py"][1] and "../shop/app.py" in cold["shop/settings.py"][1]


def test_the_gates_answer_from_the_memo_as_they_do_fresh(tmp_path):
    folder = lay_out(tmp_path, PROJECT)
    answers = {}
    for warm in (False, True):
        _forget()
        for relative in ORDER:
            if not warm:
                _forget()
            answers[warm, relative] = tuple(project_gate_on_disk(name, folder, relative) for name in NAMES)
    assert [answers[True, r] for r in ORDER] == [answers[False, r] for r in ORDER]
    assert answers[True, "shop/app.py"][0] and answers[True, "shop/settings.py"][1]


def test_a_changed_module_is_derived_again(tmp_path):
    folder = lay_out(tmp_path, PROJECT)
    _forget()
    assert project_gate_on_disk("teardown", folder, "shop/app.py")  # db.py keeps a connection on g
    assert project_gate_on_disk("dotenv-config", folder, "shop/settings.py")  # loaded whole, a secret
    (folder / "shop/db.py").write_text("from flask import g\n\ndef get_db():\n    return g.get('user')\n")
    (folder / "shop/app.py").write_text(PROJECT["shop/app.py"].replace("from_object('shop.settings')", "from_envvar('SETTINGS')"))
    for module in (folder / "shop/views.py", folder / "shop/wsgi.py"):  # asked first: the memo is warm
        project_gate_on_disk("teardown", folder, str(module.relative_to(folder)))
    warm = (project_gate_on_disk("teardown", folder, "shop/app.py"), project_gate_on_disk("dotenv-config", folder, "shop/settings.py"))
    _forget()
    cold = (project_gate_on_disk("teardown", folder, "shop/app.py"), project_gate_on_disk("dotenv-config", folder, "shop/settings.py"))
    assert warm == cold == (False, False)


class _ReaderOneByOne:
    """The pipeline's reader without ``read_stamped``: the recording reader stamps each file
    and reads it apart, as it did before the reader offered both from one ``os.stat``."""

    def __init__(self, path: str) -> None:
        self._reader = pipeline.project_reader(path)

    def __call__(self, relative: str):
        return self._reader(relative)

    def project_files(self):
        return self._reader.project_files()


def test_a_cold_run_records_the_same_reads_and_stamps_reading_each_file_with_one_stat(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_reads, "_RACY_NS", 0)  # (the files' ctimes are now) stamps are recorded
    folder = lay_out(tmp_path, PROJECT)
    stamped: list[str] = []
    real = pipeline.SiblingReader.read_stamped
    monkeypatch.setattr(pipeline.SiblingReader, "read_stamped", lambda self, *asked: stamped.append(asked[0]) or real(self, *asked))
    runs = {}
    for reader in (pipeline.project_reader, _ReaderOneByOne):
        for relative in ORDER:
            _forget()
            path = str(folder / relative)
            recorder = cache_reads.RecordingReader(reader(path), os.path.dirname(path))
            result = pipeline.process_file(path, [get_codemod(name)() for name in NAMES], read_file=recorder)
            output = (result.new_text, result.findings, result.project_edits, result.error)
            runs[reader, relative] = (output, dict(recorder.reads), dict(recorder.stamps), recorder.listing())
    assert stamped and len(stamped) == sum(len(runs[pipeline.project_reader, r][1]) for r in ORDER)
    for relative in ORDER:
        assert runs[pipeline.project_reader, relative] == runs[_ReaderOneByOne, relative]
    reads, stamps = runs[pipeline.project_reader, "shop/app.py"][1:3]
    there = [relative for relative, digest in reads.items() if digest is not None]
    assert len(there) >= 4 and all(stamps[relative] is not None for relative in there)


def _entries_of_a_cold_run(folder) -> dict:
    """The result-cache entries (key -> what is stored: the result, its reads with their
    hashes and stamps, the listing) a cold ``-j 1`` pass over the project leaves."""
    _forget()
    walk._LISTINGS.clear()
    file_texts._texts.clear()
    cache._projects.clear()
    names = ["teardown", "dotenv-config", "gunicorn-config", "static-max-age"]
    results = list(pool.process_files([str(folder / relative) for relative in ORDER], names, {}, workers=1))
    assert all(result.error is None for result in results)
    pack = cache_pack.read_pack(cache._root_of(str(folder / "shop/app.py")))
    return {key: {**entry, "reads": [pack.reads[index] for index in entry["reads"]]} for key, entry in pack.entries.items()}


def test_a_cold_run_records_the_same_entries_as_one_that_stats_each_file_for_each_asker(tmp_path_factory, monkeypatch):
    """tool/pass_stats.py: within a pass, each listing checked and each file stat'ed once."""
    monkeypatch.delenv(cache.ENV_DISABLE, raising=False)
    monkeypatch.setattr(cache_reads, "_RACY_NS", 0)  # (the files' ctimes are now) stamps are recorded
    monkeypatch.setattr(file_texts, "_RACY_NS", 0)
    files = {**PROJECT, "Procfile": "web: gunicorn shop.app:app\n", "shop/static/site.css": ""}
    folder = lay_out(tmp_path_factory.mktemp("project"), files)
    for here, _, _ in os.walk(folder):  # folders changed long ago: the listing is remembered and recorded
        os.utime(here, ns=(PAST, PAST))
    entries = {}
    for once in (True, False):
        monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path_factory.mktemp("user-cache")))
        if not once:  # every look stats again, as before passes kept what they saw
            monkeypatch.setattr(pass_stats, "one_pass", contextlib.nullcontext)
        entries[once] = _entries_of_a_cold_run(folder)
    assert len(entries[True]) == len(ORDER)
    reads = [read for entry in entries[True].values() for read in entry["reads"]]
    assert len(reads) > 20 and all(read[2] is not None for read in reads if read[1] is not None)  # hashes and stamps
    assert any(entry["listing"] for entry in entries[True].values())
    assert entries[True] == entries[False]


def test_reads_found_to_hold_for_an_asker_are_not_asked_again_by_it():
    """``recall`` with ``held``: answers kept with equal reads share them, and reads that held
    once for an asker are not asked again by it; other reads are, and reads that no longer
    hold are not held."""
    memo = DerivedMemo()
    reads = [("a.py", "A"), ("b.py", "B")]
    memo.keep("first", reads, 1)
    memo.keep("second", list(reads), 2)
    memo.keep("other", [("a.py", "A"), ("c.py", "C")], 3)
    texts = {"a.py": "A", "b.py": "B", "c.py": "C"}
    asked: list = []

    def ask_again(question, then):
        asked.append(question)
        return texts[question] == then

    held: dict = {}
    assert memo.recall("first", ask_again, held) == (True, 1) and asked == ["a.py", "b.py"]
    assert memo.recall("second", ask_again, held) == (True, 2) and asked == ["a.py", "b.py"]
    assert memo.recall("other", ask_again, held) == (True, 3) and asked == ["a.py", "b.py", "a.py", "c.py"]
    texts["b.py"] = "B changed"  # another asker, after a change
    asked.clear()
    other: dict = {}
    assert memo.recall("first", ask_again, other) == (False, None) and asked == ["a.py", "b.py"]
    assert memo.recall("second", ask_again, other) == (False, None) and asked == ["a.py", "b.py", "a.py", "b.py"]
    assert memo.recall("first", ask_again) == (False, None)  # without ``held``: every read asked, as before

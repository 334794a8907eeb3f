"""What a process keeps of the projects it read (tool/projects_kept.py): a batch that moves on
to the next repository, at ``-j 1`` or in a worker of its pool, holds nothing of the one it
finished (texts, parsed modules, project answers), and shows what it showed keeping them."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from gate_checks import lay_out

from flask_codemod import cache_reads, file_texts, pass_stats, paths, pipeline, pool
from flask_codemod.cli import app
from flask_codemod.codemods import _parsed_modules, _project_answers
from flask_codemod.pipeline import Job
from flask_codemod.projects_kept import ProjectsSeen

# http-timeout asks every module of the project for its waits: each file reads the others
PROJECT = {
    "svc/__init__.py": "from flask import Flask\n\napp = Flask(__name__)\n",
    "svc/poll.py": "import requests\n\n\ndef poll(url):\n    return requests.get(url, timeout=45)\n",
    "svc/fetch.py": "import requests\n\n\ndef load(url):\n    return requests.get(url)\n",
    "svc/notify.py": "import requests\n\n\ndef send(url, body):\n    return requests.post(url, json=body)\n",
    "svc/names.py": "NAMES = ('poll', 'load', 'send')\n",
}


def _repositories(tmp_path, monkeypatch) -> list:
    monkeypatch.setattr(file_texts, "_RACY_NS", 0)  # (the files were just written) their texts are kept
    found = []
    for name, wait in (("one", "45"), ("two", "30")):
        folder = tmp_path / name
        lay_out(folder, {path: f"# {name}\n" + text.replace("45", wait) for path, text in PROJECT.items()})
        (folder / ".git").mkdir()
        found.append(folder)
    return found


def _kept_of(folder) -> tuple[set[str], int, int]:
    """(the paths of ``folder`` whose texts are kept, the parsed trees kept of its modules'
    texts, the project answers kept that were derived from its texts)."""
    paths = {path for path in file_texts._texts if path.startswith(str(folder))}
    texts = {(folder / path).read_text() for path in PROJECT}
    trees = sum(1 for text in _parsed_modules._PYTHON_TREES.values if text in texts)
    answers = sum(1 for reads, _ in _project_answers._ANSWERS._known.values() if any(text in texts for _, text in reads))
    return paths, trees, answers


def _watching(monkeypatch, first) -> dict[str, list]:
    """What is kept of the repository ``first`` when each file is transformed, by repository."""
    seen: dict[str, list] = {"one": [], "two": []}
    real = pipeline.process_file

    def process_file(path, *args, **kwargs):
        seen["one" if path.startswith(str(first)) else "two"].append(_kept_of(first))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "process_file", process_file)
    return seen


def test_a_batch_at_one_job_keeps_nothing_of_the_repository_it_finished(tmp_path, monkeypatch):
    one, two = _repositories(tmp_path, monkeypatch)
    alone = [CliRunner().invoke(app, ["apply", "--dry-run", "--no-cache", "--no-color", "-j", "1", str(folder)]) for folder in (one, two)]
    seen = _watching(monkeypatch, one)
    batch = CliRunner().invoke(app, ["apply", "--dry-run", "--no-cache", "--no-color", "-j", "1", str(one), str(two)])
    assert batch.stdout == alone[0].stdout + alone[1].stdout and "timeout=45" in batch.stdout and "timeout=30" in batch.stdout
    last_of_one = seen["one"][-1]
    assert last_of_one[0] and last_of_one[1] and last_of_one[2], "the first repository's files were served what was kept"
    assert seen["two"] and all(kept == (set(), 0, 0) for kept in seen["two"])


@pytest.fixture
def as_a_worker(monkeypatch):
    """This process acts as a worker of a batch's pool for the test: what a worker keeps for
    the rest of its life (its pass's memory of listings and reads, its pass's stamps, its
    project roots, the pass and the projects it last served) is this process's own again after
    it, or every later test would run inside the test's pass and be served its stale listings."""
    monkeypatch.setattr(cache_reads, "_memory", cache_reads._memory)
    monkeypatch.setattr(pass_stats, "_current", pass_stats._current)
    monkeypatch.setattr(paths, "_roots", paths._roots)
    monkeypatch.setattr(pool, "_pass", pool._pass)
    monkeypatch.setattr(pool, "_projects_seen", ProjectsSeen())


def test_a_worker_given_files_of_other_projects_drops_what_it_kept_of_the_last(tmp_path, monkeypatch, as_a_worker):
    one, two = _repositories(tmp_path, monkeypatch)
    names = ["http-timeout"]
    seen = _watching(monkeypatch, one)
    jobs = {folder: [Job(str(folder / path), tuple(names)) for path in PROJECT] for folder in (one, two)}
    pool.process_chunk_of_pass(0, names, jobs[one][:3])
    pool.process_chunk_of_pass(0, names, jobs[one][3:])  # the same project: kept
    assert seen["one"][-1][0] and seen["one"][-1][2]
    results = pool.process_chunk_of_pass(1, names, jobs[two])
    assert all(kept == (set(), 0, 0) for kept in seen["two"])
    assert any("timeout=30" in result.new_text for result in results)


def test_projects_seen_tells_when_files_belong_to_none_of_the_projects_given_last(tmp_path, monkeypatch):
    one, two = _repositories(tmp_path, monkeypatch)
    seen = ProjectsSeen()
    assert not seen.moved_on([str(one / "svc/app.py")])  # the first files: nothing to drop
    assert not seen.moved_on([str(one / "svc/jobs.py")])
    assert not seen.moved_on([str(one / "svc/app.py"), str(two / "svc/app.py")])  # one of the last's still
    assert not seen.moved_on([str(two / "svc/app.py")])  # two was among the last's projects
    assert seen.moved_on([str(one / "svc/app.py")])

"""A ``.env`` settling re-run starts where its first pass reached the first codemod that
looked at ``.env`` (tool/resume.py): the codemods before it do not run again, and the result,
the findings and what the result cache records are those of a re-run from the start."""

from __future__ import annotations

import os
import textwrap

from flask_codemod import cache, cache_reads, pipeline, pool
from flask_codemod.codemods import get_codemod
from flask_codemod.engine import transform_text
from flask_codemod.settle import settle_env_names

# open-with and teardown (which looks at the project) rewrite the file before dotenv-config
# (which reads .env) moves its secret
APP = textwrap.dedent(
    """\
    import sqlite3

    from flask import Flask, g

    app = Flask(__name__)
    app.config["SECRET_KEY"] = "{key}"


    def get_db():
        if "db" not in g:
            g.db = sqlite3.connect("app.db")
        return g.db


    def load_settings(path):
        text = open(path).read()
        return text
    """
)
NAMES = ("open-with", "teardown", "dotenv-config", "cache-views")


def _project(tmp_path, keys):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "p"\ndependencies = ["flask"]\n')
    paths = []
    for number, key in enumerate(keys):
        path = tmp_path / f"app{number}.py"
        path.write_text(APP.format(key=key))
        paths.append(str(path))
    return paths


def _comparable(results):
    return [(r.path, r.new_text, r.findings, r.project_edits, r.rewrites, r.error, r.codemod_errors) for r in results]


def _counting(monkeypatch, name):
    calls = []
    codemod = get_codemod(name)
    original = codemod.transform

    def transform(self, module, ctx):
        calls.append(ctx.path)
        return original(self, module, ctx)

    monkeypatch.setattr(codemod, "transform", transform)
    return calls


def test_a_first_pass_that_claims_env_names_keeps_where_a_rerun_may_start(tmp_path):
    (path,) = _project(tmp_path, ["c9f2e71a4b0d"])
    result = pipeline.process_file(path, [get_codemod(n)() for n in NAMES])
    assert any(edit.kind == "env" for edit in result.project_edits)
    assert result.resume is not None and result.resume.ran == ("open-with", "teardown")
    assert result.resume.changed  # open-with rewrote the file before dotenv-config


def test_a_settling_rerun_skips_the_codemods_before_env_and_gives_the_same_result(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV_DISABLE, "1")
    paths = _project(tmp_path, ["c9f2e71a4b0d", "7e1d0b93fa26", "b05a8c3e9d41"])
    names = list(NAMES)

    def settled():
        return list(settle_env_names(pool.process_files(paths, names, {}, workers=1), names, {}, workers=1))

    open_with, dotenv = _counting(monkeypatch, "open-with"), _counting(monkeypatch, "dotenv-config")
    resumed = settled()
    assert len(open_with) == 3 and len(dotenv) == 5  # two files re-run from dotenv-config on
    assert all(result.resume is None for result in resumed)  # settled results carry none

    monkeypatch.setattr(pipeline, "transform", _without_resume(pipeline.transform))
    from_the_start = settled()
    assert len(open_with) == 3 + 5  # every re-run ran open-with again
    assert _comparable(resumed) == _comparable(from_the_start)
    assert len({edit.key for result in resumed for edit in result.project_edits if edit.kind == "env"}) == 3


def _without_resume(transform):
    def run(*args, resume=None, **kwargs):
        return transform(*args, **kwargs)

    return run


def test_a_resume_is_not_used_on_another_text_or_with_other_codemods(tmp_path):
    (path,) = _project(tmp_path, ["c9f2e71a4b0d"])
    codemods = [get_codemod(n)() for n in NAMES]
    resume = pipeline.process_file(path, codemods).resume
    other = APP.format(key="4fd2a61c08e7")
    read = pipeline.project_reader(path)
    plain = transform_text(other, codemods, path="app0.py", read_file=read)
    resumed = transform_text(other, codemods, path="app0.py", read_file=read, resume=resume)
    assert (resumed.new_text, resumed.findings, resumed.project_edits) == (plain.new_text, plain.findings, plain.project_edits)
    assert "4fd2a61c08e7" in "".join(edit.value for edit in resumed.project_edits)
    text = APP.format(key="c9f2e71a4b0d")
    fewer = [get_codemod(n)() for n in ("teardown", "dotenv-config")]  # open-with ran first in the resume
    alone = transform_text(text, fewer, path="app0.py", read_file=read)
    assert transform_text(text, fewer, path="app0.py", read_file=read, resume=resume).new_text == alone.new_text
    assert "with open(path)" not in alone.new_text  # open-with's change was not taken over


def test_a_resumed_rerun_records_the_reads_of_the_codemods_it_skipped(tmp_path):
    paths = _project(tmp_path, ["c9f2e71a4b0d"])
    codemods = [get_codemod(n)() for n in NAMES]
    resume = pipeline.process_file(paths[0], codemods).resume
    job = pipeline.Job(paths[0], NAMES, env_shown="SECRET_KEY=7e1d0b93fa26\n")
    recorded = []
    for given in (None, resume):
        recorder = cache_reads.RecordingReader(job.reader(), os.path.dirname(paths[0]))
        result = pipeline.process_file(paths[0], codemods, read_file=recorder, resume=given)
        recorded.append((result.new_text, dict(recorder.reads), set(recorder.listing() or ())))
    assert recorded[1][0] == recorded[0][0]
    assert recorded[1][1] == recorded[0][1]  # the same files read, with the same contents
    assert recorded[1][2] >= recorded[0][2]  # the listing: at least what a run from the start looked at
    assert recorded[0][2]  # teardown, one of the codemods skipped, looked at the project listing


def test_a_transform_reads_each_file_once_and_knows_the_order_and_env():
    """ReadLog: gates and codemods asking for one file again get the first read's text, the
    reads are listed once each in the order first read, and a ``.env`` read is noticed."""
    from flask_codemod.resume import ReadLog

    asked = []

    def read(relative):
        asked.append(relative)
        return f"text of {relative} #{len(asked)}"

    log = ReadLog(read)
    first = log("../models.py")
    assert log("../models.py") == first and log("views.py") == "text of views.py #2"
    assert log("../models.py") is first and asked == ["../models.py", "views.py"]
    assert log.reads == ["../models.py", "views.py"] and not log.env_read
    log("../.env")
    log("../.env")
    assert log.env_read and log.reads == ["../models.py", "views.py", "../.env"] and len(asked) == 3


def test_a_settling_rerun_asks_the_gates_again_only_when_one_of_them_read_env(tmp_path, monkeypatch):
    """The tree and project gates answered the first pass without reading ``.env``: the re-run,
    shown other ``.env`` lines, would get the same answers and does not ask them; a gate that
    read ``.env`` is asked again. Either way the result is that of a re-run from the start."""
    monkeypatch.setenv(cache.ENV_DISABLE, "1")
    paths = _project(tmp_path, ["c9f2e71a4b0d", "7e1d0b93fa26"])
    names = list(NAMES)
    teardown = get_codemod("teardown")
    original_gate = teardown.applies_to_project

    def settled():
        return _comparable(settle_env_names(pool.process_files(paths, names, {}, workers=1), names, {}, workers=1))

    for gate_reads_env, asked in ((False, 2), (True, 3)):
        calls = []

        def gate(self, tree, ctx, reads_env=gate_reads_env):
            calls.append(ctx.path)
            if reads_env:
                ctx.read_file(".env")
            return original_gate(self, tree, ctx)

        monkeypatch.setattr(teardown, "applies_to_project", gate)
        resumed = settled()
        assert len(calls) == asked  # two first passes, and the re-run of the second file when it must
        with monkeypatch.context() as patch:
            patch.setattr(pipeline, "transform", _without_resume(pipeline.transform))
            assert resumed == settled()
        keys = [{edit.key for edit in result[3] if edit.kind == "env"} for result in resumed]
        assert keys[0] and keys[1] and keys[0].isdisjoint(keys[1])  # the re-run took another name


def test_a_resume_keeps_its_tree_and_pickles_it_only_when_sent_to_another_process(tmp_path):
    import pickle

    import libcst as cst

    paths = _project(tmp_path, ["c9f2e71a4b0d"])
    codemods = [get_codemod(n)() for n in NAMES]
    resume = pipeline.process_file(paths[0], codemods).resume
    assert isinstance(resume.tree, cst.Module)  # no pickle made in the process that ran the codemods
    sent = pickle.loads(pickle.dumps(resume))
    assert isinstance(sent.tree, bytes) and sent.module().code == resume.module().code
    assert pickle.loads(pickle.dumps(sent)).tree == sent.tree  # sent on again as it came
    job = pipeline.Job(paths[0], NAMES, env_shown="SECRET_KEY=7e1d0b93fa26\n")
    outcomes = [pipeline.process_file(paths[0], codemods, read_file=job.reader(), resume=given) for given in (resume, sent, None)]
    assert len({(r.new_text, r.findings, r.project_edits) for r in outcomes}) == 1
    assert "SECRET_KEY" not in {edit.key for edit in outcomes[0].project_edits if edit.kind == "env"}


def test_a_resumed_rerun_asks_its_reader_for_each_file_once(tmp_path):
    """The reads replayed for the codemods a re-run skips go through the transform's own read
    log: a codemod after them asking for the same file gets the replayed text, not a second
    read from the reader (which the result cache wraps); the result is the same."""
    paths = _project(tmp_path, ["c9f2e71a4b0d", "7e1d0b93fa26"])
    codemods = [get_codemod(n)() for n in NAMES]
    resume = pipeline.process_file(paths[0], codemods).resume
    job = pipeline.Job(paths[0], NAMES, env_shown="SECRET_KEY=4fd2a61c08e7\n")
    outcomes, asked = [], []
    for given in (None, resume):
        real = job.reader()
        calls: list[str] = []

        def read(relative, real=real, calls=calls):
            calls.append(relative)
            return real(relative)

        read.project_files = real.project_files
        outcomes.append(pipeline.process_file(paths[0], codemods, read_file=read, resume=given))
        asked.append(calls)
    assert resume.reads and outcomes[0].new_text == outcomes[1].new_text
    assert (outcomes[0].findings, outcomes[0].project_edits) == (outcomes[1].findings, outcomes[1].project_edits)
    for calls in asked:
        assert len(calls) == len(set(calls)), sorted(c for c in set(calls) if calls.count(c) > 1)
    assert set(asked[1]) == set(asked[0])

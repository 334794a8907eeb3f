"""Each process's own peak of memory, reported when a benchmark asks (tool/peaks.py): nothing
without FLASK_CODEMOD_PEAKS; with it, one line per report, which ``read_peaks`` reads back by
role; a pool's workers report as they end, and a parse-apart process once it has parsed, and
their results are the same as without the reports."""

from __future__ import annotations

import multiprocessing
import os

import libcst as cst
import pytest

from flask_codemod import parse_apart, peaks, pool

needs_proc = pytest.mark.skipif(peaks.own_peak_mb() is None, reason="no /proc/self/status here")

SOURCE = "with_open = open('data.txt')\ntext = with_open.read()\nwith_open.close()\n"


@pytest.fixture
def reports(tmp_path, monkeypatch):
    """The file the reports go to, named in the environment (inherited by the processes started)."""
    target = tmp_path / "peaks.jsonl"
    monkeypatch.setenv(peaks.ENVIRONMENT, str(target))
    return target


@needs_proc
def test_own_peak_is_this_processs_high_water_mark() -> None:
    before = peaks.own_peak_mb()
    ballast = bytearray(32 * 1024 * 1024)  # touched: resident
    after = peaks.own_peak_mb()
    del ballast
    assert before is not None and after is not None and after >= before > 0


def test_nothing_is_written_without_the_variable(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv(peaks.ENVIRONMENT, raising=False)
    monkeypatch.chdir(tmp_path)
    peaks.report_peak("worker")
    peaks.report_peak_at_exit("worker")
    assert os.listdir(tmp_path) == []


@needs_proc
def test_each_report_is_a_line_read_back_by_role(reports) -> None:
    peaks.report_peak("worker")
    peaks.report_peak("worker")
    peaks.report_peak("parse-apart")
    with open(reports, "a") as handle:
        handle.write("not a report\n")
    found = peaks.read_peaks(str(reports))
    assert sorted(found) == ["parse-apart", "worker"]
    assert len(found["worker"]) == 2 and all(value > 0 for value in found["worker"] + found["parse-apart"])


def test_a_missing_file_holds_no_peaks(tmp_path) -> None:
    assert peaks.read_peaks(str(tmp_path / "none")) == {}


@needs_proc
@pytest.mark.skipif(multiprocessing.get_start_method(allow_none=False) != "fork", reason="workers forked")
def test_each_worker_of_a_pool_reports_as_it_ends(reports, tmp_path) -> None:
    files = []
    for name in ("one.py", "two.py", "three.py"):
        path = tmp_path / name
        path.write_text(f"# {tmp_path} {name}\n{SOURCE}")  # texts the result cache has not seen
        files.append(str(path))
    with_reports = list(pool.process_files(files, ["open-with"], workers=2))
    found = peaks.read_peaks(str(reports))
    assert list(found) == ["worker"] and len(found["worker"]) == 2
    os.environ.pop(peaks.ENVIRONMENT)
    alone = list(pool.process_files(files, ["open-with"], workers=1))
    assert [(result.path, result.new_text) for result in with_reports] == [(result.path, result.new_text) for result in alone]


@needs_proc
def test_a_parse_apart_process_reports_once_it_has_parsed(reports) -> None:
    text = SOURCE * 20
    tree = parse_apart.parsed_apart(text)
    assert tree is not None and tree.deep_equals(cst.parse_module(text))
    assert list(peaks.read_peaks(str(reports))) == ["parse-apart"]

"""The garbage collector's pace during a run (tool/collector_pace.py): set for `apply` and in
pool workers, the caller's restored after, a slower one kept."""

from __future__ import annotations

import gc

import pytest
from typer.testing import CliRunner

from flask_codemod import collector_pace, pool, run
from flask_codemod.cli import app
from flask_codemod.collector_pace import YOUNG_THRESHOLD, fewer_collections


@pytest.fixture
def default_pace():
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_the_block_collects_less_often_and_the_pace_before_comes_back(default_pace):
    with fewer_collections():
        assert gc.get_threshold() == (YOUNG_THRESHOLD, 10, 10)
    assert gc.get_threshold() == (700, 10, 10)
    with pytest.raises(RuntimeError):
        with fewer_collections():
            raise RuntimeError
    assert gc.get_threshold() == (700, 10, 10)


def test_a_slower_pace_of_the_caller_is_kept(default_pace):
    gc.set_threshold(5 * YOUNG_THRESHOLD, 3, 4)
    with fewer_collections():
        assert gc.get_threshold() == (5 * YOUNG_THRESHOLD, 3, 4)
    collector_pace.pace_worker()
    assert gc.get_threshold() == (5 * YOUNG_THRESHOLD, 3, 4)


def test_apply_runs_at_that_pace(default_pace, monkeypatch, tmp_path):
    seen = []

    def interrupted(request, output):
        seen.append(gc.get_threshold())
        raise KeyboardInterrupt

    monkeypatch.setattr(run, "run_project", interrupted)
    (tmp_path / "app.py").write_text("x = 1\n")
    CliRunner().invoke(app, ["apply", "--dry-run", "--no-cache", "-j", "1", str(tmp_path)], catch_exceptions=False)
    assert seen == [(YOUNG_THRESHOLD, 10, 10)]
    assert gc.get_threshold() == (700, 10, 10)


def test_a_pool_worker_sets_the_pace_itself(default_pace):
    workers = pool.new_pool(1, [])
    try:
        assert workers.submit(gc.get_threshold).result(timeout=60) == (YOUNG_THRESHOLD, 10, 10)
    finally:
        pool.stop_pool(workers, kill=False)
    assert gc.get_threshold() == (700, 10, 10)


def test_what_lives_before_the_block_is_left_out_of_its_collections_and_nothing_stays_frozen(default_pace):
    """The heap alive when a run starts (the tool's modules, LibCST) lives for the whole run:
    the block freezes it, so full collections do not walk it again; after it nothing is frozen."""
    assert gc.get_freeze_count() == 0
    alive = [object() for _ in range(10)]
    with fewer_collections():
        assert gc.get_freeze_count() > 0
        assert gc.is_tracked([]) and gc.get_count() is not None
        frozen = gc.get_freeze_count()
        made = [[n] for n in range(10)]  # made during the run: collected as usual
        assert gc.get_freeze_count() == frozen and made
    assert gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError):
        with fewer_collections():
            raise RuntimeError
    assert gc.get_freeze_count() == 0 and alive


def test_a_freeze_the_caller_made_is_kept(default_pace):
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with fewer_collections():
            assert gc.get_freeze_count() == frozen
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()

"""What a process keeps by a project's paths is dropped when it moves on to other projects
(tool/projects_kept.py): a batch at ``-j 1`` runs every repository in one process, and a memo
keyed by one repository's paths serves no other (teardown's normalized and relative paths, the
folders' project roots grew with every repository of the real-world corpus)."""

from __future__ import annotations

import functools
import shutil
import sys
from pathlib import Path

import flask_codemod
from flask_codemod import cache_reads
from flask_codemod.projects_kept import forget_projects

LEGACY_APP = Path(__file__).resolve().parents[2] / "samples" / "legacy_app"

# memos kept for the process whatever project it works on: the codemods and their documents, the
# tool's own fingerprint, the catalogue's answers by qualified name, the detect-secrets library
PROCESS_WIDE = {
    "flask_codemod.codemod_info._parsed",
    "flask_codemod.codemod_info.all_info",
    "flask_codemod.codemod_info._from_classes",
    "flask_codemod.codemod_info._by_name",
    "flask_codemod.cache.tool_fingerprint",
    "flask_codemod.codemods._registry.all_codemods",
    "flask_codemod.codemods._cache_views_catalog.named_reason",
    "flask_codemod.codemods._dotenv_config_secrets._detect_secrets",
}


def _memos() -> dict[str, functools._lru_cache_wrapper]:
    """Every ``functools.lru_cache`` defined by the tool's modules, by its qualified name."""
    found = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("flask_codemod"):
            continue
        for value in list(vars(module).values()):
            if isinstance(value, functools._lru_cache_wrapper) and value.__module__.startswith("flask_codemod"):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return found


def _project(tmp_path: Path) -> Path:
    """The demo's legacy app, whose files several codemods change and teardown reads around."""
    return Path(shutil.copytree(LEGACY_APP, tmp_path / "legacy_app"))


def test_a_run_then_forgetting_its_projects_keeps_nothing_by_their_paths(tmp_path) -> None:
    flask_codemod.apply([str(_project(tmp_path))])
    memos = _memos()
    assert memos["flask_codemod.codemods._teardown_project._normalized"].cache_info().currsize, "the run used it"
    assert cache_reads._projects, "the run used it"
    forget_projects()
    kept = {name: memo.cache_info().currsize for name, memo in _memos().items() if name not in PROCESS_WIDE}
    assert {name: size for name, size in kept.items() if size} == {}
    assert cache_reads._projects == {}


def test_a_run_after_forgetting_gives_the_same_change(tmp_path) -> None:
    root = _project(tmp_path)
    first = flask_codemod.apply([str(root)])
    forget_projects()
    again = flask_codemod.apply([str(root)])
    assert first.patch and again.patch == first.patch

"""The tree and project gates of the codemods whose gates read most (cache-views, teardown,
gunicorn-config, config-from-json, sqlalchemy-2, flask-wtf-names) on the real-world apps
(benchmarks/realworld/): every file whose text gate lets it through and whose tree or
project gate says no, the codemod - gates forced open, reading the project as a run does -
leaves alone without a word. Needs the apps laid out
(run.py does it): in FLASK_CODEMOD_REALWORLD, else run.py's default work folder; skipped
without them."""

from __future__ import annotations

import os

import pytest

from flask_codemod import compile_gate, engine, pipeline, sources
from flask_codemod.codemods import Context, get_codemod
from flask_codemod.discover import discover
from flask_codemod.paths import project_root, relative_to
from gate_checks import opened, output_of
from helpers import REPO

NAMES = ["cache-views", "teardown", "gunicorn-config", "config-from-json", "sqlalchemy-2", "flask-wtf-names"]


def _app_folders() -> tuple[list[str], int]:
    """The laid-out folders of the corpus's apps, and how many apps the corpus pins."""
    import sys

    sys.path.insert(0, os.path.join(REPO, "benchmarks", "realworld"))
    from layout import default_workdir
    from ledger import load_apps

    workdir = os.environ.get("FLASK_CODEMOD_REALWORLD") or default_workdir()
    folders = []
    apps = load_apps()
    for app in apps:
        folder = os.path.join(workdir, app.name, app.subdir) if app.subdir else os.path.join(workdir, app.name)
        if os.path.isdir(folder):
            folders.append(folder)
    return folders, len(apps)


FOLDERS, PINNED = _app_folders()
# The checks ask the corpus as a whole (that the gates reject something, and lose nothing):
# a few apps laid out by another script (app_tests.py lays out one app in the same folder)
# are no corpus, and the test skips rather than judge the gates on them.
LAID_OUT = len(FOLDERS) * 2 >= PINNED
WHY_NOT = f"the real-world corpus is not laid out ({len(FOLDERS)} of {PINNED} apps)"


def _compiling_texts_let_through(codemod):
    """(path, text, path from the project root, stdlib AST) of every file of the apps that
    CPython compiles and the codemod's text gate lets through."""
    for path in discover(FOLDERS).files:
        try:
            text = sources.read_source(path).text
        except sources.SourceError:
            continue
        seen_as = relative_to(path, project_root(path))
        if not (codemod.acts_on_path(seen_as, text) and codemod.applies_to_file(text, seen_as)):
            continue
        tree, problem = compile_gate.python_tree(text, seen_as)
        if problem is None:
            yield path, text, seen_as, tree


@pytest.mark.skipif(not LAID_OUT, reason=WHY_NOT)
@pytest.mark.parametrize("name", NAMES)
def test_no_file_the_gates_reject_gets_anything_from_the_codemod(name: str) -> None:
    codemod = get_codemod(name)()
    lost, rejected = [], 0
    for path, text, seen_as, tree in _compiling_texts_let_through(codemod):
        if codemod.applies_to_tree(tree, seen_as) and engine.wants_project(
            codemod, tree, Context(seen_as, None, pipeline.project_reader(path))
        ):
            continue
        rejected += 1
        result = pipeline.process_file(path, [opened(get_codemod(name))])
        if result.error is not None and "cannot parse (LibCST)" in result.error:
            continue  # CPython parses it, LibCST does not: no codemod can change it, gates open or not
        found = output_of(result, text, {name})
        if found:
            lost.append(f"{path}: {found}")
    assert lost == []
    assert rejected > 0


_SETTLED = frozenset({"user", "request", "effect", "changing", "response", "endpoint"})  # _cache_views_catalog.SETTLED


@pytest.mark.skipif(not LAID_OUT, reason=WHY_NOT)
def test_cache_views_lets_through_no_module_whose_views_its_templates_settle(monkeypatch) -> None:
    """No module cache-views' gates let through is one the planner leaves alone without a
    word because every view the tree gate took renders a template that settles its refusal
    (in a module whose template folders the project stage reads: its reach)."""
    from flask_codemod.codemods import _cache_views_findings
    from flask_codemod.codemods._cache_views_gate import candidate_views
    from flask_codemod.codemods._cache_views_template_gate import folder_lists

    decisions: list = []
    said = _cache_views_findings.findings

    def kept(found, data_views):
        decisions.extend(found)
        return said(found, data_views)

    monkeypatch.setattr(_cache_views_findings, "findings", kept)
    codemod = get_codemod("cache-views")()
    missed = []
    for path, text, seen_as, tree in _compiling_texts_let_through(codemod):
        if not codemod.applies_to_tree(tree, seen_as) or folder_lists(tree) is None:
            continue
        if not engine.wants_project(codemod, tree, Context(seen_as, None, pipeline.project_reader(path))):
            continue
        decisions.clear()
        result = pipeline.process_file(path, [get_codemod("cache-views")()])
        if output_of(result, text, {"cache-views"}):
            continue
        by_name = {d.view.function.name.value: d for d in decisions}
        taken = [by_name[f.name] for f in candidate_views(tree) if f.name in by_name]
        if taken and all(
            d.quiet and d.problem.category in _SETTLED and d.problem.text.startswith("renders template ") for d in taken
        ):
            missed.append(path)
    assert missed == []

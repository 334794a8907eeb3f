"""A parent index taken over from the tree a codemod was given (``_metadata.parent_index``
with ``earlier``) is the index a fresh walk of the rewritten tree gives, node for node."""

from __future__ import annotations

import glob
import os

import libcst as cst
import pytest

from flask_codemod.codemods import _metadata
from flask_codemod.codemods._registry import all_codemods
from flask_codemod.engine import transform_text
from helpers import SAMPLES, sample_reader

BEFORE = sorted(glob.glob(os.path.join(SAMPLES, "*", "*.before.py")))


def _same_index(kept: _metadata.ParentIndex, fresh: _metadata.ParentIndex) -> None:
    assert len(kept) == len(fresh)
    for node in fresh:
        assert node in kept
        assert kept[node] is fresh[node]
    # the statements' places in the kept index are right too (the next rewrite takes them over)
    children = list(kept._children.values())
    assert kept._statements is not None
    for statement, start, end in kept._statements.values():
        below = set(map(id, children[start:end]))
        assert below == {id(node) for node in fresh if node is not statement and _above(fresh, node, statement)}


def _above(index: _metadata.ParentIndex, node: cst.CSTNode, statement: cst.CSTNode) -> bool:
    while node in index:
        node = index[node]
        if node is statement:
            return True
    return False


@pytest.fixture
def compared(monkeypatch):
    """Every index built from an earlier one in the run is compared with a fresh walk; the
    number of statements taken over is counted (so that a run that takes none over shows)."""
    counts = {"kept": 0}
    original = _metadata.parent_index

    def checked(module, earlier=None):
        index = original(module, earlier)
        if earlier is not None and index is not None:
            fresh = original(module)
            assert fresh is not None
            _same_index(index, fresh)
            counts["kept"] += sum(1 for statement in module.body if id(statement) in (earlier._statements or {}))
        return index

    monkeypatch.setattr(_metadata, "parent_index", checked)
    return counts


@pytest.mark.parametrize("path", BEFORE, ids=lambda p: os.path.relpath(p, SAMPLES))
def test_every_codemod_in_turn_on_every_sample(path, compared):
    with open(path, encoding="utf-8", newline="") as handle:
        text = handle.read()
    transform_text(text, list(all_codemods()), path=os.path.basename(path), read_file=sample_reader(path))


def test_statements_taken_over_when_a_codemod_rewrote_one(compared):
    path = os.path.join(SAMPLES, "dotenv-config", "single_module_app.before.py")
    with open(path, encoding="utf-8", newline="") as handle:
        text = handle.read()
    result = transform_text(text, list(all_codemods()), path=os.path.basename(path), read_file=sample_reader(path))
    assert result.new_text != text
    assert compared["kept"] > 0


def test_a_statement_placed_twice_is_refused():
    module = cst.parse_module("x = 1\ny = 2\n")
    earlier = _metadata.parent_index(module)
    twice = module.with_changes(body=[module.body[0], module.body[1], module.body[0]])
    assert _metadata.parent_index(twice, earlier) is None


def test_a_node_of_a_kept_statement_placed_again_is_refused():
    module = cst.parse_module("x = f(a)\ny = 2\n")
    earlier = _metadata.parent_index(module)
    call = module.body[0].body[0].value
    again = cst.SimpleStatementLine([cst.Expr(call)])
    assert _metadata.parent_index(module.with_changes(body=[*module.body, again]), earlier) is None


def test_new_and_kept_statements_give_the_fresh_index():
    module = cst.parse_module("import os\n\ndef f(p):\n    return open(p).read()\n\nx = 1\n")
    earlier = _metadata.parent_index(module)
    added = cst.parse_statement("y = os.environ['Y']\n")
    rewritten = module.with_changes(body=[added, module.body[1], module.body[2].with_changes(body=module.body[2].body)])
    kept = _metadata.parent_index(rewritten, earlier)
    _same_index(kept, _metadata.parent_index(rewritten))


def test_every_codemod_in_turn_on_generated_flask_modules(compared, tmp_path):
    """The benchmark's generated modules: several codemods rewrite each."""
    import sys

    sys.path.insert(0, os.path.join(os.path.dirname(SAMPLES), "benchmarks"))
    try:
        from generate_flask_corpus import generate
    finally:
        sys.path.pop(0)
    for path in generate(str(tmp_path / "flask"), 8):
        with open(path, encoding="utf-8", newline="") as handle:
            text = handle.read()
        result = transform_text(text, list(all_codemods()), path=os.path.basename(path), read_file=sample_reader(path))
        assert result.error is None
    assert compared["kept"] > 0

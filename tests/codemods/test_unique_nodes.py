"""A codemod's result holds each node object once.

The next codemod's metadata is resolved on the tree as it is only when a walk proves each
node object occurs once (``_metadata.parent_index``); a node object placed twice (the same
``timeout=60`` value given to two calls, one Comma between several dict items, LibCST's one
default ``Dot`` of every ``cst.Attribute`` built without its own) makes LibCST deep-copy the
whole tree first. Checked after every codemod, alone and all in a row, on every sample.
"""

from __future__ import annotations

import glob
import os

import libcst as cst
import pytest

from flask_codemod import engine
from flask_codemod.codemods import all_codemods, get_codemod
from flask_codemod.codemods import _metadata
from flask_codemod.codemods._flask_sqlalchemy_3_values import merged
from flask_codemod.codemods._http_timeout_keyword_layout import append_keyword
from flask_codemod.codemods._upgrade_support import expression
from helpers import SAMPLES, sample_reader

BEFORE = sorted(
    path
    for path in glob.glob(os.path.join(SAMPLES, "*", "*.before.py"))
    if os.path.basename(os.path.dirname(path)) != "legacy_app"
)


def _shared(module: cst.CSTNode) -> list[str]:
    """The node objects that occur more than once below ``module``, as code."""
    seen: set[int] = set()
    shared = []
    stack = [module]
    while stack:
        node = stack.pop()
        for child in node.children:
            if id(child) in seen:
                shared.append(f"{type(child).__name__} {cst.Module([]).code_for_node(child)!r}")
                continue
            seen.add(id(child))
            stack.append(child)
    return shared


@pytest.mark.parametrize("before", BEFORE, ids=lambda path: os.path.relpath(path, SAMPLES))
def test_every_result_holds_each_node_once(before: str, monkeypatch: pytest.MonkeyPatch) -> None:
    run = engine._run_codemod
    problems: list[str] = []
    changed: list[str] = []

    def checked(codemod, module, ctx):
        result = run(codemod, module, ctx)
        if result[0] is not module:
            changed.append(codemod.NAME)
            if _metadata.parent_index(result[0]) is None:
                problems.append(f"{codemod.NAME}: {_shared(result[0])[:3]}")
        return result

    monkeypatch.setattr(engine, "_run_codemod", checked)
    with open(before, encoding="utf-8", newline="") as handle:
        text = handle.read()
    own = get_codemod(os.path.basename(os.path.dirname(before)))
    path = os.path.basename(before)
    for codemods in ([own], list(all_codemods())):
        engine.transform_text(text, codemods, path=path, read_file=sample_reader(before))
    assert not problems


def test_the_samples_rewrite_trees() -> None:
    """(the test above checks something: most samples change their tree)"""
    assert len(BEFORE) > 100


def test_built_attributes_have_their_own_dots() -> None:
    node = expression("werkzeug.middleware.profiler.ProfilerMiddleware")
    assert _shared(cst.Module([cst.SimpleStatementLine([cst.Expr(node)])])) == []
    assert cst.Module([]).code_for_node(node) == "werkzeug.middleware.profiler.ProfilerMiddleware"


@pytest.mark.parametrize(
    "code",
    [
        "f(a, b)",
        "f(a, b,)",
        "f(\n    a,\n    b\n)",
        "f(\n    a,\n    b,\n)",
        "f(\n    a,\n    b  # note\n)",
        "f(\n    a, b\n)",
        "f(a, b  # note\n)",
    ],
)
def test_an_appended_keyword_shares_nothing(code: str) -> None:
    call = cst.parse_expression(code)
    assert isinstance(call, cst.Call)
    new = append_keyword(call, "timeout", cst.Integer("60"))
    # the whitespace it lays the new argument out with is no other argument's
    assert _shared(cst.Module([cst.SimpleStatementLine([cst.Expr(new)])])) == []
    assert "timeout=60" in cst.Module([]).code_for_node(new)


def test_merged_options_get_a_comma_each() -> None:
    from types import SimpleNamespace

    existing = cst.parse_expression('{\n    "a": 1,\n    "b": 2,\n}')
    assert isinstance(existing, cst.Dict)
    added = [
        SimpleNamespace(key="SQLALCHEMY_POOL_SIZE", value=cst.Integer("5")),
        SimpleNamespace(key="SQLALCHEMY_POOL_TIMEOUT", value=cst.Integer("10")),
        SimpleNamespace(key="SQLALCHEMY_POOL_RECYCLE", value=cst.Integer("20")),
    ]
    result = merged(existing, added, '"')  # type: ignore[arg-type]
    assert _shared(cst.Module([cst.SimpleStatementLine([cst.Expr(result)])])) == []
    assert cst.Module([]).code_for_node(result).count(",\n") == 5

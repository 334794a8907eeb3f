"""Every sample pair runs through the real engine.

``samples/<codemod>/<case>.before.py`` must become ``<case>.after.py`` (identical files mean
"no change"), and ``<case>.after.py`` must parse, compile and be a fixed point. An optional
``<case>.findings`` lists the expected findings, one ``LINE: text`` per line (the text is a
part of the finding's message).
"""

from __future__ import annotations

import ast
import glob
import os

import pytest

from flask_codemod.codemods import get_codemod
from flask_codemod.engine import transform_text
from flask_codemod.pipeline import sibling_reader
from helpers import SAMPLES

CASES = sorted(
    path[: -len(".before.py")]
    for path in glob.glob(os.path.join(SAMPLES, "*", "*.before.py"))
    if os.path.basename(os.path.dirname(path)) != "legacy_app"
)


def _case_id(stem: str) -> str:
    return os.path.relpath(stem, SAMPLES)


def _read(path: str) -> str:
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def _run(stem: str, text: str):
    codemod = get_codemod(os.path.basename(os.path.dirname(stem)))
    return transform_text(text, [codemod], path=stem + ".before.py", read_file=sibling_reader(stem + ".before.py"))


def test_there_are_samples_for_every_codemod():
    from flask_codemod.codemods import all_codemods

    folders = {os.path.basename(os.path.dirname(stem)) for stem in CASES}
    for cls in all_codemods():
        assert cls.NAME in folders, f"samples/{cls.NAME}/ has no before/after pair"


@pytest.mark.parametrize("stem", CASES, ids=_case_id)
def test_sample(stem: str) -> None:
    before = _read(stem + ".before.py")
    after_path = stem + ".after.py"
    assert os.path.exists(after_path), f"{after_path} is missing"
    after = _read(after_path)

    result = _run(stem, before)
    assert result.error is None, result.error
    assert result.new_text == after

    # the expected output is valid Python …
    ast.parse(after)
    compile(after, after_path, "exec", dont_inherit=True)
    # … and a fixed point
    again = _run(stem, after)
    assert again.error is None, again.error
    assert again.new_text == after, "applying the codemod to its own output changed it again"

    findings_path = stem + ".findings"
    if os.path.exists(findings_path):
        expected = [line for line in _read(findings_path).splitlines() if line.strip()]
        got = [(f.line, f.message) for f in result.findings]
        assert len(got) == len(expected), f"findings: {got}"
        for line_text, (line, message) in zip(expected, got):
            number, _, part = line_text.partition(":")
            assert int(number) == line, f"finding at line {line}, expected {number}: {message}"
            assert part.strip() in message, f"{message!r} does not say {part.strip()!r}"

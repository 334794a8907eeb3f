"""Generated programs never crash the engine, and what it writes is always right.

For every generated module, with all registered codemods (the list grows as codemods are
written; these tests follow it) — and, so that rewriting is exercised whatever is
registered, also with a test-only codemod that renames every ``self``:

- the engine does not raise, and reports no error for code CPython compiles;
- a change parses, compiles, keeps the newline style and is a fixed point;
- no rewrite counted means the output is the very same text (byte-identical).

Bounded here (deterministic, a few seconds: the codemods' analysis costs about a second per
Flask module today); ``make fuzz`` runs the same properties on many more examples, plus Flask
modules with each codemod alone (tests/fuzz/run.py).
"""

from __future__ import annotations

import os
import tempfile

import hypothesmith
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from flask_codemod import engine, pipeline, sources
from robustness import shapes, strategies, support

# deterministic (CI must be reproducible), no example database, no deadline; set per test so
# that other test modules keep their own hypothesis settings
PROFILE = settings.get_profile("robustness")


def _check_all(text: str, *, stress: bool = True) -> None:
    """The properties with the registered codemods, then (``stress``) with the test-only
    codemod too, which rewrites about any program."""
    real = support.real_codemods()
    for codemods in [real, real + (support.StressRename,)] if stress else [real]:
        problems = support.check_transform(text, codemods)
        assert not problems, support.describe_failure(text, problems, codemods)


@settings(PROFILE, max_examples=30)
@given(hypothesmith.from_grammar())
def test_grammar_programs(text):
    _check_all(text)


@settings(PROFILE, max_examples=2)
@given(hypothesmith.from_node())
def test_node_programs(text):
    _check_all(text)


@settings(PROFILE, max_examples=8)
@given(strategies.flask_modules())
def test_flask_modules(text):
    assert support.compiles(text), "the strategy must draw valid modules"
    _check_all(text, stress=False)


@settings(PROFILE, max_examples=2)
@given(strategies.flask_soup())
def test_flask_modules_next_to_generated_code(text):
    assume(support.compiles(text))
    _check_all(text, stress=False)


@settings(PROFILE, max_examples=12)
@given(st.one_of(strategies.damaged_files(), st.binary(max_size=300)))
def test_damaged_bytes_never_crash_process_file(data):
    codemods = support.real_codemods() + (support.StressRename,)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "app.py")
        with open(path, "wb") as handle:
            handle.write(data)
        result = pipeline.process_file(path, codemods)
        assert "\n" not in result.error_line()
        if result.error is not None:
            assert support.is_input_problem(result.error), result.error
            assert not result.changed
            return
        if result.changed:
            assert support.compiles(result.new_text)
            # what would be written decodes back to the new text
            source = sources.Source(result.old_text, result.encoding, result.bom, result.digest)
            assert sources.decode(source.encode(result.new_text)).text == result.new_text


@settings(PROFILE, max_examples=150)
@given(shapes.whitespace_shapes())
def test_every_byte_outside_the_rewrite_survives(text):
    """Form feeds, whitespace-only lines, comments at odd indents, CR / CRLF: the output is
    exactly the input with the rewritten names changed — also where LibCST itself would lose
    bytes (the engine puts them back), or else the file is refused, never damaged."""
    assume(support.compiles(text))
    result = engine.transform_text(text, [support.MarkOld])
    if result.error is not None:
        assert "cannot parse (LibCST)" in result.error, result.error  # LibCST's tokenizer, not us
        assert result.new_text == text
    else:
        assert result.new_text == text.replace("old_value", "new_value")

"""Adding a codemod touches its own module and nothing shared: a throwaway codemod, written
by this test into a temporary package, is found by the registry, run by the engine,
documented by the README generator and gated by its own ``applies_to_tree``."""

from __future__ import annotations

import sys
import textwrap

import pytest

from flask_codemod import docs
from flask_codemod.codemods import all_codemods
from flask_codemod.codemods._registry import discover
from flask_codemod.engine import transform_text

PACKAGE = "throwaway_codemods"

SHOUT = '''
import ast

import libcst as cst

from flask_codemod.codemods import Codemod, Context, Option


class Shout(Codemod):
    """Write the string ``"hello"`` in capitals wherever it is a whole string literal.

    Why: a sample made by tests/test_adding_a_codemod.py, to show that a codemod in a module
    of its own is found by the registry, run by the engine, documented in the README and
    gated, with no shared module edited. The option ``word`` picks the word to shout.

    Before::

        greeting = "hello"

    After::

        greeting = "HELLO"
    """

    NAME = "shout"
    SUMMARY = "Write hello in capitals."
    SAFETY = "safe"
    GROUP = "cleanup"
    OPTIONS = {"word": Option(str, "hello", "the word written in capitals")}
    GATE_ASKED: list = []  # the paths applies_to_tree was asked about

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """A string literal: the only thing it may change (whatever word is chosen)."""
        type(self).GATE_ASKED.append(path)
        return any(type(node) is ast.Constant and type(node.value) is str for node in ast.walk(tree))

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        word = ctx.options["word"]

        class Capitals(cst.CSTTransformer):
            def leave_SimpleString(self, original_node, updated_node):
                if updated_node.evaluated_value != word:
                    return updated_node
                ctx.rewrote()
                return updated_node.with_changes(value=updated_node.value.replace(word, word.upper()))

        return module.visit(Capitals())
'''


@pytest.fixture
def shout(tmp_path, monkeypatch):
    """The Shout class, from ``throwaway_codemods/shout.py`` under a temporary folder."""
    package = tmp_path / PACKAGE
    package.mkdir()
    (package / "__init__.py").write_text('"""Codemods made by a test."""\n', encoding="utf-8")
    (package / "shout.py").write_text(textwrap.dedent(SHOUT).lstrip(), encoding="utf-8")
    (package / "_shout_words.py").write_text("# a helper of shout's: not a codemod\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        found = discover(PACKAGE)
        yield found[0] if len(found) == 1 else found
    finally:
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def test_the_registry_finds_it_in_its_package_and_the_real_set_is_untouched(shout) -> None:
    assert isinstance(shout, type), f"expected one codemod, found {shout}"
    assert shout.NAME == "shout" and shout.__module__ == f"{PACKAGE}.shout"
    assert discover(PACKAGE) == (shout,)
    assert "shout" not in {c.NAME for c in all_codemods()}


def test_the_engine_runs_it_with_its_options(shout) -> None:
    result = transform_text('greeting = "hello"\nother = "world"\n', [shout], path="app.py")
    assert result.error is None
    assert result.new_text == 'greeting = "HELLO"\nother = "world"\n'
    assert result.rewrites == {"shout": 1}
    chosen = transform_text('x = "world"\n', [shout], path="app.py", options={"shout": {"word": "world"}})
    assert chosen.new_text == 'x = "WORLD"\n'


def test_its_gate_is_consulted_and_a_rejected_file_is_not_parsed(shout, parses) -> None:
    shout.GATE_ASKED.clear()
    untouched = "# hello, says the comment\nx = 1\n"
    result = transform_text(untouched, [shout], path="quiet.py")
    assert shout.GATE_ASKED == ["quiet.py"]
    assert result.new_text == untouched and parses == []
    result = transform_text('x = "hello"\n', [shout], path="loud.py")
    assert shout.GATE_ASKED == ["quiet.py", "loud.py"]
    assert result.new_text == 'x = "HELLO"\n' and parses  # parsed (the safety net parses the output too)


def test_the_readme_generator_documents_it(shout) -> None:
    readme = f"# project\n\n## Codemods\n\n{docs.BEGIN}\nold text\n{docs.END}\n\n## Afterwards\n"
    written = docs.updated_readme(readme, [shout])
    assert written.startswith("# project\n\n## Codemods\n\n") and written.endswith(f"{docs.END}\n\n## Afterwards\n")
    assert "old text" not in written
    assert "| [`shout`](#shout) | cleanup | safe | Write hello in capitals. |" in written
    section = written.split("### shout\n", 1)[1]
    assert "Write the string `\"hello\"` in capitals" in section
    assert '```diff\n-greeting = "hello"\n+greeting = "HELLO"\n```' in section
    assert "| `word` | str | `'hello'` | the word written in capitals |" in section
    assert "`--set shout.OPTION=VALUE`" in section
    # its example is what it does, as for the real codemods (tests/test_contract.py)
    [(before, after)] = docs.examples(shout.documentation())
    assert transform_text(before + "\n", [shout], path="app.py").new_text == after + "\n"

"""Shared by the robustness tests and the ``make fuzz`` runner (tests/fuzz/run.py).

- test-only codemods that rewrite a lot, so that the whole pipeline is exercised whatever
  codemods happen to be registered (``register_test_codemods``);
- ``check_transform``: the properties every output of the engine must have;
- the files of a folder, and the writer's temporaries among them.

The real-code corpus and the runs over it are in ``robustness.corpus``.
"""

from __future__ import annotations

import os
from typing import Iterable, Sequence

import libcst as cst

from flask_codemod import engine, writing
from flask_codemod.codemods import Codemod
from flask_codemod.codemods import _registry

# -- test-only codemods ---------------------------------------------------------------------

STRESS_NAME = "self__flask_codemod_stress"


class _RenameName(Codemod):
    """What the test-only codemods share: every name ``OLD`` becomes ``NEW``, each one
    counted as a rewrite."""

    OLD = NEW = ""

    def transform(self, module, ctx):
        old, new_name = self.OLD, self.NEW
        renamed = []

        class Rename(cst.CSTTransformer):
            def leave_Name(self, original, updated):
                if updated.value == old:
                    renamed.append(1)
                    return updated.with_changes(value=new_name)
                return updated

        new = module.visit(Rename())
        if not renamed:
            return module
        ctx.rewrote(len(renamed))
        return new


class StressRename(_RenameName):
    """Test only: renames every name ``self`` to a name nothing else uses.

    Real code is full of ``self``, so this rewrites nearly every file of a corpus: the
    untouched bytes around each rename must survive, the output must compile (the new name
    collides with nothing) and a second run finds nothing (the new name is not ``self``).
    """

    NAME = "robustness-stress"
    SUMMARY = "Test only: rename self."
    ORDER = 10_000
    TRIGGERS = ("self",)
    OLD, NEW = "self", STRESS_NAME


class MarkOld(_RenameName):
    """Test only: renames every name ``old_value`` to ``new_value`` (a small, exact rewrite
    whose expected output the tests can compute with ``str.replace``)."""

    NAME = "robustness-mark"
    SUMMARY = "Test only: rename old_value."
    ORDER = 10_001
    TRIGGERS = ("old_value",)
    OLD, NEW = "old_value", "new_value"


TEST_CODEMODS = (StressRename, MarkOld)
TEST_PREFIX = "robustness-"  # the names of test-only codemods start with it


def register_test_codemods(setattr_=setattr, extra: Sequence[type[Codemod]] = ()) -> None:
    """Make the test codemods (and ``extra`` ones) known to the registry — and so to worker
    processes started by fork, and to the command line. ``setattr_`` may be pytest's
    ``monkeypatch.setattr``, which undoes it after the test."""
    import flask_codemod.codemods as package

    real = getattr(_registry.all_codemods, "_real", _registry.all_codemods)
    added = TEST_CODEMODS + tuple(extra)

    def with_test_codemods():
        return tuple(real()) + added

    with_test_codemods._real = real  # type: ignore[attr-defined]
    setattr_(_registry, "all_codemods", with_test_codemods)
    setattr_(package, "all_codemods", with_test_codemods)


def real_codemods() -> tuple[type[Codemod], ...]:
    """The codemods registered in codemods/ right now (the list grows as they are written)."""
    return tuple(c for c in _registry.all_codemods() if not c.NAME.startswith(TEST_PREFIX))


def real_codemod_names() -> list[str]:
    return [c.NAME for c in real_codemods()]


# -- the properties ---------------------------------------------------------------------------

# Errors that describe the input, not a failure of the tool.
INPUT_PROBLEMS = (
    "syntax error",
    "syntax; run flask-codemod under Python",
    "cannot parse",
    "cannot decode",
    "unknown encoding",
    "the file does not compile",
    "nesting too deep",
    "cannot re-encode",
    "cannot be encoded",
)


def is_input_problem(error: str) -> bool:
    return "internal error" not in error and "crashed" not in error and any(p in error for p in INPUT_PROBLEMS)


def compiles(text: str) -> bool:
    try:
        compile(text, "<fuzz>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return False
    return True


def newline_styles(text: str) -> set[str]:
    styles = set()
    if "\r\n" in text:
        styles.add("\r\n")
    if "\n" in text.replace("\r\n", ""):
        styles.add("\n")
    if "\r" in text.replace("\r\n", ""):
        styles.add("\r")
    return styles


def check_transform(
    text: str,
    codemods: Sequence[type[Codemod]],
    *,
    path: str = "app.py",
    require_success: bool = True,
    options=None,
) -> list[str]:
    """Every way the engine's output for ``text`` is wrong; [] when it is right.

    - it never raises; an error leaves the text as it was and is never an internal error
      (and, for input CPython compiles, is no error at all unless ``require_success`` is
      False or the nesting is too deep for LibCST);
    - a change parses and compiles, is counted as a rewrite, keeps a single newline style,
      and is a fixed point: a second run changes nothing and reports no error;
    - no rewrite counted means the output is the very same text.
    """
    problems: list[str] = []
    try:
        result = engine.transform_text(text, codemods, path=path, options=options)
    except Exception as error:  # the engine must never raise
        return [f"transform_text raised {type(error).__name__}: {error}"]
    if result.error is not None:
        if result.new_text != text:
            problems.append(f"error {result.error!r} but the text changed")
        if not is_input_problem(result.error):
            problems.append(f"engine error: {result.error}")
        elif require_success and compiles(text) and "nesting too deep" not in result.error:
            problems.append(f"error on input that compiles: {result.error}")
        return problems
    new = result.new_text
    if new == text:
        return problems
    if not result.rewrites:
        problems.append("the text changed but no rewrite was counted")
    try:
        cst.parse_module(new)
    except Exception as error:
        problems.append(f"output does not parse: {type(error).__name__}: {error}")
        return problems
    if not compiles(new):
        problems.append("output does not compile")
        return problems
    if len(newline_styles(text)) == 1 and newline_styles(new) != newline_styles(text):
        problems.append(f"newline style changed: {newline_styles(text)} -> {newline_styles(new)}")
    again = engine.transform_text(new, codemods, path=path, options=options)
    if again.error is not None:
        problems.append(f"second run reports an error: {again.error}")
    elif again.new_text != new:
        problems.append("not a fixed point: a second run changes the output again")
    return problems


def describe_failure(text: str, problems: list[str], codemods: Iterable[type[Codemod]]) -> str:
    result = engine.transform_text(text, list(codemods))
    return (
        "\n".join(problems)
        + "\n--- input ---\n"
        + text
        + "\n--- output ---\n"
        + (result.new_text if result.error is None else f"(error) {result.error}")
    )


# -- the files of a folder -------------------------------------------------------------------


def temporaries(folder: str) -> list[str]:
    """The writer's temporary files (``.flask-codemod-*.tmp``) anywhere under ``folder``."""
    return [
        name
        for name in snapshot(folder)
        if os.path.basename(name).startswith(writing.TEMPORARY_PREFIX) and name.endswith(writing.TEMPORARY_SUFFIX)
    ]


def snapshot(folder: str) -> dict[str, bytes]:
    out = {}
    for directory, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(directory, name)
            with open(path, "rb") as handle:
                out[os.path.relpath(path, folder)] = handle.read()
    return out

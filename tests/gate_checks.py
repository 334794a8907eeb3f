"""Checks of the codemods' gates (``applies_to_file`` on the text and path, ``applies_to_tree``
on the standard library's AST, ``applies_to_project`` on the rest of the project), used by each codemod's gate tests and by the registry-wide
test in tests/codemods/test_prefilters.py.

A gate may say True in vain; it must never say False for a file its codemod alone would
change, report a finding for, or ask a project edit for. So a case a gate rejects is checked
twice: the gates say no, and the codemod with its gates forced open does nothing with it.
"""

from __future__ import annotations

import ast
import glob
import os
import textwrap

from flask_codemod import compile_gate, engine, pipeline
from flask_codemod.codemods import Context, get_codemod
from helpers import SAMPLES, sample_reader


def read(path: str) -> str:
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def gates(codemod, text: str, path: str = "app.py") -> tuple[bool, bool]:
    """(stage 1, both stages) for ``codemod`` (a class or an instance) on ``text``; stage 1
    starts, as in the engine, with where the codemod acts (``acts_on_path``)."""
    instance = codemod() if isinstance(codemod, type) else codemod
    first = bool(instance.acts_on_path(path, text) and instance.applies_to_file(text, path))
    tree, problem = compile_gate.python_tree(text, path)
    assert problem is None, problem
    return first, first and bool(instance.applies_to_tree(tree, path))


def project_gate(codemod, path: str, read_file=None, text: str = "") -> bool:
    """The project gate of ``codemod`` (a class or an instance) for the file at ``path`` whose
    text is ``text``, as the engine asks it (``read_file``: ``ctx.read_file``'s reader; None:
    a file alone)."""
    instance = codemod() if isinstance(codemod, type) else codemod
    tree, problem = compile_gate.python_tree(text, path)
    assert problem is None, problem
    return engine.wants_project(instance, tree, Context(path, None, read_file))


def accepts(name: str, source: str, path: str = "app.py") -> bool:
    """Whether both gates of the codemod ``name`` let ``source`` (dedented) through."""
    return gates(get_codemod(name), textwrap.dedent(source), path)[1]


def opened(cls):
    """``cls`` with its gates forced open (same NAME: its findings and edits say so)."""

    class Open(cls):  # type: ignore[misc, valid-type]
        def applies_to(self, source: str) -> bool:
            return True

        def applies_to_file(self, source: str, path: str) -> bool:
            return True

        def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
            return True

        def applies_to_project(self, tree: ast.Module, ctx: Context) -> bool:
            return True

    Open.__name__ = f"Open{cls.__name__}"
    return Open


def output_of(result, text: str, names: set[str]) -> list[str]:
    """What ``result`` holds from the codemods ``names``: rewrites, findings, project edits."""
    found = [f"rewrote ({name})" for name in result.rewrites if name in names]
    if result.new_text != text and not found:
        found.append("changed the text")
    found += [f"finding of {f.codemod} at line {f.line}: {f.message}" for f in result.findings if f.codemod in names]
    found += [f"project edit of {e.codemod}: {e.kind} {e.key}" for e in result.project_edits if e.codemod in names]
    if result.error is not None:
        found.append(f"error: {result.error}")
    return found


def output_with_gates_open(name: str, text: str, path: str, *, beside_file: bool = False) -> list[str]:
    """What the codemod ``name`` does with ``text`` when its gates are forced open; with
    ``beside_file``, it reads the other files next to ``path`` (a sample's Procfile)."""
    reader = sample_reader(path) if beside_file else None
    result = engine.transform_text(text, [opened(get_codemod(name))], path=path, read_file=reader)
    return output_of(result, text, {name})


def assert_rejected_rightly(name: str, source: str, path: str) -> None:
    """The gates of ``name`` reject ``source``, and rightly: its codemod, gates open, does
    nothing with it."""
    assert not accepts(name, source, path)
    assert output_with_gates_open(name, textwrap.dedent(source), path) == []


def sample_cases(name: str) -> list[str]:
    """The cases of ``samples/<name>/`` (``<case>.before.py``), sorted."""
    suffix = ".before.py"
    return sorted(os.path.basename(p)[: -len(suffix)] for p in glob.glob(os.path.join(SAMPLES, name, "*" + suffix)))


class GateCases:
    """A codemod's gate tests: a subclass named ``Test...`` gives the codemod's NAME and its
    cases, and gets the tests below, each case a test of its own.

    - ``REJECTED``: near misses, ``(source, path)``: the gates reject them, and rightly so;
    - ``ACCEPTED``: ``(source, path)`` the codemod acts on: both gates let them through;
    - ``REJECTED_SAMPLES``: exactly the samples of ``samples/<NAME>/`` its gates reject (each
      one the codemod, gates open, leaves alone without a word).
    """

    NAME = ""
    REJECTED: list[tuple[str, str]] = []
    ACCEPTED: list[tuple[str, str]] = []
    REJECTED_SAMPLES: list[str] = []

    def pytest_generate_tests(self, metafunc) -> None:
        for argument, cases in (("rejected", self.REJECTED), ("accepted", self.ACCEPTED)):
            if argument in metafunc.fixturenames:
                metafunc.parametrize(argument, cases, ids=[path for _, path in cases])

    def test_near_misses_are_rejected(self, rejected: tuple[str, str]) -> None:
        assert_rejected_rightly(self.NAME, *rejected)

    def test_what_it_acts_on_is_accepted(self, accepted: tuple[str, str]) -> None:
        assert accepts(self.NAME, *accepted)

    def test_which_samples_its_gates_reject(self) -> None:
        codemod = get_codemod(self.NAME)
        rejected = []
        for case in sample_cases(self.NAME):
            path = os.path.join(SAMPLES, self.NAME, f"{case}.before.py")
            text = read(path)
            if not gates(codemod, text, path)[1]:
                rejected.append(case)
                assert output_with_gates_open(self.NAME, text, path, beside_file=True) == [], (
                    f"{self.NAME}/{case} was rejected, yet the codemod acts on it"
                )
        assert rejected == sorted(self.REJECTED_SAMPLES), "the gates reject other samples than REJECTED_SAMPLES"


def in_project(name: str, files: dict[str, str], path: str) -> tuple[bool, list[str]]:
    """For the file ``path`` of the project ``files`` (root-relative path -> text, dedented),
    held in memory and listed: whether the project gate of the codemod ``name`` lets it
    through (its text and tree gates aside), and what the codemod does with it, gates open."""
    from helpers import ProjectReader

    project = {key: textwrap.dedent(text) for key, text in files.items()}
    reader = ProjectReader(project, path)
    asked = project_gate(get_codemod(name), path, reader, project[path])
    result = engine.transform_text(project[path], [opened(get_codemod(name))], path=path, read_file=reader)
    return asked, output_of(result, project[path], {name})


# -- project gates, on projects laid out on disk --------------------------------------------------------


def lay_out(folder, files: dict[str, str]):
    """Write ``files`` (relative path -> text) under ``folder`` (a pathlib.Path), with a
    pyproject.toml that makes it a project root; returns ``folder``."""
    for name, text in {"pyproject.toml": "[project]\nname = 'shop'\n", **files}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


def project_gate_on_disk(name: str, folder, relative: str) -> bool:
    """The project gate of the codemod ``name`` for the module ``relative`` of the project
    at ``folder``, as the pipeline asks it (the path relative to the root, its reader)."""
    path = folder / relative
    return project_gate(get_codemod(name), relative, pipeline.project_reader(str(path)), path.read_text())


def output_on_disk_with_gates_open(name: str, folder, relative: str) -> list[str]:
    """What the codemod ``name``, gates forced open, does with the module ``relative`` of the
    project at ``folder`` (run by the pipeline, reading the project)."""
    path = folder / relative
    result = pipeline.process_file(str(path), [opened(get_codemod(name))])
    return output_of(result, path.read_text(), {name})


# -- gates that read the target version ---------------------------------------------------------------


def gates_at(name: str, text: str, path: str, target: tuple[int, int] | None, read_file=None) -> bool:
    """Whether all three gates of the codemod ``name`` let ``text`` through when the code must
    run on Flask ``target`` (``Context.target_version``; None: the newest known)."""
    instance = get_codemod(name)()
    if not gates(instance, text, path)[1]:
        return False
    tree, _ = compile_gate.python_tree(text, path)
    return engine.wants_project(instance, tree, Context(path, None, read_file, target))


def missed_at_targets(name: str, cases: list[tuple[str, str]], targets=None) -> list[str]:
    """Every (case, target) of ``cases`` (``(source, path)``, dedented) and of ``targets``
    (default: every Flask release the tool knows, and None) where the gates of ``name`` say
    no, yet the codemod, gates forced open, changes, reports or asks for something at that
    target: must be empty."""
    from flask_codemod.codemods._flask_versions import RELEASES

    missed = []
    for source, path in cases:
        text = textwrap.dedent(source)
        for target in (*RELEASES, None) if targets is None else targets:
            if gates_at(name, text, path, target):
                continue
            result = engine.transform_text(text, [opened(get_codemod(name))], path=path, target_version=target)
            found = output_of(result, text, {name})
            if found:
                missed.append(f"{path} at {target}: {found}")
    return missed


def sample_texts(name: str) -> list[tuple[str, str]]:
    """The inputs of ``samples/<name>/``, as ``(text, path)`` cases."""
    return [(read(p), p) for p in sorted(glob.glob(os.path.join(SAMPLES, name, "*.before.py")))]

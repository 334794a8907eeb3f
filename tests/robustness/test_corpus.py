"""Real code nobody here wrote: the sources of the installed packages (flask, werkzeug,
jinja2, click, libcst, typer, rich, sqlalchemy, pip, …), copied to a temporary folder and run
through the real pipeline with every registered codemod — dry-run, in place, and again:
0 crashes, 0 invalid outputs, 0 second-run changes.

Here a stable subset (chosen by a hash of each file's path, the same on every machine with
the same packages) keeps ``make test`` fast; ``make fuzz`` runs every file.
"""

from __future__ import annotations

import os

import pytest

from robustness import corpus, support

SUBSET = int(os.environ.get("FLASK_CODEMOD_CORPUS_FILES", "150"))
MAX_BYTES = 3_000  # small files: the codemods' analysis costs about 50 ms per KB today
ALONE_SUBSET = int(os.environ.get("FLASK_CODEMOD_ALONE_FILES", "50"))


@pytest.fixture(scope="module")
def subset():
    files = corpus.corpus_files()
    assert len(files) > 500, "the test environment should hold thousands of package files"
    return corpus.stable_subset(files, SUBSET, max_bytes=MAX_BYTES)


def test_every_codemod_on_real_code(tmp_path, subset):
    names = support.real_codemod_names()
    report = corpus.run_corpus(subset, str(tmp_path), names, jobs=2)
    assert report.files == len(subset)
    assert not report.failures, report.summary("corpus") + "\n" + "\n".join(report.failures[:20])


def test_rewriting_real_code_keeps_every_other_byte(tmp_path, subset, test_codemods):
    """The test-only codemod renames every ``self``: many files are rewritten, through
    the pool, the writer and the second run."""
    report = corpus.run_corpus(subset, str(tmp_path), [support.StressRename.NAME], jobs=2)
    assert not report.failures, report.summary("corpus") + "\n" + "\n".join(report.failures[:20])
    assert report.changed >= len(subset) // 5


def test_each_codemod_alone_on_real_code_and_the_samples(subset):
    """Every codemod alone (as in a run that selects only it) on the real-code subset and on
    every sample: no internal error. A crash in one codemod would cost only its own change,
    but it is still a bug (``make fuzz`` runs every file of the corpus)."""
    files = [os.path.join(corpus.site_packages(), relative) for relative in subset[:ALONE_SUBSET]]
    runs, problems = corpus.each_codemod_alone(files + corpus.sample_files(), support.real_codemod_names(), jobs=2)
    assert runs >= len(support.real_codemod_names()) * len(files)
    assert not problems, "\n".join(problems[:20])

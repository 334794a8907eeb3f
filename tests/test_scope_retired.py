"""Code a project has set aside (a folder it names out of use: ``not_used/``, ``unused/``,
``obsolete/``, ``attic/``) is run by nothing, so no codemod edits it: an edit there fixes
nothing and only asks a reviewer to read code its maintainers no longer read.
"""

from __future__ import annotations

import pytest

from flask_codemod.codemods import all_codemods
from flask_codemod.codemods._base import APPLICATION, RETIRED, TESTS, code_kind
from helpers import run_codemods

ZIP_TEST = '''\
import io
import zipfile


def make_archive():
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w")
    archive.writestr("handler.py", "x = 1\\n")
    archive.close()
    return buffer.getvalue()


def test_archive():
    assert make_archive()
'''


@pytest.mark.parametrize(
    "path",
    [
        "shop/tests/not_used/watchers/test_archive.py",
        "shop/Not-Used/archive.py",
        "unused/archive.py",
        "tools/obsolete/setup.py",
        "attic/tests/conftest.py",
    ],
)
def test_a_file_under_a_folder_named_out_of_use_is_retired(path: str) -> None:
    assert code_kind(path) == RETIRED


@pytest.mark.parametrize(
    "path, kind",
    [
        ("shop/deprecated/views.py", APPLICATION),  # often still shipped and run
        ("shop/legacy/views.py", APPLICATION),
        ("shop/unused_codes.py", APPLICATION),  # a file's name is not a folder
        ("tests/test_unused.py", TESTS),
    ],
)
def test_names_that_do_not_retire_code(path: str, kind: str) -> None:
    assert code_kind(path) == kind


def test_no_codemod_edits_or_reports_retired_code() -> None:
    names = [cls.NAME for cls in all_codemods()]
    retired = run_codemods(ZIP_TEST, *names, path="shop/tests/not_used/watchers/test_archive.py")
    assert retired.error is None
    assert retired.new_text == ZIP_TEST and not retired.findings and not retired.project_edits
    # the same test where the project runs its tests gets its archive closed by a with-block
    live = run_codemods(ZIP_TEST, *names, path="shop/tests/watchers/test_archive.py")
    assert "with zipfile.ZipFile(" in live.new_text


def test_no_codemod_acts_on_retired_code() -> None:
    assert all(RETIRED not in cls.acts_on() for cls in all_codemods())

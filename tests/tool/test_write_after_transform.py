"""A writing run writes what its dry run shows: no file is written before every file of the
run has been transformed, so a codemod that reads another module of the project sees it as
it was, whether that module comes before it in the run or not, and whatever the workers'
timing."""

from __future__ import annotations

import libcst as cst
import pytest

from flask_codemod import api
from flask_codemod.codemods import Codemod
from review_support import install


class RenameWhileShared(Codemod):
    """Rename old to new in shared.py, and in every other module while shared.py says old.

    A stand-in for the codemods whose decision on one module depends on another's text
    (teardown, dotenv-config, cache-views).
    """

    NAME = "rename-while-shared-says-old"
    SUMMARY = "Rename old to new while shared.py says old."
    TRIGGERS = ("old",)
    ORDER = 1

    def transform(self, module, ctx):
        if ctx.path != "shared.py" and "old" not in (ctx.read_file("shared.py") or ""):
            return module
        ctx.rewrote()
        return cst.parse_module(module.code.replace("old", "new"))


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_written_files_are_what_the_dry_run_showed(tmp_path, monkeypatch, jobs):
    install(monkeypatch, codemods=(RenameWhileShared,))
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    # shared.py comes first in the run: written early, it would hide "old" from the others
    for name in ("shared.py", "views.py", "zmodels.py"):
        (project / name).write_text("old = 1\n")
    shown = api.apply(str(project), select=RenameWhileShared.NAME, jobs=jobs, use_config=False)
    assert shown.patch.count("+new = 1") == 3
    written = api.apply(str(project), select=RenameWhileShared.NAME, jobs=jobs, dry_run=False, use_config=False)
    assert written.patch == shown.patch
    for name in ("shared.py", "views.py", "zmodels.py"):
        assert (project / name).read_text() == "new = 1\n", name

"""What a codemod sees of its project (the contract of codemods/_base.py, served by the tool):

- ``ctx.path`` is the file's path relative to its project root: folders above the project
  (a checkout under ``~/tests/``) are not the project's;
- ``ctx.project_files()`` lists the project's Python modules, walked as the command line walks
  folders, and ``ctx.read_file(listing.relative(path))`` reads any of them;
- a text transformed on its own lists nothing;
- the result cache follows the listing: a module added to or removed from the project
  invalidates an entry whose codemod asked for it.
"""

from __future__ import annotations

import textwrap

import libcst
import pytest

from flask_codemod import cache, pipeline
from flask_codemod.codemods import Codemod, Context, ProjectFiles, get_codemod, project_files_of
from flask_codemod.codemods._base import APPLICATION, TESTS
from flask_codemod.engine import transform_text
from flask_codemod.pipeline import Job

SEEN: list[tuple[str, ProjectFiles | None, dict[str, str | None]]] = []


class ListsProject(Codemod):
    """Test codemod: records its path, the project's listing and the text of every module in
    it, and appends a comment naming the modules (so a cached result shows the listing)."""

    NAME = "lists-project"
    SUMMARY = "test"
    ACTS_ON = (APPLICATION, TESTS)

    def transform(self, module, ctx: Context):
        listing = ctx.project_files()
        texts = {path: ctx.read_file(listing.relative(path)) for path in listing.files} if listing else {}
        SEEN.append((ctx.path, listing, texts))
        names = ",".join(listing.files) if listing else "-"
        ctx.rewrote()
        return module.with_changes(footer=[libcst.EmptyLine(comment=libcst.Comment(f"# modules: {names}"))])


@pytest.fixture(autouse=True)
def _clear_seen():
    SEEN.clear()


def write(root, files):
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def test_the_listing_holds_the_projects_modules_as_the_command_line_walks_them(tmp_path):
    root = tmp_path / "shop"
    write(
        root,
        {
            "requirements.txt": "flask\n",
            ".gitignore": "generated/\n",
            "app.py": "x = 1\n",
            "shop/__init__.py": "",
            "shop/views.py": "y = 2\n",
            "generated/models.py": "z = 3\n",  # ignored by .gitignore
            "node_modules/tool.py": "",  # a folder the walk skips
            "env/pyvenv.cfg": "home = /usr\n",  # a virtualenv
            "env/lib/site.py": "",
        },
    )
    result = pipeline.process_file(str(root / "shop" / "views.py"), [ListsProject()])
    assert result.error is None
    (path, listing, texts), = SEEN
    assert path == "shop/views.py"
    python = ("app.py", "shop/__init__.py", "shop/views.py")
    assert listing == ProjectFiles("shop/views.py", python, (".gitignore", *python[:1], "requirements.txt", *python[1:]))
    assert listing.relative("app.py") == "../app.py"
    assert texts == {"app.py": "x = 1\n", "shop/__init__.py": "", "shop/views.py": "y = 2\n"}


def test_the_path_a_codemod_sees_starts_at_the_project_root(tmp_path):
    """A project checked out under a folder named ``tests`` is application code: the folders
    above its root are not the project's."""
    root = tmp_path / "tests" / "shop"
    write(root, {"pyproject.toml": "[project]\nname = 'shop'\n", "app.py": "x = 1\n", "tests/test_app.py": "y = 2\n"})
    pipeline.process_file(str(root / "app.py"), [ListsProject()])
    pipeline.process_file(str(root / "tests" / "test_app.py"), [ListsProject()])
    assert [path for path, _, _ in SEEN] == ["app.py", "tests/test_app.py"]


def test_a_project_under_a_tests_folder_is_still_rewritten_and_its_own_tests_are_not(tmp_path):
    """Where codemods act is judged inside the project (DESIGN: test code is left alone by
    configuration codemods): dotenv-config moves the app's secret, and leaves the project's
    own test module alone."""
    root = tmp_path / "testing" / "shop"
    app = """\
        from flask import Flask

        app = Flask(__name__)
        app.config["SECRET_KEY"] = "9c1e4b7f02da6e35"
    """
    write(root, {"requirements.txt": "flask\n", "app.py": app, "tests/app_for_tests.py": app})
    moved = pipeline.process_file(str(root / "app.py"), [get_codemod("dotenv-config")])
    assert 'app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]' in moved.new_text
    left = pipeline.process_file(str(root / "tests" / "app_for_tests.py"), [get_codemod("dotenv-config")])
    assert left.new_text == left.old_text and not left.project_edits


def test_a_text_on_its_own_lists_nothing():
    result = transform_text("x = 1\n", [ListsProject()], path="pkg/app.py")
    assert result.error is None and result.new_text.endswith("# modules: -\n")
    assert SEEN == [("pkg/app.py", None, {})]
    assert Context("app.py").project_files() is None
    assert project_files_of(None) is None and project_files_of(lambda relative: None) is None


def test_a_module_added_or_removed_invalidates_a_cached_result_that_listed_the_project(tmp_path, monkeypatch):
    monkeypatch.delenv(cache.ENV_DISABLE, raising=False)
    cache._projects.clear()
    write(tmp_path, {"pyproject.toml": "[project]\nname = 'demo'\n", "app.py": "x = 1\n"})

    def process():
        return cache.process_job(Job(str(tmp_path / "app.py"), (ListsProject.NAME,)), [ListsProject()])

    first = process()
    assert first.parsed and first.new_text.endswith("# modules: app.py\n")
    assert not process().parsed  # nothing added: a hit
    (tmp_path / "views.py").write_text("y = 2\n")
    added = process()
    assert added.parsed and added.new_text.endswith("# modules: app.py,views.py\n")
    assert not process().parsed
    (tmp_path / "views.py").unlink()
    removed = process()
    assert removed.parsed and removed.new_text == first.new_text


def test_a_file_s_reader_lists_its_project_once_however_often_asked(tmp_path, monkeypatch):
    """The gates and codemods of one file ask for the listing many times: walked (or its
    folders checked) once; another file's reader lists again (the run may have added one)."""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'shop'\n")
    (tmp_path / "app.py").write_text("x = 1\n")
    listed: list[str] = []
    real = pipeline.project_listing
    monkeypatch.setattr(pipeline, "project_listing", lambda root: listed.append(root) or real(root))
    reader = pipeline.project_reader(str(tmp_path / "app.py"))
    first = reader.project_files()
    assert reader.project_files() is first and first.files == ("app.py",)
    assert len(listed) == 1
    (tmp_path / "views.py").write_text("y = 2\n")
    assert pipeline.project_reader(str(tmp_path / "app.py")).project_files().files == ("app.py", "views.py")
    assert len(listed) == 2

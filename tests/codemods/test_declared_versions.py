"""Where _declared_versions looks for a project's declaration of a library: the transformed
file's folder, then one folder up at a time, never above the project's root (the folder
``ctx.project_files()`` lists from); a file above it belongs to no project of this one."""

from __future__ import annotations

import pytest

from flask_codemod import pipeline
from flask_codemod.codemods import Context, get_codemod
from flask_codemod.codemods._declared_versions import FOLDERS_UP, declarations, declared_specifiers
from flask_codemod.codemods._declared_releases import allows_below
from helpers import ProjectReader, run_codemods

OLD_IMPORT = "from sqlalchemy.ext.declarative import declarative_base\nBase = declarative_base()\n"


def _declared(files: dict[str, str], path: str) -> list[str]:
    """What the project of ``path`` (root-relative; ``files`` too, ``..`` above the root
    allowed) declares for SQLAlchemy."""
    ctx = Context(path, read_file=ProjectReader(files, path))
    return [str(specifier) for specifier in declared_specifiers(ctx, "sqlalchemy")]


@pytest.mark.parametrize(
    "path, above",
    [
        ("app.py", "../requirements.txt"),
        ("shop/models.py", "../requirements.txt"),
        ("shop/models.py", "../../pyproject.toml"),
        ("a/b/c/models.py", "../Pipfile"),
    ],
)
def test_a_declaration_above_the_project_root_is_not_read(path, above):
    texts = {
        "../requirements.txt": "SQLAlchemy>=1.3\n",
        "../../pyproject.toml": '[project]\nname = "outer"\ndependencies = ["SQLAlchemy>=1.3"]\n',
        "../Pipfile": '[packages]\nsqlalchemy = ">=1.3"\n',
    }
    assert _declared({above: texts[above]}, path) == []
    assert _declared({above: texts[above], "requirements.txt": "sqlalchemy~=1.4.0\n"}, path) == ["~=1.4.0"]


def test_the_root_is_read_however_deep_the_file():
    path = "/".join(["pkg"] * (FOLDERS_UP + 2)) + "/models.py"
    assert _declared({"requirements.txt": "SQLAlchemy>=1.3\n"}, path) == [">=1.3"]
    assert _declared({"pkg/requirements.txt": "SQLAlchemy==1.3.24\n", "requirements.txt": "SQLAlchemy>=1.4\n"}, path) == ["==1.3.24"]


@pytest.mark.parametrize(
    "path, where",
    [
        ("models.py", "requirements/python3/requirements.txt"),
        ("app/models.py", "requirements/py3/prod/requirements.in"),
        ("app/models.py", "app/requirements/linux/base.txt"),
    ],
)
def test_a_runtime_list_in_a_folder_below_requirements_is_read(path, where):
    """Projects that build for several Pythons or systems keep one list per folder of
    ``requirements/``: the runtime list there is the project's declaration."""
    files = {where: "alembic==1.1.0 \\\n    --hash=sha256:abc\nSQLAlchemy==1.3.3 \\\n    --hash=sha256:def\n"}
    assert _declared(files, path) == ["==1.3.3"]


def test_development_lists_below_requirements_are_not_the_runtime_declaration():
    files = {"requirements/python3/develop-requirements.txt": "SQLAlchemy==1.3.3\n", "requirements/python3/test.txt": "SQLAlchemy<1.4\n"}
    assert _declared(files, "models.py") == []


def test_a_requirements_folder_of_another_folder_is_not_this_ones():
    files = {"tools/requirements/python3/requirements.txt": "SQLAlchemy==1.3.3\n"}
    assert _declared(files, "app/models.py") == []


def test_without_a_listing_the_folders_up_are_read_as_before():
    files = {"../requirements.txt": "SQLAlchemy>=1.3\n"}
    ctx = Context("app.py", read_file=lambda relative: files.get(relative))
    assert allows_below(ctx, "sqlalchemy", (1, 4))


def test_sqlalchemy_2_moves_the_import_of_a_project_below_a_folder_that_declares_sqlalchemy_1_3():
    result = run_codemods(OLD_IMPORT, "sqlalchemy-2", files={"../requirements.txt": "SQLAlchemy>=1.3\n"}, path="models.py", dedent=False)
    assert result.new_text.startswith("from sqlalchemy.orm import declarative_base")


def test_the_real_tool_stops_at_the_project_of_the_file(tmp_path):
    """A monorepo folder declares SQLAlchemy 1.3 for its own code; ``shop`` below it is a
    project of its own (its pyproject.toml), which declares nothing of SQLAlchemy."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / "requirements.txt").write_text("SQLAlchemy>=1.3\n")
    shop = tmp_path / "services" / "shop"
    shop.mkdir(parents=True)
    (shop / "pyproject.toml").write_text('[project]\nname = "shop"\ndependencies = ["flask"]\n')
    (shop / "models.py").write_text(OLD_IMPORT)
    result = pipeline.process_file(str(shop / "models.py"), [get_codemod("sqlalchemy-2")])
    assert result.error is None and result.new_text.startswith("from sqlalchemy.orm import declarative_base")
    (shop / "pyproject.toml").unlink()  # the folder above is then the project: its declaration counts
    result = pipeline.process_file(str(shop / "models.py"), [get_codemod("sqlalchemy-2")])
    assert result.error is None and not result.changed


@pytest.mark.parametrize(
    "files",
    [
        # a checkout of a branch that may be 1.3: its release is not known, so it may be the lowest
        {"Pipfile": '[packages]\nsqlalchemy = {git = "https://github.com/sqlalchemy/sqlalchemy.git", ref = "rel_1_3"}\n'},
        {"pyproject.toml": '[tool.poetry.dependencies]\nsqlalchemy = {path = "../vendor/sqlalchemy", develop = true}\n'},
        # the same checkout in a requirements file: an editable install, or a PEP 508 URL
        {"requirements.txt": "-e git+https://github.com/sqlalchemy/sqlalchemy.git@rel_1_3#egg=SQLAlchemy\n"},
        {"requirements.txt": "SQLAlchemy @ https://github.com/sqlalchemy/sqlalchemy/archive/rel_1_3.zip\n"},
        # one environment gets a release below 1.4
        {"pyproject.toml": '[tool.poetry.dependencies]\nsqlalchemy = [{version = "<1.4", python = "<3.8"}, {version = "^1.4", python = ">=3.8"}]\n'},
    ],
)
def test_sqlalchemy_2_keeps_the_old_import_for_a_release_that_may_be_older(files):
    result = run_codemods(OLD_IMPORT, "sqlalchemy-2", files=files, dedent=False)
    assert result.new_text == OLD_IMPORT
    assert "allows an older release" in result.findings[0].message


def test_sqlalchemy_2_moves_the_import_for_any_release_with_extras():
    files = {"Pipfile": '[packages]\nsqlalchemy = {extras = ["asyncio"]}\n'}
    result = run_codemods(OLD_IMPORT, "sqlalchemy-2", files=files, dedent=False)
    assert result.new_text.startswith("from sqlalchemy.orm import declarative_base")


@pytest.mark.parametrize(
    "files, expected",
    [
        ({"requirements.txt": "-r base.txt\n", "base.txt": "SQLAlchemy==1.3.24\n"}, ["==1.3.24"]),
        ({"requirements.txt": "--requirement=deps/app.txt  # the app\n", "deps/app.txt": "sqlalchemy<1.4\n"}, ["<1.4"]),
        ({"requirements.txt": "flask\n-c pins.txt\n", "pins.txt": "SQLAlchemy==1.3.0\n"}, ["==1.3.0"]),
        ({"requirements.txt": "-r base.txt\n", "base.txt": "-r requirements.txt\nSQLAlchemy>=1.3\n"}, [">=1.3"]),
        # pip takes a short option's value attached, and a long one's after a space
        ({"requirements.txt": "-rbase.txt\n", "base.txt": "SQLAlchemy==1.3.24\n"}, ["==1.3.24"]),
        ({"requirements.txt": "--requirement deps/app.txt\n", "deps/app.txt": "sqlalchemy<1.4\n"}, ["<1.4"]),
    ],
    ids=["-r", "--requirement=", "-c", "cycle", "-rFILE", "--requirement FILE"],
)
def test_the_lists_a_requirements_file_includes_are_the_projects_declaration(files, expected):
    """``requirements.txt`` that says ``-r base.txt`` declares what base.txt declares (a pin
    there must hold a rewrite back as much as one in requirements.txt)."""
    assert _declared(files, "app.py") == expected


def test_a_constraints_file_pins_versions_but_is_no_dependency_of_the_project():
    """``-c pins.txt`` limits the release of whatever is installed, as a lock does: a library
    it names is no library the project chose (asked with ``locks=False``), and a pin there
    decides the releases the project runs."""
    files = {"requirements.txt": "flask\n-c pins.txt\n-r base.txt\n", "pins.txt": "gunicorn==19.9.0\nSQLAlchemy==1.3.24\n", "base.txt": "SQLAlchemy\n"}
    ctx = Context("app.py", read_file=ProjectReader(files, "app.py"))
    chosen = {declared.distribution for declared in declarations(ctx, "", ("gunicorn", "sqlalchemy"), locks=False)}
    assert chosen == {"sqlalchemy"}
    assert [str(s) for s in declared_specifiers(ctx, "sqlalchemy")] == ["==1.3.24"]  # the pin decides


@pytest.mark.parametrize(
    "specifier, release, below",
    [
        ("==1.0.1", (1, 0, 2), True),
        ("==1.0.2", (1, 0, 2), False),
        (">=1.0", (1, 0, 2), True),
        ("==1.0.5", (1, 0, 2), False),
        ("==1.0.5", (1, 1), True),
        ("<1.0.2", (1, 0, 2), True),
        ("", (1, 0, 2), False),
    ],
)
def test_a_release_is_compared_to_the_micro_version(specifier, release, below):
    """A gate may name a release (major, minor, micro) where the series is too coarse:
    WTForms' DataRequired came with 1.0.2, so ==1.0.1 is below it and ==1.0.5 is not."""
    from packaging.specifiers import SpecifierSet

    from flask_codemod.codemods._declared_releases import specifier_allows_below

    assert specifier_allows_below(SpecifierSet(specifier), release) is below

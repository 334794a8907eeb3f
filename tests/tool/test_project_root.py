"""One project root for configuration, cache, ``.env``, ``.gitignore`` and dependency edits,
found the same way for each file wherever the run starts (tool/paths.py), and a nested
``[tool.flask-codemod]`` table that applies to the files below it (issue 17)."""

from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner

import review_support

from flask_codemod.cli import app
from flask_codemod.paths import project_root, project_roots_remembered

SOURCE = 'SECRET_KEY = "abc"\nvalue = old_api\n'


def run(*args: str, cwd=None):
    previous = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return CliRunner().invoke(app, ["apply", "-j", "1", *args], catch_exceptions=False)
    finally:
        os.chdir(previous)


def write(path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def monorepo(tmp_path, monkeypatch):
    """A repository holding two projects: shop/ (its own table: fake-env only, legacy/
    excluded) and blog/ (a project without a table: the root's table applies)."""
    review_support.install(monkeypatch)
    repo = tmp_path / "repo"
    write(repo / "pyproject.toml", '[tool.flask-codemod]\nselect = ["fake-rename"]\n')
    write(repo / "shop" / "pyproject.toml", '[project]\nname = "shop"\n\n[tool.flask-codemod]\nselect = ["fake-env"]\nexclude = ["legacy/"]\n')
    write(repo / "shop" / "app" / "views.py", SOURCE)
    write(repo / "shop" / "legacy" / "old.py", SOURCE)
    write(repo / "blog" / "setup.cfg", "[metadata]\nname = blog\n")
    write(repo / "blog" / "blog.py", SOURCE)
    write(repo / "tools" / "script.py", SOURCE)
    review_support.git_repo(repo)
    return repo


def test_each_file_has_its_project(monorepo):
    assert project_root(str(monorepo / "shop" / "app" / "views.py")) == str(monorepo / "shop")
    assert project_root(str(monorepo / "blog" / "blog.py")) == str(monorepo / "blog")
    assert project_root(str(monorepo / "tools" / "script.py")) == str(monorepo)


@pytest.mark.parametrize("start", ["repository root", "project folder", "file"])
def test_a_nested_table_applies_to_the_files_below_it_wherever_the_run_starts(monorepo, start):
    shop = monorepo / "shop"
    target = {"repository root": monorepo, "project folder": shop, "file": shop / "app" / "views.py"}[start]
    result = run(str(target))
    assert result.exit_code == 0, result.output
    views = (shop / "app" / "views.py").read_text()
    assert 'SECRET_KEY = os.environ["SECRET_KEY"]' in views and "value = old_api" in views  # shop's table: fake-env only
    assert (shop / "legacy" / "old.py").read_text() == SOURCE  # shop's exclude
    assert (shop / ".env").read_text() == "SECRET_KEY=abc\n"  # shop's .env, next to shop's configuration
    assert (shop / ".gitignore").read_text() == ".env\n"
    assert not (monorepo / ".env").exists() and not (shop / "app" / ".env").exists()


def test_the_other_project_and_the_loose_files_follow_their_own_rules(monorepo):
    result = run(str(monorepo))
    assert result.exit_code == 0, result.output
    for path in (monorepo / "blog" / "blog.py", monorepo / "tools" / "script.py"):
        assert path.read_text() == SOURCE.replace("old_api", "new_api")  # the root's table: fake-rename
    assert not (monorepo / "blog" / ".env").exists()


def test_two_projects_get_their_own_env_files(tmp_path, monkeypatch):
    """Two projects in one repository, both moving a secret: each its own .env, .env.example
    and .gitignore; none at the repository root."""
    review_support.install(monkeypatch)
    repo = tmp_path / "repo"
    for name in ("api", "admin"):
        write(repo / name / "pyproject.toml", f'[project]\nname = "{name}"\n')
        write(repo / name / name / "settings.py", f'SECRET_KEY = "{name}-secret"\n')
    review_support.git_repo(repo)
    result = run("--select", "fake-env", str(repo))
    assert result.exit_code == 0, result.output
    for name in ("api", "admin"):
        assert (repo / name / ".env").read_text() == f"SECRET_KEY={name}-secret\n"
        assert (repo / name / ".gitignore").read_text() == ".env\n"
    assert not (repo / ".env").exists() and not (repo / ".gitignore").exists()


def test_a_subfolder_with_some_marker_file_is_not_a_project(tmp_path, monkeypatch):
    """What the real-world review found: etc/ (a requirements.txt of its own, under a root
    with a packaging setup.py) and web/ (a setup.py that is a script, and an .env) were taken
    for project roots, and got a second .gitignore and .env."""
    review_support.install(monkeypatch)
    june = tmp_path / "june"
    write(june / "setup.py", "from setuptools import setup\n\nsetup(name='june')\n")
    write(june / "etc" / "requirements.txt", "flask\n")
    write(june / "etc" / "base_config.py", 'SECRET_KEY = "abc"\n')
    review_support.git_repo(june)
    pgadmin = tmp_path / "pgadmin"
    write(pgadmin / "requirements.txt", "flask\n")
    write(pgadmin / "web" / "setup.py", "import argparse\n\ndef main():\n    argparse.ArgumentParser()\n")
    write(pgadmin / "web" / ".env", "OTHER=1\n")
    write(pgadmin / "web" / "package.json", "{}\n")
    write(pgadmin / "web" / "config.py", 'SECRET_KEY = "abc"\n')
    review_support.git_repo(pgadmin)
    assert project_root(str(june / "etc" / "base_config.py")) == str(june)
    assert project_root(str(pgadmin / "web" / "config.py")) == str(pgadmin)
    for repo, sub in ((june, "etc"), (pgadmin, "web")):
        result = run("--select", "fake-env", str(repo))
        assert result.exit_code == 0, result.output
        assert (repo / ".gitignore").read_text() == ".env\n"
        assert (repo / ".env").read_text() == "SECRET_KEY=abc\n"
        assert not (repo / sub / ".gitignore").exists() and not (repo / sub / ".env.example").exists()
    assert (pgadmin / "web" / ".env").read_text() == "OTHER=1\n"


def test_requirements_files_without_a_packaging_file(tmp_path):
    """Two apps, each with its requirements.txt, nothing at the repository root: two
    projects. A requirements.txt below another one belongs to the outer one. Outside a
    repository the nearest one counts, else the file's own folder."""
    repo = tmp_path / "repo"
    write(repo / "one" / "requirements.txt", "flask\n")
    write(repo / "one" / "deploy" / "requirements.txt", "gunicorn\n")
    write(repo / "one" / "deploy" / "wsgi.py", "x = 1\n")
    write(repo / "two" / "requirements.txt", "flask\n")
    write(repo / "two" / "app.py", "x = 1\n")
    write(repo / "docs" / "conf.py", "x = 1\n")
    (repo / ".git").mkdir()
    assert project_root(str(repo / "one" / "deploy" / "wsgi.py")) == str(repo / "one")
    assert project_root(str(repo / "two" / "app.py")) == str(repo / "two")
    assert project_root(str(repo / "docs" / "conf.py")) == str(repo)
    loose = tmp_path / "loose"
    write(loose / "requirements.txt", "flask\n")
    write(loose / "pkg" / "mod.py", "x = 1\n")
    write(loose / "pkg" / "deeper" / "requirements.txt", "flask\n")
    write(loose / "pkg" / "deeper" / "m.py", "x = 1\n")
    assert project_root(str(loose / "pkg" / "mod.py")) == str(loose)
    assert project_root(str(loose / "pkg" / "deeper" / "m.py")) == str(loose / "pkg" / "deeper")


def test_a_file_in_no_project_is_its_own_folder(tmp_path):
    if any(os.path.exists(os.path.join(str(folder), name)) for folder in tmp_path.parents for name in (".git", "pyproject.toml", "setup.cfg", "setup.py", "requirements.txt")):
        pytest.skip("the temporary folder lies inside a project")
    write(tmp_path / "bare" / "sub" / "m.py", "x = 1\n")
    assert project_root(str(tmp_path / "bare" / "sub" / "m.py")) == str(tmp_path / "bare" / "sub")


def test_a_module_of_a_package_in_no_project_belongs_to_the_folder_above_the_package(tmp_path):
    """Outside any project, a package is never a project of its own: ``shop/db.py`` and the
    ``shop/__init__.py`` that imports ``shop.db`` must see one project that can spell
    ``shop`` (teardown across modules tells one file by one spelling)."""
    if any(os.path.exists(os.path.join(str(folder), name)) for folder in tmp_path.parents for name in (".git", "pyproject.toml", "setup.cfg", "setup.py", "requirements.txt")):
        pytest.skip("the temporary folder lies inside a project")
    for name in ("shop/__init__.py", "shop/db.py", "shop/views/__init__.py", "shop/views/pages.py"):
        write(tmp_path / "bare" / name, "x = 1\n")
    for name in ("shop/db.py", "shop/__init__.py", "shop/views/pages.py"):
        assert project_root(str(tmp_path / "bare" / name)) == str(tmp_path / "bare"), name


def test_a_run_finds_each_folders_project_once_and_the_next_run_anew(tmp_path):
    """Within ``project_roots_remembered`` (a part of a run that writes no project file) a
    folder's project is found once, for every file of it; outside it, each time."""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'outer'\n")
    service = tmp_path / "service"
    service.mkdir()
    with project_roots_remembered():
        assert project_root(str(service / "app.py")) == str(tmp_path)
        (service / "pyproject.toml").write_text("[project]\nname = 'inner'\n")
        assert project_root(str(service / "views.py")) == str(tmp_path)  # remembered for the folder
        assert project_root(str(tmp_path / "app.py")) == str(tmp_path)
    assert project_root(str(service / "app.py")) == str(service)
    with project_roots_remembered():
        assert project_root(str(service / "app.py")) == str(service)


def test_a_file_of_other_tools_settings_makes_no_project(tmp_path, monkeypatch):
    """app/setup.cfg holding only flake8's settings (or a pyproject.toml of black's) declares
    no project: app/ belongs to the repository's project, whose tox.ini and requirements the
    tool reads for it; one holding project metadata makes a project of its own."""
    review_support.install(monkeypatch)
    repo = tmp_path / "repo"
    write(repo / "requirements.txt", "flask\n")
    write(repo / "tox.ini", "[tox]\nenvlist = py27,py34\n")
    write(repo / "app" / "setup.cfg", "[flake8]\nmax-line-length = 100\n\n[tool:pytest]\ntestpaths = tests\n")
    write(repo / "app" / "models.py", SOURCE)
    write(repo / "lint" / "pyproject.toml", "[tool.black]\nline-length = 100\n")
    write(repo / "lint" / "check.py", SOURCE)
    write(repo / "shop" / "setup.cfg", "[flake8]\nmax-line-length = 100\n\n[options]\ninstall_requires = flask\n")
    write(repo / "shop" / "shop.py", SOURCE)
    write(repo / "blog" / "pyproject.toml", "[tool.black]\nline-length = 100\n\n[build-system]\nrequires = ['setuptools']\n")
    write(repo / "blog" / "blog.py", SOURCE)
    review_support.git_repo(repo)
    assert project_root(str(repo / "app" / "models.py")) == str(repo)
    assert project_root(str(repo / "lint" / "check.py")) == str(repo)
    assert project_root(str(repo / "shop" / "shop.py")) == str(repo / "shop")
    assert project_root(str(repo / "blog" / "blog.py")) == str(repo / "blog")
    result = run("--select", "fake-env", str(repo / "app"))
    assert result.exit_code == 0, result.output
    assert (repo / ".env").read_text() == "SECRET_KEY=abc\n"
    assert not (repo / "app" / ".env").exists()

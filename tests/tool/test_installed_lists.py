"""Requirements lists named by the project's own commands (codemods/_install_commands.py): a
Makefile's, a Dockerfile's, tox.ini's or .travis.yml's ``pip install -r FILE`` declares what
FILE lists, wherever it lies. The target Flask (tool/target.py) and the codemods' declared
versions (_declared_versions) read the same files and agree."""

from __future__ import annotations

import pytest

from flask_codemod.codemods import Context
from flask_codemod.codemods._declared_versions import declared_specifiers, nearest_declarations
from flask_codemod.codemods._install_commands import development_list, installed_lists
from flask_codemod.requirements import add_requirements
from flask_codemod.target import declared_target
from helpers import ProjectReader

LISTED = "# the app\nFlask==2.0.3\nFlask-SQLAlchemy==2.5.1\n"

LAYOUTS = {
    "Makefile": {"Makefile": "install:\n\t@pip install -r etc/reqs-dev.txt\n", "etc/reqs-dev.txt": LISTED},
    "Dockerfile": {"Dockerfile": "FROM python:3.11\nRUN pip install --no-cache-dir \\\n    -r deploy/requirements.txt\n", "deploy/requirements.txt": LISTED},
    "tox.ini": {"tox.ini": "[testenv]\ndeps =\n    -r{toxinidir}/etc/requirements.txt\n", "etc/requirements.txt": LISTED},
    ".travis.yml": {".travis.yml": "install:\n  - python -m pip install --upgrade --requirement=ci/app.txt\n", "ci/app.txt": LISTED},
}


def _write(root, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


@pytest.mark.parametrize("files", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_the_target_reads_the_list_a_command_installs(tmp_path, files):
    _write(tmp_path, files)
    listed = next(name for name in files if name not in LAYOUTS)
    assert declared_target(str(tmp_path)) == ((2, 0), str(tmp_path / listed))


@pytest.mark.parametrize("path", ["app.py", "shop/models.py"])
@pytest.mark.parametrize("files", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_the_codemods_read_the_same_list(files, path):
    ctx = Context(path, read_file=ProjectReader(files, path))
    assert [str(s) for s in declared_specifiers(ctx, "flask-sqlalchemy")] == ["==2.5.1"]


def test_a_development_list_gives_versions_but_not_what_the_project_chose():
    """A list of development or tests is what the code runs under (its releases count), not
    what the app needs in production: a library it alone names is not one the project chose."""
    files = LAYOUTS["Makefile"]
    ctx = Context("app.py", read_file=ProjectReader(files, "app.py"))
    assert nearest_declarations(ctx, ("flask",)) != {}
    assert nearest_declarations(ctx, ("flask",), locks=False) == {}
    files = LAYOUTS["Dockerfile"]
    ctx = Context("app.py", read_file=ProjectReader(files, "app.py"))
    assert [str(s) for s in nearest_declarations(ctx, ("flask",), locks=False)["flask"]] == ["==2.0.3"]


@pytest.mark.parametrize(
    "name, text, lists",
    [
        ("Makefile", "deps:\n\tvenv/bin/pip3 install -q -r a.txt -r b/c.txt && pip install -rd.txt\n", ["a.txt", "b/c.txt", "d.txt"]),
        ("Makefile", "deps:\n\tpip install -r $(REQS)/a.txt\n\tpip install -r ${DIR}/b.txt\n", []),
        ("Dockerfile", "COPY requirements.txt /app/\nRUN pip install -r /app/requirements.txt\n", []),
        ("Dockerfile", "RUN pip install -r ../shared/reqs.txt\nRUN pip install -r https://x/reqs.txt\n", []),
        ("Dockerfile", "RUN echo -r nothing.txt && pip install flask\n", []),  # not pip's option
        (".travis.yml", "install: pip install -r ./reqs/app.txt; pip install -r reqs/app.txt\n", ["reqs/app.txt"]),
        ("tox.ini", "[testenv]\ndeps =\n    -rrequirements/test.txt\n    # -r old.txt\n    pytest\n", ["requirements/test.txt"]),
    ],
)
def test_the_lists_a_command_names(name, text, lists):
    """Only a path the command spells out, inside the project: a computed one, an image's,
    one above the folder, a URL name nothing here."""
    assert list(installed_lists(name, text)) == lists


@pytest.mark.parametrize(
    "path, development",
    [
        ("requirements.txt", False), ("etc/reqs-dev.txt", True), ("requirements/test.txt", True), ("deploy/app.in", False),
        ("docs.txt", True), ("tests/requirements.txt", True), ("docs/requirements.txt", True), ("docker/requirements.txt", False),
        # by whole words: the list a Dockerfile installs is what the image runs with
        ("requirements-docker.txt", False), ("requirements/docker.txt", False), ("requirements-social.txt", False),
        ("requirements_ci.txt", True), ("dev-requirements.txt", True), ("test_requirements.txt", True),
        # a folder of test code, by every name the code kinds know (open-notify's testsuite/)
        ("testsuite/requirements.txt", True), ("Tests/requirements.txt", True), ("src/_tests/requirements.txt", True),
        ("spec/requirements.txt", False),
    ],
)
def test_development_lists_are_told_by_name(path, development):
    assert development_list(path) is development


def test_the_writer_adds_to_a_runtime_list_a_command_names(tmp_path):
    """The requirements writer reads the same places: a runtime list the Dockerfile installs
    gets the package; a development list does not make a declaration."""
    _write(tmp_path, LAYOUTS["Dockerfile"])
    changes, problems = add_requirements(str(tmp_path), {"python-dotenv": ">=1.0"})
    assert [(c.path, c.new_text) for c in changes] == [(str(tmp_path / "deploy/requirements.txt"), LISTED + "python-dotenv==1.0.0\n")]
    assert problems == []

"""The Pythons a project's CI runs its tests on count as declared (codemods/_ci_pythons.py):
``.travis.yml``'s ``python`` keys in any YAML style, and the ``python-version`` of the
``actions/setup-python`` steps of its GitHub Actions workflows. What cannot be read leaves
the newest Python unknown (the safe direction: no newest-release cap), never a wrong one."""

from __future__ import annotations

import subprocess
import textwrap

import pytest
from typer.testing import CliRunner

from flask_codemod.cli import app as cli
from flask_codemod.codemods._declared_python import python_range
from helpers import run_codemods

MODELS = (
    "from sqlalchemy import Column, Integer\nfrom sqlalchemy.ext.declarative import declarative_base\n\n"
    "Base = declarative_base()\n\n\nclass User(Base):\n    __tablename__ = \"users\"\n    id = Column(Integer, primary_key=True)\n"
)


def workflow(body: str) -> dict[str, str]:
    return {".github/workflows/tests.yml": textwrap.dedent(body)}


@pytest.mark.parametrize(
    "texts, expected",
    [
        # a flow mapping whose first key is not python (Travis: env first)
        ({".travis.yml": "matrix:\n  include:\n    - {env: X=1, python: 2.7}\n    - python: 3.6\n"}, ((2, 7), (3, 6))),
        ({".travis.yml": "jobs:\n  include:\n    - { env: \"A=1\", python: \"3.4\" }\n    - { python: \"3.6\" }\n"}, ((3, 4), (3, 6))),
        ({".travis.yml": "python: [2.7, '3.5']\n"}, ((2, 7), (3, 5))),
        # 3.10 as written, not the float 3.1
        ({".travis.yml": "python:\n  - 3.9\n  - 3.10\n"}, ((3, 9), (3, 10))),
        # a file YAML cannot read names nothing: the newest stays unknown
        ({".travis.yml": "python: [2.7\n", "setup.py": "setup(python_requires='>=3.6')\n"}, ((3, 6), None)),
        ({".travis.yml": "python: [2.7\n"}, None),
    ],
)
def test_travis_pythons_in_every_yaml_style(texts, expected):
    assert python_range(texts) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            """
            jobs:
              test:
                runs-on: ubuntu-latest
                strategy:
                  matrix:
                    python-version: [3.7, 3.8, 3.9, 3.10]
                steps:
                  - uses: actions/checkout@v4
                  - uses: actions/setup-python@v5
                    with:
                      python-version: ${{ matrix.python-version }}
                  - run: python -m pytest
            """,
            ((3, 7), (3, 10)),
        ),
        (
            """
            on: push
            jobs:
              lint:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/setup-python@v4
                    with:
                      python-version: "3.11"
                  - run: flake8 .
              test:
                strategy:
                  matrix:
                    py: ["3.6"]
                    include:
                      - py: "pypy-3.9"
                steps:
                  - uses: actions/setup-python@v4
                    with:
                      python-version: ${{ matrix.py }}
                  - run: |
                      pip install tox
                      tox -e py
            """,
            ((3, 6), (3, 9)),  # the lint job's 3.11 is not a Python the code is tested on
        ),
        # "3.x", an expression, no version given: read as unknown, the newest is not capped
        (
            """
            jobs:
              test:
                strategy:
                  matrix:
                    python: ["3.8", "3.x"]
                steps:
                  - uses: actions/setup-python@v5
                    with:
                      python-version: ${{ matrix.python }}
                  - run: make test
            """,
            ((3, 8), None),
        ),
        (
            """
            jobs:
              test:
                strategy:
                  matrix: ${{ fromJSON(needs.plan.outputs.matrix) }}
                steps:
                  - uses: actions/setup-python@v5
                    with:
                      python-version: ${{ matrix.python }}
                  - uses: actions/setup-python@v5
                    with:
                      python-version: "3.7"
                  - run: coverage run -m unittest
            """,
            ((3, 7), None),
        ),
        # a job that only builds and publishes (sqlite-web's wheels on 3.12) declares nothing
        (
            """
            jobs:
              wheels:
                steps:
                  - uses: actions/setup-python@v5
                    with:
                      python-version: "3.12"
                  - run: python -m build
                  - run: twine upload dist/*
            """,
            None,
        ),
        # no setup-python step: nothing declared
        ("jobs:\n  test:\n    steps:\n      - run: make test\n", None),
    ],
)
def test_github_actions_workflows_declare_the_pythons_setup_python_installs(body, expected):
    assert python_range(workflow(body)) == expected


def test_a_workflow_of_the_project_holds_a_library_back():
    """Tested on 3.5 by its workflow: SQLAlchemy 1.3.24 is the newest there, which has no
    sqlalchemy.orm.declarative_base: the import stays."""
    project = {
        "requirements.txt": "SQLAlchemy\n",
        **workflow(
            """
            jobs:
              test:
                strategy:
                  matrix:
                    python-version: ["3.5", "3.8"]
                steps:
                  - uses: actions/setup-python@v2
                    with:
                      python-version: ${{ matrix.python-version }}
                  - run: pytest tests
            """
        ),
    }
    result = run_codemods(MODELS, "sqlalchemy-2", path="app/models.py", project=project, dedent=False)
    assert result.new_text == MODELS
    assert any("3.5" in finding.message for finding in result.findings)
    alone = run_codemods(MODELS, "sqlalchemy-2", path="app/models.py", project={"requirements.txt": "SQLAlchemy\n"}, dedent=False)
    assert alone.new_text != MODELS  # without the workflow: the newest release, which has it


def _repository(root, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    subprocess.run(["git", "init", "-q", str(root)], check=True)


@pytest.mark.parametrize(
    "files",
    [
        # a subfolder's setup.cfg of flake8's settings makes no project: the root's tox.ini counts
        {"tox.ini": "[tox]\nenvlist = py27,py34,py35,py36\n", "app/setup.cfg": "[flake8]\nmax-line-length = 100\n"},
        # a Travis job whose python is not its flow mapping's first key
        {".travis.yml": "language: python\nmatrix:\n  include:\n    - {env: X=1, python: \"3.4\"}\n    - python: \"3.6\"\n"},
    ],
)
def test_the_command_line_keeps_what_the_declared_pythons_cannot_install(tmp_path, files):
    root = tmp_path / "project"
    _repository(root, {"requirements.txt": "Flask\nSQLAlchemy\n", "app/__init__.py": "", "app/models.py": MODELS, **files})
    result = CliRunner().invoke(cli, ["apply", "-v", "--select", "sqlalchemy-2", "-j", "1", "--no-config", "--no-cache", str(root)])
    assert result.exit_code == 0, result.output
    assert (root / "app" / "models.py").read_text() == MODELS
    assert "3.4" in result.output


def test_nested_aliases_are_walked_once():
    """Each level repeats the one below twice: 2**40 paths, each list read once."""
    levels = ["a0: &a0 {python: '3.6'}"] + [f"a{n}: &a{n} [*a{n - 1}, *a{n - 1}]" for n in range(1, 41)]
    assert python_range({".travis.yml": "\n".join(levels) + "\n"}) == ((3, 6), (3, 6))


@pytest.mark.parametrize(
    "files, expected",
    [
        # a matrix entry every combination of which is excluded never runs: 2.7 is not tested
        (
            workflow(
                """
                jobs:
                  test:
                    strategy:
                      matrix:
                        python-version: ["2.7", "3.8", "3.11"]
                        os: [ubuntu-latest, windows-latest]
                        exclude:
                          - python-version: "2.7"
                    steps:
                      - uses: actions/setup-python@v5
                        with:
                          python-version: ${{ matrix.python-version }}
                      - run: pytest
                """
            ),
            ((3, 8), (3, 11)),
        ),
        # excluded on one system only: 3.6 still runs on the other
        (
            workflow(
                """
                jobs:
                  test:
                    strategy:
                      matrix:
                        python-version: ["3.6", "3.10"]
                        os: [ubuntu-latest, windows-latest]
                        exclude:
                          - python-version: "3.6"
                            os: windows-latest
                    steps:
                      - uses: actions/setup-python@v5
                        with:
                          python-version: ${{ matrix.python-version }}
                      - run: pytest
                """
            ),
            ((3, 6), (3, 10)),
        ),
        # excluded on every system: 3.6 never runs; an include entry runs whatever it names
        (
            workflow(
                """
                jobs:
                  test:
                    strategy:
                      matrix:
                        python-version: ["3.6", "3.10"]
                        os: [ubuntu-latest, windows-latest]
                        exclude:
                          - {python-version: "3.6", os: windows-latest}
                          - {python-version: "3.6", os: ubuntu-latest}
                        include:
                          - {python-version: "3.7", os: ubuntu-latest}
                    steps:
                      - uses: actions/setup-python@v5
                        with:
                          python-version: ${{ matrix.python-version }}
                      - run: pytest
                """
            ),
            ((3, 7), (3, 10)),
        ),
        # an exclusion the workflow computes is not read: nothing is taken out
        (
            workflow(
                """
                jobs:
                  test:
                    strategy:
                      matrix:
                        python-version: ["2.7", "3.8"]
                        exclude: ${{ fromJSON(inputs.skip) }}
                    steps:
                      - uses: actions/setup-python@v5
                        with:
                          python-version: ${{ matrix.python-version }}
                      - run: pytest
                """
            ),
            ((2, 7), (3, 8)),
        ),
        # python-version-file: the file it names, read as .python-version is
        (
            {
                **workflow(
                    """
                    jobs:
                      test:
                        steps:
                          - uses: actions/setup-python@v5
                            with:
                              python-version-file: "backend/.python-version"
                          - run: pytest
                    """
                ),
                "backend/.python-version": "3.9.18\n",
            },
            ((3, 9), (3, 9)),
        ),
        (
            {
                **workflow(
                    """
                    jobs:
                      test:
                        steps:
                          - uses: actions/setup-python@v5
                            with:
                              python-version-file: .tool-versions
                          - run: tox
                    """
                ),
                ".tool-versions": "nodejs 18.0.0\npython 3.10.4\n",
            },
            ((3, 10), (3, 10)),
        ),
        # a file that is not there, or whose Python cannot be read: unknown, as before
        (
            {
                **workflow(
                    """
                    jobs:
                      test:
                        steps:
                          - uses: actions/setup-python@v5
                            with:
                              python-version-file: .python-version-ci
                          - uses: actions/setup-python@v5
                            with:
                              python-version: "3.8"
                          - run: pytest
                    """
                )
            },
            ((3, 8), None),
        ),
    ],
)
def test_github_actions_exclusions_and_version_files_are_read(files, expected):
    assert python_range({name: textwrap.dedent(text) for name, text in files.items()}) == expected


def test_a_version_file_a_workflow_names_is_read_from_the_project(tmp_path):
    """Tested on the Python of ``ci/python-version`` (3.5) by its workflow: SQLAlchemy 1.3.24
    is the newest there, which has no sqlalchemy.orm.declarative_base: the import stays."""
    root = tmp_path / "project"
    body = textwrap.dedent(
        """
        jobs:
          test:
            steps:
              - uses: actions/setup-python@v2
                with:
                  python-version-file: ci/python-version
              - run: pytest tests
        """
    )
    files = {"requirements.txt": "Flask\nSQLAlchemy\n", "app/__init__.py": "", "app/models.py": MODELS,
             ".github/workflows/tests.yml": body, "ci/python-version": "3.5.10\n"}
    _repository(root, files)
    result = CliRunner().invoke(cli, ["apply", "-v", "--select", "sqlalchemy-2", "-j", "1", "--no-config", "--no-cache", str(root)])
    assert result.exit_code == 0, result.output
    assert (root / "app" / "models.py").read_text() == MODELS
    assert "3.5" in result.output

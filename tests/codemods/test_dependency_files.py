"""What a dependency file's text declares for a distribution, by the kind of file
(codemods/_dependency_files.py): the one parser behind the target Flask version
(tool/target.py) and the declared SQLAlchemy / Flask-SQLAlchemy (_declared_versions)."""

from __future__ import annotations

import json

import pytest
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from flask_codemod.codemods._dependency_files import (
    PIPFILE,
    PIPFILE_LOCK,
    POETRY_LOCK,
    PYPROJECT,
    REQUIREMENTS,
    SETUP_CFG,
    SETUP_PY,
    specifiers_in,
)


def declared(kind: str, text: str, distribution: str) -> list[str]:
    return [str(specifier) for specifier in specifiers_in(kind, text, distribution)]


@pytest.mark.parametrize(
    "kind, text, specifiers",
    [
        (REQUIREMENTS, "# pinned\nflask[async] >=2.2, <3  # comment\nSQLAlchemy==1.3.24\n", ["==1.3.24"]),
        # pip-compile --generate-hashes: the hashes are options, on continuation lines (any newline)
        (REQUIREMENTS, "sqlalchemy==1.3.24 \\\r\n    --hash=sha256:abc \\\r\n    --hash=sha256:def\r\n", ["==1.3.24"]),
        # an install from a repository is a checkout, as a Pipfile's git table: some release, possibly the lowest
        (REQUIREMENTS, "-r base.txt\n-e git+https://x/sqlalchemy.git#egg=sqlalchemy\nsqlalchemy-utils==0.37\n", [">=0"]),
        (REQUIREMENTS, "git+https://x/sqlalchemy.git@rel_1_3#egg=SQLAlchemy\n--editable=hg+https://x/other#egg=other\n", [">=0"]),
        (REQUIREMENTS, "-e ./vendor/sqlalchemy\nhttps://x/download?id=1324\n", []),  # no name given: which is it?
        (REQUIREMENTS, "sqlalchemy @ https://x/archive/rel_1_3.zip\n", [">=0"]),
        (SETUP_PY, 'from setuptools import setup\nsetup(name="x", install_requires=["SQLAlchemy @ git+https://x/s.git"])\n', [">=0"]),
        (PYPROJECT, '[project]\nname = "shop"\ndependencies = ["sqlalchemy@git+https://x/s.git@v1.3"]\n', [">=0"]),
        (SETUP_CFG, "[metadata]\nname = shop\n\n[options]\ninstall_requires =\n    flask\n    sqlalchemy >= 1.2  # old\n", [">=1.2"]),
        (SETUP_CFG, "[options\nbroken", []),
        (SETUP_PY, 'from setuptools import setup\nsetup(name="x", install_requires=["Flask", "SQLAlchemy>=1.3,<1.5"])\n', ["<1.5,>=1.3"]),
        (SETUP_PY, 'import setuptools\nREQUIRES = ("sqlalchemy~=1.3",)\nsetuptools.setup(install_requires=REQUIRES)\n', ["~=1.3"]),
        (SETUP_PY, "from setuptools import setup\nsetup(install_requires=open('req.txt').read().split())\n", []),  # never run
        (PYPROJECT, '[project]\nname = "shop"\ndependencies = ["SQLAlchemy<1.4"]\n', ["<1.4"]),
        (PYPROJECT, '[tool.poetry.dependencies]\npython = "^3.9"\nSQLAlchemy = "^1.3"\n', [">=1.3"]),
        (PYPROJECT, '[tool.poetry.dependencies]\nsqlalchemy = {version = "~1.3.2", extras = ["mypy"]}\n', [">=1.3.2"]),
        (PYPROJECT, '[tool.poetry.dependencies]\nsqlalchemy = "^1.3 || ^2.0"\n', [">=1.3", ">=2.0"]),
        (PYPROJECT, '[tool.poetry.dependencies]\nsqlalchemy = "1.3.24"\n', ["==1.3.24"]),
        (PIPFILE, '[packages]\nflask = "*"\nSQLAlchemy = {version = ">=1.3"}\n', [">=1.3"]),
        (PIPFILE, '[packages]\nsqlalchemy = "*"\n', [""]),
        # a table without a version: extras only is any release (pipenv's and Poetry's "*"); a
        # checkout (git, a path, a URL) is some unknown release, so possibly the lowest: ">=0"
        (PIPFILE, '[packages]\nsqlalchemy = {extras = ["asyncio"]}\n', [""]),
        (PIPFILE, '[packages]\nsqlalchemy = {version = "*", extras = ["asyncio"]}\n', [""]),
        (PIPFILE, '[packages]\nsqlalchemy = {git = "https://x/sqlalchemy.git"}\n', [">=0"]),
        (PIPFILE, '[packages]\nsqlalchemy = {path = "./vendor/sqlalchemy", editable = true}\n', [">=0"]),
        (PIPFILE_LOCK, json.dumps({"default": {"sqlalchemy": {"git": "https://x/sqlalchemy.git", "ref": "0a1b2c"}}}), [">=0"]),
        (PYPROJECT, '[tool.poetry.dependencies]\nsqlalchemy = {extras = ["mypy"]}\n', [""]),
        (PYPROJECT, '[tool.poetry.dependencies]\nsqlalchemy = {git = "https://x/sqlalchemy.git", branch = "rel_1_3"}\n', [">=0"]),
        (PYPROJECT, '[tool.poetry.dependencies]\nsqlalchemy = {url = "https://x/SQLAlchemy-1.3.24.tar.gz"}\n', [">=0"]),
        # Poetry's list of constraints, one per environment: each is a release the code runs on
        (
            PYPROJECT,
            '[tool.poetry.dependencies]\nsqlalchemy = [\n  {version = "<1.4", python = "<3.8"},\n  {version = "^1.4", python = ">=3.8"},\n]\n',
            ["<1.4", ">=1.4"],
        ),
        (PYPROJECT, '[tool.poetry.dependencies]\nsqlalchemy = [{version = "^2.0", python = ">=3.8"}, {git = "https://x/s.git", python = "<3.8"}]\n', [">=2.0", ">=0"]),
        # not a constraint at all
        (PIPFILE, '[packages]\nsqlalchemy = 1.3\n', []),
        (PYPROJECT, '[tool.poetry.dependencies]\nsqlalchemy = [1, "x"]\n', []),
        (PIPFILE_LOCK, json.dumps({"default": {"SQLAlchemy": {"version": "==1.3.24"}}}), ["==1.3.24"]),
        (PIPFILE_LOCK, json.dumps({"default": {}, "develop": {"sqlalchemy": {"version": "==1.3.1"}}}), []),
        (PIPFILE_LOCK, '{"default": ', []),
        (PIPFILE_LOCK, "[]", []),
        (POETRY_LOCK, '[[package]]\nname = "SQLAlchemy"\nversion = "1.3.24"\n', ["==1.3.24"]),
    ],
)
def test_what_each_kind_declares(kind, text, specifiers) -> None:
    assert declared(kind, text, "sqlalchemy") == specifiers


def test_a_file_answers_for_each_distribution_in_any_spelling() -> None:
    text = "Flask_SQLAlchemy==2.5.1\nflask==2.0.3\nsqlalchemy>=1.4\n"
    assert declared(REQUIREMENTS, text, "flask-sqlalchemy") == ["==2.5.1"]
    assert declared(REQUIREMENTS, text, "Flask") == ["==2.0.3"]
    assert declared(REQUIREMENTS, text, "werkzeug") == []


@pytest.mark.parametrize("distribution", ["flask", "flask-sqlalchemy"])
@pytest.mark.parametrize(
    "text",
    ["flask", "Flask>=2.0", " FLASK [async] >= 2.1", "flask@ https://x/flask.whl", "flask (>=2.0)", "flask;python_version>'3'",
     "\tflask==2.0", "flask-login", "flask_sqlalchemy", "Flask.SQLAlchemy>=2", "flasky", "flask.ext", "Flask-", "xflask", "fl-ask",
     "flask\\", "flask-sqlalchemy-"],
)
def test_the_quick_look_at_a_requirements_name_agrees_with_the_full_parse(text, distribution) -> None:
    """Only a requirement whose name can be the distribution's is parsed by packaging: the
    look at its name never misses one the full parse says names it."""
    try:
        requirement = Requirement(text)
    except InvalidRequirement:
        expected = []
    else:
        # a URL installs a checkout: some release nobody declared, possibly the lowest
        specifier = ">=0" if requirement.url else str(requirement.specifier)
        expected = [specifier] if canonicalize_name(requirement.name) == distribution else []
    assert declared(REQUIREMENTS, text, distribution) == expected


@pytest.mark.parametrize(
    "text, distribution, specifiers",
    [
        # the archive of a known project's repository: that project, a release nobody declared
        ("https://github.com/pallets/flask/archive/1.0.tar.gz\n", "flask", [">=0"]),
        ("https://github.com/pallets/flask/archive/refs/tags/2.0.1.zip  # pinned\n", "flask", [">=0"]),
        ("https://codeload.github.com/pallets-eco/flask-sqlalchemy/tar.gz/2.5.1\n", "flask-sqlalchemy", [">=0"]),
        ("git+https://github.com/sqlalchemy/sqlalchemy.git@rel_1_3\n", "sqlalchemy", [">=0"]),
        # a repository nobody here knows: its name may be anything's
        ("https://github.com/someone/flask/archive/1.0.tar.gz\n", "flask", []),
        ("https://github.com/pallets/flask/archive/1.0.tar.gz\n", "werkzeug", []),
        # a source or wheel file names its distribution, however the URL reaches it
        ("https://files.example/packages/Flask-SQLAlchemy-2.5.1.tar.gz\n", "flask-sqlalchemy", [">=0"]),
        ("https://files.example/flask_sqlalchemy-3.1.1-py3-none-any.whl#sha256=abc\n", "flask-sqlalchemy", [">=0"]),
        ("./vendor/SQLAlchemy-1.3.24.tar.gz\n", "sqlalchemy", [">=0"]),
        ("https://files.example/SQLAlchemy-1.3.24.tar.gz\n", "flask-sqlalchemy", []),
        ("https://files.example/flask.tar.gz\n", "flask", []),  # no version: a name, or a file called so?
        ("https://files.example/1.0.tar.gz\n", "flask", []),
    ],
)
def test_an_archive_without_egg_is_recognised_where_its_url_names_the_distribution(text, distribution, specifiers) -> None:
    """Where the URL names the distribution plainly, it is a checkout of it (some release: never the
    version the URL seems to say); elsewhere it declares nothing."""
    assert declared(REQUIREMENTS, text, distribution) == specifiers

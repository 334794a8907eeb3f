"""The releases a project can get of a library are those that install on every Python it
declares: an unpinned (or undeclared) library gets, on the project's oldest Python, the newest
release that installs there (codemods/_python_support.py), and an upgrade whose new form that
release lacks is held back with a finding, as for a requirement pinned to that release.

The auditor's cases: sopython-site (``python_requires='>=3.4'``, unpinned SQLAlchemy: pip gives
1.3.24 on 3.4, which has no ``sqlalchemy.orm.declared_attr``) and june (its CI tests 2.6 and
2.7, unpinned Flask-SQLAlchemy: 2.5.1 at most, which has no ``flask_sqlalchemy.query``)."""

from __future__ import annotations

import pytest

from flask_codemod.codemods._python_support import declared_pythons, newest_installable
from helpers import run_codemods

DECLARED_ATTR = "from sqlalchemy.ext.declarative import declared_attr\n"
BASE_QUERY = "from flask_sqlalchemy import BaseQuery\n\n\nclass JuneQuery(BaseQuery):\n    pass\n"


def _setup(python_requires: str, sqlalchemy: str = "SQLAlchemy") -> str:
    return f"from setuptools import setup\n\nsetup(name='shop', python_requires='{python_requires}', install_requires=['{sqlalchemy}'])\n"


@pytest.mark.parametrize("sqlalchemy", ["SQLAlchemy", "SQLAlchemy<2", "Flask"])  # (Flask: SQLAlchemy undeclared)
def test_python_3_4_gets_no_sqlalchemy_1_4_the_import_stays(sqlalchemy):
    result = run_codemods(DECLARED_ATTR, "sqlalchemy-2", project={"setup.py": _setup(">=3.4", sqlalchemy)}, path="shop/models.py", dedent=False)
    assert result.new_text == DECLARED_ATTR
    messages = [f.message for f in result.findings]
    assert len(messages) == 1
    assert "declares Python 3.4, where SQLAlchemy 1.3.24 is the newest that installs" in messages[0]


def test_python_3_7_gets_sqlalchemy_2_the_import_moves():
    result = run_codemods(DECLARED_ATTR, "sqlalchemy-2", project={"setup.py": _setup(">=3.7")}, path="shop/models.py", dedent=False)
    assert result.new_text == "from sqlalchemy.orm import declared_attr\n"
    assert result.findings == []


def test_python_2_7_and_later_meets_3_4_and_3_5():
    """``>=2.7`` declares 3.4 and 3.5 too, where SQLAlchemy 1.4 does not install (it does on 2.7)."""
    result = run_codemods(DECLARED_ATTR, "sqlalchemy-2", project={"setup.py": _setup(">=2.7")}, path="shop/models.py", dedent=False)
    assert result.new_text == DECLARED_ATTR
    assert "declares Python 2.7 and later, and on 3.4 SQLAlchemy 1.3.24 is the newest that installs" in result.findings[0].message


@pytest.mark.parametrize(
    "declared",
    [
        {".travis.yml": "language: python\n\npython:\n  - 2.7\n  - pypy\n"},  # flask-website: Python 2.7 only
        {"setup.py": "from setuptools import setup\n\nsetup(name='shop', classifiers=['Programming Language :: Python :: 2.7'])\n"},
    ],
    ids=["travis", "classifiers"],
)
def test_pythons_named_one_by_one_declare_no_newer_one(declared):
    """A project that names 2.7 alone runs on no 3.4: pip gives it SQLAlchemy 1.4.54 there."""
    project = {**declared, "requirements.txt": "SQLAlchemy\n"}
    result = run_codemods(DECLARED_ATTR, "sqlalchemy-2", project=project, path="shop/models.py", dedent=False)
    assert result.new_text == "from sqlalchemy.orm import declared_attr\n"


def test_a_lower_bound_that_has_the_form_is_taken_at_its_word():
    """``SQLAlchemy>=1.4`` installs nothing older, whatever the Python: the code runs only with 1.4."""
    project = {"setup.py": _setup(">=3.4", "SQLAlchemy>=1.4")}
    result = run_codemods(DECLARED_ATTR, "sqlalchemy-2", project=project, path="shop/models.py", dedent=False)
    assert result.new_text == "from sqlalchemy.orm import declared_attr\n"


@pytest.mark.parametrize(
    "declared",
    [
        {".travis.yml": 'language: python\n\npython:\n    - "2.6"\n    - "2.7"\n'},
        {"setup.py": "from setuptools import setup\n\nsetup(name='june', python_requires='>=2.7')\n"},
        {"tox.ini": "[tox]\nenvlist = py27, py36\n"},
    ],
    ids=["travis", "python_requires", "tox"],
)
def test_python_2_gets_no_flask_sqlalchemy_3_base_query_stays(declared):
    project = {**declared, "requirements.txt": "Flask\nFlask-SQLAlchemy\n"}
    result = run_codemods(BASE_QUERY, "flask-sqlalchemy-3", project=project, path="june/models.py", dedent=False)
    assert result.new_text == BASE_QUERY
    assert any("BaseQuery" in f.message for f in result.findings)


def test_flask_sqlalchemy_3_base_query_moves_on_python_3_8():
    project = {"setup.py": "from setuptools import setup\n\nsetup(name='june', python_requires='>=3.8')\n", "requirements.txt": "Flask-SQLAlchemy\n"}
    result = run_codemods(BASE_QUERY, "flask-sqlalchemy-3", project=project, path="june/models.py", dedent=False)
    assert "flask_sqlalchemy.query" in result.new_text


def test_newest_installable_is_the_oldest_over_the_declared_pythons():
    assert newest_installable("SQLAlchemy", (3, 4)) == ((1, 3, 24), (3, 4))
    assert newest_installable("sqlalchemy", (2, 7)) == ((1, 3, 24), (3, 4))
    assert newest_installable("sqlalchemy", (3, 7)) == ((2, 0, 58), (3, 7))
    assert newest_installable("flask_sqlalchemy", (2, 6)) == ((2, 3, 2), (2, 6))
    assert newest_installable("flask", (3, 12)) is None  # newer than the table: the newest release
    assert newest_installable("sqlalchemy", None) is None
    assert newest_installable("not-in-the-table", (2, 7)) is None
    assert newest_installable("sqlalchemy", (2, 7), (2, 7)) == ((1, 4, 54), (2, 7))
    assert (3, 3) not in declared_pythons((2, 7)) and declared_pythons((3, 3))[0] == (3, 3)
    assert declared_pythons((2, 7), (3, 5)) == [(2, 7), (3, 4), (3, 5)]


def test_a_version_of_thousands_of_digits_reads_as_one_above_every_release():
    from flask_codemod.codemods._declared_python import lowest_python

    huge = "9" * 5000
    assert lowest_python({"runtime.txt": f"python-{huge}.1"}) == (10**9, 1)
    assert lowest_python({"setup.py": f"setup(python_requires='>=3.{huge}')"}) == (3, 10**9)


@pytest.mark.parametrize(
    "name, text",
    [
        (".travis.yml", "language: python\nmatrix:\n  include:\n    - python: 2.7\n    - python: 3.6\n"),
        (".travis.yml", "language: python\njobs:\n  include:\n    - python: \"2.7\"\n      env: A=1\n"),
        (".travis.yml", "language: python\nenv:\n  - TOXENV=py27\n  - TOXENV=py36\nscript: tox\n"),
        ("setup.py", "setup(classifiers=['Programming Language :: Python :: 2', 'Programming Language :: Python :: 3.6'])\n"),
        ("setup.py", "setup(classifiers=['Programming Language :: Python :: 2 :: Only'])\n"),
    ],
)
def test_python_2_is_read_where_a_job_or_a_classifier_names_it(name, text):
    from flask_codemod.codemods._declared_python import python_range

    assert python_range({name: text})[0] == (2, 7)


def test_a_job_list_keeps_every_python_it_names():
    from flask_codemod.codemods._declared_python import python_range

    text = "language: python\nmatrix:\n  include:\n    - python: 2.7\n    - python: 3.6\n"
    assert python_range({".travis.yml": text}) == ((2, 7), (3, 6))


@pytest.mark.parametrize(
    "texts, expected",
    [
        # a declaration that cannot be read is passed over: the others still count
        ({"setup.py": "setup(python_requires=PYTHON_REQUIRES, classifiers=['Programming Language :: Python :: 2.7'])\n"}, ((2, 7), None)),
        ({"setup.py": "python = sys.executable\nsetup(classifiers=['Programming Language :: Python :: 3.4'])\n"}, ((3, 4), (3, 4))),
        ({".python-version": "system\n", ".travis.yml": "python:\n  - 2.7\n  - 3.4\n"}, ((2, 7), None)),
        # pyenv's file names one Python a line
        ({".python-version": "3.8.10\n3.5.10\n2.7.18\n"}, ((2, 7), (3, 8))),
        # an entry not read leaves the newest Python unknown
        ({"tox.ini": "[tox]\nenvlist = py27,py3{4,5,6}\n"}, ((2, 7), (3, 6))),
        ({"tox.ini": "[tox]\nenvlist = py27,py{3{4,5}}\n"}, ((2, 7), None)),
        ({".travis.yml": "python:\n  - \"2.7\"\n  - \"pypy3\"\n"}, ((2, 7), None)),
        ({".travis.yml": "python:\n  - \"2.7\"\n  - \"pypy3.5\"\n"}, ((2, 7), (3, 5))),
        ({".travis.yml": "python:\n  - 2.7\n\n  - 3.4\n"}, ((2, 7), (3, 4))),
        ({".travis.yml": "matrix:\n  include:\n    - python: 2.7\n    - { python: \"3.4\", env: X=1 }\n"}, ((2, 7), (3, 4))),
        ({"setup.py": "setup(classifiers=['Programming Language :: Python :: 2.7', 'Programming Language :: Python :: 3'])\n"}, ((2, 7), None)),
        # nothing declared
        ({"setup.cfg": "[flake8]\nmax-line-length = 100\n"}, None),
    ],
)
def test_declarations_read_in_part_say_what_they_can(texts, expected):
    from flask_codemod.codemods._declared_python import python_range

    assert python_range(texts) == expected


def test_a_subfolder_that_declares_no_python_does_not_hide_the_root():
    """app/setup.cfg holds only flake8's settings (and makes app/ a project of its own): the
    repository's tox.ini above it, testing on 2.7 and 3.4, still holds SQLAlchemy back."""
    source = "from sqlalchemy.ext.declarative import declarative_base\n\nBase = declarative_base()\n"
    project = {
        "app/__init__.py": "",
        "app/setup.cfg": "[flake8]\nmax-line-length = 100\n",
        "tox.ini": "[tox]\nenvlist = py27,py34\n",
        "requirements.txt": "SQLAlchemy\n",
    }
    result = run_codemods(source, "sqlalchemy-2", path="app/models.py", project=project, dedent=False)
    assert result.new_text == source
    assert any("3.4" in finding.message for finding in result.findings)


def test_mypy_s_python_version_is_no_declaration_of_the_project_s_python():
    from flask_codemod.codemods._declared_python import python_range

    texts = {
        "setup.py": "PYTHON_REQUIRES = '>=3.6'\nsetup(python_requires=PYTHON_REQUIRES)\n",
        "setup.cfg": "[mypy]\npython_version = 3.11\n",
    }
    assert python_range(texts) is None
    assert python_range({"Pipfile": "[requires]\npython_version = \"3.6\"\n"}) == ((3, 6), None)


def test_a_folder_above_the_project_root_is_not_read():
    """The project (requirements.txt at its root) declares no Python; a ``.python-version`` in
    the folder above it belongs to no project of this one: urlopen's ``except TimeoutError``
    still does not count as catching its timeout (that needs Python 3.10 on every Python)."""
    source = (
        "from urllib.error import URLError\nfrom urllib.request import urlopen\n\n\n"
        "def fetch(url):\n    try:\n        return urlopen(url).read()\n"
        "    except URLError:\n        return None\n    except TimeoutError:\n        return None\n"
    )
    project = {"requirements.txt": "Flask\n", "../.python-version": "3.12\n"}
    result = run_codemods(source, "http-timeout", path="app.py", project=project, dedent=False)
    assert result.new_text == source

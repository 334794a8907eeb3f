"""werkzeug-stdlib: a project that says it runs on Python 2 keeps url_parse below Flask 2.0.

``urllib.parse`` exists only on Python 3. An import of a Python-2-only module is one sign that
the code still runs on Python 2 (test_werkzeug_stdlib.py); what the project declares is
another, and it needs no such import: a ``.travis.yml`` whose ``python:`` list holds 2.7 (or
``pypy``, Python 2.7), a ``python_requires``/classifier or ``runtime.txt`` that allows 2.x.
There ``from urllib.parse import urlsplit`` would be an ImportError on a Python the project
tests on, so the call stays with a finding that says why. Pythons 3 only: rewritten.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

NAME = "werkzeug-stdlib"

# a helper of a REST API that checks a link points at this server; no Python-2-only import
MATCHER = '''
from werkzeug.urls import url_parse


def same_host(link, host):
    try:
        parts = url_parse(link)
    except ValueError:  # a malformed link is no link to this server
        return False
    return parts.netloc == "" or parts.netloc == host
'''


def _run(project: dict[str, str], target: tuple[int, int] = (1, 0)) -> tuple[str, list[str]]:
    from flask_codemod.codemods import get_codemod
    from flask_codemod.engine import transform_text
    from helpers import ProjectReader

    reader = ProjectReader({**project, "api/helpers.py": MATCHER, "api/__init__.py": ""}, "api/helpers.py")
    result = transform_text(MATCHER, [get_codemod(NAME)], path="api/helpers.py", read_file=reader, target_version=target)
    return result.new_text, [f.message for f in result.findings]


@pytest.mark.parametrize(
    ("project", "evidence"),
    [
        ({".travis.yml": 'language: python\npython:\n  - "3.3"\n  - "2.7"\n'}, "2.7"),
        ({".travis.yml": "language: python\npython: [3.4, pypy]\n"}, "2.7"),
        ({"setup.py": "from setuptools import setup\nsetup(name='api', python_requires='>=2.7')\n"}, "2.7"),
        ({"runtime.txt": "python-2.7.18\n"}, "2.7"),
        ({".travis.yml": "language: python\nmatrix:\n  include:\n    - python: 2.7\n    - python: 3.6\n"}, "2.7"),
        ({".travis.yml": "language: python\nenv:\n  - TOXENV=py27\nscript: tox\n"}, "2.7"),
        ({"setup.py": "from setuptools import setup\nsetup(classifiers=['Programming Language :: Python :: 2'])\n"}, "2.7"),
    ],
)
def test_a_project_that_declares_python_2_keeps_url_parse(project, evidence):
    new, findings = _run(project)
    assert new == MATCHER
    [message] = findings
    assert "Python 2" in message and evidence in message, message


@pytest.mark.parametrize(
    "project",
    [
        {".travis.yml": 'language: python\npython:\n  - "3.5"\n  - "3.6"\n'},
        {"setup.py": "from setuptools import setup\nsetup(name='api', python_requires='>=3.6')\n"},
        {},
    ],
)
def test_python_3_projects_get_urlsplit_and_it_matches_the_same_links(project):
    new, findings = _run(project)
    assert "from urllib.parse import urlsplit" in new and "url_parse" not in new and findings == []
    namespace: dict = {}
    exec(compile(new, "api/helpers.py", "exec"), namespace)
    same_host = namespace["same_host"]
    assert namespace["urlsplit"] is urlsplit
    assert same_host("/users/1", "api.example.com")
    assert same_host("http://api.example.com/users/1", "api.example.com")
    assert not same_host("http://evil.example.net/users/1", "api.example.com")


def test_from_flask_2_the_declarations_do_not_matter():
    new, _ = _run({".travis.yml": "python:\n  - 2.7\n"}, target=(2, 0))
    assert "urlsplit(link)" in new

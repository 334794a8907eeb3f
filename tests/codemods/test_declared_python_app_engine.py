"""An App Engine app declares its Python in app.yaml (``runtime: python27``): the declared
Python the upgrade codemods weigh.

App Engine's Python 2.7 standard environment ran apps such as kamalgill/flask-appengine-template
(its ``src/app.yaml``), which declare their Python nowhere else. There ``urllib.parse`` does not
exist: werkzeug-stdlib must keep ``url_parse`` below Flask 2.0, as it does for a ``runtime.txt``
of Python 2.7.
"""

from __future__ import annotations

import pytest

from flask_codemod.codemods._declared_python import python_range

# a helper of the app that checks a link points at this server; no Python-2-only import
MATCHER = '''
from werkzeug.urls import url_parse


def same_host(link, host):
    try:
        parts = url_parse(link)
    except ValueError:  # a malformed link is no link to this server
        return False
    return parts.netloc == "" or parts.netloc == host
'''


def _run(app_yaml: str) -> tuple[str, list[str]]:
    from flask_codemod.codemods import get_codemod
    from flask_codemod.engine import transform_text
    from helpers import ProjectReader

    project = {"src/app.yaml": app_yaml, "src/application/__init__.py": "", "src/application/links.py": MATCHER}
    reader = ProjectReader(project, "src/application/links.py")
    result = transform_text(
        MATCHER, [get_codemod("werkzeug-stdlib")], path="src/application/links.py", read_file=reader, target_version=(1, 0)
    )
    return result.new_text, [f.message for f in result.findings]


def test_the_python27_runtime_keeps_url_parse():
    new, findings = _run("application: links\nruntime: python27\napi_version: 1\nthreadsafe: true\n")
    assert new == MATCHER
    [message] = findings
    assert "Python 2" in message and "2.7" in message, message


def test_a_python_3_runtime_gets_urlsplit():
    new, findings = _run("runtime: python39\n")
    assert "from urllib.parse import urlsplit" in new and "url_parse" not in new
    namespace: dict = {}
    exec(compile(new, "links.py", "exec"), namespace)
    assert namespace["same_host"]("https://example.org/a", "example.org") is True
    assert namespace["same_host"]("https://evil.example/a", "example.org") is False


@pytest.mark.parametrize(
    ("text", "declared"),
    [
        ("runtime: python27\n", ((2, 7), (2, 7))),
        ("runtime: 'python311'\n", ((3, 11), (3, 11))),
        ("runtime: python\nenv: flex\n", None),  # the flexible environment: the version is elsewhere
        ("runtime: go111\n", None),
        ("# runtime: python27\nruntime: nodejs18\n", None),
    ],
)
def test_what_app_yaml_declares(text, declared):
    assert python_range({"app.yaml": text}) == declared

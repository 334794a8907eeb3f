"""A module of the project the running Python cannot parse because it is written for a newer
Python 3 (``type X = ...`` read on 3.11) is not called "no Python 3": every codemod that
reads the project's other modules says the Python its syntax needs (one helper,
``_project_view.unparsed_words``; gunicorn-config's case is in its own tests), and such a module is no evidence of Python 2 (no Python 2
runs it). Python 2 modules keep their words ("does not parse as Python 3")."""

from __future__ import annotations

import sys
import textwrap

import pytest

from helpers import DEPLOYED, ProjectReader, finding_messages, run_codemods

# syntax of a Python newer than the running one: a type alias (3.12), else a template string (3.14)
if sys.version_info < (3, 12):
    NEWER, NEEDED = "type Seconds = int\n", "3.12"
else:
    NEWER, NEEDED = 'who = "x"\ngreeting = t"hello {who}"\n', "3.14"
RUNNING = f"{sys.version_info[0]}.{sys.version_info[1]}"
WORDS = f"uses Python {NEEDED} syntax, newer than the running Python {RUNNING} parses"

pytestmark = pytest.mark.skipif(sys.version_info >= (3, 14), reason="the running Python parses every syntax used here")


def test_http_timeout_names_the_newer_python_of_a_module_setting_the_socket_default():
    fetch = "from urllib.request import urlopen\n\n\ndef status(url):\n    return urlopen(url).status\n"
    entry = "import socket\n\nsocket.setdefaulttimeout(300)\n" + NEWER
    result = run_codemods(fetch, "http-timeout", path="app/fetch.py", project={"app/__init__.py": "", "wsgi.py": entry})
    assert "timeout=" not in result.new_text
    message = finding_messages(result)[0]
    assert f"(wsgi.py, which {WORDS} and names it)" in message, message
    assert "does not parse as Python 3" not in message


def test_static_max_age_names_the_newer_python_of_a_module_that_may_write_to_static():
    app = "from flask import Flask\n\napp = Flask(__name__)\n"
    charts = NEWER + "\n\ndef draw(figure):\n    figure.savefig('static/charts/today.png')\n"
    result = run_codemods(app, "static-max-age", files={**DEPLOYED, "charts.py": charts, "static/site.css": "p {}\n"})
    assert result.new_text == app
    message = finding_messages(result)[0]
    assert f"the app may write into its static folder (charts.py, which {WORDS})" in message, message


def test_upload_limit_names_the_newer_python_of_a_module_that_may_allow_larger_requests():
    app = textwrap.dedent(
        """
        from flask import Flask, request

        import limits

        app = Flask(__name__)


        @app.post("/upload")
        def upload():
            return {"size": len(request.files["file"].read())}
        """
    )
    result = run_codemods(app, "upload-limit", files={"limits.py": NEWER + "UPLOAD_LIMIT_MB = 500\n"})
    assert result.new_text == app
    [message] = finding_messages(result)
    assert f"limits.py {WORDS}: whether it allows" in message, message


def _werkzeug(project: dict[str, str]) -> tuple[str, list[str]]:
    from flask_codemod.codemods import get_codemod
    from flask_codemod.engine import transform_text

    login = "from werkzeug.urls import url_parse\ntry:\n    ok = url_parse(u).netloc == ''\nexcept ValueError:\n    ok = False\n"
    reader = ProjectReader({**project, "app/views.py": login}, "app/views.py")
    result = transform_text(login, [get_codemod("werkzeug-stdlib")], path="app/views.py", read_file=reader, target_version=(1, 0))
    return result.new_text, [f.message for f in result.findings]


def test_a_module_in_newer_syntax_is_no_python_2_evidence():
    # it names a module only Python 2 has (in a comment) and cannot be read on the running
    # Python, but it is Python 3 code: url_parse is replaced as it is for Python 3 code
    newer = {"app/__init__.py": "", "app/helpers.py": "# replaces the old urllib2 helpers\n" + NEWER}
    new, findings = _werkzeug(newer)
    assert "urlsplit(u)" in new and not any("Python 2" in f or "does not parse" in f for f in findings), findings
    printed = {"app/__init__.py": "", "app/models.py": "# print 'x' was Python 2\n" + NEWER}
    assert "urlsplit(u)" in _werkzeug(printed)[0]
    # a Python 2 module still counts, in its own words
    old = {"app/__init__.py": "", "app/helpers.py": "import urllib2\nprint 'loaded'\n"}
    new, findings = _werkzeug(old)
    assert "url_parse(u)" in new and any("urllib2 in app/helpers.py (which does not parse as Python 3)" in f for f in findings)

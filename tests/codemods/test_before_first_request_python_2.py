"""before-first-request on code that runs on Python 2 only: no Flask from 2.0 on installs there,
and every Flask before 2.3 still has ``before_first_request``. Moving the setup to import time
would change when it runs (threads it starts would start in a preforking server's master) for
a removal the app never meets, so the registration is left and reported, also when the
requirement is unpinned.
"""

from __future__ import annotations

import textwrap

from helpers import finding_messages, run_codemods

SITE = textwrap.dedent(
    """\
    from flask import Flask

    from checker import start_workers

    app = Flask(__name__)


    @app.before_first_request
    def setup():
        start_workers(4)


    @app.route("/")
    def home():
        return "ok"
    """
)

PY2_CHECKER = "from urlparse import urlparse\n\n\ndef start_workers(count):\n    return urlparse('x'), count\n"
BOTH_CHECKER = (
    "try:\n    from urlparse import urlparse\nexcept ImportError:\n    from urllib.parse import urlparse\n\n\n"
    "def start_workers(count):\n    return urlparse('x'), count\n"
)


def _files(checker: str) -> dict[str, str]:
    return {"requirements.txt": "Flask\n", "checker.py": checker}


def test_an_app_that_runs_on_python_2_only_keeps_its_hook_and_is_told_why():
    result = run_codemods(SITE, "before-first-request", dedent=False, files=_files(PY2_CHECKER))
    assert result.new_text == SITE
    [message] = finding_messages(result)
    assert "runs on Python 2 only (urlparse in checker.py, imported outside any try)" in message
    assert "still has it" in message


def test_code_for_both_pythons_is_still_moved_to_setup():
    result = run_codemods(SITE, "before-first-request", dedent=False, files=_files(BOTH_CHECKER))
    assert "@app.before_first_request" not in result.new_text
    assert "with app.app_context():\n    setup()\n" in result.new_text

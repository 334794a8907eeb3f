"""The line length a black check runs with when the project's tox environment runs it through
its Makefile (session 29, a workflow-service client: tox's lint environment runs
``make format-check``, whose recipe is ``black --diff --check``, no ``[tool.black]``; its
flake8 ignores E501). ``, timeout=60`` took a log fetch to 96 columns, which that check
refuses (and an argument line of an outer call, which that check splits at the grown call's
own brackets). A Makefile target nothing the project's CI runs still sets nothing."""

from __future__ import annotations

import black

from flask_codemod.codemods._line_length import line_length_of
from helpers import rewrite

MAKEFILE = "format:\n\tblack $(SOURCES)\n\nformat-check: $(SOURCES)\n\tblack --diff --check $^\n"
TOX = "[tox]\nenvlist = lint\n\n[testenv]\ncommands =\n  lint: make format-check\n"
FLAKE8_WITHOUT_E501 = "[flake8]\nmax-line-length = 100\nextend-ignore = E203,E501\n"

SOURCE = '''import logging

import requests


def log_the_run(s, auth):
    try:
        logs = requests.get(s["run_log"]["stderr"], headers=auth).text  # nosec B113
        logging.info("Run log:\\n" + logs)
    except requests.exceptions.InvalidSchema:
        logging.info("no log")
'''


def test_a_black_check_tox_runs_through_make_sets_88_columns():
    assert line_length_of({"Makefile": MAKEFILE, "tox.ini": TOX}) == 88


def test_its_own_length_argument_and_tool_black_win():
    makefile = MAKEFILE.replace("black --diff --check", "black -l 100 --check")
    assert line_length_of({"Makefile": makefile, "tox.ini": TOX}) == 100
    pyproject = '[tool.black]\nline-length = 120\n'
    assert line_length_of({"Makefile": MAKEFILE, "tox.ini": TOX, "pyproject.toml": pyproject}) == 120


def test_a_target_no_tox_command_runs_or_a_reformatting_black_sets_nothing():
    assert line_length_of({"Makefile": MAKEFILE}) is None
    assert line_length_of({"Makefile": MAKEFILE, "tox.ini": TOX.replace("format-check", "format")}) is None


def test_the_log_fetch_is_split_as_the_check_s_black_splits_it():
    files = {".flake8": FLAKE8_WITHOUT_E501, "Makefile": MAKEFILE, "tox.ini": TOX, "requirements.txt": "requests\n"}
    text = rewrite(SOURCE, "http-timeout", files=files, dedent=False)
    assert "timeout=60" in text
    assert black.format_str(text, mode=black.Mode(line_length=88)) == text
    namespace: dict = {}
    exec(compile(text, "client.py", "exec"), namespace)


def test_a_call_alone_on_an_argument_line_is_split_at_its_own_brackets():
    """The log fetch written as the only argument of an outer call black had already split:
    black splits the grown call's own brackets on that line (``).text  # nosec B113`` last)."""
    source = (
        "import sys\n\nimport requests\n\n\n"
        "def show_log(response, auth):\n"
        "    sys.stdout.write(\n"
        "        requests.get(response[\"run_log\"][\"stderr\"], headers=auth).text  # nosec B113\n"
        "    )\n"
    )
    files = {"Makefile": MAKEFILE, "tox.ini": TOX, "requirements.txt": "requests\n"}
    text = rewrite(source, "http-timeout", files=files, dedent=False)
    assert "        requests.get(\n            response" in text
    assert black.format_str(text, mode=black.Mode(line_length=88)) == text
    exec(compile(text, "client.py", "exec"), {})

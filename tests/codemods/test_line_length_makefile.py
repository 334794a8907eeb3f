"""The line length a project's Makefile runs its linter with: pgadmin's ``make check`` runs
``pycodestyle --config=.pycodestyle`` (a file pycodestyle reads only when it is named), whose
``max-line-length = 79`` the tool did not read, so a line open-with moved one level deeper
went past it unsplit. A linter command's ``--max-line-length`` or ``--config`` file counts;
its ``--ignore`` naming E501 or a ``--select`` without it sets no limit, and a bare command
sets nothing (the linter's default is not assumed)."""

from __future__ import annotations

import pytest

from flask_codemod.codemods._line_length import line_length_of, linter_commands
from helpers import rewrite

SOURCE = (
    "import json\n\n\n"
    "def report(path_of_the_report, response):\n"
    "    report_file = open(path_of_the_report, 'a')\n"
    "    for item in response['data']:\n"
    "        decoded_ddl = json.loads(response['text'].rstrip('; '), strict=False)\n"
    "        report_file.write(decoded_ddl['diff_ddl'])\n"
    "    report_file.close()\n"
)
ONE_LINE = "            decoded_ddl = json.loads(response['text'].rstrip('; '), strict=False)\n"  # 82 columns
SPLIT = "            decoded_ddl = json.loads(\n                response['text'].rstrip('; '), strict=False\n            )\n"
PYCODESTYLE_79 = "[pycodestyle]\nignore = E402,W504\nmax-line-length = 79\n"

MAKEFILES = {
    "pycodestyle --config (pgadmin)": ("check-pep8:\n\tpycodestyle --config=.pycodestyle web/\n", SPLIT),
    "a --config in a sub-folder, as two words": ("lint:\n\t@$(VENV)/bin/flake8 --config lint/flake8.ini .\n", SPLIT),
    "--max-line-length on the command": ("lint:\n\tpython -m flake8 --max-line-length=79 app\n", SPLIT),
    "a longer --max-line-length": ("lint:\n\tflake8 --max-line-length 120 --config=.pycodestyle app\n", ONE_LINE),
    "E501 ignored": ("lint:\n\tflake8 --config=.pycodestyle --ignore=E402,E501 app\n", ONE_LINE),
    "a select without E501": ("lint:\n\tflake8 --config=.pycodestyle --select=E9,F63,F7,F82 .\n", ONE_LINE),
    "a bare command": ("lint:\n\tflake8 app\n", ONE_LINE),
    "an install, not a command": ("setup:\n\tpip install flake8 --config=.pycodestyle\n", ONE_LINE),
}


@pytest.mark.parametrize("case", MAKEFILES)
def test_the_length_a_makefile_runs_the_linter_with(case):
    makefile, expected = MAKEFILES[case]
    files = {"Makefile": makefile, ".pycodestyle": PYCODESTYLE_79, "lint/flake8.ini": "[flake8]\nmax-line-length = 79\n"}
    text = rewrite(SOURCE, "open-with", files=files, dedent=False)
    assert "    with open(path_of_the_report, 'a') as report_file:\n" in text
    assert expected in text
    compile(text, "report.py", "exec")


def test_the_options_of_each_linter_command():
    makefile = (
        ".PHONY: check\n"
        "check:\n"
        "\t$(Q)$(PY_ENV_ACT); pycodestyle --exclude='a, b' \\\n"
        "        --max-line-length=120 --ignore \"E117,W503\" searx tests\n"
        "\techo flake8 && flake8 --config=setup.cfg\n"
    )
    assert linter_commands(makefile) == [
        {"--exclude": "a, b", "--max-line-length": "120", "--ignore": "E117,W503"},
        {"--config": "setup.cfg"},
    ]
    assert line_length_of({"Makefile": makefile}) == 120

"""dotenv-config: a read that takes its line past the project's line length is split as
black splits it.

Newspipe's pre-commit runs black (88 columns: no ``[tool.black]``) and flake8 at 125: the
first run moved its settings as ``VULNERABILITY_LOOKUP_BASE_URL = os.environ.get(...)``
(111 columns) and ``CRAWLER_RESOLVE_ARTICLE_URL = os.environ.get(...).lower() in (...)`` (131,
past flake8's limit too), which the hooks would reformat or reject. open-with, http-timeout
and the moved lines already read the project's length; the environment reads did not. Now a
read on a statement of one line that kept the length and passes it with the read is split at
its call's own brackets, as black does (the rewritten module is a fixed point of black at that
length), and the configuration it gives is the same. A project without a length keeps the
reads on one line.
"""

from __future__ import annotations

import black

from dotenv_support import dotenv_environ, run_config
from helpers import run_codemods

NAME = "dotenv-config"

PRE_COMMIT = "repos:\n  - repo: https://github.com/psf/black\n    rev: 26.3.1\n    hooks:\n      - id: black\n"

SETTINGS = '''\
import os

from flask import Flask


class Config:
    SECRET_KEY = "LCx3BchmHRxFzkEv4BqQJyeXRLXenf"
    MAIL_SERVER = "localhost"
    VULNERABILITY_LOOKUP_BASE_URL = "https://vulnerability.circl.lu/"
    CRAWLER_RESOLVE_ARTICLE_URL = False
    CRAWLER_MAXIMUM_CONCURRENT_FEEDS = 1000000000000000000000000000000000000000000000
    TRUSTED_HOSTS_OF_THE_PLATFORM = ["www.newspipe.org", "newspipe.example.org"]


app = Flask(__name__)
app.config.from_object(Config)
'''


def _run(files: dict[str, str]):
    return run_codemods(SETTINGS, NAME, files=files, path="settings.py", dedent=False)


def test_the_reads_are_split_as_black_splits_them_at_the_declared_length():
    result = _run({"requirements.txt": "flask\n", ".pre-commit-config.yaml": PRE_COMMIT})
    text = result.new_text
    assert "os.environ.get(" in text and 'os.environ["SECRET_KEY"]' in text
    assert max(len(line) for line in text.splitlines()) <= 88, text
    assert black.format_str(text, mode=black.Mode(line_length=88)) == text
    assert '    VULNERABILITY_LOOKUP_BASE_URL = os.environ.get(\n        "VULNERABILITY_LOOKUP_BASE_URL", "https://vulnerability.circl.lu/"\n    )\n' in text
    assert '    CRAWLER_RESOLVE_ARTICLE_URL = os.environ.get(\n        "CRAWLER_RESOLVE_ARTICLE_URL", "false"\n    ).lower() in ("1", "true", "yes", "on")\n' in text
    assert '    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")\n' in text  # short enough: one line
    assert run_config(text, result, dotenv_environ(result)) == run_config(SETTINGS, result, {})


def test_without_a_declared_length_the_reads_stay_on_one_line():
    text = _run({"requirements.txt": "flask\n"}).new_text
    assert '    VULNERABILITY_LOOKUP_BASE_URL = os.environ.get("VULNERABILITY_LOOKUP_BASE_URL", "https://vulnerability.circl.lu/")\n' in text


def test_a_line_already_past_the_length_is_left_as_the_rewrite_gives_it():
    long_value = "https://vulnerability.circl.lu/" + "x" * 70
    source = SETTINGS.replace("https://vulnerability.circl.lu/", long_value)
    result = run_codemods(source, NAME, files={"requirements.txt": "flask\n", ".pre-commit-config.yaml": PRE_COMMIT}, path="settings.py", dedent=False)
    assert f'    VULNERABILITY_LOOKUP_BASE_URL = os.environ.get("VULNERABILITY_LOOKUP_BASE_URL", "{long_value}")\n' in result.new_text

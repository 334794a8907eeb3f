"""The setuptools bootstrap scripts a project copied beside its ``setup.py``
(``ez_setup.py``, and ``distribute_setup.py`` of the distribute fork) are packaging, like
``setup.py``: ``setup.py`` imports them to install setuptools before it runs; the app never
does. Maintainers replace them with a newer copy or delete them, never edit them, so no
codemod touches or reports them (found on ga4gh-server's ``ez_setup.py``, whose download got
an http-timeout edit).
"""

from __future__ import annotations

import pytest

from flask_codemod.codemods import all_codemods
from flask_codemod.codemods._base import APPLICATION, PACKAGING, code_kind
from helpers import run_codemods

BOOTSTRAP = '''\
import os
from urllib.request import urlopen


def fetch_archive(url, target):
    source = urlopen(url)
    data = source.read()
    output = open(target, "wb")
    output.write(data)
    output.close()
    return os.path.realpath(target)
'''


@pytest.mark.parametrize("path", ["ez_setup.py", "distribute_setup.py", "plugins/ez_setup.py"])
def test_a_setuptools_bootstrap_script_is_packaging(path: str) -> None:
    assert code_kind(path) == PACKAGING


@pytest.mark.parametrize("path", ["ez_setup_helpers.py", "my_ez_setup.py", "setup_tools.py"])
def test_other_names_stay_application_code(path: str) -> None:
    assert code_kind(path) == APPLICATION


def test_no_codemod_edits_or_reports_a_bootstrap_script() -> None:
    names = [cls.NAME for cls in all_codemods()]
    result = run_codemods(BOOTSTRAP, *names, path="ez_setup.py")
    assert result.error is None
    assert result.new_text == BOOTSTRAP and not result.findings and not result.project_edits


def test_the_same_download_in_application_code_is_bounded() -> None:
    result = run_codemods(BOOTSTRAP, "http-timeout", path="fetch_archive.py")
    assert "urlopen(url, timeout=" in result.new_text

"""http-timeout: the waits of a project nested in this one (a folder with its own packaging) are
not this project's.

DFIR Kuiper vendors volatility3 in ``kuiper/app/parsers/vol_Parser/`` (its own ``setup.py``,
LICENSE and docs); its ``development/compare-vol.py`` runs each plugin with
``subprocess.run(cmd, ..., timeout=420)``. That wait, the longest in the tree, became the
timeout written on Kuiper's own ``system_health/push_health.py`` POST to its API: 420 s that
nothing of Kuiper waits. The projects nested below are read for their own files; for the
project above them, their waits say nothing.
"""

from __future__ import annotations

from helpers import run_codemods

NAME = "http-timeout"
PUSH = "import requests\n\n\ndef push(url, body):\n    response = requests.post(url, data=body)\n    return response.json()\n"
COMPARE = "import subprocess\n\n\ndef run(cmd):\n    return subprocess.run(cmd, capture_output=True, timeout=420)\n"
HEALTH = "from elasticsearch import Elasticsearch\n\nes = Elasticsearch('http://localhost:9200', timeout=120)\n"
SETUP = "from setuptools import setup\n\nsetup(name='volatility3')\n"


def _push(project):
    return run_codemods(PUSH, NAME, project=project, path="system_health/push_health.py").new_text


def test_a_wait_in_a_nested_project_is_not_the_projects():
    project = {"app/parsers/vol/setup.py": SETUP, "app/parsers/vol/development/compare.py": COMPARE}
    assert "requests.post(url, data=body, timeout=60)" in _push(project)


def test_the_projects_own_longer_wait_still_counts():
    project = {"app/parsers/vol/setup.py": SETUP, "app/parsers/vol/development/compare.py": COMPARE, "system_health/es.py": HEALTH}
    assert "requests.post(url, data=body, timeout=120)" in _push(project)


def test_a_setup_py_that_packages_nothing_makes_no_project():
    """A module of the app named setup.py (a set-up wizard) leaves its folder the project's."""
    wizard = "import os\n\n\ndef run():\n    os.makedirs('data', exist_ok=True)\n"
    project = {"app/tools/setup.py": wizard, "app/tools/compare.py": COMPARE}
    assert "requests.post(url, data=body, timeout=420)" in _push(project)

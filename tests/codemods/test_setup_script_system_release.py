"""A system package's release, where the image a Dockerfile builds on tells it
(``_system_releases``): ``FROM fedora:24`` then ``dnf install python-wtforms`` installs
Fedora 24's WTForms, 2.0 or later, which has ``DataRequired`` (new in 1.0.2): the rename is
made. Where the image does not tell (no tag, a tag the Dockerfile computes, a distribution or
release the table does not hold, a package manager the image does not run), the release
stays unknown and the old name stays, with a finding.

anitya's Dockerfile: ``FROM fedora`` then ``FROM fedora:24`` (the last is the stage that
runs dnf), installing python-flask-wtf and python-wtforms.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import finding_messages, run_codemods

FORMS = (
    "from wtforms import Form, StringField, validators\n\n\n"
    "class ProjectForm(Form):\n"
    "    name = StringField('Project name', [validators.Required()])\n"
)
ANITYA = "FROM fedora\nFROM fedora:24\nRUN dnf update -y libnghttp2 && \\\n    dnf install -y \\\n        python-flask-wtf \\\n        python-wtforms && \\\n    dnf clean all -y\n"


def _validates(code: str, tmp_path) -> str:
    """Run ``code`` with the WTForms installed here (3.x: no Required) and validate an empty name."""
    (tmp_path / "forms.py").write_text(code)
    check = "import forms\nfrom werkzeug.datastructures import MultiDict\nform = forms.ProjectForm(MultiDict())\nprint(form.validate())\n"
    run = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, cwd=tmp_path)
    return run.stdout.strip() or run.stderr.strip().splitlines()[-1]


def test_anitya_s_fedora_24_wtforms_has_data_required(tmp_path):
    result = run_codemods(FORMS, "flask-wtf-names", project={"Dockerfile": ANITYA}, path="anitya/forms.py", dedent=False)
    assert "validators.DataRequired()" in result.new_text
    assert finding_messages(result) == []
    assert _validates(result.new_text, tmp_path) == "False"


@pytest.mark.parametrize(
    "dockerfile",
    [
        "FROM fedora\nRUN dnf install -y python-wtforms\n",  # no tag: the newest at build time, unknown
        "ARG RELEASE=24\nFROM fedora:${RELEASE}\nRUN dnf install -y python-wtforms\n",  # computed
        "FROM fedora:18\nRUN yum install -y python-wtforms\n",  # WTForms 0.6.3: no DataRequired
        "FROM fedora:24\nRUN apt-get install -y python-wtforms\n",  # no apt-get on Fedora
        "FROM python:2.7\nRUN apt-get install -y python-wtforms\n",  # the Debian release under it varies
        "FROM fedora:24 AS build\nRUN dnf install -y python-wtforms\nFROM debian:9\nRUN apt-get install -y python-wtforms\n",
        "FROM someone/fedora:24\nRUN dnf install -y python-wtforms\n",  # someone's own image
    ],
)
def test_a_release_the_image_does_not_tell_keeps_the_old_name(dockerfile):
    result = run_codemods(FORMS, "flask-wtf-names", project={"Dockerfile": dockerfile}, path="forms.py", dedent=False)
    assert result.new_text == FORMS
    assert any("Dockerfile installs WTForms from the system's packages" in message for message in finding_messages(result))


def test_a_later_stage_built_on_a_known_one_has_its_release():
    dockerfile = "FROM registry.fedoraproject.org/fedora:26 AS base\nFROM base\nRUN dnf install -y python3-wtforms\n"
    result = run_codemods(FORMS, "flask-wtf-names", project={"Dockerfile": dockerfile}, path="forms.py", dedent=False)
    assert "validators.DataRequired()" in result.new_text

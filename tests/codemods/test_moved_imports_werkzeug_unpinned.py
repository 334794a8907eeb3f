"""moved-imports: a Werkzeug module the code imports that the Werkzeug the project gets lacks.

atomicpress imports ``werkzeug.contrib.atom`` (removed in Werkzeug 1.0, with nothing in
Werkzeug that replaces it) and pins ``Flask==0.10.1`` but no Werkzeug: Flask 0.10.1 asks for
``Werkzeug>=0.7`` and nothing more, so a fresh install gets the newest Werkzeug its Python takes
(1.0.1 on Python 2.7, 3.x today) and the app stops at that import. Nothing said so, as the
Werkzeug release was read only as the lowest the target Flask requires (0.7). The Werkzeug the
project gets is what its own declaration allows, else what its Flask's pin allows (Flask 0.12.5
caps Werkzeug below 1.0, Flask 1.1.3 and 1.1.4 below 2.0), else the newest: where that may lack
the module, a finding names the module, the release that removed it and what to use. The code
stays: nothing in Werkzeug replaces the feed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from flask_codemod.codemods import get_codemod
from flask_codemod.engine import transform_text
from helpers import _listed_project, finding_messages

NAME = "moved-imports"

FEED = """\
from flask import Flask
from werkzeug.contrib.atom import AtomFeed

app = Flask(__name__)


@app.route("/feed.atom")
def feed():
    return AtomFeed("Posts", feed_url="/feed.atom").get_response()
"""

AGENT = """\
from flask import Flask, request
from werkzeug.useragents import UserAgent

app = Flask(__name__)


@app.route("/")
def index():
    return UserAgent(request.environ).platform or ""
"""


def _run(source, requirements, *, listed=True):
    """The codemod on ``source`` in a project declaring ``requirements``, at the target the
    tool reads off them (the lowest Flask they allow)."""
    target = _target(requirements)
    reader = _listed_project({"requirements.txt": requirements}, "app.py", source) if listed else None
    result = transform_text(source, [get_codemod(NAME)], path="app.py", read_file=reader, target_version=target)
    assert result.error is None, result.error
    return result


def _target(requirements):
    flask = next(line for line in requirements.splitlines() if line.lower().startswith("flask"))
    version = flask.split("==")[-1] if "==" in flask else flask.split(">=")[1].split(",")[0]
    return tuple(int(part) for part in version.split(".")[:2])


@pytest.mark.parametrize("requirements", ["Flask==0.10.1\n", "Flask==0.10.1\nWerkzeug>=0.9\n", "Flask==1.1.4\n", "Flask==0.12.4\n"])
def test_a_removed_module_is_said_where_the_werkzeug_the_project_gets_lacks_it(requirements):
    result = _run(FEED, requirements)
    assert result.new_text == FEED
    said = [m for m in finding_messages(result) if "werkzeug.contrib.atom" in m]
    assert len(said) == 1, finding_messages(result)
    assert "was removed in Werkzeug 1.0" in said[0] and "feed library" in said[0], said


@pytest.mark.parametrize(
    "requirements",
    [
        "Flask==0.10.1\nWerkzeug==0.9.6\n",  # pinned: the module is there
        "Flask==0.10.1\nWerkzeug<1.0\n",
        "Flask==0.12.5\n",  # Flask 0.12.5 caps Werkzeug below 1.0
        "Flask>=0.12,<0.13\n",  # pip picks 0.12.5
    ],
)
def test_nothing_said_where_the_werkzeug_the_project_gets_has_it(requirements):
    result = _run(FEED, requirements)
    assert result.new_text == FEED
    assert not [m for m in finding_messages(result) if "removed in Werkzeug" in m], finding_messages(result)


@pytest.mark.parametrize("requirements, said", [("Flask==1.1.2\n", True), ("Flask==1.1.4\n", False), ("Flask==1.1.2\nWerkzeug==1.0.1\n", False)])
def test_a_module_werkzeug_2_1_removed_follows_the_same_reading(requirements, said):
    result = _run(AGENT, requirements)
    found = [m for m in finding_messages(result) if "werkzeug.useragents was removed in Werkzeug 2.1" in m]
    assert bool(found) == said, finding_messages(result)


def test_a_text_without_a_project_is_not_said_to_lack_it():
    """No declaration read (a text transformed alone, its target Flask 1.0): what Werkzeug it
    gets is not known, and Flask 1.0 itself runs on Werkzeug 0.14, which has the module."""
    result = _run(FEED, "Flask==1.0\n", listed=False)
    assert not [m for m in finding_messages(result) if "removed in Werkzeug" in m], finding_messages(result)


def test_the_newest_werkzeug_lacks_the_module():
    """What the finding says, against the Werkzeug installed here (the newest pip gives)."""
    done = subprocess.run([sys.executable, "-c", "import werkzeug.contrib.atom"], capture_output=True, text=True)
    assert done.returncode != 0 and "No module named 'werkzeug.contrib'" in done.stderr

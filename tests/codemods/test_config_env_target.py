"""config-env's findings on writes (``app.config["ENV"] = ...``, ``ENV`` in a config class,
``os.environ["FLASK_ENV"] = ...``, ``app.env = ...``) follow the target Flask: from 2.3 on
setting them has no effect; before it, Flask still reads them, and the finding says so
rather than that they do nothing. The code is never changed."""

from __future__ import annotations

import pytest

from helpers import run_at_target

NAME = "config-env"
WRITES = """
import os

from flask import Flask

os.environ["FLASK_ENV"] = "development"
app = Flask(__name__)
app.config["ENV"] = "production"
app.env = "production"


class Config:
    ENV = "development"
"""


def findings(target):
    text, found = run_at_target(WRITES, NAME, target)
    assert text.strip() == WRITES.strip()  # reported, never rewritten
    assert [line for line, _ in found] == [6, 8, 9, 13], found
    return [message for _, message in found]


@pytest.mark.parametrize("target", [(2, 3), (3, 0), None])
def test_at_a_target_without_env_setting_it_has_no_effect(target):
    assert all("removed in Flask 2.3" in m and "setting it has no effect" in m for m in findings(target))


@pytest.mark.parametrize("target, named", [((2, 0), "2.0"), ((2, 2), "2.2"), ((1, 1), "1.1")])
def test_at_an_older_target_the_finding_says_flask_still_reads_it(target, named):
    messages = findings(target)
    for message in messages:
        assert ", and setting it has no effect" not in message, message
        assert f"at the target Flask {named} " in message and "from 2.3 on" in message, message
    assert "debug mode when FLASK_DEBUG is unset" in messages[0]
    assert "still sets app.env" in messages[1] and "still sets app.env" in messages[3]
    assert 'still sets app.config["ENV"]' in messages[2]


@pytest.mark.parametrize("target", [(0, 12), (0, 10)])
def test_before_flask_1_nothing_read_it_either(target):
    """ENV, FLASK_ENV and app.env are new in Flask 1.0."""
    assert all(", and setting it has no effect" in m for m in findings(target))


def test_a_target_of_unknown_release_may_still_read_it():
    messages = findings((0, 0))  # a checkout of Flask or a system's package: no release to name
    assert all("a release that is not known (a checkout or a system package), which may still read it" in m and "from 2.3 on" in m for m in messages)

"""A new import goes where the project's import sorter would put it: isort (and ruff's isort
rules) put every ``import x`` of a section before its ``from x import y`` lines, so a project
that configures one gets ``import markupsafe`` among the group's straight imports, not after
``from flask_assets import Bundle`` (nyaa: flake8-isort in its lint step failed on three
modules). Without a configured sorter, or with one sorting by module alone
(``force_sort_within_sections``), the group's module order decides, as before."""

from __future__ import annotations

import libcst as cst
import pytest

from flask_codemod.codemods._imports import add_imports
from helpers import run_codemods

NYAA_SHAPE = """\
import logging

import flask
from flask_assets import Bundle  # noqa F401

from app.extensions import db


def warn(message):
    flask.flash(flask.Markup(message), "danger")
    return Bundle, db, logging
"""

STRAIGHT_FIRST = """\
import logging

import flask
import markupsafe
from flask_assets import Bundle  # noqa F401
"""

BY_MODULE = """\
import logging

import flask
from flask_assets import Bundle  # noqa F401
import markupsafe
"""


def _moved(config: dict[str, str]) -> str:
    result = run_codemods(NYAA_SHAPE, "moved-imports", path="app/views.py", dedent=False, project={**config, "app/__init__.py": ""})
    assert "markupsafe.Markup(message)" in result.new_text
    compile(result.new_text, "views.py", "exec")
    return result.new_text


@pytest.mark.parametrize(
    "config",
    [
        {"setup.cfg": "[flake8]\nmax_line_length = 100\n\n[isort]\nline_length = 100\nknown_first_party = app\n"},
        {".isort.cfg": "[settings]\nprofile = black\n"},
        {"tox.ini": "[tool:isort]\nmulti_line_output = 3\n"},
        {"pyproject.toml": "[tool.isort]\nprofile = 'django'\n"},
        {"pyproject.toml": "[tool.ruff.lint.isort]\nknown-first-party = ['app']\n"},
        {"ruff.toml": "[lint.isort]\ncombine-as-imports = true\n"},
    ],
)
def test_a_configured_sorter_gets_the_straight_import_among_the_straight_ones(config):
    assert _moved(config).startswith(STRAIGHT_FIRST)


@pytest.mark.parametrize(
    "config",
    [
        {},
        {"setup.cfg": "[flake8]\nmax_line_length = 100\n"},
        {".isort.cfg": "[settings]\nforce_sort_within_sections = true\n"},
        {"pyproject.toml": "[tool.isort]\nprofile = 'google'\n"},
        {"pyproject.toml": "[tool.ruff.lint.isort]\nforce-sort-within-sections = true\n"},
    ],
)
def test_without_a_sorter_or_with_one_sorting_by_module_the_module_order_decides(config):
    assert _moved(config).startswith(BY_MODULE)


def _added(source: str, imports, straight_first: bool) -> str:
    return add_imports(cst.parse_module(source), imports, straight_first=straight_first).code


def test_a_from_import_follows_the_straight_ones_under_such_a_sorter():
    source = "import flask\nimport requests\n\napp = flask.Flask(__name__)\n"
    assert _added(source, [("flask_caching", "Cache")], True) == (
        "import flask\nimport requests\nfrom flask_caching import Cache\n\napp = flask.Flask(__name__)\n"
    )
    assert _added(source, [("flask_caching", "Cache")], False) == (
        "import flask\nfrom flask_caching import Cache\nimport requests\n\napp = flask.Flask(__name__)\n"
    )


def test_from_imports_keep_their_module_order_among_themselves():
    source = "import flask\nfrom flask_login import current_user\nfrom sqlalchemy import text\n\nx = 1\n"
    assert _added(source, [("flask_caching", "Cache")], True) == (
        "import flask\nfrom flask_caching import Cache\nfrom flask_login import current_user\n"
        "from sqlalchemy import text\n\nx = 1\n"
    )
    assert _added(source, [("markupsafe", None)], True) == (
        "import flask\nimport markupsafe\nfrom flask_login import current_user\nfrom sqlalchemy import text\n\nx = 1\n"
    )


def test_a_group_the_sorter_would_not_leave_as_it_is_falls_back_to_module_order():
    """A from-import above a straight one: the group is not in the sorter's order (or the
    file is exempt from it); the group's own module order decides, as without a sorter."""
    source = "from flask import Flask\nimport requests\n\nx = 1\n"
    assert _added(source, [("markupsafe", None)], True) == _added(source, [("markupsafe", None)], False)

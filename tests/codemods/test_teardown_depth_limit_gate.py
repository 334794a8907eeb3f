"""teardown's project gate at the depth its planner follows functions to (``_MAX_DEPTH``, in
``ConnectionFactories.factory_of`` and ``Openers``): a value stored on ``g`` made three calls
down is no connection to the planner unless that call itself opens one (a connect by name or
by qualified name, a call of a name bound to ``sessionmaker(...)``), so the gate answers no
there too, where it used to say yes unsure (eq-questionnaire-runner's routes storing
``g.schema = load_schema_from_metadata(...)``, whose ``QuestionnaireSchema(...)`` is three
functions down). Each rejection is checked with the gates open (no output), and each near
miss at the limit that the planner acts on is let through."""

from __future__ import annotations

import pytest

from gate_checks import lay_out, output_on_disk_with_gates_open, project_gate_on_disk

NAME = "teardown"

ROUTES = (
    "from flask import Blueprint, g\nfrom shop.schema import load_schema\n\n"
    "bp = Blueprint('shop', __name__)\n\n"
    "@bp.before_request\ndef before():\n    g.schema = load_schema('x')\n\n"
    "@bp.route('/')\ndef index():\n    return str(g.schema)\n"
)
CHAIN = (
    "{imports}\n\n"
    "def load_schema(name):\n    return _from_metadata(name)\n\n"
    "def _from_metadata(name):\n    return _from_name(name)\n\n"
    "def _from_name(name):\n    return {made}\n"
)


def _project(tmp_path, imports: str, made: str):
    chain = CHAIN.format(imports=imports, made=made)
    return lay_out(tmp_path, {"shop/__init__.py": "", "shop/schema.py": chain, "shop/routes.py": ROUTES})


@pytest.mark.parametrize(
    "imports, made",
    [
        # an object of a class of the project, three functions down (eq-questionnaire-runner)
        ("class Schema:\n    def __init__(self, name):\n        self.name = name", "Schema(name)"),
        # a fourth function that connects: past the limit, the planner does not follow it
        ("import sqlite3\n\ndef _open(name):\n    return sqlite3.connect(name)", "_open(name)"),
        # a method of an object of the project's class, past the limit too
        (
            "import sqlite3\n\nclass Store:\n    def open(self, name):\n        return sqlite3.connect(name)\n\n"
            "store = Store()",
            "store.open(name)",
        ),
    ],
    ids=["class-of-the-project", "fourth-function", "fourth-method"],
)
def test_a_value_made_past_the_planners_depth_is_rejected_rightly(tmp_path, imports, made):
    folder = _project(tmp_path, imports, made)
    assert _output(folder, "shop/routes.py") == []
    assert not _asks(folder, "shop/routes.py")


@pytest.mark.parametrize(
    "imports, made",
    [
        ("import sqlite3", "sqlite3.connect(name)"),
        ("from sqlalchemy.orm import sessionmaker\n\nSession = sessionmaker()", "Session()"),
        # a library's function named like a connect (one of the project's is followed, not guessed)
        ("from dblib import get_connection", "get_connection(name)"),
    ],
    ids=["connect", "sessionmaker-bound-name", "library-function-named-like-a-connect"],
)
def test_a_connection_opened_at_the_limit_is_let_through(tmp_path, imports, made):
    folder = _project(tmp_path, imports, made)
    assert _output(folder, "shop/routes.py") != []
    assert _asks(folder, "shop/routes.py")


def _asks(folder, name: str) -> bool:
    return project_gate_on_disk(NAME, folder, name)


def _output(folder, name: str) -> list[str]:
    return output_on_disk_with_gates_open(NAME, folder, name)

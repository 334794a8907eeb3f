"""sqlalchemy-2 reports two things SQLAlchemy 2.0 removed: ``create_engine(...,
convert_unicode=True)`` and bound metadata (``MetaData(bind=engine)``, ``metadata.bind =
engine``), where the project's declared SQLAlchemy may be 2.0 or later. Never rewritten."""

from __future__ import annotations

import textwrap

import pytest
import sqlalchemy

from helpers import finding_messages, load_source, run_codemods

NAME = "sqlalchemy-2"

LEGACY = """
import sqlalchemy as sa
from sqlalchemy import MetaData, create_engine
from sqlalchemy.orm import declarative_base

engine = create_engine("sqlite://", convert_unicode=True)
Base = declarative_base()
Base.metadata.bind = engine
meta = MetaData(bind=engine)
positional = sa.MetaData(engine)
later = MetaData()
later.bind = engine
"""


def findings(source: str, files: dict[str, str] | None = None) -> list[str]:
    result = run_codemods(source, NAME, files=files)
    assert result.error is None, result.error
    assert result.new_text == textwrap.dedent(source)  # reported, never rewritten
    return finding_messages(result)


def test_each_removed_form_is_reported():
    messages = findings(LEGACY)
    assert [m.split(":")[0] for m in messages] == ["6", "8", "9", "10", "12"], messages
    assert "create_engine() takes no convert_unicode since SQLAlchemy 2.0" in messages[0]
    assert "(Base.metadata.bind = ...)" in messages[1]
    assert "(MetaData(bind=...))" in messages[2]
    assert "(MetaData(engine): 2.0 takes it for the schema)" in messages[3]
    assert "(metadata.bind = ...)" in messages[4]
    assert all("bound metadata is removed in SQLAlchemy 2.0" in m for m in messages[1:])


@pytest.mark.parametrize(
    "files, reported",
    [
        ({}, True),  # no declaration: any release, 2.x included
        ({"requirements.txt": "SQLAlchemy>=1.3\n"}, True),
        ({"requirements.txt": "SQLAlchemy==2.0.30\n"}, True),
        ({"requirements.txt": "sqlalchemy<2.1\n"}, True),
        ({"requirements.txt": "SQLAlchemy==1.3.24\n"}, False),  # pinned to 1.x: it runs as written
        ({"requirements.txt": "SQLAlchemy>=1.3,<2\n"}, False),
        ({"Pipfile": '[packages]\nsqlalchemy = "~=1.4.0"\n'}, False),
    ],
)
def test_only_where_the_declared_sqlalchemy_may_be_2(files, reported):
    assert bool(findings(LEGACY, files)) is reported


def test_what_is_not_proven_to_be_sqlalchemys_is_not_reported():
    source = """
        import socket

        from mylib import create_engine
        from sqlalchemy import MetaData

        engine = create_engine("sqlite://", convert_unicode=True)
        server = socket.socket()
        server.bind = None
        schema_named = MetaData("public")  # 2.0's schema (a URL on 1.x): not told apart
        meta = MetaData()
        meta = build_metadata()
        meta.bind = engine  # meta may be anything
        fine = MetaData(schema="x", naming_convention={})
        """
    assert findings(source) == []


def test_version_guarded_code_is_left_without_a_word():
    source = """
        import sqlalchemy
        from sqlalchemy import create_engine

        if sqlalchemy.__version__.startswith("1."):
            engine = create_engine("sqlite://", convert_unicode=True)
        """
    assert findings(source) == []


def test_what_the_findings_rest_on_under_sqlalchemy_2(tmp_path):
    """Under SQLAlchemy 2 (this test run's): create_engine() refuses convert_unicode and
    MetaData() bind; a metadata given an engine through .bind still cannot create its tables."""
    assert int(sqlalchemy.__version__.split(".")[0]) >= 2
    with pytest.raises(TypeError):
        sqlalchemy.create_engine("sqlite://", convert_unicode=True)
    with pytest.raises(TypeError):
        sqlalchemy.MetaData(bind=sqlalchemy.create_engine("sqlite://"))
    module = load_source(
        tmp_path,
        "import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\n"
        "class User(Base):\n    __tablename__ = 'users'\n    id = sa.Column(sa.Integer, primary_key=True)\n\n\n"
        "engine = sa.create_engine('sqlite://')\nBase.metadata.bind = engine\n",
        stem="bound_metadata",
    )
    with pytest.raises(TypeError):
        module.Base.metadata.create_all()  # 1.x used the bound engine
    module.Base.metadata.create_all(module.engine)  # what the finding says to write

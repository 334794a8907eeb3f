"""A name an upgrade moves into an existing ``from x import ...`` line goes where the line's
own order puts it: US Notify's ``from sqlalchemy.orm import validates`` became ``validates,
DeclarativeMeta, declared_attr``, which its CI's ``isort --check-only`` refuses (isort and
ruff sort constants, then classes, then the rest, each without regard to case). A line whose
names follow no such order gets the new name at its end, as before."""

from __future__ import annotations

import pytest

from helpers import run_codemods

PROJECT = {"requirements.txt": "SQLAlchemy==2.0.47\nFlask-SQLAlchemy==3.1.1\n"}

MODELS = """\
from sqlalchemy import CheckConstraint
from sqlalchemy.ext.declarative import DeclarativeMeta, declared_attr
from sqlalchemy.orm import {names}


class Base(metaclass=DeclarativeMeta):
    __abstract__ = True

    @declared_attr
    def __tablename__(cls):
        return cls.__name__.lower()


CHECKS = (CheckConstraint, {names})
"""


@pytest.mark.parametrize(
    "names, joined",
    [
        ("validates", "DeclarativeMeta, declared_attr, validates"),
        ("backref, validates", "DeclarativeMeta, backref, declared_attr, validates"),
        ("Session, relationship", "DeclarativeMeta, Session, declared_attr, relationship"),
        ("relationship, backref", "relationship, backref, DeclarativeMeta, declared_attr"),  # no order: appended
    ],
)
def test_moved_names_join_the_line_in_its_order(names, joined):
    source = MODELS.format(names=names)
    result = run_codemods(source, "sqlalchemy-2", path="app/models.py", project=PROJECT)
    assert f"from sqlalchemy.orm import {joined}\n" in result.new_text
    assert "sqlalchemy.ext.declarative" not in result.new_text

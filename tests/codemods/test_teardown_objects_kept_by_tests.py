"""teardown and a test suite that keeps objects of the app's scoped session across requests
(dedupe-api: ``setUpClass`` keeps ``cls.user = app_session.query(User).first()`` and its group; each
``setUp`` adds a DedupeSession of that group; tests ``app_session.refresh(self.dd_sess)`` after a
request). The handler the codemod adds removes the session when an app context ends. Run here with
the project's own suite, in dedupe-api's shape: every request inside ``with app.test_request_context():``
(and ``with self.client as c:``), which keeps one app context for the whole block, so the session is
removed once, when the block ends, not after each request; the kept objects are read afterwards by
their loaded columns and joined to the next session by ``add()``'s cascade. That suite passes before
and after: the change stands (dedupe-api's rows stay good). A suite that sends a request with no app
context around it and then refreshes an object it kept fails after the change, as it would under
Flask-SQLAlchemy, which removes its session the same way: that shape is shown, and dedupe-api has none
(each of its client calls is inside such a block)."""

from __future__ import annotations

import pytest

from helpers import run_codemods, run_project_tests

pytest.importorskip("sqlalchemy")

DATABASE = '''\
import os

from sqlalchemy import create_engine
from sqlalchemy.orm import scoped_session, sessionmaker

engine = create_engine("sqlite:///" + os.path.join(os.path.dirname(__file__), "app.db"))
app_session = scoped_session(sessionmaker(bind=engine, autoflush=False, expire_on_commit=False))
'''

MODELS = '''\
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Group(Base):
    __tablename__ = "groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"))
    group: Mapped[Group] = relationship()


class Item(Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(20))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"))
    group: Mapped[Group] = relationship()
'''

APP = '''\
from flask import Flask

from api.database import app_session
from api.models import Item


def create_app():
    app = Flask(__name__)

    @app.route("/items/<int:item_id>/done")
    def done(item_id):
        item = app_session.get(Item, item_id)
        item.status = "done"
        app_session.commit()
        return item.status

    return app
'''

CONFTEST = '''\
from api.database import app_session, engine
from api.models import Base, Group, User

Base.metadata.drop_all(engine)
Base.metadata.create_all(engine)
group = Group(name="reviewers")
app_session.add(User(name="ann", group=group))
app_session.commit()
'''

CASE = '''\
import unittest

from api import create_app
from api.database import app_session
from api.models import Item, User


class ItemsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.app = create_app()
        cls.client = cls.app.test_client()
        cls.user = app_session.query(User).first()
        cls.group = cls.user.group

    def setUp(self):
        self.item = Item(status="new", group=self.group)
        app_session.add(self.item)
        app_session.commit()

    def tearDown(self):
        app_session.delete(self.item)
        app_session.commit()
'''

# dedupe-api's shape: every request inside one app context kept by test_request_context()
INSIDE = CASE + '''
    def test_done(self):
        with self.app.test_request_context():
            with self.client as c:
                assert c.get(f"/items/{self.item.id}/done").text == "done"
                app_session.refresh(self.item)
                assert self.item.status == "done"
        assert self.user.name == "ann"

    def test_again(self):
        with self.app.test_request_context():
            assert self.client.get(f"/items/{self.item.id}/done").text == "done"
            app_session.refresh(self.item)
            assert self.item.group.name == "reviewers"
'''

# a request with no app context around it, then a refresh of what the test keeps
OUTSIDE = CASE + '''
    def test_done(self):
        assert self.client.get(f"/items/{self.item.id}/done").text == "done"
        app_session.refresh(self.item)
        assert self.item.status == "done"
'''


def _project(tmp_path, case):
    files = {
        "api/__init__.py": APP, "api/database.py": DATABASE, "api/models.py": MODELS,
        "tests/__init__.py": "", "tests/conftest.py": CONFTEST, "tests/test_items.py": case,
        "requirements.txt": "flask\nsqlalchemy\n",
    }
    for relative, text in files.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text)
    result = run_codemods(APP, "teardown", path="api/__init__.py", project=files, dedent=False)
    assert result.codemod_errors == [] and "app_session.remove()" in result.new_text, result.new_text
    return tmp_path / "api/__init__.py", result.new_text


def test_a_suite_that_sends_its_requests_inside_an_app_context_passes_before_and_after(tmp_path):
    module, rewritten = _project(tmp_path, INSIDE)
    before = run_project_tests(tmp_path)
    module.write_text(rewritten)
    after = run_project_tests(tmp_path)
    assert before[0] == 0 and after[0] == 0, (before, after)


def test_a_request_outside_an_app_context_ends_the_session_of_what_the_test_keeps(tmp_path):
    module, rewritten = _project(tmp_path, OUTSIDE)
    assert run_project_tests(tmp_path)[0] == 0
    module.write_text(rewritten)
    code, output = run_project_tests(tmp_path)
    assert code != 0 and "is not persistent within this Session" in output, output

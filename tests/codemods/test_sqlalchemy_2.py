"""sqlalchemy-2: legacy SQLAlchemy 1.x code fails under SQLAlchemy 2 and runs after the
rewrite (Flask-SQLAlchemy 3.1, the Flask test client, a real SQLite file); what it refuses."""

from __future__ import annotations

import warnings

import pytest
from sqlalchemy.exc import ArgumentError, MovedIn20Warning, ObjectNotExecutableError

from helpers import assert_left_alone, finding_messages, load_source, rewrite, run_at_target, run_codemods

FSA_APP = '''
from flask import Flask, jsonify, request
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///{database}"
db = SQLAlchemy(app)

with app.app_context():
    db.session.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
    db.session.execute("INSERT INTO users (name) VALUES (:name)", [{{"name": "ada"}}, {{"name": "alan"}}])
    db.session.commit()


@app.route("/users/<int:user_id>")
def user(user_id):
    row = db.session.execute("SELECT id, name FROM users WHERE id = :id", {{"id": user_id}}).first()
    return jsonify(id=row.id, name=row.name)


@app.post("/users/<int:user_id>")
def rename(user_id):
    db.session.execute("UPDATE users SET name = :name WHERE id = :id", {{"id": user_id, "name": request.json["name"]}})
    db.session.commit()
    return "", 204
'''


def test_flask_sqlalchemy_app_fails_on_sqlalchemy_2_and_runs_after_the_rewrite(tmp_path):
    before = FSA_APP.format(database=tmp_path / "before.db")
    with pytest.raises(ArgumentError, match="text"):
        load_source(tmp_path, before)

    result = run_codemods(before, "sqlalchemy-2", dedent=False)
    assert result.findings == [] and result.rewrites == {"sqlalchemy-2": 4}
    after = result.new_text
    assert after.count("db.session.execute(text(") == 4 and "from sqlalchemy import text\n" in after

    module = load_source(tmp_path, after)
    client = module.app.test_client()
    assert client.get("/users/2").get_json() == {"id": 2, "name": "alan"}
    assert client.post("/users/2", json={"name": "grace"}).status_code == 204
    assert client.get("/users/2").get_json() == {"id": 2, "name": "grace"}


ENGINE_MODULE = '''
from sqlalchemy import Column, Integer, String, create_engine
from sqlalchemy.ext.declarative import declarative_base
from sqlalchemy.orm import scoped_session, sessionmaker

engine = create_engine("sqlite:///{database}")
Base = declarative_base()
db_session = scoped_session(sessionmaker(bind=engine))


class Order(Base):
    __tablename__ = "orders"
    id = Column(Integer, primary_key=True)
    status = Column(String(20))


Base.metadata.create_all(engine)


def count(status):
    return db_session.execute("SELECT count(*) FROM orders WHERE status = :s", {{"s": status}}).scalar()


def tables():
    with engine.connect() as conn:
        return [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]


def archive(order_id):
    with engine.begin() as conn:
        conn.execute("DELETE FROM orders WHERE id = :id", {{"id": order_id}})


def report():
    return engine.execute("SELECT * FROM orders").fetchall()
'''


def test_engine_sessions_and_connections(tmp_path):
    before = ENGINE_MODULE.format(database=tmp_path / "orders.db")
    with warnings.catch_warnings():
        warnings.simplefilter("error", MovedIn20Warning)
        with pytest.raises(MovedIn20Warning):
            load_source(tmp_path, before)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MovedIn20Warning)
        legacy = load_source(tmp_path, before)
    with pytest.raises(ArgumentError):
        legacy.count("paid")
    with pytest.raises(ObjectNotExecutableError):
        legacy.tables()
    with pytest.raises(AttributeError):
        legacy.report()

    result = run_codemods(before, "sqlalchemy-2", dedent=False)
    after = result.new_text
    # joined to the module's own sqlalchemy.orm import (tests/codemods/test_imports_join_existing.py)
    assert "from sqlalchemy.orm import declarative_base, scoped_session, sessionmaker\n" in after
    assert "sqlalchemy.ext.declarative" not in after
    assert "engine.execute(" in after  # reported, never rewritten
    assert finding_messages(result) == [
        "35: sqlalchemy-2: Engine.execute() is removed in SQLAlchemy 2.0: write `with engine.connect() as conn: "
        "conn.execute(text(...))`, and `conn.commit()` after writes (engine.execute() committed INSERT, UPDATE "
        "and DELETE by itself; a connection does not): not rewritten, the transaction would change"
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error", MovedIn20Warning)
        module = load_source(tmp_path, after.replace("orders.db", "orders2.db"))
    session = module.db_session
    session.add_all([module.Order(status="paid"), module.Order(status="paid"), module.Order(status="open")])
    session.commit()
    assert module.count("paid") == 2
    assert module.tables() == ["orders"]
    module.archive(1)  # commits with the engine.begin() block
    session.remove()
    assert module.count("paid") == 1


BUILT_SQL = '''
from sqlalchemy import create_engine
from sqlalchemy.orm import scoped_session, sessionmaker
from sqlalchemy.sql.expression import text

engine = create_engine("sqlite:///{database}")
session = scoped_session(sessionmaker(bind=engine))
LOG = "audit_log"


def setup():
    session.execute("CREATE TABLE %s (id INTEGER PRIMARY KEY, event TEXT)" % LOG)
    session.execute("INSERT INTO " + LOG + " (event) VALUES ('start')")
    session.execute("INSERT INTO {{}} (event) VALUES ('stop')".format(LOG))
    session.commit()


def events():
    return [row[0] for row in session.execute(text("SELECT event FROM audit_log ORDER BY id"))]
'''


def test_sql_built_as_a_string_runs_on_a_session_after_the_rewrite(tmp_path):
    """A session always read a str as text(): SQL built with %, + or format() is wrapped too,
    and the module's own import of text serves (no second import)."""
    before = BUILT_SQL.format(database=tmp_path / "audit.db")
    with pytest.raises(ArgumentError, match="text"):
        load_source(tmp_path, before).setup()
    result = run_codemods(before, "sqlalchemy-2", dedent=False)
    assert result.findings == [] and result.rewrites == {"sqlalchemy-2": 3}
    assert result.new_text.count("import text") == 1
    module = load_source(tmp_path, result.new_text.replace("audit.db", "audit2.db"))
    module.setup()
    assert module.events() == ["start", "stop"]


@pytest.mark.parametrize(
    "call, reason",
    [
        ('conn.execute("SELECT * FROM t WHERE name LIKE %s", ("a%",))', "it contains %"),
        ('conn.execute("SELECT * FROM t WHERE id = :id")', "text() would read :id as a parameter"),
        ('conn.execute("SELECT * FROM t WHERE id = :id", {"ident": 1})', "not a dict literal whose keys"),
        ('conn.execute("SELECT * FROM t WHERE id = ?", 1)', "not a dict literal whose keys"),
        ('conn.execute(f"SELECT * FROM {table}")', "built at run time"),
        ('conn.execute("SELECT * FROM %s" % table)', "built at run time"),
        ('conn.execute("SELECT * FROM " + table)', "built at run time"),
        ('conn.execute("INSERT INTO t VALUES (1)")', "rolls back unless committed"),
    ],
)
def test_connection_strings_that_text_would_change_get_a_finding(call, reason):
    source = f"""
        from sqlalchemy import create_engine

        engine = create_engine("sqlite://")
        table = "t"

        def run():
            with engine.connect() as conn:
                return {call}
    """
    result = run_codemods(source, "sqlalchemy-2")
    assert result.new_text == __import__("textwrap").dedent(source)
    messages = finding_messages(result)
    assert len(messages) == 1 and reason in messages[0], messages


@pytest.mark.parametrize(
    "source",
    [
        # sqlite3, not SQLAlchemy
        "import sqlite3\nconn = sqlite3.connect('x')\nconn.execute('SELECT 1')\n",
        # a parameter could be anything
        "import sqlalchemy\n\ndef run(session):\n    return session.execute('SELECT 1')\n",
        # two meanings for one name
        "import sqlite3\nfrom sqlalchemy.orm import Session\n\ndef run(flag):\n"
        "    s = Session() if flag else sqlite3.connect('x')\n    return s.execute('SELECT 1')\n",
        # already modern
        "from sqlalchemy import create_engine, text\nfrom sqlalchemy.orm import declarative_base\n"
        "engine = create_engine('sqlite://')\nBase = declarative_base()\n\n"
        "def run():\n    with engine.connect() as conn:\n        return conn.execute(text('SELECT 1'))\n",
        # version-guarded
        "try:\n    from sqlalchemy.orm import declarative_base\nexcept ImportError:\n"
        "    from sqlalchemy.ext.declarative import declarative_base\n",
        # the 1.x autocommit mode of a session: nothing about it is mechanical
        "from sqlalchemy.orm import sessionmaker\nSession = sessionmaker(autocommit=True)\n"
        "Session().execute('SELECT 1')\n",
    ],
)
def test_what_is_not_provably_sqlalchemy_or_already_modern_is_byte_identical(source):
    assert_left_alone("sqlalchemy-2", source)


def test_text_is_spelled_through_the_module_alias_when_the_name_is_taken():
    source = """
        import sqlalchemy as sa
        from flask_sqlalchemy import SQLAlchemy

        db = SQLAlchemy()

        def note(text):
            db.session.execute("INSERT INTO notes VALUES (:t)", {"t": text})
    """
    assert 'db.session.execute(sa.text("INSERT INTO notes VALUES (:t)"), {"t": text})' in rewrite(source, "sqlalchemy-2")


def test_db_imported_from_a_neighbour_module():
    source = "from .extensions import db\n\ndef n():\n    return db.session.execute('SELECT 1').scalar()\n"
    files = {"extensions.py": "from flask_sqlalchemy import SQLAlchemy\ndb = SQLAlchemy()\n"}
    after = rewrite(source, "sqlalchemy-2", files=files, dedent=False)
    assert "db.session.execute(text('SELECT 1'))" in after
    # a package that re-exports it
    files = {"extensions/__init__.py": "from .core import db\n", "extensions/core.py": files["extensions.py"]}
    assert rewrite(source, "sqlalchemy-2", files=files, dedent=False) == after
    # the neighbour's db is something else
    files = {"extensions.py": "import sqlite3\ndb = sqlite3.connect('x')\n"}
    assert rewrite(source, "sqlalchemy-2", files=files, dedent=False) == source


SUBCLASSED_EXTENSION = '''
from flask import Flask, jsonify
from flask_sqlalchemy import SQLAlchemy


class Database(SQLAlchemy):
    """The app's extension, with a helper of its own."""

    def count(self, table):
        return self.session.execute("SELECT count(*) FROM %s" % table).scalar()


app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///{database}"
db = Database(app)

with app.app_context():
    db.session.execute("CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT)")
    db.session.execute("INSERT INTO tags (label) VALUES (:label)", [{{"label": "a"}}, {{"label": "b"}}])
    db.session.commit()


@app.route("/tags")
def tags():
    labels = [row.label for row in db.session.execute("SELECT label FROM tags ORDER BY id")]
    return jsonify(labels=labels, total=db.count("tags"))
'''


def test_a_subclass_of_the_extension_is_the_extension(tmp_path):
    """db = Database(app) with class Database(SQLAlchemy): its session is a SQLAlchemy session."""
    before = SUBCLASSED_EXTENSION.format(database=tmp_path / "tags.db")
    with pytest.raises(ArgumentError, match="text"):
        load_source(tmp_path, before)
    result = run_codemods(before, "sqlalchemy-2", dedent=False)
    assert result.findings == [] and result.rewrites == {"sqlalchemy-2": 4}  # self.session too
    module = load_source(tmp_path, result.new_text.replace("tags.db", "tags2.db"))
    assert module.app.test_client().get("/tags").get_json() == {"labels": ["a", "b"], "total": 2}


def test_a_subclass_of_the_extension_in_a_neighbour_module():
    source = "from .models import db\n\ndef n():\n    return db.session.execute('SELECT 1').scalar()\n"
    models = "from flask_sqlalchemy import SQLAlchemy\n\nclass Base(SQLAlchemy):\n    pass\n\nclass Db(Base):\n    pass\n\ndb = Db()\n"
    assert "db.session.execute(text('SELECT 1'))" in rewrite(source, "sqlalchemy-2", files={"models.py": models}, dedent=False)
    other = "class Db:\n    pass\n\ndb = Db()\n"
    assert rewrite(source, "sqlalchemy-2", files={"models.py": other}, dedent=False) == source


def test_a_column_called_text_does_not_hide_the_name_from_the_methods():
    """A class attribute is not visible in the methods: text can be imported and used there."""
    source = """
        from flask_sqlalchemy import SQLAlchemy

        db = SQLAlchemy()


        class Note(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            text = db.Column(db.Text)

            @classmethod
            def count(cls):
                return db.session.execute("SELECT count(*) FROM note").scalar()
    """
    after = rewrite(source, "sqlalchemy-2")
    assert "from sqlalchemy import text\n" in after and 'db.session.execute(text("SELECT count(*) FROM note"))' in after
    assert "text = db.Column(db.Text)" in after


def test_text_is_spelled_through_the_modules_own_sqlalchemy_import():
    source = "import sqlalchemy as sa\nfrom alembic import op\n\ndef upgrade():\n    op.get_bind().execute('SELECT 1')\n"
    assert rewrite(source, "sqlalchemy-2", dedent=False) == source.replace("execute('SELECT 1')", "execute(sa.text('SELECT 1'))")


def test_the_target_flask_version_does_not_hold_back_sqlalchemy_forms():
    source = "from sqlalchemy.ext.declarative import declarative_base\nBase = declarative_base()\n"
    text, findings = run_at_target(source, "sqlalchemy-2", (2, 0))
    assert text.startswith("from sqlalchemy.orm import declarative_base\n") and findings == []


def test_a_project_pinned_below_sqlalchemy_1_4_keeps_the_old_import():
    source = "from sqlalchemy.ext.declarative import declarative_base\nBase = declarative_base()\n"
    result = run_codemods(source, "sqlalchemy-2", files={"requirements.txt": "Flask==1.1.2\nSQLAlchemy==1.3.24\n"}, dedent=False)
    assert result.new_text == source
    assert "once the project requires SQLAlchemy 1.4 or newer" in finding_messages(result)[0]
    newer = run_codemods(source, "sqlalchemy-2", files={"requirements.txt": "SQLAlchemy>=1.4\n"}, dedent=False)
    assert newer.new_text.startswith("from sqlalchemy.orm import")


@pytest.mark.parametrize(
    "files",
    [
        # a range whose lowest release is 1.3: the code must still run there
        {"../requirements.txt": "Flask>=1.0.2,<2.1.0\nSQLAlchemy>=1.3.0,<1.5.0\n"},
        # declared in setup.cfg only
        {"../setup.cfg": "[metadata]\nname = shop\n\n[options]\ninstall_requires =\n    flask\n    sqlalchemy >= 1.2\n"},
        # pyproject's [project] dependencies, with an upper bound only below 1.4
        {"pyproject.toml": '[project]\nname = "shop"\ndependencies = ["SQLAlchemy<1.4"]\n'},
        # the first folder that names SQLAlchemy decides, not a nearer file that does not
        {"requirements.txt": "flask\n", "../requirements/base.txt": "sqlalchemy~=1.3.0  # old\n"},
        # a Pipfile's packages, and a lock pinning 1.3 whatever range the Pipfile allows
        {"Pipfile": '[packages]\nflask = "*"\nSQLAlchemy = {version = ">=1.3"}\n'},
        {"Pipfile": '[packages]\nsqlalchemy = "*"\n', "Pipfile.lock": '{"default": {"sqlalchemy": {"version": "==1.3.24"}}, "develop": {}}'},
        {"pyproject.toml": '[tool.poetry.dependencies]\nsqlalchemy = "*"\n', "poetry.lock": '[[package]]\nname = "SQLAlchemy"\nversion = "1.3.24"\n'},
        # declared only in Poetry's dependencies (a caret range from 1.3), or in setup.py's install_requires
        {"pyproject.toml": '[tool.poetry]\nname = "shop"\n\n[tool.poetry.dependencies]\npython = "^3.8"\nSQLAlchemy = "^1.3"\n'},
        {"../setup.py": 'from setuptools import setup\n\nsetup(name="shop", install_requires=["flask", "sqlalchemy>=1.3"])\n'},
        # a hash-pinned requirements file (pip-compile --generate-hashes)
        {"requirements.txt": "flask==1.1.2 \\\n    --hash=sha256:4efa1ae2d7c9865af48986de8aeb8504\nsqlalchemy==1.3.24 \\\n    --hash=sha256:ebbb777cbf9312359b897bf81ba00dae\n"},
    ],
)
def test_a_project_whose_requirement_allows_sqlalchemy_below_1_4_keeps_the_old_import(files):
    """sqlalchemy.orm.DeclarativeMeta and declarative_base are new in 1.4: moving the import
    breaks every install at the lowest release the project allows."""
    source = "from sqlalchemy.ext.declarative import DeclarativeMeta, declarative_base\nBase = declarative_base()\n"
    result = run_codemods(source, "sqlalchemy-2", files=files, path="shop/models.py", dedent=False)
    assert result.new_text == source
    assert len(result.findings) == 1 and "allows an older release" in result.findings[0].message


def test_a_requirement_from_sqlalchemy_1_4_on_moves_the_import():
    source = "from sqlalchemy.ext.declarative import declarative_base\nBase = declarative_base()\n"
    for declared in ("SQLAlchemy>=1.4.20,<2\n", "sqlalchemy==2.0.1\n", "SQLAlchemy\n", "flask-sqlalchemy==3.1.1\n"):
        result = run_codemods(source, "sqlalchemy-2", files={"requirements.txt": declared}, dedent=False)
        assert result.new_text.startswith("from sqlalchemy.orm import declarative_base\n"), declared
    # a lock pinning 2.0 (its development packages, or a broken lock, say nothing)
    for lock in ('{"default": {"SQLAlchemy": {"version": "==2.0.1"}}}', '{"default": {}, "develop": {"sqlalchemy": {"version": "==1.3.1"}}}', '{"default": '):
        result = run_codemods(source, "sqlalchemy-2", files={"Pipfile": '[packages]\nsqlalchemy = "*"\n', "Pipfile.lock": lock}, dedent=False)
        assert result.new_text.startswith("from sqlalchemy.orm import declarative_base\n"), lock


def test_the_gates():
    from flask_codemod.codemods import get_codemod

    codemod = get_codemod("sqlalchemy-2")()
    assert not codemod.applies_to_file("import sqlalchemy\n", "app.py")
    assert codemod.applies_to_file("db.session.execute('x')\n", "app.py")


def test_the_text_gate_wants_execute_and_bind_as_words() -> None:
    """``executemany``/``executescript`` (DB-API cursors) and ``binding`` are none of what it
    acts on: no compile, no parse; ``execute``, ``bind`` and the moved names still pass."""
    from flask_codemod.codemods import get_codemod

    codemod = get_codemod("sqlalchemy-2")()
    assert not codemod.applies_to_file("cur.executemany(q, rows)\nkeybinding = 1\nunbind()\n", "db.py")
    for source in ("db.session.execute('SELECT 1')\n", "meta.bind = engine\n", "create_engine(u, convert_unicode=True)\n",
                   "from sqlalchemy.ext.declarative import declarative_base\n", "from sqlalchemy import MetaData\n"):
        assert codemod.applies_to_file(source, "db.py")

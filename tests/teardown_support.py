"""The texts teardown's tests build their apps from: the Flask tutorial's getter, which opens a
connection once per request and keeps it on ``g``, a module that holds only that getter (its app
living in another module), the apps several of the tests rewrite, and the samples."""

from __future__ import annotations

from helpers import REPO, rewrite


def getter(connect: str = 'sqlite3.connect("x.db")') -> str:
    """``def get_db()`` of the tutorial; ``connect``: the expression that opens the connection."""
    return f'def get_db():\n    if "db" not in g:\n        g.db = {connect}\n    return g.db\n'


def getter_module(database: str) -> str:
    """A module with the getter alone, connecting to the sqlite file ``database``."""
    return "import sqlite3\nfrom flask import g\n\n" + getter(f'sqlite3.connect("{database}")')


def teardown(source: str, **kwargs) -> str:
    return rewrite(source, "teardown", **kwargs)


def teardown_sample(name: str) -> str:
    with open(f"{REPO}/samples/teardown/{name}", encoding="utf-8") as handle:
        return handle.read()


def views(getter: str, owner: str = "app", indent: str = "", index: str = "index") -> str:
    """The two views ``assert_leaks_then_closes`` requests, on ``owner`` (an app or a
    blueprint): "/" (the function ``index``) reads through ``getter`` (``get_db()``), "/boom"
    calls it and raises. Indented by ``indent`` (in a factory: one blank line between them,
    else two)."""
    gap = "\n" if indent else "\n\n"
    text = (
        f'@{owner}.route("/")\ndef {index}():\n    return str({getter}.execute("SELECT 1").fetchone()[0])\n{gap}'
        f'@{owner}.route("/boom")\ndef boom():\n    {getter}\n    return 1 / 0\n'
    )
    return "".join(indent + line if line.strip() else line for line in text.splitlines(True))


SINGLE_MODULE = (
    """\
import sqlite3

from flask import Flask, g

app = Flask(__name__)
app.config["DATABASE"] = ":memory:"


def get_db():
    db = getattr(g, "_database", None)
    if db is None:
        db = g._database = sqlite3.connect(app.config["DATABASE"])
    return db


"""
    + views("get_db()")
)


BLUEPRINT_VIEWS = (
    """\
import sqlite3

from flask import Blueprint, g

shop_bp = Blueprint("shop", __name__)


def get_conn():
    if "conn" not in g:
        g.conn = sqlite3.connect(":memory:")
    return g.conn


"""
    + views("get_conn()", "shop_bp", index="catalogue")
)


APP_FACTORY = (
    """\
import sqlite3

from flask import Flask, g


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(":memory:")
    return g.db


def create_app():
    app = Flask(__name__)
    app.config["NAME"] = "blog"

"""
    + views("get_db()", indent="    ")
    + """\

    return app
"""
)


SCOPED_SESSION = """\
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.orm import scoped_session, sessionmaker

engine = create_engine("sqlite://")
db_session = scoped_session(sessionmaker(bind=engine))

app = Flask(__name__)


@app.route("/")
def index():
    return str(db_session.execute(text("SELECT 1")).scalar())


@app.route("/boom")
def boom():
    db_session.execute(text("SELECT 1"))
    return 1 / 0
"""


AFTER_REQUEST = """\
import sqlite3

from flask import Flask, g

app = Flask(__name__)


@app.before_request
def open_db():
    g.db = sqlite3.connect(":memory:")


@app.after_request
def close_db(response):
    db = getattr(g, "db", None)
    if db is not None:
        db.close()
    return response


@app.route("/")
def index():
    return str(g.db.execute("SELECT 1").fetchone()[0])


@app.route("/boom")
def boom():
    return 1 / 0
"""


TWO_BLUEPRINTS_APP = (
    "from flask import Flask\n\napp = Flask(__name__)\n\nfrom {PKG}.member import member_blueprint\n"
    "from {PKG}.public import public_blueprint\n\napp.register_blueprint(member_blueprint)\n"
    "app.register_blueprint(public_blueprint)\n\n\n@app.route('/')\ndef index():\n    return 'ok'\n"
)


def closed_after_a_request(tmp_path, monkeypatch, member: str, public: str) -> list[bool]:
    """Run a package whose app registers the blueprint modules ``member`` and ``public``
    (``member_blueprint``, ``public_blueprint``), ``sqlite3.connect`` recorded: after one request
    to ``/``, whether each connection opened is closed, in the order they were opened."""
    return closed_after_a_request_to(tmp_path, monkeypatch, {"__init__.py": TWO_BLUEPRINTS_APP, "member.py": member, "public.py": public})


def closed_after_a_request_to(tmp_path, monkeypatch, files: dict[str, str]) -> list[bool]:
    """Run the package ``files`` (``{PKG}``: its name; its ``__init__`` makes ``app``, which
    answers ``/`` with ``ok``), ``sqlite3.connect`` recorded: after one request to ``/``, whether
    each connection opened is closed, in the order they were opened."""
    import sqlite3

    from helpers import forget_packages, import_package, write_package

    opened: list = []
    real = sqlite3.connect

    def connect(*args, **kwargs):
        opened.append(real(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(sqlite3, "connect", connect)
    monkeypatch.syspath_prepend(str(tmp_path))
    name = write_package(tmp_path, files)
    try:
        assert import_package(name).app.test_client().get("/").data == b"ok"
        closed = []
        for connection in opened:
            try:
                connection.execute("SELECT 1")
                closed.append(False)
            except sqlite3.ProgrammingError:
                closed.append(True)
        return closed
    finally:
        forget_packages([name])
        for connection in opened:
            connection.close()


# a package's database module: a scoped SQLAlchemy session on an in-memory SQLite database
# shared by every thread, and one table (dedented by the tests that write it)
SCOPED_SESSION_DATABASE = """\
    from sqlalchemy import Column, Integer, create_engine
    from sqlalchemy.orm import declarative_base, scoped_session, sessionmaker
    from sqlalchemy.pool import StaticPool

    engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    Session = scoped_session(sessionmaker(bind=engine, autoflush=False))
    Base = declarative_base()


    class Row(Base):
        __tablename__ = "rows"
        id = Column(Integer, primary_key=True)
        stamp = Column(Integer, default=0)


    Base.metadata.create_all(engine)
"""

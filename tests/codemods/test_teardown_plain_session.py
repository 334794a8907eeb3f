"""teardown: a plain SQLAlchemy session made per request and kept on ``g`` is a resource like
a DB-API connection.

nylas-sync-engine's namespace API opens ``g.db_session = new_session(engine)`` in
``before_request`` (``new_session`` returns ``Session(bind=engine, ...)``) and commits and closes
it in ``after_request``, which Flask skips when an exception escapes the request: the session,
and the connection its transaction holds, then wait for the garbage collector. The rule read a
sqlite3 connection closed by such a handler (a finding: it does more than closing), and a
scoped session's (a finding), but not a plain session: it said nothing. A session made by
``Session(...)``, ``sessionmaker(...)()`` or a name bound to a ``sessionmaker(...)`` is now read
as what it is, a per-request resource released by ``close()``: the same three outcomes as a
sqlite3 connection (a teardown handler where nothing closes it, an after_request handler that
only closes it moved to teardown, a finding where that handler does more); a session taken from
a ``scoped_session`` registry stays the registry's (its own finding and ``remove()``).
"""

from __future__ import annotations

from helpers import finding_messages, load_source, run_codemods

_HEAD = '''\
from flask import Flask, g
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

app = Flask(__name__)
engine = create_engine("sqlite:///" + __file__ + ".db")


def new_session(engine):
    """Returns a session bound to the given engine."""
    session = Session(bind=engine, autoflush=True)
    return session


@app.before_request
def start():
    g.db_session = new_session(engine)
'''

_VIEWS = '''

@app.route("/")
def index():
    return str(g.db_session.execute(text("select 1")).scalar())


@app.route("/fail")
def fail():
    g.db_session.execute(text("select 1"))
    raise RuntimeError("the view fails")
'''

COMMITS_AND_CLOSES = _HEAD + '''

@app.after_request
def finish(response):
    if response.status_code == 200 and hasattr(g, "db_session"):
        g.db_session.commit()
    if hasattr(g, "db_session"):
        g.db_session.close()
    return response
''' + _VIEWS

ONLY_CLOSES = _HEAD + '''

@app.after_request
def finish(response):
    if hasattr(g, "db_session"):
        g.db_session.close()
    return response
''' + _VIEWS

NOTHING_CLOSES = _HEAD + _VIEWS


def _failing_request(module) -> None:
    module.app.config["PROPAGATE_EXCEPTIONS"] = True
    try:
        module.app.test_client().get("/fail")
    except RuntimeError:
        pass


def test_an_after_request_handler_that_commits_and_closes_a_plain_session_is_reported(tmp_path):
    result = run_codemods(COMMITS_AND_CLOSES, "teardown", dedent=False)
    assert result.codemod_errors == []
    assert result.new_text == COMMITS_AND_CLOSES
    messages = [m for m in finding_messages(result) if "finish()" in m]
    assert len(messages) == 1, finding_messages(result)
    assert "closes g.db_session" in messages[0] and "does more than closing" in messages[0], messages[0]

    # what the finding says: an answered request gives the connection back, a request whose
    # exception escapes keeps it checked out
    module = load_source(tmp_path, result.new_text, stem="plain_commits")
    assert module.app.test_client().get("/").data == b"1"
    assert module.engine.pool.checkedout() == 0
    _failing_request(module)
    assert module.engine.pool.checkedout() == 1


def test_an_after_request_handler_that_only_closes_a_plain_session_becomes_a_teardown_handler(tmp_path):
    result = run_codemods(ONLY_CLOSES, "teardown", dedent=False)
    assert result.codemod_errors == []
    assert "@app.teardown_appcontext\ndef finish(exception=None):" in result.new_text, result.new_text
    assert "return response" not in result.new_text
    module = load_source(tmp_path, result.new_text, stem="plain_only_closes")
    assert module.app.test_client().get("/").data == b"1"
    _failing_request(module)
    assert module.engine.pool.checkedout() == 0


def test_a_plain_session_nothing_closes_gets_a_teardown_handler(tmp_path):
    result = run_codemods(NOTHING_CLOSES, "teardown", dedent=False)
    assert result.codemod_errors == []
    assert "@app.teardown_appcontext" in result.new_text, result.new_text
    assert 'g.pop("db_session", None)' in result.new_text
    assert ".close()" in result.new_text
    original = load_source(tmp_path, NOTHING_CLOSES, stem="plain_before")
    original.app.test_client().get("/")
    _failing_request(original)
    assert original.engine.pool.checkedout() >= 1  # kept until the garbage collector finds it
    module = load_source(tmp_path, result.new_text, stem="plain_after")
    assert module.app.test_client().get("/").data == b"1"
    assert module.engine.pool.checkedout() == 0
    _failing_request(module)
    assert module.engine.pool.checkedout() == 0


def test_a_sessionmaker_and_its_bound_name_make_plain_sessions_too():
    for opener in ("sessionmaker(bind=engine)()", "SessionLocal()"):
        source = NOTHING_CLOSES.replace("new_session(engine)\n", opener + "\n", 1).replace(
            "app = Flask(__name__)\n", "app = Flask(__name__)\nSessionLocal = sessionmaker(bind=create_engine('sqlite://'))\n"
        )
        result = run_codemods(source, "teardown", dedent=False)
        assert result.codemod_errors == []
        assert 'g.pop("db_session", None)' in result.new_text, (opener, result.new_text)


def test_a_session_of_a_scoped_registry_is_not_a_plain_session():
    source = NOTHING_CLOSES.replace(
        "from sqlalchemy.orm import Session, sessionmaker",
        "from sqlalchemy.orm import Session, scoped_session, sessionmaker",
    ).replace(
        "app = Flask(__name__)\n", "app = Flask(__name__)\nregistry = scoped_session(sessionmaker())\n"
    ).replace("new_session(engine)\n", "registry()\n", 1)
    result = run_codemods(source, "teardown", dedent=False)
    assert result.codemod_errors == []
    assert "g.pop(" not in result.new_text, result.new_text
    assert "registry.remove()" in result.new_text

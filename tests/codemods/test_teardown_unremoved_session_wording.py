"""teardown: the words of the finding on a scoped session nothing removes and the tool cannot.

Ruqqus takes ``g.db = db_session()`` in ``before_request`` and commits and closes it in
``after_request``; its app is made by ``from flask import *``, so the codemod finds no app to
register a handler on and reports the session. The finding said "each request's session (and
its connection) outlives the request": a committed or closed session gives its connection
back to the pool when the request ends, removed or not. What does hold for every such app is
that the session stays in the registry for the thread's next request, with whatever the request
left open in it (a transaction, and the connection it holds): for ruqqus, only where its
``after_request`` does not run. The finding says that, and the code stays as it is."""

from __future__ import annotations

from helpers import finding_messages, load_source, run_codemods

SOURCE = '''\
from flask import *
from sqlalchemy import create_engine, text
from sqlalchemy.orm import scoped_session, sessionmaker

app = Flask(__name__)
engine = create_engine("sqlite:///" + __file__ + ".db")
db_session = scoped_session(sessionmaker(bind=engine))


@app.before_request
def before_request():
    g.db = db_session()


@app.after_request
def after_request(response):
    g.db.commit()
    g.db.close()
    return response


@app.route("/")
def index():
    return str(g.db.execute(text("select 1")).scalar())


@app.route("/fail")
def fail():
    g.db.execute(text("select 1"))
    raise RuntimeError("the view fails")
'''


def _finding(result) -> str:
    messages = [message for message in finding_messages(result) if "db_session" in message]
    assert len(messages) == 1, finding_messages(result)
    return messages[0]


def test_the_finding_does_not_say_the_connection_outlives_every_request(tmp_path):
    result = run_codemods(SOURCE, "teardown", path="site/__main__.py", project={"site/__init__.py": ""}, dedent=False)
    assert result.codemod_errors == []
    assert result.new_text == SOURCE
    message = _finding(result)
    assert "(and its connection) outlives the request" not in message, message
    assert "is never remove()d at teardown" in message, message
    assert "stays in the registry for the thread's next request" in message, message
    assert "whatever the request left open in it" in message, message

    module = load_source(tmp_path, result.new_text, stem="unremoved")
    client = module.app.test_client()
    # a request after_request commits and closes: its connection is back in the pool, never removed
    assert client.get("/").data == b"1"
    assert module.engine.pool.checkedout() == 0
    kept = module.db_session()
    assert module.db_session.registry.has()  # the session stays in the registry for the thread
    # a request whose after_request does not run (the view's error propagates) leaves its
    # transaction, and the connection it holds, to the thread's next request
    module.app.config["PROPAGATE_EXCEPTIONS"] = True
    try:
        client.get("/fail")
    except RuntimeError:
        pass
    assert module.engine.pool.checkedout() == 1
    assert module.db_session() is kept
    kept.close()

"""teardown: the finding on an after_request handler that closes what a request opened and does
more says what to close by its name: "close the connection" was said of a plain SQLAlchemy
session too (nylas-sync-engine's ``g.db_session``), and of a scoped session, which is removed."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

SQLITE = '''
import sqlite3

from flask import Flask, g

app = Flask(__name__)


@app.before_request
def connect():
    g.db = sqlite3.connect("app.db")


@app.after_request
def finish(response):
    g.db.commit()
    g.db.close()
    return response
'''

PLAIN = '''
from flask import Flask, g
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

app = Flask(__name__)
engine = create_engine("sqlite://")


def new_session(engine):
    return Session(bind=engine)


@app.before_request
def start():
    g.db_session = new_session(engine)


@app.after_request
def finish(response):
    if response.status_code == 200:
        g.db_session.commit()
    g.db_session.close()
    return response
'''

SCOPED = '''
from flask import Flask
from sqlalchemy import create_engine
from sqlalchemy.orm import scoped_session, sessionmaker

app = Flask(__name__)
db_session = scoped_session(sessionmaker(bind=create_engine("sqlite://")))


@app.after_request
def finish(response):
    db_session.commit()
    db_session.remove()
    return response
'''


def _said(source):
    result = run_codemods(source, "teardown")
    assert result.codemod_errors == []
    return [message for message in finding_messages(result) if "finish()" in message]


def test_a_connection_is_named():
    [message] = _said(SQLITE)
    assert message.endswith("does more than closing, so it was left alone: close g.db in a teardown handler instead"), message


def test_a_plain_session_is_named():
    [message] = _said(PLAIN)
    assert message.endswith("so it was left alone: close g.db_session in a teardown handler instead"), message
    assert "the connection" not in message


def test_a_scoped_session_is_removed():
    said = _said(SCOPED)
    assert said, "no finding"
    for message in said:
        assert "the connection" not in message and "remove the scoped session db_session in a teardown handler instead" in message, message

import sqlite3

import flask
from flask import g

app = flask.Flask(__name__)


def connect_db():
    return sqlite3.connect(app.config["DATABASE"])


@app.before_request
def open_db():
    g.db = connect_db()


def teardown(exception=None):
    # the old flaskr way, registered by a call instead of a decorator
    close_db()


def close_db():
    db = g.pop("db", None)
    if db is not None:
        db.close()


app.teardown_request(teardown)


@app.route("/entries")
def entries():
    rows = g.db.execute("SELECT title FROM entries").fetchall()
    return {"entries": [row[0] for row in rows]}

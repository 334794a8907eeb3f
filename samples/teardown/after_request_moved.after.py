import sqlite3

from flask import Flask, g

app = Flask(__name__)


@app.before_request
def open_db():
    g.db = sqlite3.connect("notes.db")


@app.teardown_appcontext
def close_db(exception=None):
    """Close the connection once the response is ready."""
    db = g.pop("db", None)
    if db is not None:
        db.close()


@app.route("/notes")
def notes():
    return {"count": g.db.execute("SELECT count(*) FROM notes").fetchone()[0]}

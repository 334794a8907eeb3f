import sqlite3

from flask import Flask, g

app = Flask(__name__)


@app.before_request
def open_db():
    g.db = sqlite3.connect("notes.db")


@app.after_request
def close_db(response):
    """Close the connection once the response is ready."""
    db = getattr(g, "db", None)
    if db is not None:
        db.close()
    return response


@app.route("/notes")
def notes():
    return {"count": g.db.execute("SELECT count(*) FROM notes").fetchone()[0]}

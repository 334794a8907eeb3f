"""The sqlite3 pattern from the Flask documentation: already closed at teardown."""
import sqlite3

from flask import Flask, g

DATABASE = "app.db"

app = Flask(__name__)


def get_db():
    db = getattr(g, "_database", None)
    if db is None:
        db = g._database = sqlite3.connect(DATABASE)
    return db


@app.teardown_appcontext
def close_connection(exception):
    db = getattr(g, "_database", None)
    if db is not None:
        db.close()


@app.route("/")
def index():
    count = get_db().execute("SELECT count(*) FROM books").fetchone()[0]
    return {"books": count}

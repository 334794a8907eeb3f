"""A receiver of appcontext_tearing_down closes the connection: that is a teardown too."""
import sqlite3

from flask import Flask, appcontext_tearing_down, g

app = Flask(__name__)


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect("events.db")
    return g.db


def close_db(sender, **extra):
    db = g.pop("db", None)
    if db is not None:
        db.close()


appcontext_tearing_down.connect(close_db, app)


@app.route("/events")
def events():
    return {"events": get_db().execute("SELECT name FROM events").fetchall()}

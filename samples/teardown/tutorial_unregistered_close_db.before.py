"""close_db is written, but init_app forgot to register it: it gets registered."""
import sqlite3

from flask import current_app, g


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(current_app.config["DATABASE"])
    return g.db


def close_db(e=None):
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_app(app):
    app.config.setdefault("DATABASE", "flaskr.sqlite")
    return app

"""The inventory's connection, kept on g for the request. A helper module of the
across_modules_blueprints sample: no app here, its blueprints use get_db()."""
import sqlite3

from flask import current_app, g


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(current_app.config["DATABASE"])
    return g.db

"""The notes' connection, kept on g. A helper module of the already_closed_in_another_module
sample."""
import sqlite3

from flask import current_app, g


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(current_app.config["DATABASE"])
    return g.db

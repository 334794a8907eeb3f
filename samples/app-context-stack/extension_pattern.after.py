"""A Flask extension written the way the 0.10-era extension docs showed it."""
import sqlite3

from flask import current_app, g, has_app_context


class SQLite3:
    def __init__(self, app=None):
        self.app = app
        if app is not None:
            self.init_app(app)

    def init_app(self, app):
        app.config.setdefault("SQLITE3_DATABASE", ":memory:")
        app.teardown_appcontext(self.teardown)

    def connect(self):
        return sqlite3.connect(current_app.config["SQLITE3_DATABASE"])

    def teardown(self, exception):
        if hasattr(g, "sqlite3_db"):
            g.sqlite3_db.close()

    @property
    def connection(self):
        if has_app_context():
            if not hasattr(g, "sqlite3_db"):
                g.sqlite3_db = self.connect()
            return g.sqlite3_db

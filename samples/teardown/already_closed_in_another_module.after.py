"""The notes app: notes/db.py keeps a connection on g, and notes/hooks.py closes it at
teardown. Nothing to add."""
from flask import Flask

from notes import hooks, views


def create_app():
    app = Flask(__name__)
    app.config["DATABASE"] = "notes.db"
    hooks.init_app(app)
    app.register_blueprint(views.bp)
    return app

import sqlite3
from flask import Flask, g

app = Flask(__name__)


def get_db():
    if not hasattr(g, "sqlite_db"):
        g.sqlite_db = sqlite3.connect(app.config["DATABASE"])
    return g.sqlite_db


@app.teardown_appcontext
def close_database(exception):
    if hasattr(g, "sqlite_db"):
        g.sqlite_db.close()

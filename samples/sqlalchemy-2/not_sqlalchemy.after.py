import sqlite3

from flask import Flask, g

app = Flask(__name__)


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect("app.db")
    return g.db


@app.route("/")
def index():
    rows = get_db().execute("SELECT title FROM books").fetchall()
    cursor = get_db().cursor()
    cursor.execute("SELECT 1")
    return str(rows)


def run(session):
    # a parameter: it could be anything
    return session.execute("SELECT 1")

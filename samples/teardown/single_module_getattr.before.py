"""A single-module app with the getattr getter from the Flask docs, but no teardown."""
import sqlite3

from flask import Flask, g, jsonify

app = Flask(__name__)
app.config["DATABASE"] = "books.db"


def get_db():
    db = getattr(g, "_database", None)
    if db is None:
        db = g._database = sqlite3.connect(app.config["DATABASE"])
    return db


@app.route("/books")
def books():
    rows = get_db().execute("SELECT title FROM books").fetchall()
    return jsonify([row[0] for row in rows])

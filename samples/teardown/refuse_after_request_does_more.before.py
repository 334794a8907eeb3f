import sqlite3

from flask import Flask, g

app = Flask(__name__)


@app.before_request
def open_db():
    g.db = sqlite3.connect("notes.db")


@app.after_request
def commit_and_close(response):
    if response.status_code < 400:
        g.db.commit()
    g.db.close()
    response.headers["X-Db"] = "closed"
    return response


@app.route("/notes", methods=["POST"])
def add_note():
    g.db.execute("INSERT INTO notes (text) VALUES ('hello')")
    return "", 201

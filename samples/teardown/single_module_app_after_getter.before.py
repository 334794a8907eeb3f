import sqlite3

from flask import Flask, g as flask_g


def get_db():
    if "db" not in flask_g:
        flask_g.db = sqlite3.connect("notes.db")
    return flask_g.db


app = Flask(__name__)
app.config["SECRET_KEY"] = "not-a-secret"
app.config["JSON_SORT_KEYS"] = False

# views


@app.route("/notes")
def notes():
    return {"notes": get_db().execute("SELECT text FROM notes").fetchall()}


if __name__ == "__main__":
    app.run()

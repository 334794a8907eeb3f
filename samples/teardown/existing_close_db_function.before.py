"""close_db is already taken (by something else): the new handler gets another name."""
import sqlite3

from flask import Flask, g

app = Flask(__name__)
AUDIT_LOG = []


def close_db(name):
    AUDIT_LOG.append(f"closing {name}")
    return len(AUDIT_LOG)


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect("audit.db")
    return g.db


@app.route("/audit")
def audit():
    close_db("audit")
    return {"rows": get_db().execute("SELECT 1").fetchall()}

import sqlite3

from flask import Flask, jsonify
from sqlalchemy import create_engine

app = Flask(__name__)
conn = sqlite3.connect("shop.db", check_same_thread=False)
engine = create_engine("sqlite:///shop.db")
reports = engine.connect()


@app.route("/orders")
def orders():
    rows = conn.execute("SELECT id, total FROM orders").fetchall()
    return jsonify(rows)


if __name__ == "__main__":
    debug_conn = sqlite3.connect("debug.db")  # a script, not a request: left alone
    app.run()

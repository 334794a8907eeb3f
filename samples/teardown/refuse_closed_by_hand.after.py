import pymysql
from flask import Flask, g

app = Flask(__name__)


def get_db():
    if "db" not in g:
        g.db = pymysql.connect(host="localhost", database="inventory")
    return g.db


@app.route("/stock")
def stock():
    db = get_db()
    with db.cursor() as cursor:
        cursor.execute("SELECT sku, amount FROM stock")
        rows = cursor.fetchall()
    db.close()  # pymysql raises on a second close(): a teardown handler would break this
    return {"stock": rows}

"""Views that read the database are left uncached by default (freshness is a product
decision: cache-views.data-views opts in); views named or routed as health, status, result
or count endpoints are never cached."""
import sqlite3

from flask import Flask, jsonify, render_template

app = Flask(__name__)
DATABASE = "shop.db"
TASKS = {}


@app.route("/products")
def products():
    found = sqlite3.connect(DATABASE).execute("SELECT name FROM products").fetchall()
    return render_template("home.html", title=len(found))


@app.route("/offers")
def offers():
    found = sqlite3.connect(DATABASE).execute("SELECT name FROM offers").fetchall()
    return render_template("home.html", title=len(found))


@app.route("/health")
def health():
    sqlite3.connect(DATABASE).execute("SELECT 1")
    return "ok"


@app.route("/tasks/<name>/result")
def task_result(name):
    return TASKS.get(name, "pending")


@app.route("/products/count")
def product_count():
    found = sqlite3.connect(DATABASE).execute("SELECT count(*) FROM products").fetchone()
    return jsonify(count=found[0])

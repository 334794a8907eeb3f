"""A module-level app: pages that are the same for everyone get @cache.cached."""
import json

from flask import Flask, abort, jsonify, render_template, request, url_for
from flask_caching import Cache

import catalogue  # another module of the project: the codemod reads it

app = Flask(__name__)
app.config["SECRET_KEY"] = "not-for-production"
cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})


PRICES = "prices.json"  # shipped with the app


def load_prices():
    with open(PRICES) as handle:
        return json.load(handle)


@app.route("/")
@cache.cached(timeout=300)
def home():
    return render_template("home.html", title=catalogue.count_items())


@app.get("/items/<int:item_id>")
@cache.cached(timeout=300)
def item(item_id):
    found = catalogue.find(item_id)
    if found is None:
        abort(404)
    return render_template("item.html", item=found)


@app.route("/search", methods=["GET"])
@cache.cached(timeout=300, query_string=True)
def search():
    # reads only the query string: cached per query string
    rows = [row for row in catalogue.search(request.args.get("q", ""))]
    return render_template("search.html", rows=rows)


@app.route("/prices.json")
@cache.cached(timeout=300)
def prices():
    data = {}
    data.update(load_prices())
    return jsonify(data, home=url_for("home"))


@app.route("/cart")
def cart():
    return request.cookies.get("cart", "")

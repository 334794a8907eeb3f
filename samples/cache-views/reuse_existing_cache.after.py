"""An existing Cache instance and its cached views are reused, never duplicated."""
from flask import Flask, render_template
from flask_caching import Cache as FlaskCache

import catalogue

app = Flask(__name__)
page_cache = FlaskCache(app, config={"CACHE_TYPE": "RedisCache"})


@app.route("/")
@page_cache.cached(timeout=60)
def home():
    return render_template("home.html", title=catalogue.count_items())


@app.route("/about")
@page_cache.cached(timeout=300)
def about():
    return render_template("home.html", title=catalogue.search("an"))

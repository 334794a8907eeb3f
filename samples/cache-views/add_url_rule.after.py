"""Views registered with add_url_rule get the decorator too (the rule reads the name later)."""
from flask import Flask
from flask_caching import Cache

import catalogue

app = Flask(__name__)
cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})


@cache.cached(timeout=300)
def listing():
    return ", ".join(catalogue.search(""))


def upload():
    return "stored"


app.add_url_rule("/listing", "listing", listing)
app.add_url_rule("/upload", view_func=upload, methods=["POST"])

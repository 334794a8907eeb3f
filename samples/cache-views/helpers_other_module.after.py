"""Helpers of another module of the project are followed and read: a pure one is fine; one
that reads the request, or sends a file, is not."""
from flask import Flask, render_template
from flask_caching import Cache

import sample_helpers
from sample_helpers import respond

app = Flask(__name__)
cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})

ABOUT = "A small shop that sells fruit, and nothing else."


@app.route("/about")
@cache.cached(timeout=300)
def about():
    return render_template("home.html", title=sample_helpers.word_count(ABOUT))


@app.route("/report")
def report():
    return respond({"items": 3})


@app.route("/source/<name>")
def source(name):
    return sample_helpers.template_source(name)

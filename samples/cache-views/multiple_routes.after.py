"""Several route decorators: the cache goes below the last one, so every rule serves it."""
from flask import Flask, render_template_string
from flask_caching import Cache

app = Flask(__name__)
cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})

DOCS = {"intro": "Welcome", "faq": "Questions"}


@app.route("/docs/")
@app.route("/docs/<page>")
@cache.cached(timeout=300)
def docs(page="intro"):
    return render_template_string("<h1>{{ text }}</h1>", text=DOCS.get(page, ""))


@app.route("/old-docs", methods=["GET"])
@app.route("/old-docs/edit", methods=["POST"])
def old_docs():
    return "moved"

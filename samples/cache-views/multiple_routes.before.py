"""Several route decorators: the cache goes below the last one, so every rule serves it."""
from flask import Flask

app = Flask(__name__)

DOCS = {"intro": "Welcome", "faq": "Questions"}


@app.route("/docs/")
@app.route("/docs/<page>")
def docs(page="intro"):
    return DOCS.get(page, "")


@app.route("/old-docs", methods=["GET"])
@app.route("/old-docs/edit", methods=["POST"])
def old_docs():
    return "moved"

"""Several route decorators: the cache goes below the last one, so every rule serves it."""
from flask import Flask, render_template_string

app = Flask(__name__)

DOCS = {"intro": "Welcome", "faq": "Questions"}


@app.route("/docs/")
@app.route("/docs/<page>")
def docs(page="intro"):
    return render_template_string("<h1>{{ text }}</h1>", text=DOCS.get(page, ""))


@app.route("/old-docs", methods=["GET"])
@app.route("/old-docs/edit", methods=["POST"])
def old_docs():
    return "moved"

"""Helpers of another module of the project are followed and read: a pure one is fine; one
that reads the request, or sends a file, is not."""
from flask import Flask, render_template

import sample_helpers
from sample_helpers import respond

app = Flask(__name__)

ABOUT = "A small shop that sells fruit, and nothing else."


@app.route("/about")
def about():
    return render_template("home.html", title=sample_helpers.word_count(ABOUT))


@app.route("/report")
def report():
    return respond({"items": 3})


@app.route("/source/<name>")
def source(name):
    return sample_helpers.template_source(name)

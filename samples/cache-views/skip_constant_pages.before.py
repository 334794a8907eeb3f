"""Rendering a template given nothing, literals, or the URL's and query string's values
as they come is a constant page Jinja keeps compiled: nothing worth caching, nothing to say.
A value the view computes, or a template that loops (or defines or imports a macro, or
calls range()), is work: cached."""
from flask import Flask, render_template, request

import catalogue

app = Flask(__name__)


@app.route("/")
def home():
    return render_template("home.html", title="Home")


@app.route("/items/<int:item_id>")
def item(item_id):
    return render_template("home.html", title=item_id)


@app.route("/search")
def search():
    return render_template("home.html", title=request.args.get("q", ""))


@app.route("/found")
def found():
    return render_template("home.html", title=catalogue.search(request.args.get("q", "")))


@app.route("/list")
def listing():
    return render_template("list.html", items=["apple", "banana", "cherry"])

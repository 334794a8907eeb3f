"""A template that reads a name the view does not pass gets it from a context processor or a
template global the codemod cannot judge: left uncached, and said where the page is worth
caching. A template that does not is fine."""
from flask import Flask, render_template

import catalogue
import visitors

app = Flask(__name__)


@app.context_processor
def inject_user():
    return {"user": visitors.who_is_here()}


@app.route("/")
def home():
    return render_template("welcome.html", title="Home")


@app.route("/about")
def about():
    return render_template("home.html", title=catalogue.count_items())


@app.route("/welcome")
def welcome():
    # worth caching, but for the name the template reads: a reviewer can decide
    return render_template("welcome.html", title=catalogue.count_items())


@app.route("/ping")
def ping():
    return "pong"

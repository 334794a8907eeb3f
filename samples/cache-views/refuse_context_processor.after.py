"""A context processor that reads the session makes every rendered template per-user."""
from flask import Flask, render_template, session
from flask_caching import Cache

app = Flask(__name__)
cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})


@app.context_processor
def inject_user():
    return {"user": session.get("user")}


@app.route("/")
def home():
    return render_template("home.html", title="Home")


@app.route("/ping")
@cache.cached(timeout=300)
def ping():
    return "pong"

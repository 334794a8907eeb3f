"""A context processor that reads the session makes every rendered template per-user."""
from flask import Flask, render_template, session

app = Flask(__name__)


@app.context_processor
def inject_user():
    return {"user": session.get("user")}


@app.route("/")
def home():
    return render_template("home.html", title="Home")


@app.route("/ping")
def ping():
    return "pong"

"""Views whose page depends on who asks: none of them may be cached."""
from flask import Flask, g, render_template, request, session
from flask import get_flashed_messages as messages
import flask
from flask_login import current_user, login_required

app = Flask(__name__)


@app.route("/profile")
def profile():
    return "<h1>%s</h1>" % session.get("user", "guest")


@app.route("/basket")
def basket():
    return render_template("home.html", title=len(g.basket))


@app.route("/me")
def me():
    return current_user.name


@app.route("/settings")
@login_required
def settings():
    return render_template("home.html", title="Settings")


@app.route("/lang")
def lang():
    return flask.request.headers.get("Accept-Language", "en")


@app.route("/news")
def news():
    return ", ".join(messages())


@app.route("/whoami")
def whoami():
    return request.remote_addr

"""A helper that builds a throwaway app to render an e-mail outside a request."""
from flask import Flask, render_template


def render_welcome(user):
    app = Flask(__name__)
    with app.app_context():
        return render_template("welcome.html", user=user)

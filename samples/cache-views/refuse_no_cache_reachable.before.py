"""Views on an app imported from elsewhere: no Cache instance is reachable from this module."""
from flask import render_template

from shop_app import app


@app.route("/about")
def about():
    return render_template("home.html", title="About")

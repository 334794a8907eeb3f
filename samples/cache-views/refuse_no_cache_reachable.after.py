"""Views on an app imported from elsewhere: no cache object of the app is reachable here."""
from flask import render_template

import catalogue
from shop_app import app


@app.route("/about")
def about():
    return render_template("home.html", title=catalogue.count_items())

"""Views registered with add_url_rule get the decorator too (the rule reads the name later)."""
from flask import Flask

import catalogue

app = Flask(__name__)


def listing():
    return ", ".join(catalogue.search(""))


def upload():
    return "stored"


app.add_url_rule("/listing", "listing", listing)
app.add_url_rule("/upload", view_func=upload, methods=["POST"])

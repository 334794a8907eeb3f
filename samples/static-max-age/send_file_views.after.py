"""A report that changes behind its URL, sent without max_age=: a default max-age would let
browsers keep yesterday's report, so the app is left alone."""
from flask import Flask, send_file, send_from_directory

app = Flask(__name__)


@app.get("/report.csv")
def report():
    return send_file("/var/reports/latest.csv")


@app.get("/media/<path:name>")
def media(name):
    return send_from_directory("/srv/media", name, max_age=86400)

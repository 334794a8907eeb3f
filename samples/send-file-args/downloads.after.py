import io

import flask
from flask import Flask, send_file, send_from_directory

app = Flask(__name__)


@app.route("/report.csv")
def report():
    data = io.BytesIO(b"id,total\n1,9.50\n")
    return send_file(data, mimetype="text/csv", as_attachment=True,
                     download_name="report.csv", max_age=0)


@app.route("/media/<path:name>")
def media(name):
    return send_from_directory("/srv/media", path=name, etag=False)


@app.route("/logo.png")
def logo():
    return flask.send_file(
        "static/logo.png",
        max_age=3600,
    )

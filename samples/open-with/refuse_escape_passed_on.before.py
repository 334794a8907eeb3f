"""The handle is handed to code that may keep it: a response streams it later."""
from flask import Flask, Response, send_file

from storage import register

app = Flask(__name__)


@app.route("/report")
def report():
    return send_file(open("report.pdf", "rb"), mimetype="application/pdf")


@app.route("/export")
def export():
    data = open("export.csv")
    return Response(data, mimetype="text/csv")


def track(path):
    f = open(path)
    register(f)
    print(f.readline())

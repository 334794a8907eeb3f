"""Views that change on every request, or write: caching would freeze them or skip the write."""
import datetime
import random
import time
import uuid

from flask import Flask, flash, render_template, send_file, stream_with_context, Response

from models import db, Visit

app = Flask(__name__)
HITS = {"count": 0}


@app.route("/clock")
def clock():
    return datetime.datetime.now().isoformat()


@app.route("/dice")
def dice():
    return str(random.randint(1, 6))


@app.route("/token")
def token():
    return uuid.uuid4().hex


@app.route("/uptime")
def uptime():
    return str(time.time())


@app.route("/visit")
def visit():
    db.session.add(Visit())
    db.session.commit()
    return "thanks"


@app.route("/hits")
def hits():
    HITS["count"] += 1
    return str(HITS["count"])


@app.route("/reset")
def reset():
    global HITS
    HITS = {"count": 1}
    return "reset"


@app.route("/log")
def log():
    with open("visits.log", "a") as handle:
        handle.write("visit\n")
    return "logged"


@app.route("/welcome")
def welcome():
    flash("Welcome back")
    return render_template("home.html", title="Welcome")


@app.route("/report.csv")
def report():
    return send_file("report.csv")


@app.route("/letters")
def letters():
    def generate():
        yield "a"
        yield "b"

    return Response(stream_with_context(generate()))


@app.route("/numbers")
def numbers():
    for number in range(3):
        yield str(number)

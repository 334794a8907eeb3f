"""Templates count: a page is per-user when its template (or one it extends or includes) is.
A template the codemod cannot read is said only on a page worth caching."""
from flask import Flask, render_template, render_template_string

app = Flask(__name__)


@app.route("/greeted")
def greeted():
    # greeted.html extends greeting_base.html, which greets current_user
    return render_template("greeted.html", text="hi")


@app.route("/flashes")
def flashes():
    # flashes.html includes messages.html, which shows flashed messages
    return render_template("flashes.html", text="hi")


@app.route("/form")
def form_page():
    return render_template("form.html", form=None)


@app.route("/broken")
def broken():
    return render_template("broken.html", text="hi")


@app.route("/missing")
def missing():
    return render_template("no_such_template.html")


@app.route("/missing-report")
def missing_report():
    # worth caching (it sorts), but its template cannot be read: a reviewer can decide
    return render_template("no_such_report.html", rows=sorted(["b", "a"]))


@app.route("/chosen/<name>")
def chosen(name):
    return render_template(name + ".html")


@app.route("/layout")
def layout():
    return render_template("dynamic.html", layout="base.html", text="hi")


@app.route("/inline")
def inline():
    return render_template_string("<p>{{ session['user'] }}</p>")

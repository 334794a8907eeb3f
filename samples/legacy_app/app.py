"""Bookshelf: a small Flask app written the way many 2015-era tutorials did it."""
import json
import sqlite3

from flask import Flask, g, render_template, request, session, redirect

from shop import shop_bp

app = Flask(__name__)
app.config["SECRET_KEY"] = "dev-3f9a1c2b7e"
app.config["DEBUG"] = True
app.config["DATABASE"] = "bookshelf.db"
app.config["ITEMS_PER_PAGE"] = 20  # a plain constant: stays in the code
app.register_blueprint(shop_bp, url_prefix="/shop")


def get_db():
    db = getattr(g, "_database", None)
    if db is None:
        db = g._database = sqlite3.connect(app.config["DATABASE"])
    return db


def load_settings(path):
    settings = json.load(open(path))
    return settings


def read_motd():
    return open("motd.txt").read()


def append_log(line):
    log = open("access.log", "a")
    log.write(line + "\n")
    log.close()


@app.route("/")
def index():
    return render_template("index.html", motd=read_motd())


@app.route("/about")
def about():
    # expensive: renders the whole changelog
    changelog = open("CHANGELOG.txt").read()
    return render_template("about.html", changelog=changelog)


@app.route("/profile")
def profile():
    if "user" not in session:
        return redirect("/login")
    return render_template("profile.html", user=session["user"])


@app.route("/books", methods=["GET", "POST"])
def books():
    db = get_db()
    if request.method == "POST":
        db.execute("INSERT INTO books (title) VALUES (?)", (request.form["title"],))
        db.commit()
    rows = db.execute("SELECT title FROM books").fetchall()
    append_log("books listed")
    return render_template("books.html", books=rows)


if __name__ == "__main__":
    app.run(debug=True)

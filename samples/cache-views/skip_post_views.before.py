"""Views that answer POST are not candidates: nothing to cache, nothing to say."""
from flask import Flask, request

app = Flask(__name__)
BOOKS = []


@app.route("/books", methods=["GET", "POST"])
def books():
    if request.method == "POST":
        BOOKS.append(request.form["title"])
    return ", ".join(BOOKS)


@app.post("/books/new")
def new_book():
    BOOKS.append(request.form["title"])
    return "ok"


@app.route("/books/delete", methods=("POST",))
def delete_book():
    BOOKS.clear()
    return "ok"

"""The app of the bookshop: its scoped session lives in bookshop/database.py, and nothing
removes it after a request (the Flask documentation's "SQLAlchemy in Flask" layout)."""
from flask import Flask, request

from bookshop.database import db_session, init_db
from bookshop.models import Book

app = Flask(__name__)
app.config["TITLE"] = "Bookshop"
init_db()


@app.post("/books")
def add_book():
    db_session.add(Book(title=request.form["title"]))
    db_session.commit()
    return "added", 201


@app.get("/books")
def books():
    return ", ".join(book.title for book in Book.query.order_by(Book.title))

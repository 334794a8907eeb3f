"""A single-module app configured the way old tutorials did it."""
import os
import sqlite3

from dotenv import load_dotenv
from flask import Flask, g

load_dotenv()

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
app.config["DEBUG"] = True
app.config["DATABASE"] = os.environ.get("DATABASE", "bookshelf.db")
app.config["ITEMS_PER_PAGE"] = 20  # a plain constant: stays in the code


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(app.config["DATABASE"])
    return g.db


@app.route("/")
def index():
    return "books"


if __name__ == "__main__":
    app.run(host="127.0.0.1", debug=True)

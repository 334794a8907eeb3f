import sqlite3

from flask import Flask

app = Flask(__name__)
app.config["DATABASE"] = "todo.db"


@app.before_first_request
def create_tables():
    with sqlite3.connect(app.config["DATABASE"]) as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS todos (id INTEGER PRIMARY KEY, title TEXT)")


@app.route("/")
def index():
    return "todo"


if __name__ == "__main__":
    app.run()

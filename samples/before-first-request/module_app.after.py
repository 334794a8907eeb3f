import sqlite3

from flask import Flask

app = Flask(__name__)
app.config["DATABASE"] = "todo.db"


def create_tables():
    with sqlite3.connect(app.config["DATABASE"]) as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS todos (id INTEGER PRIMARY KEY, title TEXT)")


@app.route("/")
def index():
    return "todo"


with app.app_context():
    create_tables()


if __name__ == "__main__":
    app.run()

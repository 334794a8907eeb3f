import mysql.connector
from flask import Flask, g


def get_db():
    if "db" not in g:
        g.db = mysql.connector.connect(host="localhost", database="blog")
    return g.db


def close_db(exception=None):
    db = g.pop("db", None)
    if db is not None:
        db.close()


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_mapping(config or {})
    app.teardown_appcontext(close_db)

    @app.route("/posts")
    def posts():
        cursor = get_db().cursor()
        cursor.execute("SELECT title FROM posts")
        return {"posts": cursor.fetchall()}

    return app

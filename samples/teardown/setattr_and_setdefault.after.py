import sqlite3

import redis
from flask import Flask, g

app = Flask(__name__)


def get_cache():
    return g.setdefault("cache", redis.Redis(host="localhost"))


def get_db():
    if not hasattr(g, "db"):
        setattr(g, "db", sqlite3.connect("app.db"))
    return g.db


@app.teardown_appcontext
def close_connections(exception=None):
    cache = g.pop("cache", None)
    if cache is not None:
        cache.connection_pool.disconnect()
    db = g.pop("db", None)
    if db is not None:
        db.close()


@app.route("/")
def index():
    get_cache().incr("hits")
    return {"one": get_db().execute("SELECT 1").fetchone()[0]}

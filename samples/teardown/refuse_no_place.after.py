"""A helpers module: it opens the connection, but no app, factory or blueprint lives here."""
import pymysql
from flask import current_app, g


def get_db():
    if "db" not in g:
        g.db = pymysql.connect(
            host=current_app.config["DB_HOST"],
            user=current_app.config["DB_USER"],
            database="inventory",
        )
    return g.db


def query(sql, *args):
    with get_db().cursor() as cursor:
        cursor.execute(sql, args)
        return cursor.fetchall()

from flask import Blueprint, g, render_template
import psycopg2

shop_bp = Blueprint("shop", __name__)


def get_conn():
    if "conn" not in g:
        g.conn = psycopg2.connect(dbname="shop")
    return g.conn


@shop_bp.teardown_app_request
def close_conn(exception=None):
    conn = g.pop("conn", None)
    if conn is not None:
        conn.close()


@shop_bp.route("/orders")
def orders():
    cur = get_conn().cursor()
    cur.execute("SELECT id, total FROM orders")
    return render_template("orders.html", orders=cur.fetchall())

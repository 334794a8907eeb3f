import csv

from flask import Blueprint, g, render_template, request
import psycopg2

shop_bp = Blueprint("shop", __name__, template_folder="../templates")

DB_PASSWORD = "hunter2-shop"


def get_conn():
    if "conn" not in g:
        g.conn = psycopg2.connect(dbname="shop", user="shop", password=DB_PASSWORD)
    return g.conn


@shop_bp.route("/catalogue")
def catalogue():
    # the catalogue is a CSV export, the same for every visitor
    rows = []
    for row in csv.reader(open("catalogue.csv")):
        rows.append(row)
    return render_template("shop/catalogue.html", rows=rows)


@shop_bp.route("/cart")
def cart():
    items = g.get("cart", [])
    return render_template("shop/cart.html", items=items, q=request.args.get("q"))


@shop_bp.route("/orders")
def orders():
    cur = get_conn().cursor()
    cur.execute("SELECT id, total FROM orders")
    return render_template("shop/orders.html", orders=cur.fetchall())


def export_orders(path, orders):
    out = open(path, "w")
    writer = csv.writer(out)
    for order in orders:
        writer.writerow(order)
    out.close()

"""A blueprint module with no app in sight, and no cache object of the app to import: never a
Cache of its own (the app would get a second one). Left alone, and said once."""
from flask import Blueprint, g, render_template

import catalogue

shop = Blueprint("shop", __name__, url_prefix="/shop")
admin_bp = Blueprint("admin", __name__)


@shop.route("/")
def index():
    return render_template("home.html", title=catalogue.count_items())


@shop.route("/item/<int:item_id>")
def item(item_id):
    return render_template("item.html", item=catalogue.find(item_id))


@shop.route("/basket")
def basket():
    return str(g.get("basket", []))


@admin_bp.route("/stats")
def stats():
    return str(catalogue.count_items())

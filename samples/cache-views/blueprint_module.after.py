"""A blueprint module with no app in sight: the blueprint initialises its own Cache."""
from flask import Blueprint, g, render_template
from flask_caching import Cache

import catalogue

shop = Blueprint("shop", __name__, url_prefix="/shop")
cache = Cache()
shop.record_once(lambda state: cache.init_app(state.app, config={"CACHE_TYPE": "SimpleCache"}))
admin_bp = Blueprint("admin", __name__)
admin_bp.record_once(lambda state: cache.init_app(state.app, config={"CACHE_TYPE": "SimpleCache"}))


@shop.route("/")
@cache.cached(timeout=300)
def index():
    return render_template("home.html", title=catalogue.count_items())


@shop.route("/item/<int:item_id>")
@cache.cached(timeout=300)
def item(item_id):
    return render_template("item.html", item=catalogue.find(item_id))


@shop.route("/basket")
def basket():
    return str(g.get("basket", []))


@admin_bp.route("/stats")
@cache.cached(timeout=300)
def stats():
    return str(catalogue.count_items())

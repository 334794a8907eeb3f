"""The inventory app: two blueprints share get_db() from inventory/db.py, which keeps a
connection on g that nothing closes."""
from flask import Flask, g

from inventory import orders, stock


def close_db(exception=None):
    db = g.pop("db", None)
    if db is not None:
        db.close()


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_mapping(DATABASE="inventory.db")
    app.teardown_appcontext(close_db)
    if config:
        app.config.update(config)

    app.register_blueprint(orders.bp)
    app.register_blueprint(stock.bp)
    return app

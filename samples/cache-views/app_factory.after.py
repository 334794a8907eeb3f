"""An app factory: the Cache is created at module level and initialised in the factory.
help_page() renders a template given only a literal: a constant page, nothing worth caching."""
import os

from flask import Blueprint, Flask, render_template
from flask_caching import Cache

import catalogue

cache = Cache()

pages = Blueprint("pages", __name__)


@pages.route("/help")
def help_page():
    return render_template("home.html", title="Help")


def create_app(config=None):
    app = Flask(__name__)
    cache.init_app(app, config={"CACHE_TYPE": "SimpleCache"})
    app.config.from_mapping(config or {})
    app.register_blueprint(pages)

    @app.route("/")
    @cache.cached(timeout=300)
    def home():
        return render_template("home.html", title=catalogue.count_items())

    @app.route("/env")
    def env():
        return os.environ.get("STAGE", "dev")

    return app

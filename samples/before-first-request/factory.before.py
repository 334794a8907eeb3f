from flask import Flask

from .extensions import cache, db
from .views import main


def create_app(config_object="settings"):
    app = Flask(__name__)
    app.config.from_object(config_object)
    db.init_app(app)
    cache.init_app(app)

    @app.before_first_request
    def create_tables():
        db.create_all()

    app.before_first_request(warm_cache)
    app.register_blueprint(main)
    return app


def warm_cache():
    cache.set("greeting", "hello")

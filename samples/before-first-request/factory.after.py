from flask import Flask

from .extensions import cache, db
from .views import main


def create_app(config_object="settings"):
    app = Flask(__name__)
    app.config.from_object(config_object)
    db.init_app(app)
    cache.init_app(app)

    def create_tables():
        db.create_all()

    app.register_blueprint(main)

    with app.app_context():
        create_tables()
        warm_cache()

    return app


def warm_cache():
    cache.set("greeting", "hello")

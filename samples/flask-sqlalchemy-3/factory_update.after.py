from flask import Flask

from .extensions import db


def create_app(settings=None):
    app = Flask(__name__)
    app.config.from_object("shop.settings")
    app.config.update(SQLALCHEMY_ENGINE_OPTIONS={
        "pool_size": 10,
        "pool_recycle": 1800,
        **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
    })
    db.init_app(app)

    @app.teardown_appcontext
    def commit_session(exception=None):
        if exception is None:
            db.session.commit()

    return app

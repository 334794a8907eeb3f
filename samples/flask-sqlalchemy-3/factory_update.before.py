from flask import Flask

from .extensions import db


def create_app(settings=None):
    app = Flask(__name__)
    app.config.from_object("shop.settings")
    app.config.update(SQLALCHEMY_POOL_SIZE=10, SQLALCHEMY_POOL_RECYCLE=1800)
    app.config["SQLALCHEMY_COMMIT_ON_TEARDOWN"] = True
    db.init_app(app)
    return app

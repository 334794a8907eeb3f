"""Config classes per environment: each keeps its own settings; only production's secret moves."""
from flask import Flask


class Config:
    SECRET_KEY = "Zk3p9WqL2xV7mT4rB8nC"
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    MAIL_SERVER = "smtp.example.org"


class DevelopmentConfig(Config):
    DEBUG = True
    SQLALCHEMY_DATABASE_URI = "sqlite:///dev.db"


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "t3st-only-k3y-55"
    SQLALCHEMY_DATABASE_URI = "sqlite://"  # in memory: the test suite drops every table


class ProductionConfig(Config):
    DEBUG = False
    SQLALCHEMY_DATABASE_URI = "postgresql://shop@db.internal/shop"


config = {"development": DevelopmentConfig, "testing": TestingConfig, "production": ProductionConfig}


def create_app(name="production"):
    app = Flask(__name__)
    app.config.from_object(config[name])
    return app

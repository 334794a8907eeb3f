"""Config classes per environment: each keeps its own settings; only production's secret moves."""
import os

from dotenv import load_dotenv
from flask import Flask

load_dotenv()


class Config:
    SECRET_KEY = os.environ["SECRET_KEY"]
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

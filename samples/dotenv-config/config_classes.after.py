import os

from dotenv import load_dotenv
from flask import Flask

load_dotenv()


class Config:
    """Shared settings."""

    SECRET_KEY = os.environ['SECRET_KEY']
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SQLALCHEMY_DATABASE_URI = 'sqlite:///dev.db'
    RATE_LIMIT_RATIO = 0.5

    @staticmethod
    def init_app(app):
        pass


class ProductionConfig(Config):
    SQLALCHEMY_DATABASE_URI = os.environ['SQLALCHEMY_DATABASE_URI']
    PORT: int = 8000
    TRUSTED_HOSTS = ('shop.example.org', 'www.example.org')


def create_app():
    app = Flask(__name__)
    app.config.from_object(ProductionConfig)
    return app

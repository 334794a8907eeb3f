import os

from flask.helpers import get_debug_flag


class Config:
    DEBUG = get_debug_flag()


class ProductionConfig(Config):
    ENV = "production"

from flask import Flask


class Config:
    SECRET_KEY = "change me"


def create_app():
    app = Flask(__name__)
    app.config.from_object(Config)
    app.json.sort_keys = False
    app.json.mimetype = "application/vnd.api+json"
    app.config.update(MAX_CONTENT_LENGTH=1024)
    return app

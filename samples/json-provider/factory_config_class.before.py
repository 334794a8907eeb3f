from flask import Flask


class Config:
    SECRET_KEY = "change me"
    JSON_SORT_KEYS = False
    JSONIFY_MIMETYPE = "application/vnd.api+json"


def create_app():
    app = Flask(__name__)
    app.config.from_object(Config)
    app.config.update(JSONIFY_PRETTYPRINT_REGULAR=False, MAX_CONTENT_LENGTH=1024)
    return app

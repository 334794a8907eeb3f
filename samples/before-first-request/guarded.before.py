import flask
from flask import Flask

app = Flask(__name__)


def init():
    pass


if hasattr(app, "before_first_request"):
    app.before_first_request(init)
else:
    with app.app_context():
        init()

"""An extension and a conditional registration: neither is at module level or in a factory."""
import os

from flask import Flask


class Warmup:
    def __init__(self, app=None):
        self.pages = []
        if app is not None:
            self.init_app(app)

    def init_app(self, app):
        app.before_first_request(self.load_pages)

    def load_pages(self):
        self.pages = ["home", "about"]


def seed():
    pass


app = Flask(__name__)
warmup = Warmup(app)

if os.environ.get("SEED_ON_START"):
    app.before_first_request(seed)

print(len(app.before_first_request_funcs), "start-up functions")

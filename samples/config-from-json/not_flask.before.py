from flask import Flask, json

app = Flask(__name__)


class Settings:
    def __init__(self):
        self.config = {}

    def from_json(self, path):
        with open(path) as handle:
            self.config.update(json.load(handle))


def load(store, path):
    store.config.from_json(path)


def forward(*args):
    app.config.from_json(*args)

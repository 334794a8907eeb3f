from flask import current_app, json


class Settings:
    def __init__(self):
        self.config = {}

    def from_json(self, path):
        with open(path) as handle:
            self.config.update(json.load(handle))


def load(store, path):
    store.config.from_json(path)


def reload_settings():
    # the app may be of a Flask subclass with a config class of its own
    return current_app.config.from_json("defaults.json", silent=True)

import json
import os

from flask import Flask
import flask

app = Flask(__name__, instance_relative_config=True)
app.config.from_file("defaults.json", load=flask.json.load)
app.config.from_file(os.path.join(app.instance_path, "local.json"), load=flask.json.load, silent=True)


def reload_settings():
    return app.config.from_file(
        "defaults.json",  # shipped with the package
        load=flask.json.load,
        silent=True,
    )


def dump(settings):
    return json.dumps(settings)

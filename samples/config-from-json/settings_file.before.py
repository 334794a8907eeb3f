import json
import os

from flask import Flask

app = Flask(__name__, instance_relative_config=True)
app.config.from_json("defaults.json")
app.config.from_json(os.path.join(app.instance_path, "local.json"), True)


def reload_settings():
    return app.config.from_json(
        "defaults.json",  # shipped with the package
        silent=True,
    )


def dump(settings):
    return json.dumps(settings)

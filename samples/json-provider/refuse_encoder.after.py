import json

from flask import Blueprint, Flask
from flask.json import JSONEncoder, JSONDecoder


class TolerantEncoder(JSONEncoder):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("indent", 2)
        super().__init__(*args, **kwargs)

    def default(self, o):
        return str(o)


class StrictDecoder(JSONDecoder):
    pass


app = Flask(__name__)
app.json_encoder = TolerantEncoder
app.json_decoder = StrictDecoder
api = Blueprint("api", __name__)
api.json_encoder = json.JSONEncoder


def sorted_keys():
    return app.config["JSON_SORT_KEYS"]

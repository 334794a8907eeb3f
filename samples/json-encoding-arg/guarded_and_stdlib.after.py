import json as stdlib_json

import flask
from flask import json


def decode(raw):
    if flask.__version__ < "2.1":
        return json.loads(raw, encoding="utf-8")
    return json.loads(raw)


def decode_with_the_standard_library(raw):
    # the standard library's json is not flask.json: left alone
    return stdlib_json.loads(raw, encoding="utf-8")

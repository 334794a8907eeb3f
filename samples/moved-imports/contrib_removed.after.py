from flask import Flask
from werkzeug.contrib.cache import SimpleCache
from werkzeug import cookie_date
from werkzeug.datastructures import Headers

app = Flask(__name__)
cache = SimpleCache()


def expires(seconds):
    headers = Headers()
    headers["Expires"] = cookie_date(seconds)
    return headers

from flask import Flask
from werkzeug.contrib.cache import SimpleCache
from werkzeug import cookie_date, Headers

app = Flask(__name__)
cache = SimpleCache()


def expires(seconds):
    headers = Headers()
    headers["Expires"] = cookie_date(seconds)
    return headers

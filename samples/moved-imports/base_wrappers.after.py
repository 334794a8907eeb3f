from flask import Flask, Response
from werkzeug.wrappers import Request, Response as BaseResponse


class JSONRequest(Request):
    """Requests that always parse their body as JSON."""


def is_response(value):
    return isinstance(value, BaseResponse) or isinstance(value, Response)


app = Flask(__name__)
app.request_class = JSONRequest

from flask import Flask, Response
from werkzeug.wrappers import BaseRequest, BaseResponse


class JSONRequest(BaseRequest):
    """Requests that always parse their body as JSON."""


def is_response(value):
    return isinstance(value, BaseResponse) or isinstance(value, Response)


app = Flask(__name__)
app.request_class = JSONRequest

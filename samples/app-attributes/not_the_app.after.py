from flask import Flask


class Settings:
    def __init__(self):
        self.session_cookie_name = "plain attribute of a settings object"


def configure(target):
    target.session_cookie_name = "shop"
    return target.propagate_exceptions


app = Flask(__name__)
print(app.propagate_exceptions)

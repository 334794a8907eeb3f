import os

from flask import Flask, current_app
from flask.helpers import get_debug_flag

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "dev")

if app.debug:
    app.config["TEMPLATES_AUTO_RELOAD"] = True
    app.config["EXPLAIN_TEMPLATE_LOADING"] = True

if not app.debug and not app.testing:
    app.config["SESSION_COOKIE_SECURE"] = True


def asset_url(name):
    suffix = "" if current_app.debug else ".min"
    return f"/static/{name}{suffix}.js"


if __name__ == "__main__":
    app.run(debug=get_debug_flag())

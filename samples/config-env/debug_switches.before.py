import os

from flask import Flask, current_app

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "dev")

if app.env == "development":
    app.config["TEMPLATES_AUTO_RELOAD"] = True
    app.config["EXPLAIN_TEMPLATE_LOADING"] = True

if app.config["ENV"] != "development" and not app.testing:
    app.config["SESSION_COOKIE_SECURE"] = True


def asset_url(name):
    suffix = "" if current_app.config.get("ENV") == "development" else ".min"
    return f"/static/{name}{suffix}.js"


if __name__ == "__main__":
    app.run(debug=os.environ.get("FLASK_ENV") == "development")

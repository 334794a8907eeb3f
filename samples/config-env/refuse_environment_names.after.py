import os

from flask import Flask

from .config import config_by_name

app = Flask(__name__)
app.config.from_object(config_by_name[app.env])

if app.config["ENV"] == "production":
    app.config["PREFERRED_URL_SCHEME"] = "https"

os.environ["FLASK_ENV"] = "development"
app.env = "development"

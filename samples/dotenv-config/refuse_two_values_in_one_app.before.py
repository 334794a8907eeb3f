import sys

from flask import Flask

app = Flask(__name__)
if "--production" in sys.argv:
    app.config["PREFERRED_URL_SCHEME"] = "https"
    app.config["SERVER_NAME"] = "shop.example.org"
else:
    app.config["PREFERRED_URL_SCHEME"] = "http"
    app.config["SERVER_NAME"] = "localhost:5000"

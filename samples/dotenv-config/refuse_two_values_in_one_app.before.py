import sys

from flask import Flask

app = Flask(__name__)
if "--production" in sys.argv:
    app.config["DEBUG"] = False
    app.config["SERVER_NAME"] = "shop.example.org"
else:
    app.config["DEBUG"] = True
    app.config["SERVER_NAME"] = "localhost:5000"

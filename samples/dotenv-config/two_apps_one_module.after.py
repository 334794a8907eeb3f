import os

from dotenv import load_dotenv
from flask import Flask

load_dotenv()

admin = Flask("admin")
admin.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
admin.config["DEBUG"] = os.environ.get("DEBUG", "true").lower() in ("1", "true", "yes", "on")

api = Flask("api")
api.config["SECRET_KEY"] = os.environ["API_SECRET_KEY"]
api.config["DEBUG"] = os.environ.get("DEBUG", "true").lower() in ("1", "true", "yes", "on")
api.config["HOSTNAME"] = os.environ.get("API_HOSTNAME", "api.internal")  # the system sets HOSTNAME: another name is used

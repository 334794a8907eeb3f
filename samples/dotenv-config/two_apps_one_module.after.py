import os

from dotenv import load_dotenv
from flask import Flask

load_dotenv()

admin = Flask("admin")
admin.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
admin.config["MAIL_SERVER"] = os.environ.get("MAIL_SERVER", "smtp.example.org")

api = Flask("api")
api.config["SECRET_KEY"] = os.environ["API_SECRET_KEY"]
api.config["MAIL_SERVER"] = os.environ.get("MAIL_SERVER", "smtp.example.org")  # the same value: the same variable
api.config["HOSTNAME"] = os.environ.get("API_HOSTNAME", "api.internal")  # the system sets HOSTNAME: another name is used
